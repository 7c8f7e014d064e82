// bench proofs: inclusion proofs per second from a RocksDB tree of at least
// a million leaves, and embedded admission with a checkpoint every second
// vs without (as a ratio). Prints figures; asserts nothing.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>

#include <nlohmann/json.hpp>

#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"
#include "ledger/node/node.h"
#include "tools/patentledger/bench_input.h"
#include "tools/patentledger/cli.h"

namespace pl::cli {
namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

Result<store::LedgerConfig> BenchConfig(const crypto::PublicKey& anchor, const std::string& organisation) {
  store::LedgerConfig config;
  config.origin = "bench.example/proofs";
  config.anchor = {anchor.key_id(), anchor.algorithm(), anchor.raw(), organisation, domain::kRoleAuthority, false, 0};
  return config;
}

// Writes a tree of `leaves` synthetic leaves into partition 0 of a fresh
// store (the nodes the sequencer would have written) and measures proofs.
Result<nlohmann::ordered_json> MeasureProofs(const std::string& dir, std::uint64_t leaves, std::uint64_t proofs) {
  auto anchor = crypto::PrivateKey::Generate(domain::KeyAlgorithm::kEd25519);
  if (!anchor.ok()) return anchor.status();
  auto config = BenchConfig(anchor->public_key(), "12100000400000624D");
  auto st = store::Store::Create(dir, *config);
  if (!st.ok()) return st.status();
  merkle::Frontier tree;
  std::vector<store::CommitGroup::TreeNode> nodes;
  auto build_start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < leaves; ++i) {
    std::string input = std::to_string(i);
    tree.Append(merkle::LeafHash(AsBytes(input)),
                [&](merkle::NodeId id, const Hash256& h) { nodes.push_back({0, id.level, id.index, h}); });
    if (nodes.size() >= 200000) {
      PL_RETURN_IF_ERROR((*st)->PutTreeNodes(nodes));
      nodes.clear();
    }
  }
  PL_RETURN_IF_ERROR((*st)->PutTreeNodes(nodes));
  const double build_s = Since(build_start);
  const Hash256 root = tree.Root();
  // Before (one Get per node, as proofs were made until the batched read)
  // and now (node::StoredInclusionProof: one MultiGet per proof), same
  // leaves, same store, same process; the old way first so that the new
  // one gets no warmer cache than the old one had.
  auto reader = node::TreeReader(**st, 0);
  std::mt19937_64 rng_sequential(7);
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t k = 0; k < proofs; ++k) {
    auto proof = merkle::InclusionProof(rng_sequential() % leaves, leaves, reader);
    if (!proof.ok()) return proof.status();
  }
  const double sequential_s = Since(start);
  std::mt19937_64 rng(7);
  std::vector<std::vector<Hash256>> made;
  std::vector<std::uint64_t> indexes;
  start = std::chrono::steady_clock::now();
  for (std::uint64_t k = 0; k < proofs; ++k) {
    const std::uint64_t index = rng() % leaves;
    auto proof = node::StoredInclusionProof(**st, 0, index, leaves);
    if (!proof.ok()) return proof.status();
    if (made.size() < 10000) {
      made.push_back(std::move(*proof));
      indexes.push_back(index);
    }
  }
  const double prove_s = Since(start);
  start = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < made.size(); ++k) {
    std::string input = std::to_string(indexes[k]);
    if (!merkle::VerifyInclusion(indexes[k], leaves, merkle::LeafHash(AsBytes(input)), made[k], root).ok()) {
      return Status::Internal("a generated proof did not verify");
    }
  }
  const double verify_s = Since(start);
  nlohmann::ordered_json j;
  j["tree_leaves"] = leaves;
  j["tree_build_seconds"] = build_s;
  j["proofs"] = proofs;
  j["proofs_per_second"] = double(proofs) / prove_s;
  j["proofs_per_second_one_get_per_node"] = double(proofs) / sequential_s;
  j["verifications_per_second"] = double(made.size()) / verify_s;
  j["proof_hashes"] = made.empty() ? 0 : made[0].size();
  return j;
}

// Admits every line of `input` into a fresh ledger; returns seconds.
Result<double> Admit(const std::string& dir, const std::string& input, const store::LedgerConfig& config,
                     std::shared_ptr<const crypto::PrivateKey> checkpoint_key, std::uint64_t* checkpoints) {
  {
    auto created = store::Store::Create(dir, config);
    if (!created.ok()) return created.status();
  }
  node::NodeOptions options;
  options.dir = dir;
  options.checkpoint_key = checkpoint_key;
  options.checkpoint_every_ms = checkpoint_key ? 1000 : 0;
  auto n = node::Node::Open(options);
  if (!n.ok()) return n.status();
  auto reader = LineReader::Open(input);
  if (!reader.ok()) return reader.status();
  std::deque<std::future<node::Receipt>> window;
  std::string line;
  auto start = std::chrono::steady_clock::now();
  while ((*reader)->Next(&line)) {
    auto envelope = Base64Decode(line);
    if (!envelope) continue;
    window.push_back((*n)->Submit(std::move(*envelope)));
    while (window.size() > limits::kAdmissionQueueDepthMax) {
      window.front().get();
      window.pop_front();
    }
  }
  for (auto& f : window) f.get();
  const double seconds = Since(start);
  *checkpoints = (*n)->counters().checkpoints;
  if ((*n)->counters().checkpoint_errors > 0) return Status::Internal("checkpoint: " + (*n)->last_checkpoint_error());
  return seconds;
}

}  // namespace

void RegisterProofBench(CLI::App& bench) {
  auto* cmd = bench.add_subcommand("proofs", "Inclusion proofs/s on a 1M-leaf stored tree; admission with checkpoints every second vs without");
  static std::uint64_t leaves = 1000000, proofs = 200000;
  static std::size_t count = 50000;
  static std::string work;
  cmd->add_option("--leaves", leaves, "Leaves of the stored tree (>= 1)")->check(CLI::Range(std::uint64_t(1), std::uint64_t(1) << 40));
  cmd->add_option("--proofs", proofs, "Inclusion proofs to generate");
  cmd->add_option("--count", count, "Submissions for the admission comparison (0: skip it)");
  cmd->add_option("--work", work, "Work directory (default: a fresh temporary one, removed after)");
  cmd->callback([] {
    namespace fs = std::filesystem;
    std::error_code ec;
    const bool temporary = work.empty();
    if (temporary) work = (fs::temp_directory_path() / ("patentledger-bench-proofs-" + std::to_string(::getpid()))).string();
    fs::remove_all(work, ec);
    fs::create_directories(work, ec);
    nlohmann::ordered_json out;
    std::fprintf(stderr, "building a stored tree of %llu leaves...\n", (unsigned long long)leaves);
    auto p = MeasureProofs(work + "/tree", leaves, proofs);
    if (!p.ok()) return (void)Fail(p.status());
    out["proofs"] = *p;
    if (count > 0) {
      std::fprintf(stderr, "generating %zu submissions...\n", count);
      auto input = GenerateBenchInput(work, count, /*seed=*/42, "bench.example/proofs");
      if (!input.ok()) return (void)Fail(input.status());
      const store::LedgerConfig* config = &input->ledger;
      auto key = crypto::PrivateKey::Generate(domain::KeyAlgorithm::kEd25519);
      if (!key.ok()) return (void)Fail(key.status());
      auto signer = std::make_shared<const crypto::PrivateKey>(std::move(*key));
      std::uint64_t cps_without = 0, cps_with = 0;
      std::fprintf(stderr, "admission without checkpoints...\n");
      auto without = Admit(work + "/plain", input->submissions, *config, nullptr, &cps_without);
      if (!without.ok()) return (void)Fail(without.status());
      std::fprintf(stderr, "admission with a checkpoint every second...\n");
      auto with = Admit(work + "/checkpointed", input->submissions, *config, signer, &cps_with);
      if (!with.ok()) return (void)Fail(with.status());
      out["admission"] = {{"submissions", count},
                          {"seconds_without_checkpoints", *without},
                          {"seconds_with_checkpoint_every_second", *with},
                          {"checkpoints_issued", cps_with},
                          {"throughput_ratio_with_vs_without", *without / *with}};
    }
    double load[1] = {0};
    out["load_average"] = ::getloadavg(load, 1) == 1 ? load[0] : 0;
    std::printf("%s\n", out.dump(2).c_str());
    if (temporary) fs::remove_all(work, ec);
  });
}

}  // namespace pl::cli
