#!/usr/bin/env bash
# How soon an instance restarted in place with static membership judges again: three local brokers
# (scripts/cluster.sh), two instances of the jar with a group.instance.id each, one of them SIGKILLed
# and started again at once, several times. Prints, per restart, the seconds from the kill to its
# Kafka Streams client RUNNING, and how often the other instance had to rebalance meanwhile.
# No traffic: what is timed is the restart itself (see docs/reliability.md).
# Usage: scripts/restart-in-place.sh [--times N] [--cds] [--set KEY=VALUE ...]
# (--cds: both instances run with a class-data-sharing archive that a first, training start writes;
# see docs/production.md; --set: a setting for both instances over config/production.properties)
set -euo pipefail
cd "$(dirname "$0")/.."
TIMES=3
CDS=false
SETTINGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --times) TIMES="$2"; shift 2 ;;
    --cds) CDS=true; shift ;;
    --set) SETTINGS+=(--set "$2"); shift 2 ;;
    *) echo "usage: $0 [--times N] [--cds] [--set KEY=VALUE ...]" >&2; exit 2 ;;
  esac
done

if [[ "$(scripts/cluster.sh status)" == *running* ]]; then
  # the brokers run from the jar this script may rebuild, and it stops its cluster at the end
  echo "scripts/cluster.sh has brokers running: stop them first (scripts/cluster.sh stop)" >&2
  exit 2
fi

DIR=target/restart-in-place
APP="restart-in-place-$(date +%s)"
BOOTSTRAP=127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093
ARCHIVE="$DIR/progressive-trust.jsa"
rm -rf "$DIR" && mkdir -p "$DIR"
# the jar, built again if any source is newer
if [ ! -f target/progressive-trust.jar ] || [ -n "$(find src/main pom.xml -newer target/progressive-trust.jar | head -1)" ]; then
  mvn -B -q package -DskipTests
fi
scripts/cluster.sh start >/dev/null
trap 'pkill -f "application.id=$APP" || true; scripts/cluster.sh stop >/dev/null' EXIT
# topics of its own, so that nothing already on the cluster is read or written
TOPICS=""
for t in intents reputation grants accepted rejected notifications dlq; do
  TOPICS="$TOPICS --set pt.topic.$t=$APP-$t"
done

# start NAME PORT [JVM flag] [application id]: one instance in the background, its log in $DIR/NAME.log
start() {
  java ${3:-} -jar target/progressive-trust.jar run --config config/production.properties \
    --set bootstrap.servers=$BOOTSTRAP --set pt.topics.create=true --set application.id="${4:-$APP}" $TOPICS \
    --set state.dir="$DIR/state-$1" --set pt.http.port="$2" --set group.instance.id="$APP-$1" \
    ${SETTINGS[@]+"${SETTINGS[@]}"} > "$DIR/$1.log" 2>&1 &
  disown  # its SIGKILL is the point, not news for the terminal
}

# await_running LOG FROM_LINE: waits until LOG has a transition to RUNNING after line FROM_LINE and
# prints that line's time as seconds since the epoch
await_running() {
  for _ in $(seq 1 600); do
    local line
    line=$(tail -n +"$2" "$1" | grep -m1 -- "-> RUNNING" || true)
    if [ -n "$line" ]; then
      date -d "$(cut -c1-23 <<<"$line" | tr ',' '.')" +%s.%N
      return
    fi
    sleep 0.1
  done
  echo "no RUNNING within 60 s; see $1" >&2
  exit 1
}

# await_quiet LOG: waits until LOG has had no state change for 10 s (the first assignment settled)
await_quiet() {
  local before=-1
  while true; do
    local now
    now=$(grep -c "Kafka Streams state" "$1" || true)
    [ "$now" = "$before" ] && return
    before=$now
    sleep 10
  done
}

FLAG=""
if $CDS; then
  echo "writing the class-data-sharing archive with a training start"
  start train 18090 "-XX:ArchiveClassesAtExit=$ARCHIVE" "$APP-train"  # a group of its own
  await_running "$DIR/train.log" 1 >/dev/null
  pkill -f "group.instance.id=$APP-train"
  while pgrep -f "group.instance.id=$APP-train" >/dev/null; do sleep 0.2; done
  FLAG="-XX:SharedArchiveFile=$ARCHIVE"
fi

start a 18091 "$FLAG"
start b 18092 "$FLAG"
await_running "$DIR/a.log" 1 >/dev/null
await_running "$DIR/b.log" 1 >/dev/null
await_quiet "$DIR/b.log"

for i in $(seq 1 "$TIMES"); do
  others=$(wc -l < "$DIR/b.log")
  pkill -9 -f "group.instance.id=$APP-a"
  killed=$(date +%s.%N)
  start a 18091 "$FLAG"
  running=$(await_running "$DIR/a.log" 1)
  await_quiet "$DIR/b.log"
  rebalances=$(tail -n +"$((others + 1))" "$DIR/b.log" | grep -c -- "-> REBALANCING" || true)
  printf 'restart %d%s: RUNNING %s s after the kill; the other instance rebalanced %d time(s)\n' "$i" \
    "$($CDS && echo ' (cds)')" "$(awk -v r="$running" -v k="$killed" 'BEGIN { printf "%.1f", r - k }')" "$rebalances"
done
