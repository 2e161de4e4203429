#!/usr/bin/env bash
# A local cluster of three KRaft brokers (each broker and controller), each a process of its own,
# from the Kafka classes in the application's jar: replication 3 and min.insync.replicas=2, so any
# one of them can be killed and restarted while the application works. No container engine needed.
#
# Usage: scripts/cluster.sh start | stop | status | kill N | restart N      (N = 1, 2 or 3)
# Brokers listen on 127.0.0.1:19091..19093 (controllers on 19191..19193); data and logs in
# target/cluster (PT_CLUSTER_DIR to move it). Clients: bootstrap.servers=127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093
set -euo pipefail
cd "$(dirname "$0")/.."
DIR="${PT_CLUSTER_DIR:-target/cluster}"
JAR=target/progressive-trust.jar
BASE_PORT=19090
CONTROLLER_BASE=19190
VOTERS="1@127.0.0.1:19191,2@127.0.0.1:19192,3@127.0.0.1:19193"

jar() {
  [ -f "$JAR" ] || mvn -B -q package -DskipTests
}

config() {
  local n=$1 d="$DIR/$1"
  mkdir -p "$d"
  cat > "$d/server.properties" <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$VOTERS
listeners=PLAINTEXT://127.0.0.1:$((BASE_PORT + n)),CONTROLLER://127.0.0.1:$((CONTROLLER_BASE + n))
advertised.listeners=PLAINTEXT://127.0.0.1:$((BASE_PORT + n))
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$(cd "$d" && pwd)/log
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
auto.create.topics.enable=false
log.retention.ms=-1
group.initial.rebalance.delay.ms=0
transaction.abort.timed.out.transaction.cleanup.interval.ms=2000
PROPS
}

format() {
  local n=$1
  [ -f "$DIR/cluster.id" ] || java -cp "$JAR" kafka.tools.StorageTool random-uuid > "$DIR/cluster.id"
  if [ ! -f "$DIR/$n/log/meta.properties" ]; then
    java -cp "$JAR" kafka.tools.StorageTool format -t "$(cat "$DIR/cluster.id")" -c "$DIR/$n/server.properties" \
      --ignore-formatted > "$DIR/$n/format.log" 2>&1
  fi
}

alive() {
  [ -f "$DIR/$1/pid" ] && kill -0 "$(cat "$DIR/$1/pid")" 2>/dev/null
}

start_one() {
  local n=$1
  if alive "$n"; then echo "broker $n is already running"; return; fi
  config "$n"
  format "$n"
  nohup java -Xmx768m -cp "$JAR" kafka.Kafka "$DIR/$n/server.properties" > "$DIR/$n/broker.log" 2>&1 &
  echo $! > "$DIR/$n/pid"
  echo "broker $n started (pid $!, 127.0.0.1:$((BASE_PORT + n)))"
}

await_up() {
  local deadline=$((SECONDS + 90))
  for n in "$@"; do
    until (exec 3<>/dev/tcp/127.0.0.1/$((BASE_PORT + n))) 2>/dev/null; do
      alive "$n" || { echo "broker $n stopped; see $DIR/$n/broker.log" >&2; exit 1; }
      [ $SECONDS -lt $deadline ] || { echo "broker $n is not up after 90 s; see $DIR/$n/broker.log" >&2; exit 1; }
      sleep 0.5
    done
  done
}

# stop N...: SIGTERM to all of them at once (a broker stopped after the others can wait forever for
# a controller quorum that is gone), then SIGKILL to any still running after 30 s
stop() {
  local n running=() deadline=$((SECONDS + 30))
  for n in "$@"; do
    if alive "$n"; then kill "$(cat "$DIR/$n/pid")"; running+=("$n"); fi
  done
  for n in "${running[@]}"; do
    while alive "$n" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    if alive "$n"; then
      kill -9 "$(cat "$DIR/$n/pid")"
      echo "broker $n did not stop within 30 s: killed"
    else
      echo "broker $n stopped"
    fi
  done
}

check_n() {
  [[ "${1:-}" =~ ^[123]$ ]] || { echo "say which broker: 1, 2 or 3" >&2; exit 2; }
}

case "${1:-}" in
  start)
    jar
    mkdir -p "$DIR"
    for n in 1 2 3; do start_one "$n"; done
    await_up 1 2 3
    echo "bootstrap.servers=127.0.0.1:19091,127.0.0.1:19092,127.0.0.1:19093"
    ;;
  stop)
    stop 1 2 3
    ;;
  status)
    for n in 1 2 3; do
      if alive "$n"; then echo "broker $n: running (pid $(cat "$DIR/$n/pid"))"; else echo "broker $n: stopped"; fi
    done
    ;;
  kill)
    check_n "${2:-}"
    if alive "$2"; then kill -9 "$(cat "$DIR/$2/pid")"; echo "broker $2 killed (SIGKILL)"; else echo "broker $2 is not running"; fi
    ;;
  restart)
    check_n "${2:-}"
    stop "$2"
    start_one "$2"
    await_up "$2"
    ;;
  *)
    echo "usage: scripts/cluster.sh start | stop | status | kill N | restart N" >&2
    exit 2
    ;;
esac
