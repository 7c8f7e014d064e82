#!/usr/bin/env bash
# The patentledger command line as a new user drives it: keys, init, an
# enrolment, hand-written JSON submissions, consents, receipts, queries,
# export/decode, verify, exit codes and error messages.
# Usage: cli_test.sh PATH/TO/patentledger
set -uo pipefail
PL="$1"
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

AUTH_ORG=12100000400000624D      # the registry authority
OWNER=91110108MA01ABCD1E         # a Beijing enterprise
BANK=91310000MA1FL0001R          # a Shanghai bank
BUYER=91440300MA5G00001W         # a Shenzhen enterprise
PATENT=201710601862.3

# --help everywhere
for sub in keygen init enrolment sign submit query history export decode verify generate "bench ingest" "bench verify" \
    publish replay tail "bench kafka"; do
  check "help for $sub" expect_exit 0 "$PL" $sub --help
done
check "no subcommand is a usage error" expect_exit 1 "$PL"
check "unknown option is a usage error" expect_exit 1 "$PL" query --bogus

# keys
check "keygen authority" expect_exit 0 "$PL" keygen --out authority
check "keygen operator" expect_exit 0 "$PL" keygen --out operator
check "keygen bank (P-256)" expect_exit 0 "$PL" keygen --out bank --algorithm p256
check "private key file has mode 0600" test "$(stat -c %a operator.key)" = 600
check "keygen refuses to overwrite a key" expect_exit 2 "$PL" keygen --out operator
check "private key is never printed" bash -c "! grep -q PRIVATE out.txt"
cp operator.key loose.key && chmod 644 loose.key
check "a key file readable by others is refused" expect_exit 2 "$PL" sign --key loose.key --in /dev/null
check "... and the message names the file and the mode" grep -q "loose.key.*0644" err.txt

# init
check "init" expect_exit 0 "$PL" init --dir ledger --anchor authority.pub --organisation $AUTH_ORG
check "init twice is refused" expect_exit 3 "$PL" init --dir ledger --anchor authority.pub --organisation $AUTH_ORG
check "init with a bad credit code is refused" expect_exit 2 "$PL" init --dir other --anchor authority.pub --organisation 12100000400000624A

# enrol the operator and the bank
"$PL" enrolment --pub operator.pub --organisation $AUTH_ORG --roles operator > enrol.json
"$PL" enrolment --pub bank.pub --organisation $BANK --roles bank >> enrol.json
check "sign enrolments" expect_exit 0 "$PL" sign --key authority.key --in enrol.json --out enrol.b64
check "submit enrolments: all accepted" expect_exit 0 "$PL" submit --dir ledger enrol.b64
check "two accepted receipts" test "$(grep -c '"status":"accepted"' out.txt)" = 2

party() { echo "{\"kind\":\"DomesticOrganisation\",\"id\":\"$1\",\"country\":\"CN\",\"name\":\"$2\",\"holder_type\":\"Enterprise\",\"division_code\":$3}"; }
cat > record.json <<JSON
{"patent":"CN$PATENT","effective_date":20180301,"body_type":"PatentRecorded","body":{"patent_type":"Invention","title":"Distributed ledger storage","ipc_main_class":"G06F 16/27","owners":[$(party $OWNER "Beijing Owner Co" 110108)],"grant_date":20180301,"expiry_date":20370720,"publicly_funded":false}}
JSON
check "sign a PatentRecorded" expect_exit 0 "$PL" sign --key operator.key --in record.json --out record.b64
check "submit it: accepted" expect_exit 0 "$PL" submit --dir ledger record.b64
check "resubmitting the same bytes returns the original receipt" expect_exit 0 "$PL" submit --dir ledger record.b64
check "... marked as a replay" grep -q '"replayed":true' out.txt

# a JSON error names the file, line and field
printf '%s\n{"patent":"%s","effective_date":20180301,"body_type":"PatentRecorded","body":{"no_such_field":1}}\n' \
  "$(cat record.json)" "$PATENT" > bad.json
check "sign rejects a bad line" expect_exit 2 "$PL" sign --key operator.key --in bad.json --out /dev/null
check "... naming file, line and field" grep -q "bad.json:2:.*no_such_field" err.txt

# a pledge, then a transfer without and with the pledgee's consent
cat > pledge.json <<JSON
{"patent":"$PATENT","effective_date":20200110,"body_type":"PledgeRegistered","body":{"pledge_id":"PL-2020-001","pledgors":[$(party $OWNER "Beijing Owner Co" 110108)],"pledgee":$(party $BANK "Shanghai Bank" 310000),"secured_amount":{"amount_minor":500000000,"currency":"CNY"},"debt_term":{"start":20200110,"end":20230109},"contract_id":"LOAN-1"}}
JSON
"$PL" sign --key operator.key --in pledge.json --out pledge.b64 2>/dev/null
check "pledge accepted" expect_exit 0 "$PL" submit --dir ledger pledge.b64
cat > transfer.json <<JSON
{"patent":"$PATENT","effective_date":20210301,"body_type":"OwnershipTransferred","body":{"assignors":[$(party $OWNER "Beijing Owner Co" 110108)],"assignees":[$(party $BUYER "Shenzhen Buyer Co" 440305)],"contract_id":"T-1","consideration":{"amount_minor":120000000,"currency":"CNY"},"cause":"Contract"}}
JSON
"$PL" sign --key operator.key --in transfer.json --out transfer.b64 2>/dev/null
check "transfer without pledgee consent: exit 4" expect_exit 4 "$PL" submit --dir ledger transfer.b64
check "... code PLEDGEE_CONSENT_MISSING" grep -q '"code":"PLEDGEE_CONSENT_MISSING"' out.txt
check "bank adds its consent" expect_exit 0 "$PL" sign --consent --key bank.key --in transfer.b64 --out transfer-consented.b64
check "transfer with consent accepted" expect_exit 0 "$PL" submit --dir ledger transfer-consented.b64

# queries
check "query" expect_exit 0 "$PL" query --dir ledger "ZL$PATENT"
check "... shows the new owner" grep -q "Shenzhen Buyer Co" out.txt
check "... and the pledge" grep -q "PLEDGED to Shanghai Bank" out.txt
check "query --on a past day" expect_exit 0 "$PL" query --dir ledger --on 2020-01-01 $PATENT
check "... says the owners and the pledge are today's" grep -q "PLEDGED now to Shanghai Bank" out.txt
check "... and where the position on that day is" grep -q "query --as-of-date 2020-01-01" out.txt
check "query --json" expect_exit 0 "$PL" query --dir ledger --json $PATENT
check "... owners in JSON" test "$(jq -r '.owners[0].id' out.txt)" = $BUYER
check "... pledge amount in JSON" test "$(jq -r '.pledge.secured_amount_minor' out.txt)" = 500000000
check "query of an unrecorded patent exits 2" expect_exit 2 "$PL" query --dir ledger 202110000001.6
check "query of an invalid number exits 2" expect_exit 2 "$PL" query --dir ledger 201710601862.4
check "history" expect_exit 0 "$PL" history --dir ledger $PATENT
check "... three events" test "$(wc -l < out.txt)" = 3

# export / decode / verify
check "export" expect_exit 0 "$PL" export --dir ledger --out events.jsonl
check "five events exported" test "$(wc -l < events.jsonl)" = 5
check "export --base64" expect_exit 0 "$PL" export --dir ledger --base64 --out events.b64
check "decode" expect_exit 0 "$PL" decode events.b64
check "decode gives the same JSON as export" cmp -s out.txt events.jsonl
check "verify" expect_exit 0 "$PL" verify --dir ledger
check "... ok" grep -q '"ok":true' out.txt
check "submit to a missing ledger exits 3" expect_exit 3 "$PL" submit --dir nowhere record.b64
echo "garbage" > garbage.b64
check "a line that is not base64 gets a MALFORMED receipt" expect_exit 4 "$PL" submit --dir ledger garbage.b64
check "... naming the line" grep -q 'garbage.b64:1' out.txt

finish
