#!/usr/bin/env bash
# Projections from the events topic: a ledger submitted with --kafka is
# projected from the store and from the topic into two states with the same
# positions and digests; a second `project --kafka` applies nothing when
# nothing is new, and after more submissions catches up to the same state
# as the store-based one; report and query --as-of-date from the topic
# answer as from the store.
# Usage: projection_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.projection.$$"
K=(--topic "$topic")

sample 7 500
lines=$(wc -l <sample/submissions.b64)
head -n $((lines / 2)) sample/submissions.b64 >first.b64
tail -n +$((lines / 2 + 1)) sample/submissions.b64 >second.b64
init a 3
"$PL" submit --dir a --kafka "$BOOTSTRAP" "${K[@]}" --out /dev/null first.b64 >/dev/null 2>err.txt
check "first half submitted and published" expect_exit 0 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}"
events=$(sum_heads <out.txt)
check "the ledger has events" test "$events" -gt 50

same_state() {  # same_state STATE_A STATE_B: identical positions and digests
  "$PL" digest --state "$1" --json | jq -c .projections >d1.json &&
    "$PL" digest --state "$2" --json | jq -c .projections >d2.json && cmp -s d1.json d2.json
}
check "project from the store" expect_exit 0 "$PL" project --dir a --state from_store --json
check "project from the topic" expect_exit 0 "$PL" project --kafka "$BOOTSTRAP" "${K[@]}" --state from_topic --json
check "... reads every event" test "$(jq .events_read out.txt)" -eq "$events"
check "... names the topic as source" test "$(jq -r .source out.txt)" = "kafka:$BOOTSTRAP/$topic"
check "... same positions and digests as from the store" same_state from_store from_topic
check "nothing new: project --kafka again" expect_exit 0 "$PL" project --kafka "$BOOTSTRAP" "${K[@]}" --state from_topic --json
check "... applies nothing" test "$(jq .events_read out.txt)" -eq 0
check "... same digests" same_state from_store from_topic

"$PL" submit --dir a --kafka "$BOOTSTRAP" "${K[@]}" --out /dev/null second.b64 >/dev/null 2>err.txt
check "second half published" expect_exit 0 "$PL" publish --dir a --kafka "$BOOTSTRAP" "${K[@]}"
more=$(( $(sum_heads <out.txt) - events ))
check "... adds events" test "$more" -gt 0
check "store-based state catches up" expect_exit 0 "$PL" project --dir a --state from_store --json
check "topic-based state catches up" expect_exit 0 "$PL" project --kafka "$BOOTSTRAP" "${K[@]}" --state from_topic --json
check "... applying only the new events" test "$(jq .events_read out.txt)" -eq "$more"
check "... same positions and digests as from the store" same_state from_store from_topic
check "a fresh replay of the topic gives the same state" \
  expect_exit 0 "$PL" project --kafka "$BOOTSTRAP" "${K[@]}" --state fresh --json
check "... same digests" same_state from_store fresh

check "report from the topic" \
  expect_exit 0 "$PL" report --kafka "$BOOTSTRAP" "${K[@]}" --as-of 2030-12-31 --out report_topic
"$PL" report --dir a --as-of 2030-12-31 --out report_store >/dev/null 2>&1
same_tables() {  # the CSV tables of two reports, without their '#' lines (they name the source)
  local f n=0
  for f in report_store/*.csv; do
    n=$((n + 1))
    cmp -s <(grep -v '^#' "$f") <(grep -v '^#' "report_topic/$(basename "$f")") || { echo "  differs: $f"; return 1; }
  done
  [ "$n" -gt 0 ]
}
check "... same tables as from the store" same_tables
patent=$("$PL" export --dir a | jq -r 'select(.submission.patent != null and .submission.patent != "") | .submission.patent' | head -n 1)
check "query --as-of-date from the topic" expect_exit 0 \
  "$PL" query "$patent" --kafka "$BOOTSTRAP" "${K[@]}" --state from_topic --as-of-date 2030-12-31 --json
jq -c 'del(.source)' out.txt >q_topic.json
"$PL" query "$patent" --dir a --state from_store --as-of-date 2030-12-31 --json | jq -c 'del(.source)' >q_store.json
check "... answers as from the store" cmp -s q_store.json q_topic.json
check "... about a patent" grep -q "$patent" q_topic.json
check "two sources are refused" expect_exit 2 "$PL" project --dir a --kafka "$BOOTSTRAP" "${K[@]}" --state x
check "a missing topic fails" expect_exit 3 "$PL" project --kafka "$BOOTSTRAP" --topic "pl.test.none.$$" --state y
finish
