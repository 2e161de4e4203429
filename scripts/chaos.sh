#!/usr/bin/env bash
# The fault driver: three brokers and application instances as processes of their own, a fault
# injected while they work, every output checked (see docs/reliability.md).
# Usage: scripts/chaos.sh instance-kill|scale|broker-kill|state-wipe|all [--standby|--both] [--static]
#          [--set key=value]... [--trace]
# (--set gives the instances a setting on top of the application's defaults; --trace prints
# intents sent, committed and judged once a second on standard error)
# One line per scenario; exit code 1 on any violation.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Dlog4j2.configurationFile=log4j2-bench.xml -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  io.progressivetrust.runtime.ChaosDriver "$@"
