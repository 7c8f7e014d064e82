#define BOOST_TEST_MODULE node
#include <boost/test/unit_test.hpp>

#include <map>
#include <random>

#include "ledger/codec/codec.h"
#include "ledger/node/audit.h"
#include "tests/node/node_test_util.h"

using namespace pl;
using pl::testing::TempDir;

namespace {

struct Sample {
  std::unique_ptr<sample::Generator> generator;
  std::vector<Bytes> envelopes;
  std::vector<sample::Expectation> expected;
};

Sample Generate(std::size_t count, std::uint64_t seed) {
  sample::Options o;
  o.seed = seed;
  o.submissions = count;
  auto g = sample::Generator::Create(o);
  BOOST_REQUIRE(g.ok());
  Sample s;
  s.generator = std::move(*g);
  sample::Generated item;
  while (s.generator->Next(&item)) {
    s.envelopes.push_back(item.envelope);
    s.expected.push_back(item.expected);
  }
  return s;
}

std::uint64_t EventCount(const store::Store& st) {
  std::uint64_t n = 0;
  for (std::uint32_t p = 0; p < st.config().partitions; ++p) n += st.GetHead(p)->next_seq;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(receipts_match_what_each_generated_submission_was_built_to_get) {
  TempDir dir("node-e2e");
  Sample s = Generate(3000, 11);
  pl::testing::CreateLedgerFor(*s.generator, dir.path());
  auto node = pl::testing::OpenNode(dir.path());
  auto receipts = pl::testing::SubmitAll(*node, s.envelopes);
  std::map<std::string, int> mismatches;
  for (std::size_t i = 0; i < receipts.size(); ++i) {
    const auto& r = receipts[i];
    const auto& e = s.expected[i];
    bool ok = e.kind == sample::Expectation::Kind::kReject
                  ? (r.status == node::Receipt::Status::kRejected && r.code == e.code)
                  : (r.status == node::Receipt::Status::kAccepted &&
                     r.replayed == (e.kind == sample::Expectation::Kind::kReplay));
    if (!ok) {
      BOOST_TEST_MESSAGE("item " << i << ": got " << r.ToJson());
      ++mismatches[e.kind == sample::Expectation::Kind::kReject ? std::string(domain::RejectCodeName(e.code))
                                                                : "accept"];
    }
  }
  BOOST_TEST(mismatches.empty());
  auto report = node::AuditStore(node->store());
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok, report->problem);
}

BOOST_AUTO_TEST_CASE(resubmitting_everything_after_restart_returns_the_original_receipts) {
  TempDir dir("node-replay");
  Sample s = Generate(1500, 12);
  pl::testing::CreateLedgerFor(*s.generator, dir.path());
  std::vector<node::Receipt> first;
  std::uint64_t events = 0;
  {
    auto node = pl::testing::OpenNode(dir.path());
    first = pl::testing::SubmitAll(*node, s.envelopes);
    events = EventCount(node->store());
  }
  auto node = pl::testing::OpenNode(dir.path());
  auto second = pl::testing::SubmitAll(*node, s.envelopes);
  BOOST_TEST(EventCount(node->store()) == events);
  for (std::size_t i = 0; i < first.size(); ++i) {
    if (!first[i].accepted()) continue;
    BOOST_TEST_REQUIRE(second[i].accepted());
    BOOST_TEST(second[i].replayed);
    BOOST_TEST(second[i].seq == first[i].seq);
    BOOST_TEST(second[i].leaf_hash == first[i].leaf_hash);
  }
}

BOOST_AUTO_TEST_CASE(a_full_queue_answers_busy_instead_of_queueing_without_bound) {
  TempDir dir("node-busy");
  Sample s = Generate(400, 13);
  pl::testing::CreateLedgerFor(*s.generator, dir.path());
  node::NodeOptions o;
  o.dir = dir.path();
  o.queue_depth = 1;
  auto node = node::Node::Open(o);
  BOOST_REQUIRE(node.ok());
  std::size_t busy = 0;
  std::vector<std::future<node::Receipt>> accepted_into_queue;
  for (const auto& e : s.envelopes) {
    auto f = (*node)->TrySubmit(e);
    if (f.ok()) {
      accepted_into_queue.push_back(std::move(*f));
    } else {
      BOOST_TEST(f.status().IsBusy());
      ++busy;
    }
  }
  for (auto& f : accepted_into_queue) BOOST_TEST((f.get().status != node::Receipt::Status::kError));
  BOOST_TEST_MESSAGE("busy answers: " << busy << " of " << s.envelopes.size());
  BOOST_TEST(busy > 0u);
}

BOOST_AUTO_TEST_CASE(bad_envelopes_get_their_code_and_leave_the_store_unchanged) {
  TempDir dir("node-bad");
  Sample s = Generate(300, 14);
  pl::testing::CreateLedgerFor(*s.generator, dir.path());
  auto node = pl::testing::OpenNode(dir.path());
  auto receipts = pl::testing::SubmitAll(*node, s.envelopes);
  std::uint64_t events = EventCount(node->store());
  auto head_before = *node->store().GetHead(0);

  // A valid accepted envelope to damage, and a fresh operator-signed one.
  std::size_t good = 0;
  while (!(receipts[good].accepted() && !receipts[good].replayed) || good < 20) ++good;
  const Bytes& base = s.envelopes[good];
  std::mt19937_64 rng(20241123);
  BOOST_TEST_MESSAGE("seed 20241123");
  std::vector<Bytes> bad;
  for (std::size_t cut : {std::size_t(0), std::size_t(1), std::size_t(7), base.size() / 2, base.size() - 1}) {
    bad.emplace_back(base.begin(), base.begin() + long(cut));  // truncated
  }
  for (int i = 0; i < 200; ++i) {  // bit flips
    Bytes b = base;
    b[rng() % b.size()] ^= std::uint8_t(1u << (rng() % 8));
    bad.push_back(std::move(b));
  }
  for (int i = 0; i < 50; ++i) {  // random bytes
    Bytes b(rng() % 2000);
    for (auto& x : b) x = std::uint8_t(rng());
    bad.push_back(std::move(b));
  }
  bad.emplace_back(limits::kEnvelopeBytesMax + 1, 0);  // oversized
  auto bad_receipts = pl::testing::SubmitAll(*node, bad);
  for (std::size_t i = 0; i < bad_receipts.size(); ++i) {
    const auto& r = bad_receipts[i];
    // A flipped bit may land in padding and leave a valid, already-accepted
    // envelope: that must come back as a replay, never as a new event.
    bool replay_of_original = r.accepted() && r.replayed;
    BOOST_TEST((r.status == node::Receipt::Status::kRejected || replay_of_original), "item " << i << ": " << r.ToJson());
  }
  BOOST_TEST((bad_receipts.back().code == domain::RejectCode::kTooLarge));
  BOOST_TEST((bad_receipts[0].code == domain::RejectCode::kMalformed));
  BOOST_TEST(EventCount(node->store()) == events);
  BOOST_TEST(node->store().GetHead(0)->last_hash == head_before.last_hash);
  auto report = node::AuditStore(node->store());
  BOOST_REQUIRE(report.ok());
  BOOST_TEST(report->ok, report->problem);
}
