#!/usr/bin/env bash
# Publish -> replay round trip against the real broker: a ledger submitted
# with --kafka (ack replicated) is rebuilt from the topic in a fresh store
# with the same events byte for byte, hence the same heads and hashes; tail
# shows each event once; a replay into a ledger that does not fit fails.
# Usage: roundtrip_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.roundtrip.$$"
K=(--topic "$topic")

sample 5 600
init a 4
"$PL" submit --dir a --kafka "$BOOTSTRAP" "${K[@]}" --out receipts.jsonl sample/submissions.b64 >/dev/null 2>err.txt
rc=$?
check "submit with Kafka answers everything (exit 0 or 4, not 5)" test "$rc" -eq 0 -o "$rc" -eq 4
check "submissions were accepted" test "$(grep -c '"status":"accepted"' receipts.jsonl)" -gt 100
check "no receipt is busy or error" bash -c "! grep -qE '\"status\":\"(busy|error)\"' receipts.jsonl"

check "publish finds nothing left" expect_exit 0 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}"
cp out.txt heads_a.json
check "... every partition published up to its head" \
  test "$(jq '[.partitions[] | select(.published != .next_seq)] | length' heads_a.json)" = 0
events=$(sum_heads <heads_a.json)
check "the ledger has events in several partitions" \
  test "$(jq '[.partitions[] | select(.next_seq > 0)] | length' heads_a.json)" -ge 2
check "the topic holds one record per event" test "$(topic_records "$topic")" -eq "$events"
check "the topic has the ledger's partition count" \
  bash -c "kcat -b '$BOOTSTRAP' -L -t '$topic' | grep -q '4 partitions'"

init b 4
check "replay into a fresh ledger" expect_exit 0 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K[@]}" --dir b
cp out.txt replay_b.json
check "... imports every event" test "$(jq .imported replay_b.json)" -eq "$events"
check "... same heads and last hashes" \
  test "$(jq -c '[.partitions[] | [.partition, .next_seq, .last_hash]]' heads_a.json)" = \
       "$(jq -c '[.partitions[] | [.partition, .next_seq, .last_hash]]' replay_b.json)"
"$PL" export --dir a --base64 >a.b64
"$PL" export --dir b --base64 >b.b64
check "... byte-identical events" cmp -s a.b64 b.b64
check "... and the copy verifies" expect_exit 0 "$PL" verify --dir b
check "replaying again imports nothing" expect_exit 0 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K[@]}" --dir b
check "... (0 imported)" test "$(jq .imported out.txt)" -eq 0

check "tail" expect_exit 0 "$PL" tail --bootstrap "$BOOTSTRAP" "${K[@]}"
check "... prints every event once" test "$(tail_positions <out.txt | sort -u | wc -l)" -eq "$events"
check "... as the export's JSON" bash -c "'$PL' export --dir a | sort >x.json; sort out.txt | cmp -s - x.json"

init e 4
check "a node on a new disk starts" \
  expect_exit 0 "$PL" submit --dir e --kafka "$BOOTSTRAP" "${K[@]}" --out /dev/null /dev/null
"$PL" export --dir e --base64 >e.b64
check "... having imported the topic's events (reconciliation)" cmp -s a.b64 e.b64
check "... and they verify" expect_exit 0 "$PL" verify --dir e
check "... and nothing was published twice" test "$(topic_records "$topic")" -eq "$events"

init c 3
check "replay into a ledger with another partition count fails" \
  expect_exit 3 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K[@]}" --dir c
check "... naming both counts" grep -q "4 partitions but the ledger in c has 3" err.txt
"$PL" keygen --out stranger >/dev/null 2>&1
"$PL" init --dir d --anchor stranger.pub --organisation "$ORG" --partitions 4 >/dev/null
check "replay into a ledger with another trust anchor fails verification" \
  expect_exit 3 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K[@]}" --dir d
check "... naming partition and seq" grep -q "partition 0 seq 0" err.txt
check "replay of a missing topic fails" \
  expect_exit 3 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" --topic "pl.test.none.$$" --dir c
check "bad -X property is named" expect_exit 2 "$PL" tail --bootstrap "$BOOTSTRAP" -X no.such.property=1
check "... in the message" grep -q "no.such.property" err.txt
check "a property weakening the producer is refused" \
  expect_exit 2 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}" -X acks=1
check "... naming it" grep -q "acks=1 is not allowed" err.txt
finish
