#!/usr/bin/env bash
# verify --kafka against the real broker: the events topic and the
# checkpoints topic of a node that submitted with --kafka pass the audit;
# tampered copies of them on fresh topics (one byte flipped in an event,
# an event deleted, two events swapped, a fork, a note signed by another
# key, a note edited, a checkpoint beyond the topic's events) each fail
# with exit 6, naming partition and seq.
# Usage: verify_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.verify.$$"
cptopic="pl.test.verifycp.$$"

sample 13 300
init a 2
"$PL" submit --dir a --kafka "$BOOTSTRAP" --topic "$topic" --checkpoints-topic "$cptopic" --checkpoint-every 40 \
  --out receipts.jsonl sample/submissions.b64 >/dev/null 2>&1
events=$("$PL" publish --dir a --kafka "$BOOTSTRAP" --topic "$topic" | sum_heads)
check "the ledger has events" test "$events" -gt 100
p1=$("$PL" export --dir a --base64 --partition 1 | wc -l)
check "partition 1 has at least 60 events" test "$p1" -ge 60

# verify_kafka EVENTS_TOPIC CHECKPOINTS_TOPIC [more options]
verify_kafka() {
  local t=$1 c=$2; shift 2
  "$PL" verify --kafka "$BOOTSTRAP" --topic "$t" --checkpoints-topic "$c" --anchor "$ANCHOR" --pub a/log.pub "$@"
}
check "verify --kafka passes on the node's topics" expect_exit 0 verify_kafka "$topic" "$cptopic"
check "... every event checked" test "$(jq .events out.txt)" -eq "$events"
check "... with their signatures" test "$(jq .signatures out.txt)" -ge "$events"
check "... and the checkpoints on the topic" test "$(jq .checkpoints out.txt)" -ge 2
check "... no remark" test "$(jq -r '.remark // ""' out.txt)" = ""
check "the log key alias --log-key works too" \
  expect_exit 0 "$PL" verify --kafka "$BOOTSTRAP" --topic "$topic" --checkpoint-topic "$cptopic" --anchor "$ANCHOR" --log-key a/log.pub
check "without a checkpoints topic the events alone are audited" expect_exit 0 verify_kafka "$topic" "pl.test.none.$$"
check "... and it says so" grep -q "no checkpoints topic" out.txt err.txt
check "the wrong anchor fails" expect_exit 6 "$PL" verify --kafka "$BOOTSTRAP" --topic "$topic" \
  --checkpoints-topic "$cptopic" --anchor a/log.pub --pub a/log.pub
check "a missing events topic is an operating error" expect_exit 3 verify_kafka "pl.test.none.$$" "$cptopic"
check "--kafka needs the keys" expect_exit 1 "$PL" verify --kafka "$BOOTSTRAP" --topic "$topic"

# Fresh topics with the ledger's two partitions: an empty ledger's publish
# creates them (the broker does not auto-create topics).
init empty 2
new_topic() { "$PL" publish --dir empty --kafka "$BOOTSTRAP" --topic "$1" >/dev/null; }
# Each event of the topic as one file, rec/P-SEQ.bin (the topic's records
# are the store's events byte for byte: roundtrip_test).
mkdir rec
for p in 0 1; do
  i=0
  "$PL" export --dir a --base64 --partition "$p" | while read -r line; do
    echo "$line" | base64 -d >"rec/$p-$(printf %06d "$i").bin"
    i=$((i + 1))
  done
done
# produce TOPIC DIR: each partition's files, in name order, one record each.
# Idempotent, so that a retry (a topic just created may not have its leader
# yet) cannot reorder the records.
produce() {
  new_topic "$1"
  for p in 0 1; do
    kcat -P -X enable.idempotence=true -b "$BOOTSTRAP" -t "$1" -p "$p" -k "$p" $(ls "$2/$p"-*.bin | sort)
  done
}
# flip FILE OFFSET_FROM_END: xor one byte with 1.
flip() { flip_byte "$1" $(($(stat -c %s "$1") - $2)) 1; }
# failed_at PARTITION SEQ: the last verify's JSON names that position.
failed_at() {
  test "$(jq -c '[.ok, .partition, .seq]' out.txt)" = "[false,$1,$2]" || { echo "  verify said: $(cat out.txt)"; return 1; }
}

cp -r rec copy && produce "$topic.copy" copy
check "a faithful copy of the topic passes" expect_exit 0 verify_kafka "$topic.copy" "$cptopic"

cp -r rec flipped && flip flipped/1-000040.bin 40 && produce "$topic.flip" flipped
check "one flipped byte in partition 1 seq 40 fails" expect_exit 6 verify_kafka "$topic.flip" "$cptopic"
check "... naming partition 1 seq 40" failed_at 1 40
cp -r rec flipped2 && flip flipped2/0-000007.bin 200 && produce "$topic.flip2" flipped2
check "a flipped byte further inside partition 0 seq 7 fails" expect_exit 6 verify_kafka "$topic.flip2" "$cptopic"
check "... naming partition 0 seq 7" failed_at 0 7

cp -r rec deleted && rm deleted/1-000040.bin && produce "$topic.delete" deleted
check "a deleted event fails" expect_exit 6 verify_kafka "$topic.delete" "$cptopic"
check "... naming the missing partition 1 seq 40" failed_at 1 40

cp -r rec swapped && mv swapped/1-000040.bin t.bin && mv swapped/1-000041.bin swapped/1-000040.bin &&
  mv t.bin swapped/1-000041.bin && produce "$topic.swap" swapped
check "two swapped events fail" expect_exit 6 verify_kafka "$topic.swap" "$cptopic"
check "... naming partition 1 seq 40" failed_at 1 40

cp -r rec dup && cp dup/1-000040.bin dup/1-000041a.bin && produce "$topic.dup" dup
check "an identical duplicate is tolerated" expect_exit 0 verify_kafka "$topic.dup" "$cptopic"
check "... and counted" test "$(jq .duplicates out.txt)" -eq 1
cp -r rec fork && cp fork/1-000040.bin fork/1-000041a.bin && flip fork/1-000041a.bin 40 && produce "$topic.fork" fork
check "the same seq again with other bytes (a fork) fails" expect_exit 6 verify_kafka "$topic.fork" "$cptopic"
check "... naming partition 1 seq 40" failed_at 1 40

cp -r rec short
for f in short/1-*.bin; do n=${f##*-}; [ $((10#${n%.bin})) -lt 40 ] || rm "$f"; done
produce "$topic.short" short
check "a checkpoint beyond the topic's events fails" expect_exit 6 verify_kafka "$topic.short" "$cptopic"
check "... naming partition 1 and the first event the topic lacks" failed_at 1 40
check "... as a checkpoint larger than the events" grep -q "larger than the 40 events" out.txt

# Checkpoints: the latest note of partition 1 edited, or signed by another key.
kcat -C -b "$BOOTSTRAP" -t "$cptopic" -p 1 -o -1 -e -q -f '%s' >note.txt 2>/dev/null
size=$(sed -n 2p note.txt)
check "partition 1 has a checkpoint" test "$size" -gt 0
sed "2s/.*/$((size - 1))/" note.txt >edited.txt
new_topic "$cptopic.edit"
kcat -P -b "$BOOTSTRAP" -t "$cptopic.edit" -p 1 -k 1 edited.txt
check "an edited note fails" expect_exit 6 verify_kafka "$topic" "$cptopic.edit"
check "... naming partition 1 and the checkpoint" \
  bash -c "jq -e '.partition == 1 and (.problem | test(\"checkpoint\"))' out.txt >/dev/null"
init other 2
"$PL" checkpoint --dir other --partition 1 | jq -j '.[0].checkpoint' >other.txt
new_topic "$cptopic.other"
kcat -P -b "$BOOTSTRAP" -t "$cptopic.other" -p 1 -k 1 other.txt
check "a note signed by another ledger's key fails" expect_exit 6 verify_kafka "$topic" "$cptopic.other"
check "... naming partition 1 and the checkpoint" \
  bash -c "jq -e '.partition == 1 and (.problem | test(\"checkpoint\"))' out.txt >/dev/null"
finish
