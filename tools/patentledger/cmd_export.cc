// export, decode, verify: sealed events out of the store, and the audit.
#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/log/checkpoint_publisher.h"
#include "ledger/node/audit.h"
#include "ledger/store/store.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/kafka_cli.h"
#include "tools/patentledger/output.h"

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
      auto output = Output::Open(out);
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
          (*output)->Write(line);
          progress.Tick(++count);
          return (*output)->ok();
        });
        if (!s.ok()) error = s;
        if (!error.ok()) break;
      }
      progress.Finish(count);
      if (!error.ok()) return (void)Fail(error);  // the partial file is removed
      Status written = (*output)->Close();
      if (!written.ok()) return (void)Fail(written);
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
    auto* cmd = app.add_subcommand("verify", "Audit a store, an archive or the Kafka events topic: seq contiguity, both hash chains, every signature, heads, Merkle tree, checkpoints");
    static std::string dir, archive_path, anchor_pem, log_pub, origin;
    static std::string checkpoints_topic = std::string(log::kCheckpointsTopic);
    static KafkaCliOptions kafka;
    cmd->add_option("--dir", dir, "Ledger directory");
    cmd->add_option("--archive", archive_path, "Archive file to audit instead (needs --anchor and --pub)");
    AddKafkaOptions(cmd, &kafka, "--kafka");
    cmd->add_option("--checkpoints-topic,--checkpoint-topic", checkpoints_topic,
                    "Kafka audit: the topic of signed checkpoints (absent: the events alone are audited)");
    cmd->add_option("--origin", origin, "Kafka audit: the ledger origin you trust (default: the one the checkpoints name)");
    cmd->add_option("--anchor", anchor_pem, "Archive or Kafka audit: the trust-anchor AUTHORITY public key (PEM)");
    cmd->add_option("--pub,--log-key", log_pub, "Archive or Kafka audit: the ledger's log public key (PEM)");
    cmd->callback([] {
      if (int(!dir.empty()) + int(!archive_path.empty()) + int(!kafka.bootstrap.empty()) != 1) {
        return (void)Fail(kExitUsage, "give exactly one of --dir, --archive and --kafka");
      }
      Result<node::AuditReport> report = Status::Internal("not run");
      Progress progress("verify");
      auto tick = [&](std::uint64_t n) { progress.Tick(n); };
      if (dir.empty()) {
        const char* mode = archive_path.empty() ? "--kafka" : "--archive";
        if (anchor_pem.empty() || log_pub.empty()) return (void)Fail(kExitUsage, std::string(mode) + " needs --anchor and --pub");
        auto anchor = crypto::PublicKey::LoadPemFile(anchor_pem);
        if (!anchor.ok()) return (void)Fail(anchor.status());
        auto log_key = crypto::PublicKey::LoadPemFile(log_pub);
        if (!log_key.ok()) return (void)Fail(log_key.status());
        if (!archive_path.empty()) {
          report = node::AuditArchive(archive_path, *anchor, *log_key, tick);
        } else {
          auto config = MakeKafkaConfig(kafka);
          if (!config.ok()) return (void)Fail(kExitUsage, config.status().message());
          report = node::AuditKafka(*config, checkpoints_topic, *anchor, *log_key, origin, tick);
        }
      } else {
        auto store = store::Store::Open(dir);
        if (!store.ok()) return (void)Fail(store.status());
        report = node::AuditStore(**store, tick);
      }
      if (!report.ok()) return (void)Fail(report.status());
      progress.Finish(report->events);
      nlohmann::ordered_json j;
      if (!report->ok) {
        j = {{"ok", false},
             {"events_checked", report->events},
             {"partition", report->bad_partition},
             {"seq", report->bad_seq},
             {"problem", report->problem}};
        ExitStatus() = kExitVerifyFailed;
      } else {
        j = {{"ok", true},
             {"events", report->events},
             {"signatures", report->signatures},
             {"tree_nodes", report->tree_nodes},
             {"checkpoints", report->checkpoints}};
      }
      if (!kafka.bootstrap.empty()) j["duplicates"] = report->duplicates;
      if (!report->remark.empty()) {
        j["remark"] = report->remark;
        std::fprintf(stderr, "verify: %s\n", report->remark.c_str());
      }
      std::printf("%s\n", j.dump().c_str());
    });
  }
}

}  // namespace pl::cli
