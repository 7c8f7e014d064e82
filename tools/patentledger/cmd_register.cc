// query --as-of-date / --as-of-recorded / --pledge: the ownership register
// projection, bitemporal, and the bank's view of a pledge.
#include <chrono>

#include <nlohmann/json.hpp>

#include "ledger/base/date.h"
#include "ledger/domain/identifiers.h"
#include "projections/framework/vocabulary.h"
#include "projections/ownership/ownership.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/projection_cli.h"

namespace pl::cli {
namespace {

namespace own = projections::ownership;
using nlohmann::ordered_json;
using projections::DayText;

ordered_json PartyJson(const domain::Party& p) {
  ordered_json j{{"id", p.id}, {"name", p.name}, {"holder_type", projections::HolderTypeName(p.holder_type)},
                 {"region", projections::RegionOf(p)}};
  if (p.share_bp) j["share_bp"] = p.share_bp;
  return j;
}

ordered_json PartiesJson(const std::vector<domain::Party>& ps) {
  auto a = ordered_json::array();
  for (const auto& p : ps) a.push_back(PartyJson(p));
  return a;
}

ordered_json PledgeJson(const own::PledgeEntry& p) {
  return {{"pledge_id", p.pledge_id},
          {"pledgee", PartyJson(p.pledgee)},
          {"pledgors", PartiesJson(p.pledgors)},
          {"secured_amount_minor", p.secured_amount.amount_minor},
          {"currency", p.secured_amount.currency},
          {"debt_term", {DayText(p.debt_term.start), DayText(p.debt_term.end)}},
          {"contract_id", p.contract_id},
          {"registered_on", DayText(p.registered_on)},
          {"registered_at", projections::TimeText(p.registered_at_us)},
          {"released_on", p.released ? ordered_json(DayText(p.released_on)) : ordered_json()},
          {"release_reason", p.released ? ordered_json(projections::ReleaseReasonName(p.release_reason)) : ordered_json()}};
}

// `on`: the day status and terms are judged (in_force, status_flags, a
// licence's and the open licence's in_force).
ordered_json RegisterJson(const std::string& patent, const own::RegisterState& st, std::int32_t on) {
  ordered_json j{{"patent", patent},
                 {"type", projections::PatentTypeName(st.patent_type)},
                 {"title", st.title},
                 {"ipc_main_class", st.ipc_main_class},
                 {"grant_date", DayText(st.grant_date)},
                 {"expiry_date", DayText(st.expiry_date)},
                 {"publicly_funded", st.publicly_funded},
                 {"in_force", st.InForceOn(on)},
                 {"in_force_on", DayText(on)},
                 {"owners", PartiesJson(st.owners)}};
  auto status = ordered_json::array();
  for (const char* name : projections::StatusFlagNames(st.StatusOnDay(on))) status.push_back(name);
  if (st.BeforeGrantOn(on)) status.push_back("before_grant");
  if (st.TermEndedOn(on)) status.push_back("term_ended");
  j["status_flags"] = status;
  auto changes = ordered_json::array();
  for (const auto& m : st.status_marks) {
    changes.push_back({{"change", projections::StatusChangeName(m.change)}, {"effective_date", DayText(m.effective_date)}});
  }
  j["status_changes"] = changes;
  const own::PledgeEntry* active = st.ActivePledge();
  j["pledge"] = active ? PledgeJson(*active) : ordered_json();
  auto past = ordered_json::array();
  for (const auto& p : st.pledges) {
    if (p.released) past.push_back(PledgeJson(p));
  }
  j["released_pledges"] = past;
  ordered_json by_kind = {{"exclusive", ordered_json::array()}, {"sole", ordered_json::array()}, {"ordinary", ordered_json::array()}};
  for (const auto& l : st.licences) {
    by_kind[projections::LicenceKindName(l.kind)].push_back(
        {{"licence_id", l.licence_id}, {"licensee", PartyJson(l.licensee)}, {"territory", l.territory},
         {"term", {DayText(l.term.start), DayText(l.term.end)}}, {"lump_sum_minor", l.lump_sum.amount_minor},
         {"royalty_rate_bp", l.royalty_rate_bp}, {"filed_on", DayText(l.recorded_on)}, {"late_filing", l.late_filing},
         {"terminated_on", l.terminated_on ? ordered_json(DayText(l.terminated_on)) : ordered_json()},
         {"in_force", l.InForceOn(on)}});
  }
  j["licences"] = by_kind;
  auto decls = ordered_json::array();
  for (const auto& d : st.declarations) {
    decls.push_back({{"declaration", d.declaration_id}, {"declared_on", DayText(d.declared_on)},
                     {"term", {DayText(d.term.start), DayText(d.term.end)}}, {"withdrawn", d.withdrawn},
                     {"withdrawn_on", d.withdrawn ? ordered_json(DayText(d.withdrawn_on)) : ordered_json()},
                     {"takings", d.takings.size()}});
  }
  j["open_licence"] = {{"in_force", st.OpenDeclarationOn(on) != nullptr}, {"declarations", decls}};
  j["events"] = st.events;
  return j;
}

void PrintBankView(const std::string& patent, const own::RegisterState& st, std::int32_t on) {
  const own::PledgeEntry* p = st.ActivePledge();
  std::printf("%s: %s\n", patent.c_str(), p ? "PLEDGED" : "not pledged");
  if (p) {
    std::printf("  to %s (%s), secured %lld.%02lld %s, since %s (recorded %s)\n", p->pledgee.name.c_str(),
                p->pledgee.id.c_str(), (long long)(p->secured_amount.amount_minor / 100),
                (long long)(p->secured_amount.amount_minor % 100), p->secured_amount.currency.c_str(),
                DayText(p->registered_on).c_str(), projections::TimeText(p->registered_at_us).c_str());
    std::printf("  pledge %s, debt term %s to %s, loan contract %s\n", p->pledge_id.c_str(),
                DayText(p->debt_term.start).c_str(), DayText(p->debt_term.end).c_str(), p->contract_id.c_str());
  }
  std::printf("  in force on %s: %s", DayText(on).c_str(), st.InForceOn(on) ? "yes" : "NO");
  if (st.BeforeGrantOn(on)) std::printf(" (granted %s)", DayText(st.grant_date).c_str());
  if (st.TermEndedOn(on)) std::printf(" (term ended %s)", DayText(st.expiry_date).c_str());
  for (const char* name : projections::StatusFlagNames(st.StatusOnDay(on))) std::printf(" (%s)", name);
  std::printf("; owners:");
  for (const auto& o : st.owners) std::printf(" %s (%.2f%%)", o.name.c_str(), o.share_bp / 100.0);
  std::printf("\n");
}

// What a register query asks, parsed once: as of when (none: the current
// register), and the day terms are judged on (RegisterQueryArgs::on).
struct Asked {
  std::optional<own::AsOf> as_of;
  std::int32_t judged_on = 0;
};

Result<Asked> ParseAsked(const RegisterQueryArgs& args) {
  own::AsOf as_of;
  if (!args.as_of_date.empty()) {
    auto d = ParseDate(args.as_of_date);
    if (!d.ok()) return Status::InvalidArgument("--as-of-date: " + d.status().message());
    as_of.effective_date = *d;
  }
  if (!args.as_of_recorded.empty()) {
    std::int64_t t = 0;
    if (!projections::ParseTime(args.as_of_recorded, &t)) return Status::InvalidArgument("--as-of-recorded: not a UTC time");
    as_of.recorded_at_us = t;
  }
  Asked asked;
  if (as_of.effective_date || as_of.recorded_at_us) asked.as_of = as_of;
  if (!args.on.empty()) {
    auto d = ParseDate(args.on);
    if (!d.ok()) return Status::InvalidArgument("--on: " + d.status().message());
    asked.judged_on = *d;
  } else if (as_of.effective_date) {
    asked.judged_on = *as_of.effective_date;
  } else if (as_of.recorded_at_us) {
    const auto day = std::chrono::floor<std::chrono::days>(std::chrono::microseconds(*as_of.recorded_at_us));
    asked.judged_on = Date::FromDays(std::int32_t(day.count())).yyyymmdd();
  } else {
    asked.judged_on = TodayYyyymmdd();
  }
  return asked;
}

}  // namespace

int RunRegisterQuery(const RegisterQueryArgs& args) {
  auto asked = ParseAsked(args);
  if (!asked.ok()) return Fail(kExitUsage, asked.status().message());
  const std::int32_t on = asked->judged_on;
  auto set = ProjectionSet::Open(args.projection, {"ownership"});
  if (!set.ok()) return Fail(set.status());
  auto run = (*set)->CatchUp(args.projection);
  if (!run.ok()) return Fail(run.status());
  auto* host = (*set)->Find("ownership");
  const std::string covers = projections::PositionsText(host->committed_positions());
  int rc = kExitOk;
  for (const auto& text : args.patents) {
    auto patent = domain::CanonicalPatentNumber(text);
    if (!patent) return Fail(kExitBadInput, "'" + text + "' is not a valid application number");
    auto st = asked->as_of ? own::QueryAsOf(host->tables(), *patent, *asked->as_of) : own::Current(host->tables(), *patent);
    if (!st.ok()) return Fail(st.status());
    if (!*st) {
      if (args.json) std::printf("{\"patent\":\"%s\",\"recorded\":false,\"positions\":\"%s\"}\n", patent->c_str(), covers.c_str());
      else std::printf("%s: not recorded (as asked) in the register covering %s\n", patent->c_str(), covers.c_str());
      rc = kExitBadInput;
      continue;
    }
    if (args.json) {
      ordered_json j = RegisterJson(*patent, **st, on);
      j["as_of_date"] = args.as_of_date.empty() ? ordered_json() : ordered_json(args.as_of_date);
      j["as_of_recorded"] = args.as_of_recorded.empty() ? ordered_json() : ordered_json(args.as_of_recorded);
      j["positions"] = covers;
      j["source"] = (*set)->source_description();
      std::printf("%s\n", (args.pledge ? ordered_json{{"patent", *patent}, {"pledge", j["pledge"]},
                                                     {"in_force", j["in_force"]}, {"in_force_on", j["in_force_on"]},
                                                     {"positions", covers}}
                                       : j).dump().c_str());
    } else if (args.pledge) {
      PrintBankView(*patent, **st, on);
    } else {
      std::printf("%s\n", RegisterJson(*patent, **st, on).dump(2).c_str());
    }
  }
  if (!args.json) std::printf("(register covers log positions %s; source %s)\n", covers.c_str(), (*set)->source_description().c_str());
  return rc;
}

}  // namespace pl::cli
