#!/usr/bin/env bash
# An in-memory rebuild (`project --rebuild`, decision 0023) that writes its
# tables in many bulk loads (--replay-memory 1) and is stopped part way:
#   1. killed with kill -9 after some bulk loads have landed (a real process);
#   2. failing because its disk is full (a real tmpfs of a few MiB).
# Each time the process ends with an error, never a crash; the state left
# behind holds only whole bulk loads; and a plain `project` resumes it to
# the digests of an uninterrupted replay.
# Usage: rebuild_faults_test.sh PATH/TO/patentledger
set -uo pipefail
PL=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
enter_work_dir

# A ledger of 41,000 events, sealed fast (bench projections builds it).
"$PL" bench projections --events 40000 --work bench --keep --json >bench.json 2>/dev/null
check "ledger built" test -d bench/ledger
"$PL" project --dir bench/ledger --state straight >/dev/null
"$PL" digest --state straight >straight.txt
check "uninterrupted replay has digests" grep -q "statistics .*digest [0-9a-f]\{64\}" straight.txt
full_positions=$(awk '/^statistics/ {print $3}' straight.txt)

# Files the bulk loads have ingested so far (ingest.tmp holds those being written).
landed() { ls "$1"/*/*.sst 2>/dev/null | wc -l; }

# 1. kill -9 after N ingested files, N in 3 and 12.
partial=0
for n in 3 12; do
  "$PL" project --dir bench/ledger --state "killed$n" --rebuild --replay-memory 1 >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 4000); do
    [ "$(landed "killed$n")" -ge "$n" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.002
  done
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  check "state killed after $n files opens" bash -c "'$PL' digest --state killed$n >killed$n.txt"
  positions=$(awk '/^(ownership|techcontract|statistics)/ {print $3}' "killed$n.txt" | tr '\n' ' ')
  echo "killed after $(landed "killed$n") ingested files: positions $positions"
  for p in $positions; do [ "$p" != "$full_positions" ] && partial=$((partial + 1)); done
  "$PL" project --dir bench/ledger --state "killed$n" >/dev/null
  "$PL" digest --state "killed$n" >"resumed$n.txt"
  check "killed after $n files, resumed: same positions and digests" \
    diff <(tail -n 3 straight.txt) <(tail -n 3 "resumed$n.txt")
done
check "at least one projection was killed part way" test "$partial" -ge 1

# 2. The disk fills up during the rebuild.
mount_small_disk 6m
expect_exit 3 "$PL" project --dir bench/ledger --state small/s --rebuild --replay-memory 1
check "disk full: an I/O error naming the file" grep -q "I/O error: .*ingest.tmp/.*No space left on device" err.txt
check "disk full: no positions printed as if done" bash -c "! grep -q positions out.txt"
# Opening a store writes (a manifest, options): on the full disk that may
# fail, but only with an error, never a crash.
"$PL" digest --state small/s >full.txt 2>full.err
rc=$?
cat full.txt full.err
check "disk full: digest exits 0 or with an I/O error (not $rc)" \
  bash -c "[ $rc -eq 0 ] || { [ $rc -eq 3 ] && grep -q 'No space left on device' full.err; }"
mount -o remount,size=256m small
"$PL" project --dir bench/ledger --state small/s >/dev/null
"$PL" digest --state small/s >after_full.txt
check "disk full, space freed, resumed: same positions and digests" \
  diff <(tail -n 3 straight.txt) <(tail -n 3 after_full.txt)

finish
