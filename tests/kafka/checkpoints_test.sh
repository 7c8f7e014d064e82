#!/usr/bin/env bash
# Checkpoints on Kafka: a node submitting with --kafka and automatic
# checkpoints also publishes each signed note on the checkpoints topic,
# keyed by partition, on the ledger's partition; the latest note of each
# partition on the topic is the stored one, and a proof verifies against it
# with log.pub alone.
# Usage: checkpoints_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.cpevents.$$"
cptopic="pl.test.checkpoints.$$"

sample 11 400
init a 2
"$PL" submit --dir a --kafka "$BOOTSTRAP" --topic "$topic" --checkpoints-topic "$cptopic" --checkpoint-every 50 \
  --out receipts.jsonl sample/submissions.b64 >/dev/null 2>err.txt
rc=$?
check "submit with Kafka and checkpoints answers everything (exit 0 or 4)" test "$rc" -eq 0 -o "$rc" -eq 4
check "... with no checkpoint publish failure" bash -c "! grep -q 'not published on Kafka' err.txt"
check "the checkpoints topic exists with the ledger's partition count" \
  bash -c "kcat -b '$BOOTSTRAP' -L -t '$cptopic' | grep -q '2 partitions'"
kcat -C -b "$BOOTSTRAP" -t "$cptopic" -e -q -f '%p %k\n' 2>/dev/null | grep -v '^$' >keys.txt
check "checkpoints were published" test "$(wc -l <keys.txt)" -ge 2
check "every record is keyed by its partition" bash -c "awk '\$1 != \$2 { bad = 1 } END { exit bad }' keys.txt"
for p in 0 1; do
  check "partition $p has checkpoints on the topic" grep -q "^$p $p\$" keys.txt
  kcat -C -b "$BOOTSTRAP" -t "$cptopic" -p "$p" -o -1 -e -q -f '%s' >"kafka_cp$p.txt" 2>/dev/null
  check "partition $p: a proof against the stored latest checkpoint" \
    expect_exit 0 "$PL" prove inclusion --dir a --partition "$p" --seq 0 --out "incl$p.json"
  jq -j .checkpoint "incl$p.json" >"stored_cp$p.txt"
  check "partition $p: the latest note on the topic is the stored one, byte for byte" cmp -s "kafka_cp$p.txt" "stored_cp$p.txt"
  check "partition $p: the proof verifies against the note from Kafka with log.pub" \
    expect_exit 0 "$PL" verify-proof "incl$p.json" --pub a/log.pub --checkpoint "kafka_cp$p.txt"
  check "partition $p: ... and not with the authority key" \
    expect_exit 6 "$PL" verify-proof "incl$p.json" --pub "$ANCHOR" --checkpoint "kafka_cp$p.txt"
done
finish
