#!/usr/bin/env bash
# Decisions per second of the policy core alone (JMH), for one busy account; see docs/performance.md.
# Extra arguments go to JMH (for example -f 2 -i 10).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" org.openjdk.jmh.Main PolicyBenchmark "$@"
