#!/usr/bin/env bash
# The main job in embedded mode: keys, a new ledger, a realistic synthetic
# registry signed and submitted, the outcome by code, and a few patents.
# Usage: deploy/demo.sh [COUNT]   (work files under var/demo/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pl="$root/build/tools/patentledger/patentledger"
count=${1:-20000}
work="$root/var/demo"
rm -rf "$work"
mkdir -p "$work"

echo "== 1. generate $count signed submissions (seeded; keys for authority, operators, banks, owners)"
"$pl" generate --out "$work/sample" --seed 2024 --count "$count"

echo "== 2. create the ledger; its trust anchor is the authority's key"
anchor_pub="$work/sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' "$work/sample/anchor.json")"
organisation=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' "$work/sample/anchor.json")
"$pl" init --dir "$work/ledger" --anchor "$anchor_pub" --organisation "$organisation"

echo "== 3. submit (receipts in $work/receipts.jsonl)"
set +e
"$pl" submit --dir "$work/ledger" --out "$work/receipts.jsonl" "$work/sample/submissions.b64"
rc=$?
set -e
# 4 = some rejected (expected: the sample includes submissions built to be refused)
[ $rc -eq 0 ] || [ $rc -eq 4 ] || { echo "submit failed with exit code $rc"; exit $rc; }

echo "== 4. do the receipts match what each submission was built to get?"
paste -d'\t' "$work/sample/expected.jsonl" "$work/receipts.jsonl" | awk -F'\t' '
  function field(s, name, len) { if (match(s, "\"" name "\":\"[A-Za-z_]+\"")) return substr(s, RSTART + len, RLENGTH - len - 1); return "" }
  { want = field($1, "expect", 10); got = field($2, "status", 10)
    if (want == "replayed") want = "accepted"
    wc = field($1, "code", 8); gc = field($2, "code", 8)
    if (want == got && wc == gc) ok++
    else { bad++; if (bad <= 5) printf "  line %d: expected %s %s, got %s %s\n", NR, want, wc, got, gc } }
  END { printf "  %d of %d receipts as expected, %d not\n", ok, ok + bad, bad; exit bad > 0 }'

echo "== 5. a few patents: owners, status, pledge, licences, open licence"
"$pl" export --dir "$work/ledger" --out "$work/events.jsonl"
# The last activity year of the sample is the day the demo looks from.
on=$(jq -r '.submission.effective_date' "$work/events.jsonl" | sort -n | tail -n1)
# Patents ever pledged or licensed; show one pledged on that day, one with a
# licence in force, and a co-owned one.
candidates=$(jq -r 'select(.submission.body_type == "PledgeRegistered" or .submission.body_type == "LicenceRecorded")
                    | .submission.patent' "$work/events.jsonl" | sed 's/^\(CN\|ZL\)//' | sort -u | head -n 400)
# shellcheck disable=SC2086
"$pl" query --dir "$work/ledger" --json --on "$on" $candidates >"$work/candidates.jsonl"
pledged=$(jq -r 'select(.pledge != null and .in_force) | .patent' "$work/candidates.jsonl" | head -n1)
licensed=$(jq -r 'select(.pledge == null and .in_force and any(.licences[]; .in_force)) | .patent' "$work/candidates.jsonl" | head -n1)
coowned=$(jq -r 'select(.owners | length > 1) | .patent' "$work/candidates.jsonl" | head -n1)
# shellcheck disable=SC2086
"$pl" query --dir "$work/ledger" --on "$on" $pledged $licensed $coowned
[ -z "$pledged" ] || { echo "-- history of $pledged"; "$pl" history --dir "$work/ledger" "$pledged"; }

echo "== 6. audit the store (chains, signatures, heads)"
"$pl" verify --dir "$work/ledger"
