#!/usr/bin/env bash
# The three projections against the ledger itself, on a generated registry
# of 4,000 submissions: two implementations, one answer (decision 0027).
# - The ownership register (its own fold) against the ledger's state (the
#   fold admission uses), for every patent: owners and shares, in force and
#   status flags (the term judged on the same day), the active pledge,
#   licences, the latest open-licence declaration. What a bank reads from
#   the register is what the ledger admits against. Also: the bank view and
#   the JSON name the day terms are judged on.
# - The register as of a recorded time against a register replayed only up
#   to that time.
# - The report's pledges outstanding and open licences in force against the
#   register's, summed over patents.
# - The report's activity totals, attribution by region and holder type,
#   transformation, dormancy and late filings against the definitions of
#   docs/statistics.md, computed again in jq from the exported events; the
#   ledger's late-filing flags against the 3-month rule.
# - The contract feed against the ledger's contract acts, and each
#   contract's recognition against docs/techcontract.md's rules.
# Usage: match_ledger_test.sh PATH/TO/patentledger
set -uo pipefail
PL=$(readlink -f "$1")
source "$(dirname "${BASH_SOURCE[0]}")/../lib/checks.sh"
enter_work_dir

sample 11 4000
init ledger 2
"$PL" submit --dir ledger --out receipts.jsonl sample/submissions.b64 >/dev/null 2>&1
check "project" expect_exit 0 "$PL" project --dir ledger --state state
"$PL" export --dir ledger >events.jsonl
# jq definitions the recomputations below share: CamelCase to snake_case, and
# the lead of a side (docs/statistics.md): the largest share; equal shares,
# or none given, to the smallest identity kind|country|id.
defs='
  def snake: gsub("(?<x>[a-z])(?<y>[A-Z])"; "\(.x)_\(.y)") | ascii_downcase;
  def kind_rank: {"DomesticOrganisation": 0, "Individual": 1, "Foreign": 2}[.];
  def lead: map({s: .share_bp, p: .,
      i: ((.kind | kind_rank | tostring) + "|" + (if .kind == "Foreign" then .country else "" end) + "|" + .id)})
    | min_by([-.s, .i]).p;'
# Every patent once (a submission may name it with its ZL or CN prefix).
<events.jsonl jq -r '.submission.patent // empty | sub("^(ZL|CN)"; "")' | sort -u >patents
count=$(wc -l <patents)
check "the registry has hundreds of patents ($count)" test "$count" -gt 500
pledged=$("$PL" query --dir ledger --json $(cat patents) 2>/dev/null | jq -r 'select(.pledge != null) | .patent' | wc -l)
check "... and pledged ones ($pledged)" test "$pledged" -gt 20

# The facts both answer, in one shape: a licence's termination date and
# whether it is in force are compared on every day asked.
ledger_facts() {  # ledger_facts [--on DAY]
  "$PL" query --dir ledger --json "$@" $(cat patents) | jq -c '{patent, in_force, as_of,
    status: (.status_flags | sort), owners: ([.owners[] | [.id, .share_bp]] | sort),
    pledge: (.pledge | if . == null then null else [.pledge_id, .pledgee.id, .secured_amount_minor, .currency, .debt_term, .registered_on] end),
    licences: ([.licences[] | [.licence_id, .kind, .licensee.id, .terminated_on, .in_force]] | sort),
    open_licence: (.open_licence | if . == null then null else [.declaration, .term, .withdrawn, .takings] end)}' | sort
}
register_facts() {  # register_facts [--on DAY]
  "$PL" query --state state --json "$@" $(cat patents) | jq -c '{patent, in_force, as_of: .in_force_on,
    status: (.status_flags | sort), owners: ([.owners[] | [.id, .share_bp]] | sort),
    pledge: (.pledge | if . == null then null else [.pledge_id, .pledgee.id, .secured_amount_minor, .currency, .debt_term, .registered_on] end),
    licences: ([.licences | to_entries[] | .key as $kind | .value[] |
                [.licence_id, $kind, .licensee.id, .terminated_on, .in_force]] | sort),
    open_licence: (.open_licence.declarations | if length == 0 then null else last | [.declaration, .term, .withdrawn, .takings] end)}' | sort
}
ledger_facts >ledger.today
register_facts >register.today
check "register and ledger agree on every patent, judged today" diff ledger.today register.today
check "... all $count of them" test "$(wc -l <register.today)" -eq "$count"
later=0  # licences in force on a day and terminated after it
restatus=0  # patents whose status on a day is not today's
status_now() { jq -r '"\(.patent) \(.status - ["term_ended", "before_grant"])"' "$1"; }
for day in 2016-01-01 2019-06-30 2023-12-31; do
  ledger_facts --on "$day" >ledger.day
  register_facts --on "$day" >register.day
  check "register and ledger agree on every patent, status and terms judged on $day" diff ledger.day register.day
  cp register.day "register.$day"
  later=$((later + $(jq -r --arg d "$day" '.licences[] | select(.[3] != null and .[3] > $d and .[4]) | .[0]' ledger.day | wc -l)))
  restatus=$((restatus + $(diff <(status_now ledger.today) <(status_now ledger.day) | grep -c '^>')))
done
check "... including licences in force on those days and terminated after them ($later)" test "$later" -gt 0
check "... and patents whose status on those days was not today's ($restatus)" test "$restatus" -gt 0
check "... and patents not granted yet on 2016-01-01" grep -q before_grant register.2016-01-01
check "some terms have ended by today" grep -q term_ended register.today
check "... and fewer by 2016-01-01" test "$(grep -c term_ended register.2016-01-01)" -lt "$(grep -c term_ended register.today)"

# As of a recorded time T, the register answers from its history what a
# register replayed only up to T holds now: for every patent, recorded by
# then or not.
events=$(<events.jsonl jq -r .recorded_at_us | sort -n)
for share in 4 2; do
  t=$(sed -n "$(($(wc -l <<<"$events") / share))p" <<<"$events")
  "$PL" project --dir ledger --state "cut$share" --recorded-before "$((t + 1))" >/dev/null
  strip='del(.positions, .source, .as_of_date, .as_of_recorded)'
  "$PL" query --state state --json --as-of-recorded "$t" --on 2020-01-01 $(cat patents) 2>/dev/null | jq -c "$strip" | sort >asof
  "$PL" query --state "cut$share" --json --on 2020-01-01 $(cat patents) 2>/dev/null | jq -c "$strip" | sort >cut
  check "as of recorded time $t (1/$share of the events): the register replayed up to then, every patent" diff asof cut
  check "... $(grep -c '"recorded":false' cut) of $count not recorded yet" \
    test "$(grep -c '"recorded":false' cut)" -gt 0 -a "$(grep -c '"recorded":false' cut)" -lt "$count"
done

# Pledge financing outstanding at a period's end, as the statistics
# projection reports it (its own facts), is the sum of the register's active
# pledges as of that day over every patent; open licences in force at the
# end, the register's patents with an open licence in force that day.
"$PL" report --state state --as-of 2024-12-31 --out report >/dev/null
for end in 2019-12-31:2019-Q4 2022-06-30:2022-Q2 2024-12-31:2024-Q4; do
  day=${end%:*} quarter=${end#*:}
  "$PL" query --state state --json --as-of-date "$day" $(cat patents) 2>/dev/null >register.asof
  reported=$(grep "^$quarter," report/pledges.csv | cut -d, -f6,7)
  pledges=$(jq -s -r '[.[] | .pledge // empty] | "\(length),\([.[] | select(.currency == "CNY") | .secured_amount_minor] | add // 0)"' register.asof)
  check "pledges outstanding at $day: report $reported, register $pledges" test "$reported" = "$pledges"
  reported=$(grep "^$quarter," report/open_licence.csv | cut -d, -f5)
  open=$(jq -s '[.[] | select(.open_licence.in_force == true)] | length' register.asof)
  check "open licences in force at $day: report $reported, register $open" test "$reported" = "$open"
done
check "... some pledges outstanding ($pledges) and open licences in force ($open) at the cut-off" \
  test "${pledges%,*}" -gt 10 -a "$open" -gt 10

# Activity totals by act, all periods to the cut-off: the ledger's events
# effective by then, counted, and their amounts (in CNY) summed.
grep -v '^#' report/activity_by_period.csv | tail -n +2 |
  awk -F, '{n[$2] += $3; a[$2] += $4} END {for (k in n) printf "%s %d %.0f\n", k, n[k], a[k]}' | sort >acts.report
<events.jsonl jq -r "$defs"'
    .submission | select(.effective_date <= 20241231) | .body_type as $t | .body as $b |
    (if $t == "PatentRecorded" then "patent_recorded"
     elif $t == "OwnershipTransferred" then "transfer_" + ($b.cause | snake)
     elif $t == "LicenceRecorded" then "licence_" + ($b.kind | ascii_downcase)
     elif $t == "LicenceTerminated" then "licence_terminated"
     elif $t == "OpenLicenceDeclared" then "open_licence_declared"
     elif $t == "OpenLicenceWithdrawn" then "open_licence_withdrawn"
     elif $t == "OpenLicenceTaken" then "open_licence_taken"
     elif $t == "PledgeRegistered" then "pledge_registered"
     else empty end) as $act |
    ($b.consideration // $b.lump_sum // $b.payment // $b.secured_amount // {}) as $m |
    "\($act) \(if $m.currency == "CNY" then $m.amount_minor else 0 end)"' |
  awk '{n[$1]++; a[$1] += $2} END {for (k in n) printf "%s %d %.0f\n", k, n[k], a[k]}' | sort >acts.ledger
check "activity totals by act equal the ledger's events ($(wc -l <acts.ledger) acts)" \
  diff acts.ledger <(grep -v '^pledge_released ' acts.report)
check "... pledge releases counted as the ledger's" test "$(grep '^pledge_released ' acts.report | cut -d' ' -f2)" = \
  "$(<events.jsonl jq -r 'select(.submission.body_type == "PledgeReleased" and .submission.effective_date <= 20241231) | 1' | wc -l)"

# The transformation and dormancy tables (docs/statistics.md), computed
# here from the exported events. Per granted patent not past expiry on DAY:
# the holder type of its first recorded owners' lead (the largest share;
# equal shares, or none given, to the smallest identity kind|country|id),
# whether its status changes (by effective date, then stream order) leave
# it in force, whether it is publicly funded and 5 years from grant (29
# February + 5 years = 28 February), and whether it had a deal (a transfer
# by contract, a licence, an open-licence taking) effective by DAY.
patent_facts() {  # patent_facts YYYYMMDD: "patent recorded_on holder_type in_force funded_5y dealt" lines
  <events.jsonl jq -s -r --argjson day "$1" "$defs"'
    [.[] | select(.submission.patent != null)
         | {p: (.submission.patent | sub("^(ZL|CN)"; "")), v: .stream_version, e: .submission.effective_date,
            t: .submission.body_type, b: .submission.body}]
    | group_by(.p)[]
    | (map(select(.t == "PatentRecorded"))[0]) as $r
    | select($r.b.grant_date <= $day and $day <= $r.b.expiry_date)
    | (map(select(.t == "PatentStatusChanged" and .e <= $day)) | sort_by([.e, .v])
       | reduce .[].b.change as $c ({};
           if $c == "Lapsed" then .lapsed = true elif $c == "Restored" then .lapsed = false
           elif $c == "InvalidatedWhole" then .invalidated = true elif $c == "Expired" then .expired = true
           elif $c == "PreservationOn" then .preserved = true elif $c == "PreservationOff" then .preserved = false
           elif $c == "DisputeOn" then .disputed = true elif $c == "DisputeOff" then .disputed = false else . end)) as $s
    | ($r.b.owners | lead | .holder_type) as $holder
    | ($r.b.grant_date + 50000 | if . % 10000 == 229 then . - 1 else . end) as $fifth_anniversary
    | any(.[]; .e <= $day and ((.t == "OwnershipTransferred" and .b.cause == "Contract") or
                               .t == "LicenceRecorded" or .t == "OpenLicenceTaken")) as $dealt
    | "\($r.p) \($r.e) \($holder) \(($s.lapsed or $s.invalidated or $s.expired or $s.preserved or $s.disputed) | not) \($r.b.publicly_funded and $fifth_anniversary <= $day) \($dealt)"'
}
for end in 2019-12-31:2019-Q4 2022-06-30:2022-Q2 2024-12-31:2024-Q4; do
  day=${end%:*} quarter=${end#*:}
  patent_facts "${day//-/}" >facts
  for holder in University:university ResearchInstitute:research_institute; do
    counted="$(grep -c " ${holder%:*} true " facts),$(grep -c " ${holder%:*} true .* true$" facts)"
    reported=$(grep "^$quarter,${holder#*:}," report/transformation.csv | cut -d, -f3,5)
    check "${holder#*:} patents in force at $day, and transformed ever: report $reported, counted from the events $counted" \
      test "$reported" = "$counted"
  done
  # The register as of that day (its own fold, status changes by effective
  # date) has the same patents in force, among those recorded by then.
  awk -v d="${day//-/}" '$2 <= d && $4 == "true" {print $1}' facts | sort >in_force.counted
  "$PL" query --state state --json --as-of-date "$day" $(cat patents) 2>/dev/null |
    jq -r 'select(.in_force == true) | .patent' | sort >in_force.register
  check "patents in force on $day: the register's $(wc -l <in_force.register), counted from the events" \
    diff in_force.counted in_force.register
  # The ledger's own state judged on that day (status changes by effective
  # date, decision 0029): the same, among the patents recorded by then.
  "$PL" query --dir ledger --json --on "$day" $(cat patents) | jq -r 'select(.in_force) | .patent' | sort |
    join - <(awk -v d="${day//-/}" '$2 <= d {print $1}' facts | sort) >in_force.ledger
  check "... and the ledger's query --on $day: $(wc -l <in_force.ledger)" diff in_force.counted in_force.ledger
done
# `facts` is now as of the cut-off, 2024-12-31.
counted="$(grep -c ' true true ' facts),$(grep -c ' true true false$' facts)"
reported=$(grep '^all,all,all,' report/dormant_publicly_funded.csv | cut -d, -f4,5)
check "publicly funded patents 5 years from grant in force, and dormant: report $reported, counted $counted" \
  test "$reported" = "$counted"
unshared=$(jq -s '[.[].submission | select(.body_type == "PatentRecorded" and (.body.owners | length) > 2 and
                                             all(.body.owners[]; .share_bp == 0))] | length' events.jsonl)
check "... $unshared patents recorded with three or more co-owners and no shares" test "$unshared" -gt 0

# Attribution (docs/statistics.md): each act counted once, for the lead of
# its seller side -- assignors, licensors, declarants (also for takings under
# the declaration), pledgors (also for the release), the owners at that
# point of the patent's stream otherwise -- by its region (province of the
# division code, country if foreign, 00 without a code) and holder type.
<events.jsonl jq -s -r --argjson day 20241231 "$defs"'
  def side: lead | [(if .kind == "Foreign" then .country elif (.division_code // 0) == 0 then "00"
                     else (.division_code / 10000 | floor | tostring) end), (.holder_type | snake)];
  [.[] | select(.submission.patent != null)
       | {p: (.submission.patent | sub("^(ZL|CN)"; "")), v: .stream_version, e: .submission.effective_date,
          id: .submission.submission_id, t: .submission.body_type, b: .submission.body}]
  | group_by(.p)[] | sort_by(.v)
  | foreach .[] as $x ({owners: null, pledges: {}, declarations: {}, act: null};
      .act = null
      | if $x.t == "PatentRecorded" then .owners = $x.b.owners | .act = ["patent_recorded"] + ($x.b.owners | side)
        elif $x.t == "OwnershipTransferred" then .act = ["transfer_" + ($x.b.cause | snake)] + ($x.b.assignors | side)
          | .owners = $x.b.assignees
        elif $x.t == "LicenceRecorded" then .act = ["licence_" + ($x.b.kind | ascii_downcase)] + ($x.b.licensors | side)
        elif $x.t == "LicenceTerminated" then .act = ["licence_terminated"] + (.owners | side)
        elif $x.t == "OpenLicenceDeclared" then .declarations[$x.id] = ($x.b.declarants | side)
          | .act = ["open_licence_declared"] + .declarations[$x.id]
        elif $x.t == "OpenLicenceWithdrawn" then .act = ["open_licence_withdrawn"] + (.owners | side)
        elif $x.t == "OpenLicenceTaken" then .act = ["open_licence_taken"] + .declarations[$x.b.declaration]
        elif $x.t == "PledgeRegistered" then .pledges[$x.b.pledge_id] = ($x.b.pledgors | side)
          | .act = ["pledge_registered"] + .pledges[$x.b.pledge_id]
        elif $x.t == "PledgeReleased" then .act = ["pledge_released"] + .pledges[$x.b.pledge_id]
        else . end;
      select(.act != null and $x.e <= $day) | .act | join(" "))' >attributed
# "act region holder_type" per act; the report's tables summed over periods.
for dimension in region:2:4:5 holder_type:3:3:4; do  # name : field in attributed : act and count columns
  IFS=: read -r name field act_column count_column <<<"$dimension"
  awk -v f="$field" '{n[$1 " " $f]++} END {for (x in n) print x, n[x]}' attributed | sort >counted.$name
  grep -v '^#' "report/activity_by_$name.csv" | tail -n +2 |
    awk -F, -v a="$act_column" -v c="$count_column" '{n[$a " " $2] += $c} END {for (x in n) print x, n[x]}' |
    sort >reported.$name
  check "activity by $name: every (act, $name) total as attributed from the events ($(wc -l <counted.$name) cells)" \
    diff counted.$name reported.$name
done

# Late filings: the ledger's flag (set at admission) is the documented rule,
# effective date > contract date + 3 calendar months (the day clamped to the
# month's end), on every licence; the report counts the licences and the
# flagged ones by the cut-off.
<events.jsonl jq -r '
  def leap(y): (y % 4 == 0 and y % 100 != 0) or y % 400 == 0;
  def month_days(y; m): if m == 2 then (if leap(y) then 29 else 28 end) elif (m == 4 or m == 6 or m == 9 or m == 11) then 30 else 31 end;
  def plus_3_months: (. / 10000 | floor) as $y | ((. / 100 | floor) % 100) as $m | (. % 100) as $d
    | (if $m + 3 > 12 then [$y + 1, $m - 9] else [$y, $m + 3] end) as [$y2, $m2]
    | $y2 * 10000 + $m2 * 100 + ([$d, month_days($y2; $m2)] | min);
  select(.submission.body_type == "LicenceRecorded")
  | "\(.submission.effective_date) \(.submission.effective_date > (.submission.body.contract_date | plus_3_months)) \(.flags | index("late_filing") != null)"' >licences
check "late-filing flag = effective date > contract date + 3 months, on all $(wc -l <licences) licences" \
  bash -c "awk '\$2 != \$3' licences | grep -q . && exit 1 || exit 0"
check "... $(grep -c ' true true$' licences) of them late" grep -q ' true true$' licences
counted="$(awk '$1 <= 20241231' licences | wc -l) $(awk '$1 <= 20241231 && $3 == "true"' licences | wc -l)"
reported=$(grep -v '^#' report/late_filings.csv | tail -n +2 | awk -F, '{filed += $4; late += $5} END {print filed, late}')
check "licences filed and filed late by the cut-off: report $reported, counted $counted" test "$reported" = "$counted"

# The contract feed: one part per transfer, licence filing and taking; the
# same amounts.
"$PL" contracts --state state --json >contracts.jsonl
check "contract parts: one per contract act in the ledger" test \
  "$(jq -s '[.[].parts] | add' contracts.jsonl)" = \
  "$(<events.jsonl jq -r '.submission.body_type | select(. == "OwnershipTransferred" or . == "LicenceRecorded" or . == "OpenLicenceTaken")' | wc -l)"
check "... and the same CNY amount in all" test \
  "$(jq -s '[.[] | select(.currency == "CNY") | .amount_minor] | add' contracts.jsonl)" = \
  "$(<events.jsonl jq -s '[.[].submission | select(.body_type == "OwnershipTransferred" or .body_type == "LicenceRecorded" or .body_type == "OpenLicenceTaken") | (.body.consideration // .body.lump_sum // .body.payment // {}) | select(.currency == "CNY") | .amount_minor] | add')"

# Recognition (docs/techcontract.md), rule by rule in order, on each act;
# every contract of this registry has one part, so acts and contracts pair.
check "... every contract one part here" test "$(jq -s '[.[] | select(.parts != 1)] | length' contracts.jsonl)" = 0
<events.jsonl jq -s -r "$defs"'
  def identity: "\(.kind)|\(if .kind == "Foreign" then .country else "" end)|\(.id)";
  (map(.submission | select(.body_type == "OpenLicenceDeclared") | {key: .submission_id, value: .body.declarants})
   | from_entries) as $declarants
  | .[].submission | .body_type as $t | .body as $b
  | if $t == "OwnershipTransferred" then
      {act: "transfer", sellers: $b.assignors, buyers: $b.assignees, amount: ($b.consideration.amount_minor // 0), rate: 0, cause: $b.cause}
    elif $t == "LicenceRecorded" then
      {act: "licence", sellers: $b.licensors, buyers: [$b.licensee], amount: ($b.lump_sum.amount_minor // 0), rate: ($b.royalty_rate_bp // 0)}
    elif $t == "OpenLicenceTaken" then
      {act: "open_licence_taking", sellers: $declarants[$b.declaration], buyers: [$b.licensee],
       amount: ($b.payment.amount_minor // 0), rate: ($b.terms.rate_bp // 0)}
    else empty end
  | (if .cause != null and .cause != "Contract" then "non_contract_cause:" + (.cause | snake)
     elif ([.sellers[] | identity] - [.buyers[] | identity] | length) < (.sellers | length) then "same_party"
     elif .amount <= 0 and (.act == "transfer" or .rate == 0) then "no_consideration"
     else "recognised" end) as $reason
  | "\(.act) \($reason)"' | sort | uniq -c >reasons.counted
jq -r '"\(.act) \(.reason)"' contracts.jsonl | sort | uniq -c >reasons.feed
check "recognition and reason of every contract, rule by rule from the events ($(wc -l <reasons.feed) kinds)" \
  diff reasons.counted reasons.feed
counted=$(jq -s -r '[.[] | select(.effective_date <= "2024-12-31")] | "\(length) \([.[] | select(.currency == "CNY") | .amount_minor] | add)"' contracts.jsonl)
reported=$(grep -v '^#' report/technology_contracts.csv | tail -n +2 | awk -F, '{n += $9; a += $10} END {printf "%d %.0f", n, a}')
check "technology contracts by the cut-off, and their amount: report $reported, feed $counted" test "$reported" = "$counted"

# A patent whose term has ended: not in force today, in force on a day of
# its term, in the JSON and in the bank view.
ended=$(jq -r 'select(.status | index("term_ended")) | select(.status | length == 1) | .patent' register.today | head -n 1)
check "a patent whose only flag is term_ended ($ended)" test -n "$ended"
expiry=$("$PL" query --state state --json "$ended" | jq -r .expiry_date)
check "query --pledge --json: not in force today" \
  bash -c "'$PL' query --state state --pledge --json $ended | jq -e '.in_force == false and (.in_force_on | length) == 10' >/dev/null"
check "... the bank view says so, naming the term's end" \
  bash -c "'$PL' query --state state --pledge $ended | grep -q 'in force on .*: NO (term ended $expiry)'"
check "... in force on the day its term ended" \
  bash -c "'$PL' query --state state --json --on $expiry $ended | jq -e '.in_force == true and .in_force_on == \"$expiry\"' >/dev/null"
check "--as-of-date judges terms on that date" \
  bash -c "'$PL' query --state state --json --as-of-date $expiry $ended | jq -e '.in_force == true and .in_force_on == \"$expiry\"' >/dev/null"
check "--on a bad date is a usage error" expect_exit 1 "$PL" query --state state --on 2023-02-30 "$ended"
finish
