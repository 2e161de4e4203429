#!/usr/bin/env python3
"""Where a stream thread waited, and how long the JVM stopped it: from a JFR recording of
`scripts/benchmark.sh --profile` (which records waits of a millisecond and more), the stream
threads' waits by the Kafka call they were in, and the young collections' pauses with the
share spent scanning old objects for references into the young generation (ScanHR).
Usage: scripts/wait-summary.py [--skip SECONDS] RECORDING.jfr...
  --skip: leave out the recording's first seconds (start-up, warm-up)."""
import collections, datetime, json, subprocess, sys

# the first of these found on a waiting stack, from the innermost frame out, names the wait
CALLS = [("KafkaProducer.flush", "producer flush (commit)"),
         ("KafkaProducer.sendOffsetsToTransaction", "sending offsets (commit)"),
         ("KafkaProducer.commitTransaction", "committing the transaction"),
         ("KafkaProducer.beginTransaction", "beginning a transaction"),
         ("Consumer.poll", "polling for records")]


def events(path, types):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", ",".join(types), path],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def millis(duration):
    """An ISO-8601 duration as JFR prints it (PT0.0123S, PT1M2.5S) in milliseconds."""
    d = duration.removeprefix("PT")
    minutes = 0.0
    if "M" in d:
        m, d = d.split("M")
        minutes = float(m)
    return (minutes * 60 + float(d.removesuffix("S") or 0)) * 1000


def seconds(timestamp):
    return datetime.datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()


def kind(frames):
    names = [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in frames]
    for name in names:
        for call, label in CALLS:
            if name.endswith(call):
                return label
    return "other: " + next((n for n in names if not n.startswith(("Unsafe.", "LockSupport.", "AbstractQueued"))), "?")


def summarise(path, skip):
    es = events(path, ["jdk.ThreadPark", "jdk.GCPhasePause", "jdk.GCPhaseParallel"])
    if not es:
        print(f"{path}: no events")
        return
    start = min(seconds(e["values"]["startTime"]) for e in es) + skip
    es = [e for e in es if seconds(e["values"]["startTime"]) >= start]
    span = max(seconds(e["values"]["startTime"]) for e in es) - start if es else 0
    waits = collections.defaultdict(list)
    pauses, scan = [], 0.0
    for e in es:
        v = e["values"]
        if e["type"] == "jdk.ThreadPark":
            thread = (v.get("eventThread") or {}).get("javaName") or ""
            if "StreamThread" in thread and "producer" not in thread:
                waits[kind(v["stackTrace"]["frames"] if v.get("stackTrace") else [])].append(millis(v["duration"]))
        elif e["type"] == "jdk.GCPhasePause" and v["name"] == "GC Pause":
            pauses.append(millis(v["duration"]))
        elif e["type"] == "jdk.GCPhaseParallel" and v["name"] == "ScanHR":
            scan += millis(v["duration"])
    print(f"\n{path} ({span:.0f} s after the first {skip:.0f})")
    print(f"{'stream thread waits of 1 ms and more':40} {'count':>6} {'ms/s':>6} {'mean':>6} {'max':>6}")
    for label, ds in sorted(waits.items(), key=lambda kv: -sum(kv[1])):
        print(f"{label[:40]:40} {len(ds):6} {sum(ds) / max(span, 1):6.1f} {sum(ds) / len(ds):6.1f} {max(ds):6.1f}")
    if pauses:
        print(f"young pauses: {len(pauses)}, mean {sum(pauses) / len(pauses):.1f} ms, max {max(pauses):.1f} ms; "
              f"ScanHR {scan / len(pauses):.1f} ms of GC threads' time a pause")


def main():
    args = sys.argv[1:]
    skip = 0.0
    if args[:1] == ["--skip"]:
        skip, args = float(args[1]), args[2:]
    if not args:
        sys.exit(__doc__)
    for path in args:
        summarise(path, skip)


main()
