#!/usr/bin/env bash
# Kafka down under the replicated ack policy: submissions are recorded but
# answered "busy, retry", never "accepted". When Kafka is back the node
# publishes from the outbox cursor on start, and the resubmitted envelopes get
# their original receipts. A node killed with kill -9 while submitting
# republishes on restart what was committed but not acked; consumers see
# every event exactly once and a replay gives the same bytes.
# Usage: outage_kill9_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.outage.$$"
K=(--topic "$topic")

# A port nothing listens on: Kafka "down".
dead=""
for ((p = 47000; p < 47400; p++)); do
  if [ -z "$(ss -Hltn "( sport = :$p )")" ]; then dead=$p; break; fi
done
sample 13 300
init a 2
check "submit while Kafka is down: retry exit" \
  expect_exit 5 "$PL" submit --dir a --kafka "127.0.0.1:$dead" "${K[@]}" -X message.timeout.ms=2000 \
  -X socket.connection.setup.timeout.ms=1000 --out receipts1.jsonl sample/submissions.b64
check "... no receipt says accepted" bash -c "! grep -q '\"status\":\"accepted\"' receipts1.jsonl"
check "... they say busy, retry" grep -q '"status":"busy".*not yet replicated to Kafka' receipts1.jsonl
check "... yet the events are recorded locally" \
  bash -c "'$PL' export --dir a --base64 | wc -l | grep -qv '^0$'"
check "the local ack policy answers accepted without Kafka" \
  expect_exit 0 "$PL" submit --dir a --kafka "127.0.0.1:$dead" "${K[@]}" --ack local \
  -X message.timeout.ms=2000 --out /dev/null /dev/null
check "--ack without Kafka is a usage error" expect_exit 1 "$PL" submit --dir a --ack local /dev/null

check "Kafka back: the resubmission is answered" \
  bash -c "'$PL' submit --dir a --kafka '$BOOTSTRAP' ${K[*]} --out receipts2.jsonl sample/submissions.b64 2>/dev/null; test \$? -ne 5"
check "... nothing busy any more" bash -c "! grep -q '\"status\":\"busy\"' receipts2.jsonl"
check "... the busy ones get their original receipts" \
  test "$(grep -c '"replayed":true' receipts2.jsonl)" -eq "$(grep -c '"status":"busy"' receipts1.jsonl)"
check "publish: all published" expect_exit 0 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}"
events=$(sum_heads <out.txt)
check "... exactly once on the topic" test "$(topic_records "$topic")" -eq "$events"

# kill -9 while submitting with acks pending, then restart.
topic2="pl.test.kill9.$$"
K2=(--topic "$topic2")
"$PL" generate --out big --seed 17 --count 4000 >/dev/null 2>&1
rm -rf sample && mv big sample
ANCHOR="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
init k 3
"$PL" submit --dir k --kafka "$BOOTSTRAP" "${K2[@]}" --queue-depth 64 --out receipts3.jsonl \
  sample/submissions.b64 >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 3000); do
  [ -s receipts3.jsonl ] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.01
done
killed=0
kill -9 "$pid" 2>/dev/null && killed=1
wait "$pid" 2>/dev/null || true
check "the submitting node was killed with kill -9 mid-run" test "$killed" -eq 1
"$PL" publish --dir k --kafka "$BOOTSTRAP" "${K2[@]}" >before.json 2>/dev/null
check "restart publishes from the outbox cursor" \
  test "$(jq '[.partitions[] | select(.published != .next_seq)] | length' before.json)" = 0
events=$(sum_heads <before.json)
check "events were committed before the kill" test "$events" -gt 0
check "tail after the restart" expect_exit 0 "$PL" tail --bootstrap "$BOOTSTRAP" "${K2[@]}"
check "... every event exactly once" test "$(wc -l <out.txt)" -eq "$events"
check "... no position twice" test "$(tail_positions <out.txt | sort -u | wc -l)" -eq "$events"
init r 3
check "replay" expect_exit 0 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K2[@]}" --dir r
"$PL" export --dir k --base64 >k.b64
"$PL" export --dir r --base64 >r.b64
check "... byte-identical to the killed node's store" cmp -s k.b64 r.b64
finish
