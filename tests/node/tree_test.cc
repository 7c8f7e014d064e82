// The Merkle tree kept by the node: persisted with each commit group,
// equal to the tree recomputed from the stored events, proofs from stored
// nodes, and automatic checkpoints signed by the log key.
#define BOOST_TEST_MODULE node_tree
#include <boost/test/unit_test.hpp>

#include <atomic>

#include "ledger/merkle/checkpoint.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"
#include "tests/node/node_test_util.h"

using namespace pl;
using pl::testing::TempDir;

namespace {

std::vector<Bytes> Envelopes(sample::Generator& g) {
  std::vector<Bytes> out;
  sample::Generated item;
  while (g.Next(&item)) out.push_back(item.envelope);
  return out;
}

std::unique_ptr<sample::Generator> MakeGenerator(std::size_t count, std::uint64_t seed) {
  sample::Options o;
  o.seed = seed;
  o.submissions = count;
  auto g = sample::Generator::Create(o);
  BOOST_REQUIRE(g.ok());
  return std::move(*g);
}

std::vector<Hash256> LeavesOf(const store::Store& st, std::uint32_t p) {
  std::vector<Hash256> leaves;
  BOOST_REQUIRE(st.ScanEvents(p, 0, [&](std::uint64_t, ByteSpan sealed) {
                    leaves.push_back(merkle::LeafHash(sealed));
                    return true;
                  }).ok());
  return leaves;
}

std::shared_ptr<const crypto::PrivateKey> LogKey() {
  Bytes seed(32, 0x42);
  auto key = crypto::PrivateKey::FromEd25519Seed(seed);
  BOOST_REQUIRE(key.ok());
  return std::make_shared<const crypto::PrivateKey>(std::move(*key));
}

std::unique_ptr<node::Node> OpenWithCheckpoints(const std::string& dir, std::uint64_t every_events) {
  node::NodeOptions o;
  o.dir = dir;
  o.checkpoint_key = LogKey();
  o.checkpoint_every_events = every_events;
  auto n = node::Node::Open(o);
  BOOST_REQUIRE_MESSAGE(n.ok(), n.status().ToString());
  return std::move(*n);
}

// Everything the store says about `p`'s tree agrees with the events.
void CheckPartition(const store::Store& st, std::uint32_t p, const crypto::PublicKey& log_key) {
  const auto leaves = LeavesOf(st, p);
  auto reader = node::TreeReader(st, p);
  auto root = merkle::RootAt(leaves.size(), reader);
  BOOST_REQUIRE(root.ok());
  auto want = merkle::RootAt(leaves.size(), merkle::InMemoryReader(&leaves));
  BOOST_REQUIRE(want.ok());
  BOOST_TEST(HexEncode(*root) == HexEncode(*want), "partition " << p);
  auto latest = st.GetLatestCheckpoint(p);
  BOOST_REQUIRE(latest.ok());
  BOOST_REQUIRE(latest->has_value());
  const auto& [size, note] = **latest;
  auto cp = node::OpenPartitionCheckpoint(note, st.config().origin, p, log_key);
  BOOST_REQUIRE_MESSAGE(cp.ok(), cp.status().ToString());
  BOOST_TEST(cp->size == size);
  BOOST_REQUIRE(size <= leaves.size());
  auto at_size = merkle::RootAt(size, merkle::InMemoryReader(&leaves));
  BOOST_TEST(HexEncode(cp->root) == HexEncode(*at_size));
  for (std::uint64_t i = 0; i < size; i += 7) {
    auto proof = merkle::InclusionProof(i, size, reader);
    BOOST_REQUIRE(proof.ok());
    auto batched = node::StoredInclusionProof(st, p, i, size);
    BOOST_REQUIRE_MESSAGE(batched.ok(), batched.status().ToString());
    BOOST_TEST((*batched == *proof), "seq " << i);
    BOOST_TEST(merkle::VerifyInclusion(i, size, leaves[i], *proof, cp->root).ok(), "seq " << i);
  }
}

// Submits in small chunks, so each chunk's group is committed (and its
// checkpoint issued) before the next one is sealed.
void SubmitInChunks(node::Node& n, const std::vector<Bytes>& envelopes) {
  for (std::size_t i = 0; i < envelopes.size(); i += 40) {
    std::vector<Bytes> chunk(envelopes.begin() + std::ptrdiff_t(i),
                             envelopes.begin() + std::ptrdiff_t(std::min(envelopes.size(), i + 40)));
    pl::testing::SubmitAll(n, chunk);
  }
}

std::vector<merkle::Checkpoint> StoredCheckpoints(const store::Store& st, std::uint32_t p) {
  std::vector<merkle::Checkpoint> cps;
  const auto head = st.GetHead(p);
  BOOST_REQUIRE(head.ok());
  for (std::uint64_t size = 1; size <= head->next_seq; ++size) {
    auto note = st.GetCheckpoint(p, size);
    BOOST_REQUIRE(note.ok());
    if (!*note) continue;
    auto cp = node::OpenPartitionCheckpoint(**note, st.config().origin, p, LogKey()->public_key());
    BOOST_REQUIRE_MESSAGE(cp.ok(), cp.status().ToString());
    BOOST_TEST(cp->size == size);
    cps.push_back(*cp);
  }
  return cps;
}

std::unique_ptr<store::Store> OpenStore(const std::string& dir) {
  auto st = store::Store::Open(dir);
  BOOST_REQUIRE(st.ok());
  return std::move(*st);
}

}  // namespace

BOOST_AUTO_TEST_CASE(tree_and_checkpoints_follow_the_log_across_restarts) {
  TempDir dir("tree");
  auto g = MakeGenerator(1600, 21);
  auto envelopes = Envelopes(*g);
  pl::testing::CreateLedgerFor(*g, dir.path(), 2);
  const std::size_t half = envelopes.size() / 2;
  std::vector<Bytes> first(envelopes.begin(), envelopes.begin() + std::ptrdiff_t(half));
  std::vector<Bytes> second(envelopes.begin() + std::ptrdiff_t(half), envelopes.end());
  {
    auto n = OpenWithCheckpoints(dir.path(), 100);
    SubmitInChunks(*n, first);
    BOOST_TEST(n->counters().checkpoints > 2u);
    BOOST_TEST(n->counters().checkpoint_errors == 0u, n->last_checkpoint_error());
  }
  {
    auto n = OpenWithCheckpoints(dir.path(), 100);
    SubmitInChunks(*n, second);
    BOOST_TEST(n->counters().checkpoint_errors == 0u, n->last_checkpoint_error());
  }
  auto st = OpenStore(dir.path());
  for (std::uint32_t p = 0; p < 2; ++p) {
    BOOST_TEST(StoredCheckpoints(*st, p).size() > 2u, "partition " << p);
    auto note = node::IssueCheckpointAtHead(*st, p, *LogKey());
    BOOST_REQUIRE(note.ok());
    CheckPartition(*st, p, LogKey()->public_key());
  }
}

BOOST_AUTO_TEST_CASE(consistency_holds_between_every_pair_of_stored_checkpoints) {
  TempDir dir("tree-consistency");
  auto g = MakeGenerator(700, 22);
  pl::testing::CreateLedgerFor(*g, dir.path(), 1);
  {
    auto n = OpenWithCheckpoints(dir.path(), 64);
    SubmitInChunks(*n, Envelopes(*g));
  }
  auto owned = OpenStore(dir.path());
  const store::Store& st = *owned;
  const auto cps = StoredCheckpoints(st, 0);
  BOOST_TEST(cps.size() > 2u);
  for (std::size_t i = 0; i + 1 < cps.size(); ++i) {
    auto proof = merkle::ConsistencyProof(cps[i].size, cps[i + 1].size, node::TreeReader(st, 0));
    BOOST_REQUIRE(proof.ok());
    BOOST_TEST(merkle::VerifyConsistency(cps[i].size, cps[i + 1].size, *proof, cps[i].root, cps[i + 1].root).ok());
    // The roots swapped cannot be consistent.
    BOOST_TEST(!merkle::VerifyConsistency(cps[i].size, cps[i + 1].size, *proof, cps[i + 1].root, cps[i].root).ok());
  }
}

BOOST_AUTO_TEST_CASE(a_node_refuses_a_checkpoint_key_that_is_not_the_ledgers) {
  TempDir dir("tree-key");
  auto g = MakeGenerator(10, 23);
  pl::testing::CreateLedgerFor(*g, dir.path(), 1);
  { auto n = OpenWithCheckpoints(dir.path(), 1); }  // adopts LogKey()
  node::NodeOptions o;
  o.dir = dir.path();
  Bytes seed(32, 0x43);
  auto other = crypto::PrivateKey::FromEd25519Seed(seed);
  BOOST_REQUIRE(other.ok());
  o.checkpoint_key = std::make_shared<const crypto::PrivateKey>(std::move(*other));
  o.checkpoint_every_events = 1;
  auto n = node::Node::Open(o);
  BOOST_TEST(!n.ok());
}

BOOST_AUTO_TEST_CASE(checkpoints_by_time_follow_the_injected_clock_and_not_the_event_count) {
  TempDir dir("tree-time");
  auto g = MakeGenerator(400, 24);
  pl::testing::CreateLedgerFor(*g, dir.path(), 1);
  auto envelopes = Envelopes(*g);
  std::atomic<std::int64_t> now_us{1'700'000'000'000'000};
  node::NodeOptions o;
  o.dir = dir.path();
  o.checkpoint_key = LogKey();
  o.checkpoint_every_ms = 60'000;  // a minute of the injected clock
  o.clock_us = [&] { return now_us.load(); };
  auto opened = node::Node::Open(o);
  BOOST_REQUIRE(opened.ok());
  auto& n = **opened;
  SubmitInChunks(n, std::vector<Bytes>(envelopes.begin(), envelopes.begin() + 200));
  BOOST_TEST(n.counters().checkpoints == 0u);  // the clock has not moved
  now_us += 61'000'000;
  // The checkpoint follows a group's receipts; the next chunk's receipts
  // come after it (one sequencer thread), so counting then is race-free.
  SubmitInChunks(n, std::vector<Bytes>(envelopes.begin() + 200, envelopes.begin() + 240));
  SubmitInChunks(n, std::vector<Bytes>(envelopes.begin() + 240, envelopes.begin() + 280));
  BOOST_TEST(n.counters().checkpoints == 1u);  // one minute passed: one checkpoint
  SubmitInChunks(n, std::vector<Bytes>(envelopes.begin() + 280, envelopes.end()));
  BOOST_TEST(n.counters().checkpoints == 1u);
  BOOST_TEST(n.counters().checkpoint_errors == 0u, n.last_checkpoint_error());
}
