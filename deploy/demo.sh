#!/usr/bin/env bash
# The main job: keys, a new ledger, a realistic synthetic registry signed and
# submitted, the outcome by code, and a few patents. Embedded mode by default;
# with --kafka every accepted event is also on Apache Kafka before its receipt
# (ack policy `replicated`), and the demo ends by rebuilding a second ledger
# from the topic and comparing the two.
# Usage: deploy/demo.sh [COUNT] [--kafka]   (work files under var/demo/)
#   --kafka starts a local broker (deploy/kafka, data under var/demo/kafka) and
#   stops it at the end; with PL_KAFKA_BOOTSTRAP=host:port it uses that
#   cluster instead (PL_KAFKA_TOPIC names the events topic, which must not
#   hold another ledger's events; librdkafka settings: PL_KAFKA_CONFIG=FILE).
# PL_BIN and PL_DEMO_DIR override the binary and the work directory (tests).
set -euo pipefail
# set -e stops without a word; say where. (Under pipefail a reader that stops
# early, like `head`, can kill its writer with SIGPIPE, exit 141: the
# pipelines below let every reader consume all of its input.)
trap 'echo "deploy/demo.sh: stopped at line $LINENO (exit $?)" >&2' ERR
root=$(cd "$(dirname "$0")/.." && pwd)
pl=${PL_BIN:-$root/build/tools/patentledger/patentledger}
count=20000
kafka=0
for arg in "$@"; do
  case "$arg" in
    --kafka) kafka=1 ;;
    ''|*[!0-9]*) echo "usage: deploy/demo.sh [COUNT] [--kafka]" >&2; exit 2 ;;
    *) count=$arg ;;
  esac
done
work=${PL_DEMO_DIR:-$root/var/demo}
export PL_KAFKA_DATA="$work/kafka"
# A broker left by an earlier demo run keeps its files open: stop it first.
[ ! -d "$PL_KAFKA_DATA" ] || bash "$root/deploy/kafka/kafka.sh" stop >/dev/null 2>&1 || true
rm -rf "$work"
mkdir -p "$work"

kafka_args=()
if [ $kafka = 1 ]; then
  if [ -n "${PL_KAFKA_BOOTSTRAP:-}" ]; then
    bootstrap=$PL_KAFKA_BOOTSTRAP
    echo "== 0. Kafka: the cluster at $bootstrap"
  else
    echo "== 0. Kafka: start a local broker (KRaft, 127.0.0.1; jars from Maven Central)"
    bash "$root/deploy/kafka/kafka.sh" start
    trap 'bash "$root/deploy/kafka/kafka.sh" stop >/dev/null 2>&1 || true' EXIT
    bootstrap=$(bash "$root/deploy/kafka/kafka.sh" bootstrap)
  fi
  kafka_args=(--kafka "$bootstrap")
  [ -z "${PL_KAFKA_TOPIC:-}" ] || kafka_args+=(--topic "$PL_KAFKA_TOPIC")
  [ -z "${PL_KAFKA_CONFIG:-}" ] || kafka_args+=(--kafka-config "$PL_KAFKA_CONFIG")
fi

echo "== 1. generate $count signed submissions (seeded; keys for authority, operators, banks, owners)"
"$pl" generate --out "$work/sample" --seed 2024 --count "$count"

echo "== 2. create the ledger; its trust anchor is the authority's key"
anchor_pub="$work/sample/$(sed -n 's/.*"public_key_file": "\(.*\)".*/\1/p' "$work/sample/anchor.json")"
organisation=$(sed -n 's/.*"organisation": "\(.*\)".*/\1/p' "$work/sample/anchor.json")
"$pl" init --dir "$work/ledger" --anchor "$anchor_pub" --organisation "$organisation"

echo "== 3. submit (receipts in $work/receipts.jsonl)${kafka_args[*]:+; each accepted one on Kafka first}"
set +e
"$pl" submit --dir "$work/ledger" "${kafka_args[@]}" --out "$work/receipts.jsonl" "$work/sample/submissions.b64"
rc=$?
set -e
# 4 = some rejected (expected: the sample includes submissions built to be refused)
[ $rc -eq 0 ] || [ $rc -eq 4 ] || { echo "submit failed with exit code $rc"; exit $rc; }

echo "== 4. do the receipts match what each submission was built to get?"
paste -d'\t' "$work/sample/expected.jsonl" "$work/receipts.jsonl" | awk -F'\t' '
  function field(s, name, len) { if (match(s, "\"" name "\":\"[A-Za-z_]+\"")) return substr(s, RSTART + len, RLENGTH - len - 1); return "" }
  { want = field($1, "expect", 10); got = field($2, "status", 10)
    if (want == "replayed") want = "accepted"
    wc = field($1, "code", 8); gc = field($2, "code", 8)
    if (want == got && wc == gc) ok++
    else { bad++; if (bad <= 5) printf "  line %d: expected %s %s, got %s %s\n", NR, want, wc, got, gc } }
  END { printf "  %d of %d receipts as expected, %d not\n", ok, ok + bad, bad; exit bad > 0 }'

echo "== 5. a few patents: owners, status, pledge, licences, open licence"
"$pl" export --dir "$work/ledger" --out "$work/events.jsonl"
# The last activity year of the sample is the day the demo looks from.
on=$(jq -r '.submission.effective_date' "$work/events.jsonl" | sort -n | tail -n1)
# Patents ever pledged or licensed; show one pledged on that day, one with a
# licence in force, and a co-owned one.
candidates=$(jq -r 'select(.submission.body_type == "PledgeRegistered" or .submission.body_type == "LicenceRecorded")
                    | .submission.patent' "$work/events.jsonl" | sed 's/^\(CN\|ZL\)//' | sort -u | sed -n '1,400p')
# shellcheck disable=SC2086
"$pl" query --dir "$work/ledger" --json --on "$on" $candidates >"$work/candidates.jsonl"
first() { jq -rn "first(inputs | select($1) | .patent) // empty" "$work/candidates.jsonl"; }
pledged=$(first '.pledge != null and .in_force')
licensed=$(first '.pledge == null and .in_force and any(.licences[]; .in_force)')
coowned=$(first '.owners | length > 1')
# shellcheck disable=SC2086
"$pl" query --dir "$work/ledger" --on "$on" $pledged $licensed $coowned
[ -z "$pledged" ] || { echo "-- history of $pledged"; "$pl" history --dir "$work/ledger" "$pledged"; }

echo "== 6. audit the store (every signature, both chains, heads, Merkle tree)"
"$pl" verify --dir "$work/ledger"

if [ -n "$pledged" ]; then
  echo "== 7. a bank's offline proof: a signed checkpoint and a pledge-status certificate for $pledged"
  "$pl" checkpoint --dir "$work/ledger" >/dev/null
  "$pl" certificate --dir "$work/ledger" --on "$on" --out "$work/certificate-$pledged.json" "$pledged"
  # Checked with nothing but the ledger's public log key (docs/proofs.md).
  "$pl" verify-certificate --pub "$work/ledger/log.pub" "$work/certificate-$pledged.json"
fi

if [ $kafka = 1 ]; then
  echo "== 8. rebuild a second ledger from the Kafka topic alone (every event verified) and compare"
  "$pl" init --dir "$work/replica" --anchor "$anchor_pub" --organisation "$organisation" >/dev/null
  replay_args=(--bootstrap "$bootstrap")
  [ -z "${PL_KAFKA_TOPIC:-}" ] || replay_args+=(--topic "$PL_KAFKA_TOPIC")
  [ -z "${PL_KAFKA_CONFIG:-}" ] || replay_args+=(--kafka-config "$PL_KAFKA_CONFIG")
  "$pl" replay --from kafka "${replay_args[@]}" --dir "$work/replica"
  "$pl" export --dir "$work/replica" --out "$work/replica-events.jsonl"
  if cmp -s "$work/events.jsonl" "$work/replica-events.jsonl"; then
    echo "  the ledger rebuilt from Kafka holds the same $(wc -l <"$work/events.jsonl") events, byte for byte"
  else
    echo "  the ledger rebuilt from Kafka differs from the original" >&2
    exit 1
  fi
fi
