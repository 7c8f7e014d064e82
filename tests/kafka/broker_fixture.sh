#!/usr/bin/env bash
# CTest fixture for the `kafka` tests: one real Apache Kafka broker (KRaft,
# deploy/kafka/kafka.sh) on 127.0.0.1, with its own data directory and a free
# port pair, so it never clashes with a developer's broker on 9092 or with
# another build tree's tests.
# Usage: broker_fixture.sh start|stop DIR
#   start: writes DIR/bootstrap (host:port) once the broker answers
#   stop:  stops it and removes its data
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cmd=$1
dir=$2
export PL_KAFKA_DATA="$dir/data"
export PL_KAFKA_START_TIMEOUT=${PL_KAFKA_START_TIMEOUT:-120}
export PL_KAFKA_STOP_TIMEOUT=${PL_KAFKA_STOP_TIMEOUT:-20}
kafka="$root/deploy/kafka/kafka.sh"

source "$root/tests/lib/ports.sh"

case $cmd in
  start)
    mkdir -p "$dir"
    # A broker left over by an interrupted run of this tree: stop it first.
    "$kafka" stop --brokers 1 >/dev/null 2>&1 || true
    rm -rf "$PL_KAFKA_DATA" "$dir/bootstrap"
    # A port pair (broker, controller = +1) that nothing uses, below the
    # ephemeral range (tests/lib/ports.sh).
    port=$(pick_ports 20000 24000 0 1) || { echo "broker_fixture: no free port pair" >&2; exit 1; }
    echo "$port" >"$dir/port"
    t0=$(date +%s%N)
    PL_KAFKA_PORT=$port "$kafka" start --brokers 1
    t1=$(date +%s%N)
    echo "127.0.0.1:$port" >"$dir/bootstrap"
    echo "broker_fixture: broker on 127.0.0.1:$port up in $(((t1 - t0) / 1000000)) ms"
    # Only loopback is bound.
    if ss -Hltn | awk '{print $4}' | grep -E ":($port|$((port + 1)))\$" | grep -v '^127\.0\.0\.1:' >/dev/null; then
      echo "broker_fixture: the broker listens on more than 127.0.0.1" >&2
      exit 1
    fi
    ;;
  stop)
    port=$(cat "$dir/port" 2>/dev/null || echo 0)
    PL_KAFKA_PORT=$port "$kafka" stop --brokers 1
    rm -rf "$PL_KAFKA_DATA" "$dir/bootstrap"
    ;;
  *) echo "usage: broker_fixture.sh start|stop DIR" >&2; exit 2 ;;
esac
