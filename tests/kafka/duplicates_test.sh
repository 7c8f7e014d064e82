#!/usr/bin/env bash
# Duplicate records on the topic change nothing: after the publisher sends
# parts of the log again (publish --rewind), the topic holds more records
# than events, yet a replay gives the same bytes and tail each event once.
# The same seq with different bytes (a fork) stops the replay, naming
# partition and seq.
# Usage: duplicates_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.duplicates.$$"
K=(--topic "$topic")

sample 9 400
init a 3
"$PL" submit --dir a --kafka "$BOOTSTRAP" "${K[@]}" --out receipts.jsonl sample/submissions.b64 >/dev/null 2>&1
check "publish --rewind sends parts of the log again" \
  expect_exit 0 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}" --rewind 0:0 --rewind 1:5 --rewind 2:7
cp out.txt heads_a.json
events=$(sum_heads <heads_a.json)
records=$(topic_records "$topic")
check "the topic now holds duplicates ($records records for $events events)" test "$records" -gt "$events"
check "rewinding beyond the head is refused" \
  expect_exit 2 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}" --rewind 0:999999
check "... naming the head" grep -q "beyond the head of partition 0" err.txt

init b 3
check "replay over duplicates" expect_exit 0 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K[@]}" --dir b
check "... drops them" test "$(jq .duplicates_dropped out.txt)" -eq $((records - events))
check "... imports each event once" test "$(jq .imported out.txt)" -eq "$events"
"$PL" export --dir a --base64 >a.b64
"$PL" export --dir b --base64 >b.b64
check "... byte-identical events" cmp -s a.b64 b.b64
check "tail over duplicates" expect_exit 0 "$PL" tail --bootstrap "$BOOTSTRAP" "${K[@]}"
check "... prints each event exactly once" test "$(wc -l <out.txt)" -eq "$events"
check "... no position twice" test "$(tail_positions <out.txt | sort -u | wc -l)" -eq "$events"

# A fork: another ledger with the same anchor and partitions but other bytes
# (the first submissions again, sealed at other times).
head -n 200 sample/submissions.b64 >part.b64
init f 3
"$PL" submit --dir f --out /dev/null part.b64 >/dev/null 2>&1
check "a node whose store forks from the topic refuses to start" \
  expect_exit 3 "$PL" submit --dir f --kafka "$BOOTSTRAP" "${K[@]}" --out /dev/null part.b64
check "... naming partition 0 seq 0" grep -q "fork: partition 0 seq 0 differs" err.txt
check "publish refuses it too" expect_exit 3 "$PL" publish --dir f --kafka "$BOOTSTRAP" "${K[@]}"
# Put the forked ledger's partition 0 seq 0 on the topic by hand (kcat: one
# file, one record), after the original's records.
"$PL" export --dir f --base64 --partition 0 | head -n 1 | base64 -d >fork.bin
kcat -P -b "$BOOTSTRAP" -t "$topic" -p 0 fork.bin
check "the topic now has one more record" test "$(topic_records "$topic")" -eq $((records + 1))
init g 3
check "replay of a forked topic fails" expect_exit 3 "$PL" replay --from kafka --bootstrap "$BOOTSTRAP" "${K[@]}" --dir g
check "... naming the fork's partition and seq" grep -q "fork: partition 0 seq 0 differs" err.txt
check "... and imports nothing" test -z "$("$PL" export --dir g --base64)"
finish
