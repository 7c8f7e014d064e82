#!/usr/bin/env bash
# Runs the main job on 1,500 submissions and checks what it promises: every
# receipt as the submission was built to get, a clean audit, a certificate
# verified offline, and (with --kafka) a ledger rebuilt from the topic that
# holds the same events byte for byte.
# Usage: demo_test.sh DEMO_SCRIPT PATENTLEDGER WORKDIR [--kafka]
set -euo pipefail
demo=$1 bin=$2 work=$3
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
fail() { echo "FAIL: $*"; tail -n 40 "$out"; exit 1; }

if [ "${1:-}" = --kafka ]; then
  # A port pair of its own, away from the default 9092 and the kafka fixture's.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  export PL_KAFKA_PORT=$port
fi
PL_BIN=$bin PL_DEMO_DIR=$work bash "$demo" 1500 "$@" >"$out" 2>&1 || fail "demo.sh exited with $?"

grep -Eq '^  [0-9]+ of 1500 receipts as expected, 0 not$' "$out" || fail "receipts not as built"
grep -q '"accepted"' "$work/receipts.jsonl" || fail "nothing accepted"
grep -q '"rejected"' "$work/receipts.jsonl" || fail "no rejection: the sample must include refused submissions"
grep -Eq '^\{"ok":true,"events":[0-9]+' "$out" || fail "audit did not pass"
grep -Eq '^\{"ok":true,"proves":"patent ' "$out" || fail "no certificate verified"
if [ "${1:-}" = --kafka ]; then
  grep -q 'each accepted one on Kafka first' "$out" || fail "not submitted through Kafka"
  grep -Eq 'the ledger rebuilt from Kafka holds the same [0-9]+ events, byte for byte' "$out" ||
    fail "replay from Kafka did not match"
  ! ss -ltn | grep -q "127.0.0.1:$PL_KAFKA_PORT " || fail "the demo's broker is still running"
fi
echo "demo ok: $(grep -E 'receipts as expected' "$out")"
