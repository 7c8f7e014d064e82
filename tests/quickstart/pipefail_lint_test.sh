#!/usr/bin/env bash
# Scripts that run under `set -e` and `pipefail` must not pipe into a reader
# that stops early (`head`, `grep -q`): the writer may then die of SIGPIPE
# (exit 141), the pipeline fails, and set -e ends the script without a word.
# The README's main job did exactly that at its default size, two runs in
# three (decision 0030). `sed -n 1p`, `grep ... >/dev/null` or jq's first()
# read all of their input instead.
# Usage: pipefail_lint_test.sh REPO_ROOT
set -uo pipefail
root=$1

# Prints "FILE:LINE: TEXT" for each early-stopping reader in a pipeline of a
# script that sets both -e and pipefail.
offenders() {
  local f=$1
  grep -Eq '^\s*set -[a-z]*e[a-z]* .*pipefail|^\s*set -[a-z]*e[a-z]*o pipefail' "$f" || return 0
  grep -nE '\|\s*(head\b|grep\s+-[A-Za-z]*q)' "$f" | grep -vE '^[0-9]+:\s*#' | sed "s|^|$f:|"
}

# The check itself must find what it is looking for.
sample=$(mktemp)
trap 'rm -f "$sample"' EXIT
printf '%s\n' 'set -euo pipefail' 'x=$(jq -r .a f | head -n1)' 'ls | grep -q y || true' '# a | head' >"$sample"
found=$(offenders "$sample" | wc -l)
[ "$found" = 2 ] || { echo "FAIL: the check found $found of the 2 early readers in its own sample"; exit 1; }

bad=0
while IFS= read -r -d '' f; do
  out=$(offenders "$f")
  [ -z "$out" ] || { echo "$out"; bad=1; }
done < <(find "$root/deploy" "$root/tests" "$root/.ci" -type f \( -name '*.sh' -o -name run \) -print0)
[ "$bad" = 0 ] || { echo "FAIL: early-stopping readers in pipelines under set -e and pipefail (above)"; exit 1; }
echo "pipefail lint ok"
