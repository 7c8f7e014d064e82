#!/usr/bin/env bash
# The node's disk fills up while it admits submissions (a real tmpfs of a
# few MiB): every "accepted" it printed is in the ledger, everything after
# is a "not recorded, retry" error naming the full disk, nothing crashes,
# and once space is freed the same file submitted again ends with the
# ledger an uninterrupted run makes.
# Usage: disk_full_test.sh PATH/TO/patentledger
set -uo pipefail
PL=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
enter_work_dir

sample 23 8000
# events in a ledger, from verify's JSON
events() { "$PL" verify --dir "$1" 2>/dev/null | sed -n 's/.*"events":\([0-9]*\).*/\1/p'; }
# accepted minus replays, from submit's summary on stderr
new_events() { sed -n 's/^accepted \([0-9]*\) (of which \([0-9]*\) replays.*/\1 \2/p' "$1" | awk '{print $1 - $2}'; }

init clean 4
"$PL" submit --dir clean --out clean.jsonl sample/submissions.b64 >/dev/null 2>clean.err
clean_events=$(events clean)
check "the uninterrupted run stored events" test "${clean_events:-0}" -gt 1000

mount_small_disk 4m
init small/ledger 4
"$PL" submit --dir small/ledger --out full.jsonl sample/submissions.b64 >/dev/null 2>full.err
rc=$?
head -n 1 full.err
check "disk full: submit reports failure (exit $rc)" test "$rc" -ne 0
check "disk full: no abort" bash -c "! grep -q -i 'assert\|abort' full.err"
check "disk full: retry errors name the full disk" \
  grep -q '"status":"error".*not recorded, retry: I/O error: .*No space left on device' full.jsonl

# Opening a store writes (a manifest): verify once space is freed.
mount -o remount,size=256m small
stored=$(events small/ledger)
echo "stored before the disk was full: $stored of $clean_events events"
check "disk full: the ledger verifies" test -n "$stored"
check "disk full: it stopped part way" test "${stored:-0}" -lt "$clean_events"
check "disk full: exactly what was accepted is stored" test "${stored:-x}" = "$(new_events full.err)"
"$PL" submit --dir small/ledger --out again.jsonl sample/submissions.b64 >/dev/null 2>again.err
check "space freed: nothing left to retry" grep -q ", retry 0$" again.err
check "space freed: the same ledger as an uninterrupted run" test "$(events small/ledger)" = "$clean_events"

finish
