#!/usr/bin/env bash
# Three brokers (replication factor 3, min.insync.replicas 2, no unclean
# leader election), one of them killed with kill -9 in the middle of 50,000
# submissions under the replicated ack policy. Afterwards: no event whose
# receipt said "accepted" is missing from the topic, none is there twice in
# effect (replay and tail see each seq once), and a ledger rebuilt from the
# topic alone is byte-identical to the node's store.
# Usage: cluster3_kill9_test.sh PATH/TO/patentledger [COUNT]
set -uo pipefail
PL=$(readlink -f "$1")
count=${2:-50000}
kafka="$(cd "$(dirname "$0")/../../deploy/kafka" && pwd)/kafka.sh"
FIXTURE=$(mktemp -d)
export PL_KAFKA_DATA="$FIXTURE/data"

# Six free loopback ports: brokers base..base+2, controllers base+100..+102,
# below the ephemeral range (tests/lib/ports.sh).
source "$(dirname "$0")/../lib/ports.sh"
base=$(pick_ports 24000 28000 0 1 2 100 101 102) || { echo "no free port range"; exit 1; }
export PL_KAFKA_CLUSTER_PORT=$base
bash "$kafka" start --brokers 3 >"$FIXTURE/start.log" 2>&1 || { cat "$FIXTURE/start.log"; exit 1; }
bash "$kafka" bootstrap --brokers 3 >"$FIXTURE/bootstrap"

source "$(dirname "$0")/lib.sh"
trap 'bash "$kafka" stop --brokers 3 >/dev/null 2>&1; [ -n "${PL_KEEP:-}" ] || rm -rf "$work" "$FIXTURE"' EXIT
topic="pl.test.cluster3.$$"
# A produce request may wait for the in-sync set to shrink after the kill
# (replica.lag.time.max.ms, 30 s): let a message wait that long before the
# node gives up on it and answers "busy, retry".
K=(--topic "$topic" -X message.timeout.ms=90000)

sample 31 "$count"
init a 3
"$PL" submit --dir a --kafka "$BOOTSTRAP" "${K[@]}" --out receipts1.jsonl sample/submissions.b64 \
  >/dev/null 2>submit1.err &
pid=$!
# Kill broker 2 once a fifth of the receipts are out (or the node is done).
for _ in $(seq 1 6000); do
  [ "$(cat receipts1.jsonl 2>/dev/null | wc -l)" -ge $((count / 5)) ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
answered_before_kill=$(wc -l <receipts1.jsonl)
bash "$kafka" kill9 2 --brokers 3 >/dev/null
wait "$pid"
rc=$?
check "broker 2 killed in the middle of the run ($answered_before_kill of $count answered)" \
  test "$answered_before_kill" -lt "$count"
check "submit ended normally (exit $rc)" bash -c "[ $rc -eq 0 ] || [ $rc -eq 4 ] || [ $rc -eq 5 ]"
check "every submission answered" test "$(wc -l <receipts1.jsonl)" -eq "$count"
check "no receipt says error" bash -c "! grep -q '\"status\":\"error\"' receipts1.jsonl"

# Resubmit everything until nothing is busy: the same bytes get their
# original receipts (replayed) once the events are replicated.
round=1
while grep -q '"status":"busy"' "receipts$round.jsonl" && [ $round -lt 4 ]; do
  round=$((round + 1))
  "$PL" submit --dir a --kafka "$BOOTSTRAP" "${K[@]}" --out "receipts$round.jsonl" sample/submissions.b64 \
    >/dev/null 2>>submit.err
done
check "nothing busy after $round round(s)" bash -c "! grep -q '\"status\":\"busy\"' receipts$round.jsonl"
accepted=$(cat receipts*.jsonl | grep '"status":"accepted"' | jq -r '"\(.partition) \(.seq)"' | sort -u | wc -l)
check "some submissions accepted ($accepted)" test "$accepted" -gt 0

check "publish: the outbox has nothing left" expect_exit 0 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}"
check "... cursors at the heads" \
  test "$(jq '[.partitions[] | select(.published != .next_seq)] | length' out.txt)" = 0
events=$(sum_heads <out.txt)
check "every accepted receipt names an event of the store ($accepted <= $events)" test "$accepted" -le "$events"

check "tail from the two surviving brokers" expect_exit 0 "$PL" tail --bootstrap "$BOOTSTRAP" --topic "$topic"
check "... every event of the store on the topic, each once" test "$(tail_positions <out.txt | sort -u | wc -l)" -eq "$events"
check "... and nothing else" test "$(wc -l <out.txt)" -eq "$events"
cat receipts*.jsonl | grep '"status":"accepted"' | jq -r '"\(.partition) \(.seq)"' | sort -u >accepted.txt
tail_positions <out.txt | sort -u >on_topic.txt
check "... including every accepted one" bash -c "[ -z \"\$(comm -23 accepted.txt on_topic.txt)\" ]"

init r 3
check "replay from the topic" expect_exit 0 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" --topic "$topic" --dir r
"$PL" export --dir a --base64 >a.b64
"$PL" export --dir r --base64 >r.b64
check "... byte-identical to the node's store" cmp -s a.b64 r.b64
check "... which verifies" expect_exit 0 "$PL" verify --dir r
finish
