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

// Proofs of `proofs` random leaves (seed 7: the same leaves in every pass)
// from the stored tree of `leaves`; the first kKeptProofs are kept so that
// every pass can be checked against the in-memory reference.
constexpr std::size_t kKeptProofs = 10000;
struct ProofPass {
  double seconds = 0;
  std::vector<std::vector<Hash256>> kept;
};
template <typename Prove>
Result<ProofPass> TimeProofs(std::uint64_t leaves, std::uint64_t proofs, const Prove& prove) {
  ProofPass pass;
  std::mt19937_64 rng(7);
  auto start = std::chrono::steady_clock::now();
  for (std::uint64_t k = 0; k < proofs; ++k) {
    Result<std::vector<Hash256>> proof = prove(rng() % leaves);
    if (!proof.ok()) return proof.status();
    if (pass.kept.size() < kKeptProofs) pass.kept.push_back(std::move(*proof));
  }
  pass.seconds = Since(start);
  return pass;
}

// The tree in memory, one vector per level, as the reference: RFC 9162
// proofs with no storage at all.
struct MemoryTree {
  std::vector<std::vector<Hash256>> levels;
  merkle::NodeReader Reader() const {
    return [this](merkle::NodeId id) -> Result<Hash256> { return levels[id.level][id.index]; };
  }
};

// Writes a tree of `leaves` synthetic leaves into partition 0 of a fresh
// store (the nodes the sequencer would have written) and measures proofs:
// as written (largely still in memtables), then with the tree compacted
// into SST files as a long-running node has it, without the tree cache and
// with it at several budgets (docs/decisions/0022).
Result<nlohmann::ordered_json> MeasureProofs(const std::string& dir, std::uint64_t leaves, std::uint64_t proofs) {
  auto anchor = crypto::PrivateKey::Generate(domain::KeyAlgorithm::kEd25519);
  if (!anchor.ok()) return anchor.status();
  auto config = BenchConfig(anchor->public_key(), "12100000400000624D");
  auto st = store::Store::Create(dir, *config);
  if (!st.ok()) return st.status();
  merkle::Frontier tree;
  MemoryTree memory;
  std::vector<store::CommitGroup::TreeNode> nodes;
  auto build_start = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < leaves; ++i) {
    std::string input = std::to_string(i);
    tree.Append(merkle::LeafHash(AsBytes(input)), [&](merkle::NodeId id, const Hash256& h) {
      nodes.push_back({0, id.level, id.index, h});
      if (memory.levels.size() <= id.level) memory.levels.resize(id.level + 1);
      memory.levels[id.level].push_back(h);
    });
    if (nodes.size() >= 200000) {
      PL_RETURN_IF_ERROR((*st)->PutTreeNodes(nodes));
      nodes.clear();
    }
  }
  PL_RETURN_IF_ERROR((*st)->PutTreeNodes(nodes));
  // The head says how big the tree is (the cache sizes itself from it).
  store::CommitGroup head;
  head.heads.push_back({0, store::PartitionHead{leaves, {}, 0}});
  PL_RETURN_IF_ERROR((*st)->Commit(head));
  const double build_s = Since(build_start);
  const Hash256 root = tree.Root();

  auto reference = TimeProofs(leaves, proofs, [&](std::uint64_t i) {
    return merkle::InclusionProof(i, leaves, memory.Reader());
  });
  if (!reference.ok()) return reference.status();
  nlohmann::ordered_json passes = nlohmann::ordered_json::array();
  auto run = [&](const std::string& name, const store::Store& s) -> Status {
    auto pass = TimeProofs(leaves, proofs, [&](std::uint64_t i) { return node::StoredInclusionProof(s, 0, i, leaves); });
    if (!pass.ok()) return pass.status();
    if (pass->kept != reference->kept) return Status::Internal(name + ": proofs differ from the in-memory reference");
    const auto [cached, lowest] = s.TreeCacheStats(0);
    passes.push_back({{"tree", name},
                      {"proofs_per_second", double(proofs) / pass->seconds},
                      {"cached_lowest_level", lowest},
                      {"cached_nodes", cached},
                      {"cached_mib", double(cached) * 32 / (1 << 20)}});
    return Status::Ok();
  };
  PL_RETURN_IF_ERROR(run("as written (memtables + L0), tree cache 32 MiB", **st));
  std::fprintf(stderr, "compacting the tree...\n");
  PL_RETURN_IF_ERROR((*st)->CompactTree());
  st->reset();
  const std::pair<const char*, std::size_t> budgets[] = {
      {"compacted, no tree cache", 0},          {"compacted, tree cache 32 MiB (default)", store::kTreeCacheBytesDefault},
      {"compacted, tree cache 64 MiB (every node of 1M leaves)", 64u << 20},
      {"compacted, tree cache 4 MiB", 4u << 20}, {"compacted, tree cache 1 MiB", 1u << 20},
      {"compacted, tree cache 256 KiB", 256u << 10}};
  for (const auto& [name, bytes] : budgets) {
    store::StoreOptions options;
    options.tree_cache_bytes = bytes;
    auto opened = store::Store::Open(dir, options);
    if (!opened.ok()) return opened.status();
    auto load_start = std::chrono::steady_clock::now();
    auto first = node::StoredInclusionProof(**opened, 0, 0, leaves);  // loads the cache
    if (!first.ok()) return first.status();
    const double load_s = Since(load_start);
    PL_RETURN_IF_ERROR(run(name, **opened));
    passes.back()["first_proof_seconds_with_cache_load"] = load_s;
  }
  // Consistency proofs from a random earlier size to the whole tree, with
  // the default cache, against the in-memory reference.
  auto opened = store::Store::Open(dir);
  if (!opened.ok()) return opened.status();
  const std::uint64_t consistency_count = std::max<std::uint64_t>(1, proofs / 4);
  auto consistency = [&](const merkle::NodeReader* memory_reader) {
    return TimeProofs(leaves, consistency_count, [&](std::uint64_t i) {
      const std::uint64_t from = i + 1 < leaves ? i + 1 : 1;
      return memory_reader ? merkle::ConsistencyProof(from, leaves, *memory_reader)
                           : node::StoredConsistencyProof(**opened, 0, from, leaves);
    });
  };
  const merkle::NodeReader memory_reader = memory.Reader();
  auto consistency_reference = consistency(&memory_reader);
  if (!consistency_reference.ok()) return consistency_reference.status();
  auto consistency_stored = consistency(nullptr);
  if (!consistency_stored.ok()) return consistency_stored.status();
  if (consistency_stored->kept != consistency_reference->kept) {
    return Status::Internal("consistency proofs differ from the in-memory reference");
  }
  std::mt19937_64 rng(7);
  auto start = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < reference->kept.size(); ++k) {
    const std::uint64_t index = rng() % leaves;
    std::string input = std::to_string(index);
    if (!merkle::VerifyInclusion(index, leaves, merkle::LeafHash(AsBytes(input)), reference->kept[k], root).ok()) {
      return Status::Internal("a generated proof did not verify");
    }
  }
  const double verify_s = Since(start);
  nlohmann::ordered_json j;
  j["tree_leaves"] = leaves;
  j["tree_build_seconds"] = build_s;
  j["proofs"] = proofs;
  j["proof_hashes"] = reference->kept.empty() ? 0 : reference->kept[0].size();
  j["stored_inclusion_proofs"] = passes;
  j["in_memory_reference_proofs_per_second"] = double(proofs) / reference->seconds;
  j["consistency_proofs"] = consistency_count;
  j["stored_consistency_proofs_per_second_cache_32_mib"] = double(consistency_count) / consistency_stored->seconds;
  j["in_memory_reference_consistency_proofs_per_second"] = double(consistency_count) / consistency_reference->seconds;
  j["verifications_per_second"] = double(reference->kept.size()) / verify_s;
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
