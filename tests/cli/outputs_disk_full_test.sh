#!/usr/bin/env bash
# Output files on a full disk (a real tmpfs, filled up): every command that
# writes a file the user named exits with an I/O error naming the file and
# the cause. A document (contract feed, report, export) leaves no partial
# file, and an older copy stays as it was. Submit's receipts say what to do
# next, and submitting the same input again gives every receipt. And /dev/null
# or a symbolic link as the output is written in place, never replaced.
# Usage: outputs_disk_full_test.sh PATH/TO/patentledger
set -uo pipefail
PL=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
enter_work_dir

sample 5 6000
init ledger 2

mount_small_disk 8m

# Receipts (the ledger itself is on a disk with room): 6,000 receipts need
# more than the 300 KiB left.
head -c 7900k /dev/zero >small/fill
expect_exit 3 "$PL" submit --dir ledger --out small/receipts.jsonl sample/submissions.b64
check "submit: the error names the receipts file and the cause" \
  grep -q "I/O error: writing 'small/receipts.jsonl': No space left on device" err.txt
check "submit: the error says to submit again" grep -q "Submit the same input again for every receipt" err.txt
written=$(grep -c . small/receipts.jsonl)
echo "receipts written before the disk was full: $written"
check "submit: some receipts were written" test "$written" -gt 0
rm -f small/receipts.jsonl small/fill
expect_exit 4 "$PL" submit --dir ledger --out again.jsonl sample/submissions.b64
check "submitted again: every input line has its receipt" test "$(grep -c . again.jsonl)" -eq 6000
check "submitted again: nothing new was accepted" grep -q "^accepted \([0-9]*\) (of which \1 replays" err.txt

"$PL" project --dir ledger --state state >/dev/null
# Older copies, written while there is room, then the disk filled up.
"$PL" contracts --state state --out small/contracts.csv
"$PL" report --state state --as-of 2030-12-31 --out small/report >/dev/null
check "older copies written" test -s small/contracts.csv -a -s small/report/report.html
old_csv=$(sha256sum small/contracts.csv)
old_report=$(cd small/report && sha256sum ./*)
head -c 8m /dev/zero >small/fill 2>/dev/null

expect_exit 3 "$PL" contracts --state state --out small/contracts.csv
check "contracts: the error names the file and the cause" \
  grep -q "I/O error: 'small/contracts.csv': writing the contract feed: No space left on device" err.txt
check "contracts: the older feed is as it was" test "$(sha256sum small/contracts.csv)" = "$old_csv"
expect_exit 3 "$PL" report --state state --as-of 2025-06-30 --suppress-below 3 --out small/report
check "report: the error names the file and the cause" \
  grep -q "I/O error: writing small/report/.*\.tmp: No space left on device" err.txt
check "report: the older report is as it was" test "$(cd small/report && sha256sum ./*)" = "$old_report"
expect_exit 3 "$PL" export --dir ledger --out small/events.jsonl
check "export: the error names the file and the cause" \
  grep -q "I/O error: writing 'small/events.jsonl': No space left on device" err.txt
check "export: no partial file" test ! -e small/events.jsonl
check "no temporary file is left" bash -c "! ls small/*.tmp small/report/*.tmp 2>/dev/null | grep -q ."

# What is not a regular file is written in place, never renamed over.
"$PL" contracts --state state --out /dev/null
check "--out /dev/null leaves /dev/null a device" test -c /dev/null
echo old >feed.csv
ln -s feed.csv feed_link.csv
"$PL" contracts --state state --out feed_link.csv
check "--out LINK writes through the link" bash -c "test -L feed_link.csv && grep -q '^contract_id,' feed.csv"
# ... as a document: on the full disk the file the link names keeps its old
# content, and no temporary file is left beside it.
rm -f small/fill
echo old >small/feed.csv
ln -s small/feed.csv small_link.csv
head -c 8m /dev/zero >small/fill 2>/dev/null
check "--out LINK to a full disk: an I/O error" expect_exit 3 "$PL" contracts --state state --out small_link.csv
check "... the linked file is as it was, the link kept" bash -c "test -L small_link.csv && test \"\$(cat small/feed.csv)\" = old"
check "... no temporary file beside it" bash -c "! ls small/*.tmp 2>/dev/null | grep -q ."

finish
