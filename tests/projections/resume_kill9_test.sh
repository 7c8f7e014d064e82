#!/usr/bin/env bash
# `patentledger project` killed with kill -9 at several points of a replay
# (a real process, real files) resumes from its committed positions and ends
# with the same digests as an uninterrupted replay.
# Usage: resume_kill9_test.sh PATH/TO/patentledger
set -uo pipefail
PL=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

"$PL" generate --out sample --seed 11 --count 8000 >/dev/null 2>&1
anchor="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
org=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' sample/anchor.json)
"$PL" init --dir ledger --anchor "$anchor" --organisation "$org" --partitions 4 >/dev/null
"$PL" submit --dir ledger --out receipts.jsonl sample/submissions.b64 >/dev/null 2>&1
check "ledger built" test -s receipts.jsonl

"$PL" project --dir ledger --state straight --batch 1000 >/dev/null
"$PL" digest --state straight > straight.txt
check "uninterrupted replay has digests" grep -q "statistics .*digest [0-9a-f]\{64\}" straight.txt

# Kill the replay after N commits of 5 events, three times, each resuming the last.
killed=0
for n in 20 300 700; do
  "$PL" project --dir ledger --state resumed --batch 5 --log-commits > "log.$n" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 2000); do
    [ "$(grep -c committed "log.$n" 2>/dev/null)" -ge "$n" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.005
  done
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  "$PL" digest --state resumed > "after.$n" 2>&1
  echo "killed after $(grep -c committed "log.$n") commits: $(grep statistics "after.$n" | awk '{print $3}')"
done
check "at least two replays were killed mid-way" test "$killed" -ge 2
check "the killed state is behind the full one" bash -c "! diff -q <(grep statistics after.20 | awk '{print \$3}') <(grep statistics straight.txt | awk '{print \$3}') >/dev/null"

"$PL" project --dir ledger --state resumed --batch 5 > resumed.out
"$PL" digest --state resumed > resumed.txt
check "resumed replay ends with the same positions and digests" diff <(tail -n 3 straight.txt) <(tail -n 3 resumed.txt)
check "resuming applied only the rest" bash -c "[ \$(sed -n 's/.*, \([0-9]*\) events applied now/\1/p' resumed.out) -lt \$(grep -c . receipts.jsonl) ]"

# --rebuild drops the state and replays to the same digests.
"$PL" project --dir ledger --state resumed --rebuild --batch 333 >/dev/null
"$PL" digest --state resumed > rebuilt.txt
check "rebuild ends with the same digests" diff <(tail -n 3 straight.txt) <(tail -n 3 rebuilt.txt)

finish
