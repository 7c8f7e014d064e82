#!/usr/bin/env bash
# Runs the main job and checks what it promises: every receipt as the
# submission was built to get, a few patents shown, a clean audit, a
# certificate verified offline, and (with --kafka) a ledger rebuilt from the
# topic that holds the same events byte for byte. Embedded, it runs at the
# size the README's quick start does (20,000 submissions): a smaller sample
# once hid a pipeline that died of SIGPIPE at that size. With --kafka, 1,500.
# Usage: demo_test.sh DEMO_SCRIPT PATENTLEDGER WORKDIR [--kafka]
set -euo pipefail
demo=$1 bin=$2 work=$3
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "FAIL: $*"; tail -n 40 "$out"; exit 1; }

count=()  # the demo's default
if [ "${1:-}" = --kafka ]; then
  count=(1500)
  # A port pair of its own, away from the default 9092 and the kafka
  # fixture's, below the ephemeral range.
  source "$(dirname "$0")/../lib/ports.sh"
  port=$(pick_ports 28000 32000 0 1) || fail "no free port pair"
  export PL_KAFKA_PORT=$port
fi
PL_BIN=$bin PL_DEMO_DIR=$work bash "$demo" "${count[@]}" "$@" >"$out" 2>&1 || fail "demo.sh exited with $?"

grep -Eq "^  ([0-9]+) of ${count[0]:-20000} receipts as expected, 0 not\$" "$out" || fail "receipts not as built"
grep -q '^-- history of ' "$out" || fail "no pledged patent shown"
grep -q '"accepted"' "$work/receipts.jsonl" || fail "nothing accepted"
grep -q '"rejected"' "$work/receipts.jsonl" || fail "no rejection: the sample must include refused submissions"
grep -Eq '^\{"ok":true,"events":[0-9]+' "$out" || fail "audit did not pass"
grep -Eq '^\{"ok":true,"proves":"patent ' "$out" || fail "no certificate verified"
if [ "${1:-}" = --kafka ]; then
  grep -q 'each accepted one on Kafka first' "$out" || fail "not submitted through Kafka"
  grep -Eq 'the ledger rebuilt from Kafka holds the same [0-9]+ events, byte for byte' "$out" ||
    fail "replay from Kafka did not match"
  ! ss -ltn | grep "127.0.0.1:$PL_KAFKA_PORT " >/dev/null || fail "the demo's broker is still running"
fi
echo "demo ok: $(grep -E 'receipts as expected' "$out")"
