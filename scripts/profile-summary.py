#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: the methods that were running (self) and the
methods on the stack (total), as shares of all samples of the stream threads.
Usage: scripts/profile-summary.py RECORDING.jfr [top=25]"""
import collections, json, subprocess, sys

def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_counts, total_counts = collections.Counter(), collections.Counter()
    n = 0
    for e in events:
        thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
        if "StreamThread" not in thread:
            continue
        frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
        names = [f["method"]["type"]["name"].split(".")[-1] + "." + f["method"]["name"] for f in frames]
        if not names:
            continue
        n += 1
        self_counts[names[0]] += 1
        for name in set(names):
            total_counts[name] += 1
    print(f"{n} samples of stream threads")
    for title, counts in (("self", self_counts), ("total", total_counts)):
        print(f"\n{title:>6}  method")
        for name, c in counts.most_common(top):
            print(f"{100.0 * c / n:5.1f}%  {name}")

main()
