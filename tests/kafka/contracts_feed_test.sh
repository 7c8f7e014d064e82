#!/usr/bin/env bash
# The technology-contract feed on Kafka: `contracts --kafka` publishes every
# contract record keyed by contract id, the value being the feed's JSON
# record; publishing twice leaves, per key, exactly the feed's records (the
# CSV's contract ids, the --json lines).
# Usage: contracts_feed_test.sh PATH/TO/patentledger FIXTURE_DIR
PL=$1 FIXTURE=$2
source "$(dirname "$0")/lib.sh"
topic="pl.test.techcontract.$$"

sample 11 600
init a 2
"$PL" submit --dir a --out /dev/null sample/submissions.b64 >/dev/null 2>&1
"$PL" project --dir a --state st >/dev/null 2>&1
check "CSV feed" expect_exit 0 "$PL" contracts --state st
grep -v '^#' out.txt | tail -n +2 | cut -d, -f1 | sort >csv_ids.txt
contracts=$(wc -l <csv_ids.txt)
check "the sample has contracts" test "$contracts" -gt 5
check "JSON feed" expect_exit 0 "$PL" contracts --state st --json
sort out.txt >feed.jsonl
check "... one line per CSV record" test "$(wc -l <feed.jsonl)" -eq "$contracts"
check "... same contract ids" bash -c "jq -r .contract_id feed.jsonl | sort | cmp -s - csv_ids.txt"

check "publish to Kafka" expect_exit 0 "$PL" contracts --state st --kafka "$BOOTSTRAP" --topic "$topic"
check "... reports every contract" test "$(jq .published out.txt)" -eq "$contracts"
check "publish again" expect_exit 0 "$PL" contracts --dir a --kafka "$BOOTSTRAP" --topic "$topic"
check "... reports every contract" test "$(jq .published out.txt)" -eq "$contracts"
check "the topic holds both rounds" test "$(topic_records "$topic")" -eq $((2 * contracts))
# Latest value per key (one key stays in one partition, in order).
kcat -C -b "$BOOTSTRAP" -t "$topic" -e -q -f '%k\t%s\n' 2>/dev/null |
  awk -F'\t' '{ last[$1] = $2 } END { for (k in last) print k "\t" last[k] }' >latest.tsv
check "deduplicated by key: the CSV's contract count" test "$(wc -l <latest.tsv)" -eq "$contracts"
check "... and its contract ids" bash -c "cut -f1 latest.tsv | sort | cmp -s - csv_ids.txt"
check "... equal to the feed's JSON lines" bash -c "cut -f2 latest.tsv | sort | cmp -s - feed.jsonl"
finish
