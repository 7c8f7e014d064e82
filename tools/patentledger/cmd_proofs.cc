// checkpoint, prove, verify-proof: signed checkpoints and Merkle proofs
// (docs/proofs.md, docs/decisions/0015).
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ledger/node/checkpoints.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/output.h"
#include "tools/patentledger/proof_file.h"

namespace pl::cli {
namespace {

// The log key's default place: written by `init` beside the store.
std::string DefaultLogKeyPath(const std::string& dir) { return dir + "/log.key"; }

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int WriteJson(const std::string& out, const nlohmann::ordered_json& j) {
  auto f = Output::Open(out);
  if (!f.ok()) return Fail(f.status());
  (*f)->Write(j.dump(2) + "\n");
  Status written = (*f)->Close();
  return written.ok() ? kExitOk : Fail(written);
}

void RegisterCheckpoint(CLI::App& app) {
  auto* cmd = app.add_subcommand("checkpoint", "Sign and store a checkpoint (C2SP signed note) of each partition at its head");
  static std::string dir, key_path;
  static std::optional<std::uint32_t> partition;
  cmd->add_option("--dir", dir, "Ledger directory")->required();
  cmd->add_option("--key", key_path, "Log key (PEM, Ed25519); default DIR/log.key");
  cmd->add_option("--partition", partition, "Only this partition");
  cmd->callback([] {
    auto key = crypto::PrivateKey::LoadPemFile(key_path.empty() ? DefaultLogKeyPath(dir) : key_path);
    if (!key.ok()) return (void)Fail(key.status());
    auto store = store::Store::Open(dir);
    if (!store.ok()) return (void)Fail(store.status());
    if (Status s = node::AdoptLogKey(**store, key->public_key()); !s.ok()) return (void)Fail(s);
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (std::uint32_t p = 0; p < (*store)->config().partitions; ++p) {
      if (partition && *partition != p) continue;
      auto note = node::IssueCheckpointAtHead(**store, p, *key);
      if (!note.ok()) return (void)Fail(note.status());
      auto head = (*store)->GetHead(p);
      if (!head.ok()) return (void)Fail(head.status());
      out.push_back({{"partition", p}, {"tree_size", head->next_seq}, {"checkpoint", *note}});
    }
    if (partition && out.empty()) return (void)Fail(kExitUsage, "partition " + std::to_string(*partition) + " does not exist");
    std::printf("%s\n", out.dump().c_str());
  });
}

void RegisterProve(CLI::App& app) {
  auto* prove = app.add_subcommand("prove", "Write a Merkle proof (JSON) against a stored checkpoint");
  prove->require_subcommand(1);
  static std::string dir, out = "-";
  static std::uint32_t partition = 0;
  static std::uint64_t seq = 0, from = 0, to = 0;
  static std::optional<std::uint64_t> size;
  {
    auto* cmd = prove->add_subcommand("inclusion", "Proof that event --seq is in the log (checkpoint at --size, default the latest)");
    cmd->add_option("--dir", dir, "Ledger directory")->required();
    cmd->add_option("--partition", partition, "Partition (default 0)");
    cmd->add_option("--seq", seq, "The event's seq")->required();
    cmd->add_option("--size", size, "Tree size of the checkpoint to prove against");
    cmd->add_option("--out", out, "Proof file (default stdout)");
    cmd->callback([] {
      auto store = store::Store::Open(dir);
      if (!store.ok()) return (void)Fail(store.status());
      auto j = BuildInclusionProof(**store, partition, seq, size);
      if (!j.ok()) return (void)Fail(j.status());
      ExitStatus() = WriteJson(out, *j);
    });
  }
  {
    auto* cmd = prove->add_subcommand("consistency", "Proof that the checkpoint at --to extends the one at --from");
    cmd->add_option("--dir", dir, "Ledger directory")->required();
    cmd->add_option("--partition", partition, "Partition (default 0)");
    cmd->add_option("--from", from, "Older tree size (a stored checkpoint)")->required();
    cmd->add_option("--to", to, "Newer tree size (a stored checkpoint)")->required();
    cmd->add_option("--out", out, "Proof file (default stdout)");
    cmd->callback([] {
      auto store = store::Store::Open(dir);
      if (!store.ok()) return (void)Fail(store.status());
      auto j = BuildConsistencyProof(**store, partition, from, to);
      if (!j.ok()) return (void)Fail(j.status());
      ExitStatus() = WriteJson(out, *j);
    });
  }
}

void RegisterVerifyProof(CLI::App& app) {
  auto* cmd = app.add_subcommand("verify-proof", "Check a proof file offline with the ledger's log public key only");
  static std::string file, pub, origin, checkpoint_file;
  cmd->add_option("file", file, "Proof file (JSON)")->required();
  cmd->add_option("--pub", pub, "The ledger's log public key (PEM)")->required();
  cmd->add_option("--origin", origin, "The ledger origin you trust (default: the proof's)");
  cmd->add_option("--checkpoint", checkpoint_file, "A checkpoint note to use instead of the proof's own");
  cmd->callback([] {
    auto key = crypto::PublicKey::LoadPemFile(pub);
    if (!key.ok()) return (void)Fail(key.status());
    auto text = ReadFile(file);
    if (!text.ok()) return (void)Fail(text.status());
    std::string checkpoint;
    if (!checkpoint_file.empty()) {
      auto c = ReadFile(checkpoint_file);
      if (!c.ok()) return (void)Fail(c.status());
      checkpoint = *c;
    }
    auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return (void)Fail(kExitBadInput, file + ": not JSON");
    auto verified = VerifyProofDocument(doc, *key, origin, checkpoint);
    if (!verified.ok()) {
      nlohmann::ordered_json j{{"ok", false}, {"problem", verified.status().message()}};
      std::printf("%s\n", j.dump().c_str());
      ExitStatus() = kExitVerifyFailed;
      return;
    }
    nlohmann::ordered_json j{{"ok", true}, {"proves", verified->summary}};
    std::printf("%s\n", j.dump().c_str());
  });
}

}  // namespace

void RegisterProofCommands(CLI::App& app) {
  RegisterCheckpoint(app);
  RegisterProve(app);
  RegisterVerifyProof(app);
  if (auto* bench = app.get_subcommand("bench")) RegisterProofBench(*bench);
}

}  // namespace pl::cli
