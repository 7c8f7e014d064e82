// export, decode, verify: sealed events out of the store, and the audit.
#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/node/audit.h"
#include "ledger/store/store.h"
#include "tools/patentledger/cli.h"

namespace pl::cli {

void RegisterExportCommands(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("export", "Sealed events as JSON lines (base64 lines with --base64, an archive file with --archive)");
    static std::string dir, out = "-";
    static std::uint32_t partition = 0;
    static std::uint64_t from = 0;
    static bool base64 = false, all_partitions = true;
    cmd->add_option("--dir", dir, "Ledger directory")->required();
    cmd->add_option("--partition", partition, "Only this partition")->check([](const std::string&) {
      all_partitions = false;
      return std::string();
    });
    cmd->add_option("--from", from, "First seq");
    cmd->add_option("--out", out, "Output file, - for stdout");
    cmd->add_flag("--base64", base64, "Exact sealed bytes, base64, one per line");
    static std::string archive;
    cmd->add_option("--archive", archive,
                    "Write an integrity-checked archive file instead (ledger/archive/ARCHIVE.md): what projections "
                    "and statisticians read without the node");
    cmd->callback([] {
      if (!archive.empty()) {
        ExitStatus() = ExportArchive(dir, archive, all_partitions ? std::nullopt : std::optional(partition), from);
        return;
      }
      auto store = store::Store::Open(dir);
      if (!store.ok()) return (void)Fail(store.status());
      auto json = codec::JsonCodec::Create();
      if (!json.ok()) return (void)Fail(json.status());
      auto output = OpenOutput(out);
      if (!output.ok()) return (void)Fail(output.status());
      Status error;
      std::size_t count = 0;
      Progress progress("export");
      for (std::uint32_t p = 0; p < (*store)->config().partitions; ++p) {
        if (!all_partitions && p != partition) continue;
        Status s = (*store)->ScanEvents(p, from, [&](std::uint64_t, ByteSpan sealed) {
          std::string line;
          if (base64) {
            line = Base64Encode(sealed);
          } else {
            auto text = (*json)->SealedEventToJson(sealed);
            if (!text.ok()) {
              error = text.status();
              return false;
            }
            line = std::move(*text);
          }
          line.push_back('\n');
          std::fwrite(line.data(), 1, line.size(), *output);
          progress.Tick(++count);
          return true;
        });
        if (!s.ok()) error = s;
        if (!error.ok()) break;
      }
      progress.Finish(count);
      if (*output != stdout) std::fclose(*output);
      if (!error.ok()) return (void)Fail(error);
    });
  }
  {
    auto* cmd = app.add_subcommand("decode", "Sealed events (base64 lines, as written by export --base64) to JSON lines");
    static std::string in = "-";
    cmd->add_option("input", in, "Input file, - for stdin");
    cmd->callback([] {
      auto json = codec::JsonCodec::Create();
      if (!json.ok()) return (void)Fail(json.status());
      auto reader = LineReader::Open(in);
      if (!reader.ok()) return (void)Fail(reader.status());
      std::string line;
      while ((*reader)->Next(&line)) {
        auto bytes = Base64Decode(line);
        if (!bytes) return (void)Fail(kExitBadInput, (*reader)->Where() + ": not base64");
        auto text = (*json)->SealedEventToJson(*bytes);
        if (!text.ok()) return (void)Fail(kExitBadInput, (*reader)->Where() + ": " + text.status().message());
        std::printf("%s\n", text->c_str());
      }
      if (!(*reader)->status().ok()) return (void)Fail((*reader)->status());
    });
  }
  {
    auto* cmd = app.add_subcommand("verify", "Audit a store or an archive: seq contiguity, both hash chains, every signature, heads, Merkle tree, checkpoints");
    static std::string dir, archive_path, anchor_pem, log_pub;
    cmd->add_option("--dir", dir, "Ledger directory");
    cmd->add_option("--archive", archive_path, "Archive file to audit instead (needs --anchor and --pub)");
    cmd->add_option("--anchor", anchor_pem, "Archive audit: the trust-anchor AUTHORITY public key (PEM)");
    cmd->add_option("--pub", log_pub, "Archive audit: the ledger's log public key (PEM)");
    cmd->callback([] {
      if (dir.empty() == archive_path.empty()) return (void)Fail(kExitUsage, "give exactly one of --dir and --archive");
      Result<node::AuditReport> report = Status::Internal("not run");
      Progress progress("verify");
      if (!archive_path.empty()) {
        if (anchor_pem.empty() || log_pub.empty()) return (void)Fail(kExitUsage, "--archive needs --anchor and --pub");
        auto anchor = crypto::PublicKey::LoadPemFile(anchor_pem);
        if (!anchor.ok()) return (void)Fail(anchor.status());
        auto log_key = crypto::PublicKey::LoadPemFile(log_pub);
        if (!log_key.ok()) return (void)Fail(log_key.status());
        report = node::AuditArchive(archive_path, *anchor, *log_key, [&](std::uint64_t n) { progress.Tick(n); });
      } else {
        auto store = store::Store::Open(dir);
        if (!store.ok()) return (void)Fail(store.status());
        report = node::AuditStore(**store, [&](std::uint64_t n) { progress.Tick(n); });
      }
      if (!report.ok()) return (void)Fail(report.status());
      progress.Finish(report->events);
      if (!report->ok) {
        nlohmann::ordered_json j{{"ok", false},
                                 {"events_checked", report->events},
                                 {"partition", report->bad_partition},
                                 {"seq", report->bad_seq},
                                 {"problem", report->problem}};
        std::printf("%s\n", j.dump().c_str());
        ExitStatus() = kExitVerifyFailed;
        return;
      }
      std::printf("{\"ok\":true,\"events\":%llu,\"signatures\":%llu,\"tree_nodes\":%llu,\"checkpoints\":%llu}\n",
                  (unsigned long long)report->events, (unsigned long long)report->signatures,
                  (unsigned long long)report->tree_nodes, (unsigned long long)report->checkpoints);
    });
  }
}

}  // namespace pl::cli
