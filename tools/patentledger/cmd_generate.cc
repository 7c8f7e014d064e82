// generate: a seeded, reproducible synthetic registry written as files a new
// user can feed to the other commands.
#include <sys/stat.h>

#include <filesystem>
#include <map>

#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/sample/generator.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/output.h"

namespace pl::cli {

// Writes OUT/keys/<actor>.key (0600) and .pub, OUT/anchor.json (what `init`
// needs), OUT/submissions.b64 (envelopes) and OUT/expected.jsonl (the outcome
// each line is built to get). Returns the number of submissions written.
Result<std::size_t> WriteSample(const sample::Options& options, const std::string& out_dir, bool with_keys) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir + "/keys", ec);
  if (ec) return Status::IoError("creating " + out_dir + "/keys: " + ec.message());
  auto generator = sample::Generator::Create(options);
  if (!generator.ok()) return generator.status();
  if (with_keys) {
    for (const auto& actor : (*generator)->actors()) {
      std::string base = out_dir + "/keys/" + actor.name;
      std::filesystem::remove(base + ".key", ec);
      PL_RETURN_IF_ERROR(actor.key.SavePemFile(base + ".key"));
      auto pub = Output::Open(base + ".pub");
      if (!pub.ok()) return pub.status();
      (*pub)->Write(actor.key.public_key().ToPem());
      PL_RETURN_IF_ERROR((*pub)->Close());
    }
  }
  const auto& authority = (*generator)->authority();
  nlohmann::ordered_json anchor{{"public_key_file", "keys/" + authority.name + ".pub"},
                                {"organisation", authority.organisation},
                                {"key_id", authority.key.public_key().key_id()}};
  auto anchor_file = Output::Open(out_dir + "/anchor.json");
  if (!anchor_file.ok()) return anchor_file.status();
  (*anchor_file)->Write(anchor.dump(2) + "\n");
  PL_RETURN_IF_ERROR((*anchor_file)->Close());

  auto envelopes = Output::Open(out_dir + "/submissions.b64");
  if (!envelopes.ok()) return envelopes.status();
  auto expected = Output::Open(out_dir + "/expected.jsonl");
  if (!expected.ok()) return expected.status();
  sample::Generated item;
  std::size_t count = 0;
  Progress progress("generate");
  while ((*generator)->Next(&item)) {
    std::string line = Base64Encode(item.envelope);
    line.push_back('\n');
    (*envelopes)->Write(line);
    nlohmann::ordered_json e;
    e["line"] = ++count;
    switch (item.expected.kind) {
      case sample::Expectation::Kind::kAccept: e["expect"] = "accepted"; break;
      case sample::Expectation::Kind::kReplay: e["expect"] = "replayed"; break;
      case sample::Expectation::Kind::kReject:
        e["expect"] = "rejected";
        e["code"] = domain::RejectCodeName(item.expected.code);
        break;
    }
    e["note"] = item.note;
    std::string text = e.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    (*expected)->Write(text);
    progress.Tick(count);
  }
  progress.Finish(count);
  PL_RETURN_IF_ERROR((*envelopes)->Close());
  PL_RETURN_IF_ERROR((*expected)->Close());
  return count;
}

void RegisterGenerateCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("generate", "Write a seeded synthetic registry: keys, signed submissions and expected outcomes");
  static sample::Options options;
  static std::string out;
  cmd->add_option("--out", out, "Output directory")->required();
  cmd->add_option("--seed", options.seed, "Seed (same seed, same bytes)");
  cmd->add_option("--count", options.submissions, "Number of submissions");
  cmd->add_option("--reject-share", options.reject_share, "Share of submissions built to be rejected");
  cmd->add_option("--first-year", options.first_year, "First year of activity");
  cmd->add_option("--last-year", options.last_year, "Last year of activity");
  cmd->callback([] {
    auto count = WriteSample(options, out, /*with_keys=*/true);
    if (!count.ok()) return (void)Fail(count.status());
    std::fprintf(stderr, "wrote %zu submissions to %s/submissions.b64 (keys in %s/keys, trust anchor in %s/anchor.json)\n",
                 *count, out.c_str(), out.c_str(), out.c_str());
  });
}

}  // namespace pl::cli
