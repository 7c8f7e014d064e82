# Shared by the kafka tests: sourced with PL (patentledger) and FIXTURE (the
# broker fixture's directory) set. Makes a work directory, a sample registry
# and check helpers; every test uses its own topic, so they can share the
# broker and run in any order.
set -uo pipefail
PL=$(readlink -f "$PL")
BOOTSTRAP=$(cat "$FIXTURE/bootstrap") || { echo "no broker: $FIXTURE/bootstrap missing (fixture failed?)"; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
work=$(mktemp -d)
trap '[ -n "${PL_KEEP:-}" ] || rm -rf "$work"' EXIT
cd "$work"
# sample SEED COUNT: sample/ with keys and submissions.b64
sample() {
  "$PL" generate --out sample --seed "$1" --count "$2" >/dev/null 2>&1
  ANCHOR="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
  ORG=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' sample/anchor.json)
}
# init DIR PARTITIONS
init() { "$PL" init --dir "$1" --anchor "$ANCHOR" --organisation "$ORG" --partitions "$2" >/dev/null; }
# Events in a ledger: sum of next_seq over its heads (from `publish`/`replay` JSON on stdin).
sum_heads() { jq '[.partitions[].next_seq] | add'; }
# Records on a topic (duplicates included), read with kcat.
topic_records() { kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -f '%p %o\n' 2>/dev/null | wc -l; }
# Lines of `tail` JSON: "partition seq", each must be unique.
tail_positions() { jq -r '"\(.partition) \(.seq)"'; }
