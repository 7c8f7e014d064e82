// query and history: what the ledger says about one patent.
#include <nlohmann/json.hpp>

#include "ledger/codec/codec.h"
#include "ledger/domain/identifiers.h"
#include "ledger/store/store.h"
#include "projections/framework/vocabulary.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/projection_cli.h"
#include "tools/patentledger/status_json.h"

namespace pl::cli {
namespace {

using nlohmann::ordered_json;

using projections::DayText;

const char* PatentTypeName(domain::PatentType t) {
  switch (t) {
    case domain::PatentType::kInvention: return "invention";
    case domain::PatentType::kUtilityModel: return "utility model";
    case domain::PatentType::kDesign: return "design";
  }
  return "?";
}

const char* LicenceKindName(domain::LicenceKind k) {
  switch (k) {
    case domain::LicenceKind::kExclusive: return "exclusive";
    case domain::LicenceKind::kSole: return "sole";
    case domain::LicenceKind::kOrdinary: return "ordinary";
  }
  return "?";
}

ordered_json PartyJson(const domain::Party& p) {
  ordered_json j{{"id", p.id}, {"name", p.name}};
  if (p.share_bp) j["share_bp"] = p.share_bp;
  if (!p.IsDomestic()) j["country"] = p.country;
  else if (p.division_code) j["division_code"] = p.division_code;
  return j;
}

std::string MoneyText(const domain::Money& m) {
  return std::to_string(m.amount_minor / 100) + "." + (m.amount_minor % 100 < 10 ? "0" : "") +
         std::to_string(m.amount_minor % 100) + " " + m.currency;
}

}  // namespace

// Declared in status_json.h (shared with certificates).
ordered_json StateJson(const std::string& patent, const domain::PatentState& st, std::int32_t on) {
  ordered_json j;
  j["patent"] = patent;
  j["type"] = PatentTypeName(st.patent_type);
  j["title"] = st.title;
  j["ipc_main_class"] = st.ipc_main_class;
  j["grant_date"] = DayText(st.grant_date);
  j["expiry_date"] = DayText(st.expiry_date);
  j["publicly_funded"] = st.publicly_funded;
  j["stream_version"] = st.event_count - 1;
  auto owners = ordered_json::array();
  for (const auto& o : st.owners) owners.push_back(PartyJson(o));
  j["owners"] = owners;
  // Judged on `on`: the status changes effective by then and the term.
  const domain::StatusFlags flags = st.StatusOnDay(on);
  auto status = ordered_json::array();
  for (const char* name : projections::StatusFlagNames(flags)) status.push_back(name);
  if (flags.InForce() && on < st.grant_date) status.push_back("before_grant");
  if (flags.InForce() && on > st.expiry_date) status.push_back("term_ended");
  j["as_of"] = DayText(on);
  j["in_force"] = st.InForceOn(on);
  j["status_flags"] = status;
  if (st.status_dated) {
    auto changes = ordered_json::array();
    for (const auto& m : st.status_marks) {
      changes.push_back({{"change", projections::StatusChangeName(m.change)}, {"effective_date", DayText(m.effective_date)}});
    }
    j["status_changes"] = changes;
  } else {
    j["status_changes"] = nullptr;  // a state written before the dates were kept
  }
  if (st.pledge) {
    j["pledge"] = {{"pledge_id", st.pledge->pledge_id},
                   {"pledgee", PartyJson(st.pledge->pledgee)},
                   {"secured_amount_minor", st.pledge->secured_amount.amount_minor},
                   {"currency", st.pledge->secured_amount.currency},
                   {"debt_term", {DayText(st.pledge->debt_term.start), DayText(st.pledge->debt_term.end)}},
                   {"registered_on", DayText(st.pledge->registered_on)}};
  } else {
    j["pledge"] = nullptr;
  }
  auto licences = ordered_json::array();
  for (const auto& l : st.licences) {
    licences.push_back({{"licence_id", l.licence_id},
                        {"kind", LicenceKindName(l.kind)},
                        {"licensee", PartyJson(l.licensee)},
                        {"territory", l.territory},
                        {"term", {DayText(l.term.start), DayText(l.term.end)}},
                        {"terminated", l.terminated},
                        {"terminated_on", l.terminated_on ? ordered_json(DayText(l.terminated_on)) : ordered_json()},
                        {"in_force", l.InForceOn(on)},
                        {"late_filing", l.late_filing}});
  }
  j["licences"] = licences;
  if (st.open_licence) {
    j["open_licence"] = {{"declaration", st.open_licence->declaration_id},
                         {"term", {DayText(st.open_licence->term.start), DayText(st.open_licence->term.end)}},
                         {"withdrawn", st.open_licence->withdrawn},
                         {"takings", st.open_licence->takings}};
  } else {
    j["open_licence"] = nullptr;
  }
  return j;
}

namespace {

void PrintStateText(const std::string& patent, const domain::PatentState& st, std::int32_t on) {
  std::printf("%s  %s  \"%s\"  IPC %s\n", patent.c_str(), PatentTypeName(st.patent_type), st.title.c_str(),
              st.ipc_main_class.c_str());
  std::printf("  granted %s, %s %s%s; on %s %s\n", DayText(st.grant_date).c_str(),
              on > st.expiry_date ? "expired" : "expires", DayText(st.expiry_date).c_str(),
              st.publicly_funded ? ", publicly funded" : "", DayText(on).c_str(),
              st.InForceOn(on) ? "in force" : "NOT in force");
  const bool past = on < TodayYyyymmdd();  // owners and pledge are still today's
  std::printf("  owners%s:", past ? " now" : "");
  for (const auto& o : st.owners) std::printf(" %s (%s, %.2f%%)", o.name.c_str(), o.id.c_str(), o.share_bp / 100.0);
  std::printf("\n");
  const std::vector<const char*> flags = projections::StatusFlagNames(st.StatusOnDay(on));
  if (!flags.empty()) {
    std::printf("  status on %s:", DayText(on).c_str());
    for (const char* name : flags) std::printf(" %s", name);
    std::printf("\n");
  }
  for (const auto& m : st.status_marks) {
    std::printf("  status change: %s effective %s\n", projections::StatusChangeName(m.change),
                DayText(m.effective_date).c_str());
  }
  if (st.pledge) {
    std::printf("  PLEDGED%s to %s (%s) since %s: %s, debt term %s to %s, pledge %s\n", past ? " now" : "",
                st.pledge->pledgee.name.c_str(),
                st.pledge->pledgee.id.c_str(), DayText(st.pledge->registered_on).c_str(),
                MoneyText(st.pledge->secured_amount).c_str(), DayText(st.pledge->debt_term.start).c_str(),
                DayText(st.pledge->debt_term.end).c_str(), st.pledge->pledge_id.c_str());
  } else {
    std::printf("  pledge: none%s\n", past ? " now" : "");
  }
  if (past) {
    std::printf("  (owners and pledge on %s: query --as-of-date %s, from the ownership register)\n",
                DayText(on).c_str(), DayText(on).c_str());
  }
  std::size_t live = 0, ended = 0;
  for (const auto& l : st.licences) {
    if (!l.InForceOn(on)) {
      ++ended;
      continue;
    }
    ++live;
    std::printf("  licence %s: %s to %s, %s to %s%s\n", l.licence_id.c_str(), LicenceKindName(l.kind),
                l.licensee.name.c_str(), DayText(l.term.start).c_str(), DayText(l.term.end).c_str(),
                l.late_filing ? " (filed late)" : "");
  }
  if (live == 0) std::printf("  licences: none in force\n");
  if (ended > 0) std::printf("  (%zu licence(s) terminated, ended or not yet started; `history` lists them)\n", ended);
  if (st.open_licence) {
    std::printf("  open licence: declaration %s %s, %u taking(s)\n", st.open_licence->declaration_id.c_str(),
                st.open_licence->withdrawn ? "withdrawn" : "in force", st.open_licence->takings);
  }
}

}  // namespace

void RegisterQueryCommands(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("query", "Current owners, status, pledge, licences and open-licence state of patents");
    static std::string dir;
    static std::vector<std::string> patents;
    static bool json = false;
    static std::size_t sample = 0;
    static std::string on_text, as_of;
    static RegisterQueryArgs reg;
    cmd->add_option("--dir", dir, "Ledger directory");
    cmd->add_option("--archive", reg.projection.archive_path, "Archive file (with --as-of-*, --pledge)");
    AddKafkaOptions(cmd, &reg.projection.kafka, "--kafka");
    cmd->get_option("--kafka")->description("Or the events topic on these bootstrap servers (with --as-of-*, --pledge)");
    cmd->add_option("--state", reg.projection.state_dir,
                    "Ownership register state directory (with --as-of-*, --pledge; default: a fresh replay)");
    cmd->add_option("--as-of-date", reg.as_of_date,
                    "From the ownership register: the position on this effective date (YYYY-MM-DD)");
    cmd->add_option("--as-of-recorded", reg.as_of_recorded,
                    "From the ownership register: what it showed at this recorded time (UTC, ...Z or microseconds)");
    cmd->add_option("--as-of", as_of,
                    "A date (YYYY-MM-DD) is --as-of-date, a UTC time (2024-12-31T00:00:00Z or microseconds) is "
                    "--as-of-recorded")
        ->excludes("--as-of-date")
        ->excludes("--as-of-recorded");
    cmd->add_flag("--pledge", reg.pledge, "Bank view from the ownership register: pledged? to whom, how much, since when");
    cmd->add_option("--on", on_text,
                    "Judge status and terms (patent, licences, open licence) on this date, YYYY-MM-DD (default: the "
                    "--as-of-date, else the --as-of-recorded day, else today, UTC). Owners and the pledge stay those "
                    "of the position asked: now, unless --as-of-date/--as-of-recorded");
    cmd->add_option("patents", patents, "Application numbers (CN/ZL prefix allowed)");
    cmd->add_option("--sample", sample, "Also show the first N recorded patents");
    cmd->add_flag("--json", json, "One JSON object per patent");
    cmd->callback([] {
      if (!as_of.empty()) {
        std::int64_t t = 0;
        if (ParseDate(as_of).ok()) {
          reg.as_of_date = as_of;
        } else if (projections::ParseTime(as_of, &t)) {
          reg.as_of_recorded = as_of;
        } else {
          return (void)Fail(kExitUsage, "--as-of: '" + as_of + "' is neither a date (YYYY-MM-DD) nor a UTC time "
                                        "(2024-12-31T00:00:00Z or microseconds since 1970)");
        }
      }
      if (!reg.as_of_date.empty() || !reg.as_of_recorded.empty() || reg.pledge || !reg.projection.state_dir.empty() ||
          !reg.projection.archive_path.empty() || reg.projection.has_kafka()) {
        reg.projection.ledger_dir = dir;
        reg.patents = patents;
        reg.json = json;
        reg.on = on_text;
        ExitStatus() = RunRegisterQuery(reg);
        return;
      }
      if (dir.empty()) return (void)Fail(kExitUsage, "query: --dir is required");
      std::int32_t on = TodayYyyymmdd();
      if (!on_text.empty()) {
        auto parsed = ParseDate(on_text);
        if (!parsed.ok()) return (void)Fail(kExitUsage, "--on: " + parsed.status().message());
        on = *parsed;
      }
      auto store = store::Store::Open(dir);
      if (!store.ok()) return (void)Fail(store.status());
      std::vector<std::string> wanted;
      for (const auto& p : patents) {
        auto canonical = domain::CanonicalPatentNumber(p);
        if (!canonical) return (void)Fail(kExitBadInput, "'" + p + "' is not a valid application number");
        wanted.push_back(*canonical);
      }
      if (sample > 0) {
        auto list = (*store)->ListPatents(sample + 1);
        if (!list.ok()) return (void)Fail(list.status());
        for (const auto& p : *list) {
          if (!p.empty() && wanted.size() < patents.size() + sample) wanted.push_back(p);
        }
      }
      for (const auto& patent : wanted) {
        auto state = (*store)->GetPatentState(patent);
        if (!state.ok()) return (void)Fail(state.status());
        if (!*state) {
          if (json) std::printf("{\"patent\":\"%s\",\"recorded\":false}\n", patent.c_str());
          else std::printf("%s: not recorded in this ledger\n", patent.c_str());
          ExitStatus() = kExitBadInput;
          continue;
        }
        if (json) std::printf("%s\n", StateJson(patent, **state, on).dump().c_str());
        else PrintStateText(patent, **state, on);
      }
    });
  }
  {
    auto* cmd = app.add_subcommand("history", "Every event of one patent, oldest first");
    static std::string dir, patent;
    static bool json = false;
    cmd->add_option("--dir", dir, "Ledger directory")->required();
    cmd->add_option("patent", patent, "Application number")->required();
    cmd->add_flag("--json", json, "Full events as JSON lines");
    cmd->callback([] {
      auto canonical = domain::CanonicalPatentNumber(patent);
      if (!canonical) return (void)Fail(kExitBadInput, "'" + patent + "' is not a valid application number");
      auto store = store::Store::Open(dir);
      if (!store.ok()) return (void)Fail(store.status());
      auto stream = (*store)->GetStream(*canonical);
      if (!stream.ok()) return (void)Fail(stream.status());
      if (stream->empty()) return (void)Fail(kExitBadInput, *canonical + " is not recorded in this ledger");
      auto codec = codec::JsonCodec::Create();
      if (!codec.ok()) return (void)Fail(codec.status());
      for (const auto& e : *stream) {
        auto sealed = (*store)->GetEvent(e.partition, e.seq);
        if (!sealed.ok()) return (void)Fail(sealed.status());
        if (!*sealed) return (void)Fail(kExitFailure, "event " + std::to_string(e.seq) + " is missing from the store");
        if (json) {
          auto text = (*codec)->SealedEventToJson(**sealed);
          if (!text.ok()) return (void)Fail(text.status());
          std::printf("%s\n", text->c_str());
          continue;
        }
        auto view = codec::DecodeSealedEvent(**sealed);
        if (!view.ok()) return (void)Fail(view.status());
        auto envelope = codec::VerifyEnvelope(view->envelope);
        if (!envelope.ok()) return (void)Fail(envelope.status());
        auto s = codec::DecodeSubmission(envelope->submission_bytes);
        if (!s.ok()) return (void)Fail(s.status());
        std::printf("v%-3llu p%u/seq %-8llu effective %s  %-22s%s\n", (unsigned long long)e.version, e.partition,
                    (unsigned long long)e.seq, DayText(s->effective_date).c_str(), domain::KindName(s->body),
                    view->header.flags ? "  [late filing]" : "");
      }
    });
  }
}

}  // namespace pl::cli
