# Sourced by the shell tests: counted checks, an exit-code expectation and the
# closing summary. Run from the test's work directory: expect_exit leaves the
# command's output in out.txt and err.txt there.
passed=0
failed=0
check() {  # check "description" command...
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what"; fi
}
expect_exit() {  # expect_exit CODE command...
  local want="$1"; shift
  "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" -eq "$want" ] || { echo "  exit $got, wanted $want: $*"; tail -n 20 err.txt out.txt; return 1; }
}
finish() {  # the summary line; the script's exit status is 0 only if nothing failed
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
skip_rest() {  # skip_rest "reason": fails if a check failed so far, else exits 77 (CTest: skipped; SKIP_RETURN_CODE 77)
  echo "$passed passed, $failed failed; the rest skipped: $1"
  [ "$failed" -eq 0 ] || exit 1
  exit 77
}
enter_work_dir() {  # a fresh temporary directory, the current one until exit, then removed (small/ unmounted first)
  work=$(mktemp -d)
  trap 'mountpoint -q "$work/small" 2>/dev/null && umount "$work/small"; rm -rf "$work"' EXIT
  cd "$work" || exit 1
}
mount_small_disk() {  # mount_small_disk SIZE: a real small disk at ./small (tmpfs); without mount rights, skip_rest
  mkdir -p small
  mount -t tmpfs -o size="$1" tmpfs small 2>mount.err ||
    skip_rest "cannot mount a tmpfs here ($(cat mount.err)): a full-disk test needs root with mount rights"
}
flip_byte() {  # flip_byte FILE OFFSET [MASK]: xor the byte at OFFSET with MASK (default 0xff): always a change
  local b
  b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
  [ -n "$b" ] || { echo "flip_byte: $1 has no byte at $2" >&2; return 1; }
  printf "$(printf '\\%03o' $((b ^ ${3:-0xff})))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# With PL (patentledger) set:
# sample SEED COUNT: sample/ with keys and submissions.b64; sets ANCHOR and ORG
sample() {
  "$PL" generate --out sample --seed "$1" --count "$2" >/dev/null 2>&1
  ANCHOR="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
  ORG=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' sample/anchor.json)
}
# init DIR PARTITIONS: a ledger with the sample's anchor
init() { "$PL" init --dir "$1" --anchor "$ANCHOR" --organisation "$ORG" --partitions "$2" >/dev/null; }
