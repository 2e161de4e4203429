#!/usr/bin/env bash
# What judging an intent costs, against a plain Kafka Streams copy measured in the same run.
# The broker and each application run as processes of their own; see docs/performance.md.
# Usage: scripts/benchmark.sh [--quick] [--intents N] [--accounts N] [--partitions N]
#          [--guarantee exactly_once_v2|at_least_once] [--commit-ms N] [--threads N] [--rounds N] [--days N]
#          [--latency-seconds N] [--warmup-seconds N] [--latency-rate N] [--profile] [--heap SIZE] [--set KEY=VALUE]...
#          [--jvm OPTION]... [--broker-dir DIR]
# Prints a table and writes target/benchmark/result.json (with --profile, a JFR recording of the broker and of each
# application run, which scripts/profile-summary.py and scripts/wait-summary.py read).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# the processes run from a copy of the build, so that rebuilding meanwhile cannot change what is measured
rm -rf target/benchmark-build && mkdir -p target/benchmark-build
cp -r target/classes target/test-classes target/benchmark-build/
exec java -Dlog4j2.configurationFile=log4j2-bench.xml \
  -cp "target/benchmark-build/test-classes:target/benchmark-build/classes:$(cat target/test-classpath.txt)" \
  io.progressivetrust.bench.Benchmark "$@"
