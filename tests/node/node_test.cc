#define BOOST_TEST_MODULE node
#include <boost/test/unit_test.hpp>

#include <map>
#include <random>

#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "schemas/ledger_generated.h"
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

namespace {

// An envelope around `submission` signed by `signer`, naming `key_id`.
Bytes SignAs(const crypto::PrivateKey& signer, const std::string& key_id, const domain::Submission& submission) {
  Bytes bytes = codec::EncodeSubmission(submission);
  return codec::EncodeEnvelope(bytes, {{key_id, signer.SignSubmission(bytes)}});
}

// A submission whose union type is one this schema does not know (13).
Bytes UnknownKindSubmission(const std::string& submission_id) {
  flatbuffers::FlatBufferBuilder b;
  auto id = b.CreateString(submission_id);
  auto patent = b.CreateString("201710601862.3");
  auto body = patentledger::fb::CreateLicenceTerminated(b, b.CreateString("L-1"));
  b.Finish(patentledger::fb::CreateSubmission(b, id, patent, 0, 20240101, 0,
                                              static_cast<patentledger::fb::Body>(13), body.Union()),
           "PLS1");
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

}  // namespace

BOOST_AUTO_TEST_CASE(wrong_unknown_and_revoked_keys_and_unknown_kinds_are_refused_and_change_nothing) {
  TempDir dir("node-keys");
  Sample s = Generate(300, 15);
  pl::testing::CreateLedgerFor(*s.generator, dir.path());
  auto node = pl::testing::OpenNode(dir.path());
  auto receipts = pl::testing::SubmitAll(*node, s.envelopes);
  const auto& authority = s.generator->authority();
  const sample::Actor* op = nullptr;
  for (const auto& a : s.generator->actors()) {
    if (a.name == "operator-1") op = &a;
  }
  BOOST_REQUIRE(op != nullptr);

  // A fresh key, enrolled as an operator and revoked again by the authority.
  auto fresh = crypto::PrivateKey::FromEd25519Seed(Bytes(32, 0x5e));
  BOOST_REQUIRE(fresh.ok());
  const auto& pub = fresh->public_key();
  domain::Submission enrol;
  enrol.submission_id = std::string(31, 'e') + "1";
  enrol.effective_date = 20240101;
  enrol.body = domain::KeyEnrolled{pub.key_id(), pub.algorithm(), HexEncode(pub.raw()), op->organisation,
                                   domain::kRoleRegistryOperator};
  domain::Submission revoke = enrol;
  revoke.submission_id = std::string(31, 'e') + "2";
  revoke.body = domain::KeyRevoked{pub.key_id(), "key compromised", 1704067200000000};
  auto setup = pl::testing::SubmitAll(*node, {SignAs(authority.key, authority.key.public_key().key_id(), enrol),
                                              SignAs(authority.key, authority.key.public_key().key_id(), revoke)});
  BOOST_REQUIRE(setup[0].accepted() && setup[1].accepted());
  const std::uint64_t events = EventCount(node->store());
  const Hash256 head = node->store().GetHead(0)->last_hash;

  // Any accepted patent submission, re-issued under a new id.
  std::size_t i = 0;
  while (!(receipts[i].accepted() && !receipts[i].replayed && receipts[i].seq > 50)) ++i;
  auto view = codec::VerifyEnvelope(s.envelopes[i]);
  BOOST_REQUIRE(view.ok());
  auto original = codec::DecodeSubmission(view->submission_bytes);
  BOOST_REQUIRE(original.ok());
  domain::Submission again = *original;
  again.submission_id = std::string(31, 'f') + "1";

  const std::string op_id = op->key.public_key().key_id();
  std::vector<Bytes> bad = {
      SignAs(*fresh, op_id, again),                  // signed by another key than the one named
      SignAs(*fresh, pub.key_id(), again),           // signed by the revoked key
      SignAs(*fresh, std::string(32, '0'), again),   // a key never enrolled
  };
  Bytes unknown_kind = UnknownKindSubmission(std::string(31, 'f') + "2");
  bad.push_back(codec::EncodeEnvelope(unknown_kind, {{op_id, op->key.SignSubmission(unknown_kind)}}));
  auto got = pl::testing::SubmitAll(*node, bad);
  const domain::RejectCode want[] = {domain::RejectCode::kBadSignature, domain::RejectCode::kRevokedSigner,
                                     domain::RejectCode::kUnknownSigner, domain::RejectCode::kMalformed};
  for (std::size_t k = 0; k < got.size(); ++k) {
    BOOST_TEST((got[k].status == node::Receipt::Status::kRejected), "item " << k << ": " << got[k].ToJson());
    BOOST_TEST((got[k].code == want[k]), "item " << k << ": " << got[k].ToJson());
    BOOST_TEST(!got[k].message.empty());
  }
  BOOST_TEST(got[3].message.find("unknown body kind 13") != std::string::npos, got[3].message);
  BOOST_TEST(EventCount(node->store()) == events);
  BOOST_TEST(node->store().GetHead(0)->last_hash == head);
}
