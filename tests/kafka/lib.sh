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
# Events in a ledger: sum of next_seq over its heads (from `publish`/`replay` JSON on stdin).
sum_heads() { jq '[.partitions[].next_seq] | add'; }
# Records on a topic (duplicates included), read with kcat.
topic_records() { kcat -C -b "$BOOTSTRAP" -t "$1" -e -q -f '%p %o\n' 2>/dev/null | wc -l; }
# Lines of `tail` JSON: "partition seq", each must be unique.
tail_positions() { jq -r '"\(.partition) \(.seq)"'; }
