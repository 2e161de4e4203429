#!/usr/bin/env bash
# Throughput of the enforcer against a plain Kafka Streams copy, both on an embedded broker in one run.
# Usage: scripts/benchmark.sh [intents=200000] [accounts=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Dlog4j2.configurationFile=log4j2-test.xml -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.progressivetrust.bench.ThroughputBenchmark "$@"
