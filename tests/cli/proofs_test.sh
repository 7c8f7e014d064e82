#!/usr/bin/env bash
# Checkpoints and proofs from the command line, as an operator and a bank
# use them: init creates the log key, checkpoint signs tree heads, prove
# writes proof files, verify-proof checks them with log.pub alone (and
# refuses tampered ones), and the checkpoint signature checks with plain
# openssl as docs/proofs.md tells a bank to do it.
# Usage: proofs_test.sh PATH/TO/patentledger
set -uo pipefail
PL="$1"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

for sub in checkpoint "prove inclusion" "prove consistency" verify-proof; do
  check "help for $sub" expect_exit 0 "$PL" $sub --help
done

"$PL" generate --out sample --seed 5 --count 600 >/dev/null 2>&1
anchor="sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' sample/anchor.json)"
org=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' sample/anchor.json)
check "init with a space in the origin is refused" expect_exit 2 "$PL" init --dir bad --anchor "$anchor" --organisation "$org" --origin "a b"
check "init" expect_exit 0 "$PL" init --dir ledger --anchor "$anchor" --organisation "$org" --origin registry.example/ledger
check "init writes the log key with mode 0600" test "$(stat -c %a ledger/log.key)" = 600
check "init writes log.pub" grep -q "BEGIN PUBLIC KEY" ledger/log.pub
head -n 300 sample/submissions.b64 > first.b64
tail -n +301 sample/submissions.b64 > second.b64
"$PL" submit --dir ledger first.b64 >/dev/null 2>&1

check "prove before any checkpoint fails and says why" expect_exit 3 "$PL" prove inclusion --dir ledger --seq 0
check "... naming the checkpoint command" grep -q "patentledger checkpoint" err.txt
check "checkpoint" expect_exit 0 "$PL" checkpoint --dir ledger
size1=$(jq -r '.[0].tree_size' out.txt)
jq -j '.[0].checkpoint' out.txt > cp1.note
check "checkpoint has a tree size" test "$size1" -gt 10
check "checkpoint note: origin, size, root, blank line, signature" bash -c \
  "sed -n 1p cp1.note | grep -qx registry.example/ledger/p0 && sed -n 2p cp1.note | grep -qx $size1 && sed -n 4p cp1.note | grep -qx '' && sed -n 5p cp1.note | grep -q '^— registry.example/ledger '"

# The bank's check with plain openssl (docs/proofs.md).
sed '/^$/,$d' cp1.note > cp1.text
tail -n 1 cp1.note | cut -d' ' -f3 | base64 -d > cp1.sig
tail -c 64 cp1.sig > cp1.sig.raw
check "openssl verifies the checkpoint signature with log.pub" \
  openssl pkeyutl -verify -pubin -inkey ledger/log.pub -rawin -in cp1.text -sigfile cp1.sig.raw
{ printf 'registry.example/ledger\n\001'; openssl pkey -pubin -in ledger/log.pub -outform DER | tail -c 32; } > keyid.in
check "the key id is SHA-256(name, 0x0A, 0x01, key)[:4]" \
  test "$(openssl dgst -sha256 -binary keyid.in | head -c 4 | xxd -p)" = "$(head -c 4 cp1.sig | xxd -p)"
sed -i '2s/.*/999999/' cp1.text
check "openssl refuses a changed checkpoint" bash -c \
  "! openssl pkeyutl -verify -pubin -inkey ledger/log.pub -rawin -in cp1.text -sigfile cp1.sig.raw >/dev/null 2>&1"

check "prove inclusion" expect_exit 0 "$PL" prove inclusion --dir ledger --seq 7 --out incl.json
check "verify-proof accepts it with log.pub" expect_exit 0 "$PL" verify-proof incl.json --pub ledger/log.pub
check "... and says what it proves" grep -q '"ok":true' out.txt
check "verify-proof with the authority key instead fails" expect_exit 6 "$PL" verify-proof incl.json --pub "$anchor"
check "... naming the signature" grep -q "no signature\|does not verify\|Ed25519" out.txt err.txt
jq '.seq = 8' incl.json > bad-seq.json
check "a proof naming another seq is refused" expect_exit 6 "$PL" verify-proof bad-seq.json --pub ledger/log.pub
jq '.proof[0] = .leaf_hash' incl.json > bad-path.json
check "a changed proof path is refused" expect_exit 6 "$PL" verify-proof bad-path.json --pub ledger/log.pub
check "... saying it does not lead to the root" grep -q "root" out.txt
other=$(jq -r '.sealed_event' <("$PL" prove inclusion --dir ledger --seq 9))
jq --arg e "$other" '.sealed_event = $e' incl.json > bad-event.json
check "another event under this proof is refused" expect_exit 6 "$PL" verify-proof bad-event.json --pub ledger/log.pub
check "a proof for a seq beyond the checkpoint is refused" expect_exit 2 "$PL" prove inclusion --dir ledger --seq "$size1"
echo '{"type":"inclusion"' > broken.json
check "a proof file that is not JSON is a bad input" expect_exit 2 "$PL" verify-proof broken.json --pub ledger/log.pub

"$PL" submit --dir ledger --checkpoint-every 50 second.b64 >/dev/null 2>&1
check "submit with automatic checkpoints runs" test $? -ne 3
"$PL" checkpoint --dir ledger > cps.json
size2=$(jq -r '.[0].tree_size' cps.json)
jq -j '.[0].checkpoint' cps.json > cp2.note
check "the log grew" test "$size2" -gt "$size1"
check "prove consistency" expect_exit 0 "$PL" prove consistency --dir ledger --from "$size1" --to "$size2" --out cons.json
check "verify-proof accepts the consistency proof" expect_exit 0 "$PL" verify-proof cons.json --pub ledger/log.pub
check "an old inclusion proof still verifies against its own checkpoint" expect_exit 0 "$PL" verify-proof incl.json --pub ledger/log.pub
check "prove against an older checkpoint by --size" expect_exit 0 "$PL" prove inclusion --dir ledger --seq 3 --size "$size1" --out incl-old.json
check "a proof checked against a checkpoint of another size is refused" expect_exit 6 "$PL" verify-proof incl-old.json --pub ledger/log.pub --checkpoint cp2.note
check "prove inclusion against the newest checkpoint" expect_exit 0 "$PL" prove inclusion --dir ledger --seq "$size1" --out incl-new.json
check "verify-proof with the checkpoint given beside it" expect_exit 0 "$PL" verify-proof incl-new.json --pub ledger/log.pub --checkpoint cp2.note
check "verify-proof for another origin is refused" expect_exit 6 "$PL" verify-proof incl-new.json --pub ledger/log.pub --origin other.example/ledger
check "no consistency proof without a checkpoint at --from" expect_exit 3 "$PL" prove consistency --dir ledger --from 1 --to "$size2"

# verify: the store and an archive of it, with their tree and checkpoints
check "verify the store" expect_exit 0 "$PL" verify --dir ledger
check "... checked the tree and a checkpoint" bash -c "jq -e '.tree_nodes > 0 and .checkpoints == 1' out.txt >/dev/null"
check "export an archive" expect_exit 0 "$PL" export --dir ledger --archive ledger.archive
check "verify the archive with the anchor and log key" expect_exit 0 "$PL" verify --archive ledger.archive --anchor "$anchor" --pub ledger/log.pub
check "... checked its checkpoint" bash -c "jq -e '.checkpoints == 1 and .signatures > 0' out.txt >/dev/null"
check "verify needs exactly one of --dir and --archive" expect_exit 1 "$PL" verify --dir ledger --archive ledger.archive
check "... or of --dir and --kafka" expect_exit 1 "$PL" verify --dir ledger --kafka 127.0.0.1:9
check "... naming the three sources" grep -q -- "--dir, --archive and --kafka" err.txt
check "an archive audit needs the keys" expect_exit 1 "$PL" verify --archive ledger.archive
cp ledger.archive flipped.archive
size=$(stat -c %s flipped.archive)
flip_byte flipped.archive $((size / 2))
check "the archive copy differs" bash -c "! cmp -s ledger.archive flipped.archive"
check "a flipped byte in an archive event fails verify" expect_exit 6 "$PL" verify --archive flipped.archive --anchor "$anchor" --pub ledger/log.pub
check "... naming the partition and seq" bash -c "jq -e '.problem | test(\"partition 0 seq [0-9]+\")' out.txt >/dev/null"
check "verify the archive with another log key fails" expect_exit 6 "$PL" verify --archive ledger.archive --anchor "$anchor" --pub "$anchor"

# Certificates: the patent with the longest history.
patent=$("$PL" export --dir ledger | jq -r '.submission.patent // empty' | sort | uniq -c | sort -rn | head -1 | awk '{print $2}')
check "certificate" expect_exit 0 "$PL" certificate "$patent" --dir ledger --on 2025-06-30 --out cert.json
check "certificate states owners and the pledge (or null)" bash -c "jq -e '.status.owners | length > 0' cert.json >/dev/null && jq -e '.status | has(\"pledge\")' cert.json >/dev/null"
check "certificate carries several events with proofs" test "$(jq '.events | length' cert.json)" -ge 2
check "verify-certificate accepts it" expect_exit 0 "$PL" verify-certificate cert.json --pub ledger/log.pub
check "... and says what it proves" grep -q '"ok":true' out.txt
jq '.status.owners[0].id = "91110108MA01ABCD1E"' cert.json > c1.json
check "a changed owner is refused" expect_exit 6 "$PL" verify-certificate c1.json --pub ledger/log.pub
check "... the stated status differs" grep -q "stated status differs" out.txt
check "... and names no missing field" bash -c "! grep -q 'older version' out.txt"
jq 'del(.status.status_changes)' cert.json > c1b.json
check "a certificate from before status changes were dated is refused" \
  expect_exit 6 "$PL" verify-certificate c1b.json --pub ledger/log.pub
check "... naming the field it lacks and what to do" grep -q "lacks .status_changes.*ask for a fresh certificate" out.txt
jq '.events |= .[:-1]' cert.json > c2.json
check "a certificate missing its last event is refused" expect_exit 6 "$PL" verify-certificate c2.json --pub ledger/log.pub
jq '.events |= [.[0]] + .[2:]' cert.json > c3.json
check "a certificate missing a middle event is refused" expect_exit 6 "$PL" verify-certificate c3.json --pub ledger/log.pub
check "... naming the stream version" grep -q "stream version" out.txt
jq '.events[1].proof[0] = .events[0].proof[0]' cert.json > c4.json
check "a bad inclusion proof is refused" expect_exit 6 "$PL" verify-certificate c4.json --pub ledger/log.pub
jq --arg c "$(cat cp1.note)" '.checkpoint = $c' cert.json > c5.json
check "another checkpoint is refused" expect_exit 6 "$PL" verify-certificate c5.json --pub ledger/log.pub
check "verify-certificate with the wrong key is refused" expect_exit 6 "$PL" verify-certificate cert.json --pub "$anchor"
check "certificate of an unknown patent fails" expect_exit 3 "$PL" certificate 201710601862.3 --dir ledger
check "certificate of a malformed number is a bad input" expect_exit 2 "$PL" certificate 12345 --dir ledger

finish
