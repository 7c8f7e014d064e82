#!/usr/bin/env bash
# The projection commands as a statistician and a bank drive them: project,
# digest, export --archive, report (fresh replays from the store and from an
# archive, compared by digest and byte for byte), contracts --csv, query
# --as-of-date / --as-of-recorded / --as-of / --pledge; help and exit codes.
# Usage: cli_projections_test.sh PATH/TO/patentledger
set -uo pipefail
PL=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

for sub in project digest contracts report "bench projections" query export; do
  check "help for $sub" expect_exit 0 "$PL" $sub --help
done
check "query --help names --as-of-date and --as-of-recorded" bash -c "'$PL' query --help | grep -q -- --as-of-date && '$PL' query --help | grep -q -- --as-of-recorded"
check "export --help names --archive" bash -c "'$PL' export --help | grep -q -- --archive"

"$PL" generate --out sample --seed 3 --count 3000 >/dev/null
anchor="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
org=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' sample/anchor.json)
"$PL" init --dir ledger --anchor "$anchor" --organisation "$org" --partitions 3 >/dev/null
"$PL" submit --dir ledger --out receipts.jsonl sample/submissions.b64 >/dev/null 2>&1

check "project needs a source" expect_exit 1 "$PL" project --state st
check "project needs a state" expect_exit 1 "$PL" project --dir ledger
check "project" expect_exit 0 "$PL" project --dir ledger --state a
check "project prints three digests" test "$(grep -c 'digest [0-9a-f]\{64\}' out.txt)" = 3
check "project --json" expect_exit 0 "$PL" project --dir ledger --state b --batch 7 --interleave-seed 9 --json
check "... is JSON with three projections" test "$(jq '.projections | length' out.txt)" = 3
check "second replay, other batch and interleaving: same digests" \
  diff <("$PL" digest --state a | tail -n 3) <("$PL" digest --state b | tail -n 3)
check "catching up again applies nothing" bash -c "'$PL' project --dir ledger --state a | grep -q ', 0 events applied now'"
check "digest of a missing state is a usage error" expect_exit 1 "$PL" digest --state nowhere

check "export --archive" expect_exit 0 "$PL" export --dir ledger --archive ledger.archive
check "... says how many events" test "$(jq .events out.txt)" -gt 2000
check "project from the archive" expect_exit 0 "$PL" project --archive ledger.archive --state c
check "archive replay: same digests as the store's" \
  diff <("$PL" digest --state a | tail -n 3) <("$PL" digest --state c | tail -n 3)
cp ledger.archive damaged.archive
flip_byte damaged.archive 5000
check "... the copy differs" bash -c "! cmp -s ledger.archive damaged.archive"
check "a damaged archive is refused" expect_exit 3 "$PL" project --archive damaged.archive --state d
check "... naming the digest" grep -qi "digest\|corrupt" err.txt

check "report from the store" expect_exit 0 "$PL" report --dir ledger --as-of 2024-12-31 --out rs --suppress-below 3
check "report from the archive" expect_exit 0 "$PL" report --from-archive ledger.archive --as-of 2024-12-31 --out ra --suppress-below 3
for f in rs/*.csv; do
  check "$(basename "$f") identical from store and archive" diff <(grep -v '^# as_of' "$f") <(grep -v '^# as_of' "ra/$(basename "$f")")
done
check "report.json names the digests" test "$(jq -r '.coverage[] | select(.projection=="statistics") | .digest' rs/report.json)" = \
  "$("$PL" digest --state a | awk '/^statistics/ {print $5}')"
check "report.json has the tables" test "$(jq '.tables | length' rs/report.json)" -ge 12
check "suppressed cells are marked" grep -q "suppressed" rs/activity_by_region.csv
check "report.html has inline SVG charts" test "$(grep -o '<svg' rs/report.html | wc -l)" -ge 8
check "report.html fetches nothing" bash -c "! grep -Eq '(src|href)=\"(https?:)?//' rs/report.html"
check "report --period year" expect_exit 0 "$PL" report --dir ledger --as-of 2020-06-30 --period year --out ry
check "... periods end at the cut-off" bash -c "tail -n 1 ry/pledges.csv | grep -q '^2020,'"
check "report needs --as-of" expect_exit 1 "$PL" report --dir ledger --out rx
check "report --as-of must be a date" expect_exit 1 "$PL" report --dir ledger --as-of 2024-13-01 --out rx

check "contracts --csv" expect_exit 0 "$PL" contracts --csv --state a --out contracts.csv
check "... documented header" bash -c "grep -v '^#' contracts.csv | head -n 1 | grep -q '^contract_id,category,act,contract_number,recognition,reason,patents,'"
check "... one line per contract" test "$(grep -vc '^#' contracts.csv)" -gt 100
check "contracts --as-of keeps fewer" test "$("$PL" contracts --csv --state a --as-of 2018-12-31 | grep -vc '^#')" -lt "$(grep -vc '^#' contracts.csv)"

pledged=$("$PL" export --dir ledger | jq -r 'select(.submission.body_type=="PledgeRegistered") | .submission.patent' | head -n 1)
date=$("$PL" export --dir ledger | jq -r "select(.submission.body_type==\"PledgeRegistered\" and .submission.patent==\"$pledged\") | .submission.effective_date" | head -n 1)
check "query --pledge from the register" expect_exit 0 "$PL" query "$pledged" --state a --as-of-date "${date:0:4}-${date:4:2}-${date:6:2}" --pledge
check "... says PLEDGED and to whom" grep -q "PLEDGED" out.txt
check "... names the positions it covers" grep -q "register covers log positions" out.txt
before=$(date -d "${date:0:4}-${date:4:2}-${date:6:2} -1 day" +%F)
check "query --as-of-date the day before the pledge: not pledged" expect_exit 0 "$PL" query "$pledged" --state a --as-of-date "$before" --pledge --json
check "... JSON pledge is null" bash -c "jq -e '.pledge == null' out.txt >/dev/null"
check "query --as-of-date before the patent was recorded" expect_exit 2 "$PL" query "$pledged" --state a --as-of-date 2000-01-01 --json
check "... says not recorded" bash -c "jq -e '.recorded == false' out.txt >/dev/null"
check "query --as-of-recorded far in the past: not recorded" expect_exit 2 "$PL" query "$pledged" --state a --as-of-recorded 2000-01-01T00:00:00Z
# --as-of takes either: a date is --as-of-date, a UTC time --as-of-recorded.
day="${date:0:4}-${date:4:2}-${date:6:2}"
"$PL" query "$pledged" --state a --as-of-date "$day" --json >by-date.json
check "query --as-of DATE is --as-of-date" expect_exit 0 "$PL" query "$pledged" --state a --as-of "$day" --json
check "... the same answer" cmp -s out.txt by-date.json
check "... the date asked is in the answer" bash -c "jq -e --arg d '$day' '.as_of_date == \$d' out.txt >/dev/null"
"$PL" query "$pledged" --state a --as-of-recorded 2099-01-01T00:00:00Z --json >by-time.json
check "query --as-of TIME is --as-of-recorded" expect_exit 0 "$PL" query "$pledged" --state a --as-of 2099-01-01T00:00:00Z --json
check "... the same answer" cmp -s out.txt by-time.json
check "... the time asked is in the answer" bash -c "jq -e '.as_of_recorded == \"2099-01-01T00:00:00Z\"' out.txt >/dev/null"
check "query --as-of neither a date nor a time" expect_exit 1 "$PL" query "$pledged" --state a --as-of 2024-13-45
check "... names the option and both forms" grep -q -- "--as-of: '2024-13-45' is neither a date (YYYY-MM-DD) nor a UTC time" err.txt
check "query --as-of with --as-of-date is a usage error" expect_exit 1 "$PL" query "$pledged" --state a --as-of "$day" --as-of-date "$day"
check "query --as-of-date with a fresh replay" expect_exit 0 "$PL" query "$pledged" --dir ledger --as-of-date 2024-12-31 --json
check "... JSON with owners" bash -c "jq -e '.owners | length > 0' out.txt >/dev/null"
check "query without --dir and without the register is a usage error" expect_exit 1 "$PL" query "$pledged"

# The benchmark end to end on a tiny ledger: it seals, settles the stores,
# replays, catches up and prints every figure (no timing is judged here).
check "bench projections runs on a small ledger" expect_exit 0 "$PL" bench projections --events 3000 \
  --incremental 100 --rounds 3 --work "$work/bench" --json
check "... three rounds, the median one's ratio printed" \
  bash -c "jq -e '.rounds == 3 and (.replay_over_raw_scan_by_round | length) == 3
                  and (.replay_over_raw_scan_by_round | sort | .[1]) == .replay_over_raw_scan' out.txt >/dev/null"
check "... replays every event and catches up the new ones" \
  bash -c "jq -e '.events == 3000 and .catchup_events == 100' out.txt >/dev/null"
check "... prints the state's compactions apart" \
  bash -c "jq -e '(.state_settle_seconds | type) == \"number\" and .replay_bulk_loads >= 3' out.txt >/dev/null"

finish
