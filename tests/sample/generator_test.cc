// The synthetic registry generator: reproducible bytes, every rejection code
// represented, well-formed accepted submissions, and expectations that agree
// with the domain's own admission (domain::Decide/Apply fed in order).
#define BOOST_TEST_MODULE sample
#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/identifiers.h"
#include "ledger/sample/generator.h"

using namespace pl;
using sample::Expectation;

namespace {

constexpr std::uint64_t kSeed = 20240601;

struct Sample {
  std::unique_ptr<sample::Generator> generator;
  std::vector<sample::Generated> lines;
};

Sample Generate(std::size_t count, std::uint64_t seed) {
  sample::Options o;
  o.seed = seed;
  o.submissions = count;
  auto g = sample::Generator::Create(o);
  BOOST_TEST_REQUIRE(g.ok(), g.status().ToString());
  Sample s;
  s.generator = std::move(*g);
  sample::Generated item;
  while (s.generator->Next(&item)) s.lines.push_back(item);
  return s;
}

// The 5,000-line sample most tests read; generated once.
const Sample& FiveThousand() {
  static const Sample sample = [] {
    BOOST_TEST_MESSAGE("seed " << kSeed);
    return Generate(5000, kSeed);
  }();
  return sample;
}

std::vector<const domain::Party*> PartiesOf(const domain::Body& body) {
  std::vector<const domain::Party*> out;
  auto all = [&](const std::vector<domain::Party>& v) {
    for (const auto& p : v) out.push_back(&p);
  };
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, domain::PatentRecorded>) all(b.owners);
        if constexpr (std::is_same_v<T, domain::OwnershipTransferred>) {
          all(b.assignors);
          all(b.assignees);
        }
        if constexpr (std::is_same_v<T, domain::LicenceRecorded>) {
          all(b.licensors);
          out.push_back(&b.licensee);
        }
        if constexpr (std::is_same_v<T, domain::OpenLicenceDeclared>) all(b.declarants);
        if constexpr (std::is_same_v<T, domain::OpenLicenceWithdrawn>) all(b.declarants);
        if constexpr (std::is_same_v<T, domain::OpenLicenceTaken>) out.push_back(&b.licensee);
        if constexpr (std::is_same_v<T, domain::PledgeRegistered>) {
          all(b.pledgors);
          out.push_back(&b.pledgee);
        }
        if constexpr (std::is_same_v<T, domain::PledgeReleased>) out.push_back(&b.pledgee);
      },
      body);
  return out;
}

// A ledger reduced to its admission: what the node does with an envelope,
// minus storage. Envelope-level checks as in ledger/node/precheck.cc, then
// domain::Decide and domain::Apply.
class MiniLedger {
 public:
  explicit MiniLedger(const sample::Actor& anchor) {
    const crypto::PublicKey& pub = anchor.key.public_key();
    keys_.Put(domain::KeyRecord{pub.key_id(), pub.algorithm(), pub.raw(), anchor.organisation,
                                domain::kRoleAuthority, false, 0});
  }

  Expectation Admit(const Bytes& envelope, std::string* message) {
    if (envelope.size() > limits::kEnvelopeBytesMax) return Reject(domain::RejectCode::kTooLarge);
    auto view = codec::VerifyEnvelope(envelope);
    if (!view.ok()) return Malformed(view.status(), message);
    auto decoded = codec::DecodeSubmission(view->submission_bytes);
    if (!decoded.ok()) return Malformed(decoded.status(), message);
    const domain::Submission& s = *decoded;
    if (const auto* e = std::get_if<domain::KeyEnrolled>(&s.body)) {
      // The node's precheck: the key id must be the hash of the key.
      auto raw = HexDecode(e->public_key_hex);
      if (!raw) return Reject(domain::RejectCode::kMalformed);
      auto key = crypto::PublicKey::FromRaw(e->algorithm, *raw);
      if (!key.ok() || key->key_id() != e->key_id) return Reject(domain::RejectCode::kMalformed);
    }
    std::vector<domain::SignatureOutcome> outcomes;
    for (const auto& sig : view->signatures) {
      domain::SignatureOutcome o{std::string(sig.key_id), domain::SignatureCheck::kKeyUnknown};
      if (const crypto::PublicKey* key = PublicKeyOf(o.key_id)) {
        o.check = key->VerifySubmission(view->submission_bytes, sig.signature) ? domain::SignatureCheck::kValid
                                                                                : domain::SignatureCheck::kInvalid;
      }
      outcomes.push_back(std::move(o));
    }
    const bool key_event = domain::IsKeyEvent(s.body);
    const auto canonical = key_event ? std::nullopt : domain::CanonicalPatentNumber(s.patent);
    domain::PatentState* state = nullptr;
    if (canonical) {
      if (auto it = states_.find(*canonical); it != states_.end()) state = &it->second;
    }
    domain::AdmissionInput input;
    input.submission = &s;
    input.signatures = outcomes;
    input.submission_digest = crypto::Sha256(view->submission_bytes);
    domain::PriorAcceptance prior;
    if (auto it = accepted_.find(s.submission_id); it != accepted_.end()) {
      prior.submission_digest = it->second;
      input.prior = &prior;
    }
    const domain::Verdict v = domain::Decide(input, keys_, state);
    switch (v.outcome) {
      case domain::Verdict::Outcome::kReject:
        *message = v.message;
        return Reject(v.code);
      case domain::Verdict::Outcome::kAlreadyAccepted: return Expectation{Expectation::Kind::kReplay};
      case domain::Verdict::Outcome::kAccept: break;
    }
    if (key_event) {
      domain::ApplyKeyEvent(keys_, s);
    } else {
      domain::Apply(states_[*canonical], s, v.flags, crypto::Sha256(envelope));
    }
    accepted_[s.submission_id] = input.submission_digest;
    return Expectation{Expectation::Kind::kAccept};
  }

 private:
  static Expectation Reject(domain::RejectCode code) { return Expectation{Expectation::Kind::kReject, code}; }
  static Expectation Malformed(const Status& status, std::string* message) {
    *message = status.message();
    return Reject(domain::RejectCode::kMalformed);
  }

  const crypto::PublicKey* PublicKeyOf(const std::string& key_id) {
    const domain::KeyRecord* record = keys_.Find(key_id);
    if (record == nullptr) return nullptr;
    auto it = public_keys_.find(key_id);
    if (it == public_keys_.end()) {
      auto key = crypto::PublicKey::FromRaw(record->algorithm, record->public_key);
      BOOST_TEST_REQUIRE(key.ok());
      it = public_keys_.emplace(key_id, std::make_unique<crypto::PublicKey>(std::move(*key))).first;
    }
    return it->second.get();
  }

  domain::KeyRegistry keys_;
  std::map<std::string, std::unique_ptr<crypto::PublicKey>> public_keys_;
  std::map<std::string, domain::PatentState> states_;
  std::map<std::string, Hash256> accepted_;
};

std::string Describe(const Expectation& e) {
  switch (e.kind) {
    case Expectation::Kind::kAccept: return "accept";
    case Expectation::Kind::kReplay: return "replay";
    case Expectation::Kind::kReject: return std::string(domain::RejectCodeName(e.code));
  }
  return "?";
}

}  // namespace

BOOST_AUTO_TEST_CASE(same_seed_gives_the_same_bytes_and_another_seed_does_not) {
  Sample a = Generate(2000, 7);
  Sample b = Generate(2000, 7);
  Sample c = Generate(2000, 8);
  BOOST_TEST_REQUIRE(a.lines.size() == 2000u);
  BOOST_TEST_REQUIRE(b.lines.size() == 2000u);
  BOOST_TEST_REQUIRE(a.generator->actors().size() == b.generator->actors().size());
  for (std::size_t i = 0; i < a.generator->actors().size(); ++i) {
    BOOST_TEST(a.generator->actors()[i].name == b.generator->actors()[i].name);
    BOOST_TEST(a.generator->actors()[i].key.public_key().raw() == b.generator->actors()[i].key.public_key().raw());
  }
  std::size_t same_as_other_seed = 0;
  for (std::size_t i = 0; i < a.lines.size(); ++i) {
    BOOST_TEST_REQUIRE((a.lines[i].envelope == b.lines[i].envelope), "line " << i);
    BOOST_TEST(Describe(a.lines[i].expected) == Describe(b.lines[i].expected));
    BOOST_TEST(a.lines[i].note == b.lines[i].note);
    if (i < c.lines.size() && a.lines[i].envelope == c.lines[i].envelope) ++same_as_other_seed;
  }
  BOOST_TEST(same_as_other_seed == 0u);
  BOOST_TEST(a.generator->authority().key.public_key().key_id() != c.generator->authority().key.public_key().key_id());
}

BOOST_AUTO_TEST_CASE(produces_exactly_the_requested_number_of_lines_and_the_authority_first) {
  const Sample& s = FiveThousand();
  BOOST_TEST(s.lines.size() == 5000u);
  BOOST_TEST(s.generator->actors().front().name == "authority");
  BOOST_TEST(&s.generator->authority() == &s.generator->actors().front());
  BOOST_TEST(s.generator->authority().roles == domain::kRoleAuthority);
  std::map<std::uint8_t, int> roles;
  for (const auto& a : s.generator->actors()) {
    ++roles[a.roles];
    if (a.name.rfind("owner-", 0) == 0) {
      BOOST_TEST(a.roles == domain::kRoleHolder, a.name);  // consent-only keys
      BOOST_TEST(domain::IsValidCreditCode(a.organisation), a.name);
    }
    if (a.name.rfind("bank-", 0) == 0) BOOST_TEST(a.roles == domain::kRoleBank, a.name);
  }
  BOOST_TEST(roles[domain::kRoleRegistryOperator] >= 4);  // 2-3 operators, the retired one, the unenrolled one
  BOOST_TEST(roles[domain::kRoleBank] == 8);
  BOOST_TEST(roles[domain::kRoleHolder] >= 24);
  sample::Generated extra;
  BOOST_TEST(!s.generator->Next(&extra));
}

BOOST_AUTO_TEST_CASE(every_rejection_code_appears_in_a_5000_line_sample) {
  const Sample& s = FiveThousand();
  std::map<std::string, int> counts;
  std::size_t rejects = 0;
  for (const auto& line : s.lines) {
    ++counts[Describe(line.expected)];
    if (line.expected.kind == Expectation::Kind::kReject) ++rejects;
  }
  for (const auto& [what, n] : counts) BOOST_TEST_MESSAGE(what << " " << n);
  for (auto c = std::uint8_t(domain::kFirstRejectCode); c <= std::uint8_t(domain::kLastRejectCode); ++c) {
    const std::string name(domain::RejectCodeName(static_cast<domain::RejectCode>(c)));
    BOOST_TEST(counts[name] >= 1, name << " is missing");
  }
  BOOST_TEST(counts["replay"] >= 1);
  // About reject_share (0.08) of all lines.
  BOOST_TEST(rejects >= 380u);
  BOOST_TEST(rejects <= 420u);
}

BOOST_AUTO_TEST_CASE(accepted_envelopes_decode_and_carry_valid_identifiers) {
  const Sample& s = FiveThousand();
  std::map<std::string, const crypto::PublicKey*> keys;
  for (const auto& a : s.generator->actors()) keys[a.key.public_key().key_id()] = &a.key.public_key();
  std::map<std::string, int> kinds;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const auto& line = s.lines[i];
    BOOST_TEST(!line.note.empty());
    if (line.expected.kind == Expectation::Kind::kReject) continue;
    BOOST_TEST_REQUIRE(line.envelope.size() <= limits::kEnvelopeBytesMax);
    auto view = codec::VerifyEnvelope(line.envelope);
    BOOST_TEST_REQUIRE(view.ok(), "line " << i << ": " << view.status().ToString());
    for (const auto& sig : view->signatures) {
      auto it = keys.find(std::string(sig.key_id));
      BOOST_TEST_REQUIRE((it != keys.end()));
      BOOST_TEST(it->second->VerifySubmission(view->submission_bytes, sig.signature), "line " << i);
    }
    auto sub = codec::DecodeSubmission(view->submission_bytes);
    BOOST_TEST_REQUIRE(sub.ok(), "line " << i << ": " << sub.status().ToString());
    ++kinds[domain::KindName(sub->body)];
    BOOST_TEST(sub->effective_date >= 20160101);
    BOOST_TEST(sub->effective_date <= 20241231);
    if (domain::IsKeyEvent(sub->body)) {
      BOOST_TEST(sub->patent.empty());
      continue;
    }
    BOOST_TEST(domain::CanonicalPatentNumber(sub->patent).has_value(), "line " << i << ": " << sub->patent);
    for (const domain::Party* p : PartiesOf(sub->body)) {
      if (p->kind == domain::PartyKind::kDomesticOrganisation) {
        BOOST_TEST(domain::IsValidCreditCode(p->id), "line " << i << ": " << p->id);
        BOOST_TEST(p->division_code / 10000 >= 11u);
        BOOST_TEST(p->division_code / 10000 <= 65u);
      } else if (p->kind == domain::PartyKind::kForeign) {
        BOOST_TEST(p->country != "CN");
      }
    }
  }
  for (const auto& [kind, n] : kinds) BOOST_TEST_MESSAGE(kind << " " << n);
  for (const char* kind : {"PatentRecorded", "PatentStatusChanged", "OwnershipTransferred", "LicenceRecorded",
                           "LicenceTerminated", "OpenLicenceDeclared", "OpenLicenceWithdrawn", "OpenLicenceTaken",
                           "PledgeRegistered", "PledgeReleased", "KeyEnrolled", "KeyRevoked"}) {
    BOOST_TEST(kinds[kind] >= 1, kind << " is missing");
  }
}

BOOST_AUTO_TEST_CASE(domain_admission_gives_every_line_the_outcome_it_was_built_to_get) {
  const Sample& s = FiveThousand();
  MiniLedger ledger(s.generator->authority());
  std::map<std::string, int> mismatches;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    std::string message;
    const Expectation got = ledger.Admit(s.lines[i].envelope, &message);
    const Expectation& want = s.lines[i].expected;
    if (Describe(got) != Describe(want)) {
      ++mismatches[Describe(want) + " -> " + Describe(got)];
      BOOST_TEST_MESSAGE("line " << i << " (" << s.lines[i].note << "): want " << Describe(want) << ", got "
                                 << Describe(got) << " " << message);
    }
  }
  for (const auto& [what, n] : mismatches) BOOST_TEST_MESSAGE(what << ": " << n);
  BOOST_TEST(mismatches.empty());
}

BOOST_AUTO_TEST_CASE(other_seeds_and_sizes_agree_with_domain_admission_too) {
  for (auto [count, seed] : {std::pair<std::size_t, std::uint64_t>{300, 14}, {3000, 11}, {8000, 99}}) {
    Sample s = Generate(count, seed);
    MiniLedger ledger(s.generator->authority());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < s.lines.size(); ++i) {
      std::string message;
      const Expectation got = ledger.Admit(s.lines[i].envelope, &message);
      if (Describe(got) != Describe(s.lines[i].expected)) {
        ++mismatches;
        BOOST_TEST_MESSAGE("seed " << seed << " line " << i << " (" << s.lines[i].note << "): want "
                                   << Describe(s.lines[i].expected) << ", got " << Describe(got) << " " << message);
      }
    }
    BOOST_TEST(mismatches == 0u, "seed " << seed << ", " << count << " lines");
  }
}

BOOST_AUTO_TEST_CASE(submitting_the_whole_file_again_adds_nothing) {
  // Accepted lines come back as replays; refused ones stay refused against
  // the final state (tests/node does the same against a real node).
  Sample s = Generate(6000, 5);
  MiniLedger ledger(s.generator->authority());
  std::string message;
  for (const auto& line : s.lines) (void)ledger.Admit(line.envelope, &message);
  std::map<std::string, int> changed;
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const Expectation again = ledger.Admit(s.lines[i].envelope, &message);
    const bool was_refused = s.lines[i].expected.kind == Expectation::Kind::kReject;
    const bool ok = was_refused ? again.kind == Expectation::Kind::kReject : again.kind == Expectation::Kind::kReplay;
    if (!ok) {
      ++changed[Describe(s.lines[i].expected) + " -> " + Describe(again)];
      BOOST_TEST_MESSAGE("line " << i << " (" << s.lines[i].note << "): now " << Describe(again) << " " << message);
    }
  }
  for (const auto& [what, n] : changed) BOOST_TEST_MESSAGE(what << ": " << n);
  BOOST_TEST(changed.empty());
}

BOOST_AUTO_TEST_CASE(refuses_options_out_of_range) {
  sample::Options o;
  o.first_year = 2020;
  o.last_year = 2019;
  BOOST_TEST(!sample::Generator::Create(o).ok());
  o = {};
  o.reject_share = 0.9;
  BOOST_TEST(!sample::Generator::Create(o).ok());
  o = {};
  o.first_year = 1980;
  BOOST_TEST(!sample::Generator::Create(o).ok());
}
