#!/usr/bin/env bash
# End-to-end check of fetch.sh and kafka.sh with kcat, on throw-away data:
#   1 broker: start, create a topic, produce and consume, stop;
#   3 brokers: start, topic with RF 3, produce and consume, SIGKILL one broker,
#   produce (acks=all, min ISR 2) and consume again, restart it, stop.
# Also checks that nothing listens on a non-loopback address.
# Uses the default ports (9092-9093, 19092-19094, 19192-19194): they must be free.
# Env: PL_KAFKA_HOME as for fetch.sh; data go to a temporary directory that is
#      removed at the end unless KEEP=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
PL_KAFKA_DATA=$(mktemp -d /tmp/pl-kafka-smoke.XXXXXX)
export PL_KAFKA_DATA
k="$here/kafka.sh"

cleanup() {
  "$k" stop >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then echo "smoke: data kept in $PL_KAFKA_DATA"; else rm -rf "$PL_KAFKA_DATA"; fi
}
trap cleanup EXIT

step() { echo "== $*"; }
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
elapsed() { echo "$(($(date +%s%N) / 1000000 - $1))ms"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# Produces "key:value" lines from stdin with the ledger's producer settings.
produce() {
  kcat -b "$1" -P -t "$2" -K: -X acks=all -X enable.idempotence=true \
    -X partitioner=murmur2_random -X message.timeout.ms=30000 2>/dev/null
}
consume() { kcat -b "$1" -C -t "$2" -o beginning -e -q -f '%k=%s\n' 2>/dev/null | sort; }

only_loopback() {
  local bad
  bad=$(ss -Hltn | awk '{print $4}' | grep -E ':(9092|9093|1909[2-4]|1919[2-4])$' \
    | grep -vE '^(127\.0\.0\.1|\[::ffff:127\.0\.0\.1\]):' || true)
  [ -z "$bad" ] || fail "listening on non-loopback addresses: $bad"
  echo "   listeners: $(ss -Hltn | awk '{print $4}' | grep -E ':(9092|9093|1909[2-4]|1919[2-4])$' | sort | tr '\n' ' ')"
}

step "fetch"
t=$(now_ms); "$here/fetch.sh"; echo "   fetch $(elapsed "$t")"

step "1 broker: start"
t=$(now_ms); "$k" start; echo "   start $(elapsed "$t")"
only_loopback
b=$("$k" bootstrap)
"$k" topics --create --topic smoke1 --partitions 2 >/dev/null
printf 'CN1:one\nCN2:two\n' | produce "$b" smoke1 || fail "produce to 1 broker"
[ "$(consume "$b" smoke1 | tr '\n' ' ')" = "CN1=one CN2=two " ] || fail "consume from 1 broker"
echo "   produced and consumed 2 messages"
t=$(now_ms); "$k" stop; echo "   stop $(elapsed "$t")"

step "3 brokers: start"
t=$(now_ms); "$k" start --brokers 3; echo "   start $(elapsed "$t")"
only_loopback
b=$("$k" bootstrap)
"$k" topics --create --topic smoke3 --partitions 3 >/dev/null
"$k" topics --describe --topic smoke3 | grep 'ReplicationFactor: 3' >/dev/null || fail "topic is not RF 3"
printf 'CN1:a1\nCN2:a2\nCN3:a3\n' | produce "$b" smoke3 || fail "produce to 3 brokers"
[ "$(consume "$b" smoke3 | wc -l)" -eq 3 ] || fail "consume from 3 brokers"
echo "   produced and consumed 3 messages"

step "3 brokers: SIGKILL broker 1, produce with acks=all"
"$k" kill9 1
t=$(now_ms)
printf 'CN1:b1\nCN2:b2\nCN3:b3\n' | produce "$b" smoke3 || fail "produce with one broker down"
echo "   produced 3 messages with broker 1 down in $(elapsed "$t") (includes leader failover)"
[ "$(consume "$b" smoke3 | tr '\n' ' ')" = "CN1=a1 CN1=b1 CN2=a2 CN2=b2 CN3=a3 CN3=b3 " ] \
  || fail "consume with one broker down"
echo "   consumed all 6"
"$k" topics --describe --topic smoke3 | sed 's/^/   /'

step "3 brokers: restart broker 1"
t=$(now_ms); "$k" restart-one 1; echo "   restart-one $(elapsed "$t")"
"$k" status
t=$(now_ms); "$k" stop; echo "   stop $(elapsed "$t")"
"$k" status >/dev/null && fail "brokers still running after stop" || true
echo "smoke: OK"
