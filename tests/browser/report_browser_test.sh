#!/usr/bin/env bash
# The monitoring report checked in a real browser: a ledger from the sample
# generator, `patentledger report`, then report.html opened in headless
# Chromium (Debian's package, installed by deploy/setup.sh) through the
# DevTools protocol: charts rendered with a size, no console errors, no
# network requests. A screenshot is left in $PL_BROWSER_SHOT when set.
# Usage: report_browser_test.sh PATH/TO/patentledger
set -euo pipefail
PL=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "FAIL: node is not installed (deploy/setup.sh installs it)"; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "FAIL: chromium is not installed (deploy/setup.sh installs it)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$PL" generate --out sample --seed 21 --count 4000 >/dev/null 2>&1
anchor="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
org=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' sample/anchor.json)
"$PL" init --dir ledger --anchor "$anchor" --organisation "$org" --partitions 2 >/dev/null
"$PL" submit --dir ledger --out receipts.jsonl sample/submissions.b64 >/dev/null 2>&1 || true
"$PL" report --dir ledger --as-of 2024-12-31 --out report --suppress-below 3 >/dev/null
node "$here/check_report.mjs" report/report.html "${PL_BROWSER_SHOT:-$work/report.png}"
echo "1 passed, 0 failed"
