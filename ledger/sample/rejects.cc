// Submissions built to be refused, part 1: the round of codes, and the codes
// decided before any domain rule (size, wire format, signatures, role,
// identifiers, idempotency, expected version) plus the key-registry codes.
// Each builder makes exactly one check fail: every check the ledger runs
// before it passes (docs/rejection-codes.md gives the order).
#include <algorithm>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/sample/engine.h"

namespace pl::sample::internal {

using domain::RejectCode;

namespace {

// Codes a builder can always make, whatever the model holds; used when no
// code still due in the round can be built yet.
constexpr std::array<RejectCode, 12> kAlwaysPossible{
    RejectCode::kTooLarge,           RejectCode::kMalformed,       RejectCode::kUnknownSigner,
    RejectCode::kBadSignature,       RejectCode::kUnauthorized,    RejectCode::kInvalidPatentNumber,
    RejectCode::kInvalidPartyId,     RejectCode::kWrongExpectedVersion, RejectCode::kPatentUnknown,
    RejectCode::kInvalidDates,       RejectCode::kKeyAlreadyEnrolled,   RejectCode::kKeyUnknown};

constexpr std::size_t kMalformedVariants = 6;

// A character that is not `c` among the check characters of `alphabet`.
char OtherThan(Rng& rng, char c, std::string_view alphabet) {
  char other = c;
  while (other == c) other = alphabet[rng.Index(alphabet.size())];
  return other;
}

}  // namespace

// Every code once per round, in a shuffled order; a code that cannot be built
// yet (no patent in the state it needs) waits for a later line.
void Engine::EmitReject(Generated* out) {
  if (pending_codes_.empty()) {
    for (auto c = std::uint8_t(domain::kFirstRejectCode); c <= std::uint8_t(domain::kLastRejectCode); ++c) {
      pending_codes_.push_back(static_cast<RejectCode>(c));
    }
    for (std::size_t i = pending_codes_.size() - 1; i > 0; --i) {
      std::swap(pending_codes_[i], pending_codes_[rng_.Index(i + 1)]);
    }
  }
  for (std::size_t i = 0; i < pending_codes_.size(); ++i) {
    if (BuildReject(pending_codes_[i], out)) {
      pending_codes_.erase(pending_codes_.begin() + std::ptrdiff_t(i));
      return;
    }
  }
  const bool built = BuildReject(kAlwaysPossible[rng_.Index(kAlwaysPossible.size())], out);
  PL_ASSERT(built);
}

bool Engine::BuildReject(RejectCode code, Generated* out) {
  ++variant_;
  switch (code) {
    case RejectCode::kTooLarge: return RejectTooLarge(out);
    case RejectCode::kMalformed: return RejectMalformed(out);
    case RejectCode::kUnknownSigner: return RejectUnknownSigner(out);
    case RejectCode::kBadSignature: return RejectBadSignature(out);
    case RejectCode::kRevokedSigner: return RejectRevokedSigner(out);
    case RejectCode::kUnauthorized: return RejectUnauthorized(out);
    case RejectCode::kInvalidPatentNumber: return RejectInvalidPatentNumber(out);
    case RejectCode::kInvalidPartyId: return RejectInvalidPartyId(out);
    case RejectCode::kDuplicateSubmission: return RejectDuplicate(out);
    case RejectCode::kWrongExpectedVersion: return RejectWrongVersion(out);
    case RejectCode::kPatentUnknown: return RejectPatentUnknown(out);
    case RejectCode::kPatentAlreadyRecorded: return RejectAlreadyRecorded(out);
    case RejectCode::kInvalidDates: return RejectInvalidDates(out);
    case RejectCode::kPatentNotInForce: return RejectNotInForce(out);
    case RejectCode::kNotOwner: return RejectNotOwner(out);
    case RejectCode::kCoOwnerConsentMissing: return RejectCoOwnerConsent(out);
    case RejectCode::kPledgeeConsentMissing: return RejectPledgeeConsent(out);
    case RejectCode::kAlreadyPledged: return RejectAlreadyPledged(out);
    case RejectCode::kPledgeTermExceedsPatent: return RejectPledgeTerm(out);
    case RejectCode::kLicenceTermExceedsPatent: return RejectLicenceTerm(out);
    case RejectCode::kPledgeNotFound: return RejectPledgeNotFound(out);
    case RejectCode::kLicenceConflict: return RejectLicenceConflict(out);
    case RejectCode::kOpenLicenceBlocked: return RejectOpenLicenceBlocked(out);
    case RejectCode::kOpenLicenceExclusiveForbidden: return RejectExclusiveForbidden(out);
    case RejectCode::kOpenLicenceNotDeclared: return RejectNotDeclared(out);
    case RejectCode::kOpenLicenceTermsMismatch: return RejectTermsMismatch(out);
    case RejectCode::kExportCertificateMissing: return RejectExportCertificate(out);
    case RejectCode::kLicenceNotFound: return RejectLicenceNotFound(out);
    case RejectCode::kKeyAlreadyEnrolled: return RejectKeyAlreadyEnrolled(out);
    case RejectCode::kKeyUnknown: return RejectKeyUnknown(out);
  }
  return false;
}

// A submission that would be accepted as it is: a transfer, a status change
// or a new patent, signed by an operator (plus consents).
Draft Engine::ValidDraft() {
  Draft d;
  if (rng_.Chance(0.3) && ActTransfer(&d)) return d;
  if (rng_.Chance(0.3) && ActStatus(&d)) return d;
  return RecordDraft();
}

bool Engine::RejectTooLarge(Generated* out) {
  Draft d = ValidDraft();
  const Bytes bytes = codec::EncodeSubmission(d.submission);
  const crypto::PrivateKey& submitter = actors_[d.signers.front()].key;
  const std::size_t other = operators_.front() == d.signers.front() ? operators_.back() : operators_.front();
  const crypto::PrivateKey& attacher = actors_[other].key;
  std::vector<codec::EncodedSignature> signatures{
      {submitter.public_key().key_id(), submitter.SignSubmission(bytes)},
      {attacher.public_key().key_id(), Bytes(limits::kEnvelopeBytesMax + std::size_t(rng_.Int(1, 4096)), 0x25)}};
  out->envelope = codec::EncodeEnvelope(bytes, signatures);
  PL_ASSERT(out->envelope.size() > limits::kEnvelopeBytesMax);
  out->expected = {Expectation::Kind::kReject, RejectCode::kTooLarge};
  out->note = "envelope over 64 KiB: a scanned contract pasted in as a signature";
  return true;
}

bool Engine::RejectMalformed(Generated* out) {
  Draft d = ValidDraft();
  switch (variant_ % kMalformedVariants) {
    case 0: {
      Refuse(d, RejectCode::kMalformed, out);
      out->envelope.resize(std::size_t(rng_.Int(1, int(out->envelope.size()) - 1)));
      out->note = "envelope truncated in transfer";
      return true;
    }
    case 1:
      for (char& c : d.submission.submission_id) c = char(std::toupper(static_cast<unsigned char>(c)));
      d.submission.submission_id[0] = 'A';  // at least one letter, so the id is not lowercase hex
      d.note = "submission id in upper-case hex";
      break;
    case 2:
      d.submission.effective_date = date_ / 10000 * 10000 + 231;
      d.note = "effective date February 31st";
      break;
    case 3: {
      Draft r = RecordDraft();
      auto& body = std::get<domain::PatentRecorded>(r.submission.body);
      body.owners = world_.RandomCoOwners(rng_);
      for (std::size_t i = 0; i < body.owners.size(); ++i) {
        body.owners[i].share_bp = std::uint16_t(i == 0 ? 6000 : 1500);  // 7500 or 9000 in all
      }
      d = std::move(r);
      d.note = "owners' shares do not add up to 10000 basis points";
      break;
    }
    case 4: {
      domain::KeyEnrolled e;
      const Actor& a = actors_[unenrolled_];
      e.key_id = actors_[retired_operator_].key.public_key().key_id();  // another key's id
      e.public_key_hex = HexEncode(a.key.public_key().raw());
      e.organisation = a.organisation;
      e.roles = a.roles;
      d = KeyDraft(std::move(e), 0);
      d.note = "key enrolment whose key id is not the hash of its key";
      break;
    }
    default:
      d.signers.push_back(d.signers.front());
      d.note = "the submitter's key signs twice";
      break;
  }
  Refuse(d, RejectCode::kMalformed, out);
  return true;
}

bool Engine::RejectUnknownSigner(Generated* out) {
  Draft d = ValidDraft();
  if (variant_ % 2 == 0) {
    d.signers.front() = unenrolled_;
    d.note = "signed by a key never enrolled";
  } else {
    d.signers.push_back(unenrolled_);
    d.note = "consent signed by a key never enrolled";
  }
  Refuse(d, RejectCode::kUnknownSigner, out);
  return true;
}

bool Engine::RejectBadSignature(Generated* out) {
  Draft d = ValidDraft();
  const Bytes bytes = codec::EncodeSubmission(d.submission);
  std::vector<codec::EncodedSignature> signatures;
  for (std::size_t who : d.signers) {
    const crypto::PrivateKey& key = actors_[who].key;
    signatures.push_back({key.public_key().key_id(), key.SignSubmission(bytes)});
  }
  if (variant_ % 2 == 0) {
    Bytes& s = signatures.front().signature;
    s[rng_.Index(s.size())] ^= std::uint8_t(1u << rng_.Index(8));
    out->note = "submitter's signature damaged";
  } else {
    // A bank consent given on an earlier draft of the same submission.
    domain::Submission earlier = d.submission;
    earlier.submitted_at_us -= 86400 * 1000000LL;
    const Bank& bank = world_.banks()[rng_.Index(world_.banks().size())];
    const crypto::PrivateKey& key = actors_[ConsentKey(bank.party.id)].key;
    const std::string& key_id = key.public_key().key_id();
    auto present = std::find_if(signatures.begin(), signatures.end(),
                                [&](const codec::EncodedSignature& s) { return s.key_id == key_id; });
    Bytes consent = key.SignSubmission(codec::EncodeSubmission(earlier));
    if (present != signatures.end()) {
      present->signature = std::move(consent);
    } else {
      signatures.push_back({key_id, std::move(consent)});
    }
    out->note = "bank consent signed over an earlier draft";
  }
  out->envelope = codec::EncodeEnvelope(bytes, signatures);
  out->expected = {Expectation::Kind::kReject, RejectCode::kBadSignature};
  return true;
}

bool Engine::RejectRevokedSigner(Generated* out) {
  if (!keys_[retired_operator_].revoked) return false;
  Draft d = ValidDraft();
  d.signers.front() = retired_operator_;
  d.note = "submitted with the revoked key of a retired operator workstation";
  Refuse(d, RejectCode::kRevokedSigner, out);
  return true;
}

bool Engine::RejectUnauthorized(Generated* out) {
  const std::size_t variant = variant_ % 3;
  Draft d;
  if (variant == 2) {
    const Actor& a = actors_[unenrolled_];
    domain::KeyEnrolled e{a.key.public_key().key_id(), a.key.algorithm(), HexEncode(a.key.public_key().raw()),
                          a.organisation, a.roles};
    d = KeyDraft(std::move(e), Operator());
    d.note = "an operator key tries to enrol a key";
  } else {
    d = ValidDraft();
    // A bank's key (variant 0) or an owner's consent-only key (variant 1)
    // submits it; never one that already signs the envelope.
    std::vector<std::size_t> candidates;
    for (const auto& [organisation, who] : consent_key_) {
      const bool bank = actors_[who].name.rfind("bank-", 0) == 0;
      if (bank == (variant == 0) && std::find(d.signers.begin(), d.signers.end(), who) == d.signers.end()) {
        candidates.push_back(who);
      }
    }
    d.signers.front() = candidates[rng_.Index(candidates.size())];
    d.note = std::string(variant == 0 ? "a bank key" : "an owner's consent key") + " submits a " +
             domain::KindName(d.submission.body);
  }
  Refuse(d, RejectCode::kUnauthorized, out);
  return true;
}

bool Engine::RejectInvalidPatentNumber(Generated* out) {
  Draft d;
  if (variant_ % 2 == 0) {
    d = ValidDraft();
    std::string number = d.number;
    number.back() = OtherThan(rng_, number.back(), "0123456789X");
    d.submission.patent = number;
    d.note = "application number with a wrong check character";
  } else {
    d = RecordDraft();
    auto& body = std::get<domain::PatentRecorded>(d.submission.body);
    const bool design_number = d.number[4] == '3';
    body.patent_type = design_number ? domain::PatentType::kInvention : domain::PatentType::kDesign;
    d.note = design_number ? "invention recorded under a design application number"
                           : "design recorded under an invention or utility-model number";
  }
  Refuse(d, RejectCode::kInvalidPatentNumber, out);
  return true;
}

bool Engine::RejectInvalidPartyId(Generated* out) {
  Draft d = RecordDraft();
  auto& owner = std::get<domain::PatentRecorded>(d.submission.body).owners.front();
  switch (variant_ % 3) {
    case 0:
      if (owner.kind != domain::PartyKind::kDomesticOrganisation) owner = world_.RandomEnterprise(rng_);
      owner.share_bp = 0;
      owner.id.back() = OtherThan(rng_, owner.id.back(), "0123456789ABCDEFGHJKLMNPQRTUWXY");
      d.note = "owner's unified social credit code with a wrong check character";
      break;
    case 1:
      owner = world_.RandomForeign(rng_);
      owner.share_bp = 0;
      owner.country = "CN";
      d.note = "foreign owner with country CN";
      break;
    default:
      if (owner.kind == domain::PartyKind::kForeign) owner = world_.RandomEnterprise(rng_);
      owner.share_bp = 0;
      owner.division_code = 0;
      d.note = "domestic owner without an administrative division code";
      break;
  }
  // Equal shares: the changed owner may now sit beside the others.
  for (auto& p : std::get<domain::PatentRecorded>(d.submission.body).owners) p.share_bp = 0;
  Refuse(d, RejectCode::kInvalidPartyId, out);
  return true;
}

bool Engine::RejectDuplicate(Generated* out) {
  if (recent_.empty()) return false;
  const Recent& r = recent_[rng_.Index(recent_.size())];
  Draft d;
  d.submission = r.submission;
  d.submission.submitted_at_us += rng_.Range(1, 3600) * 1000000LL;
  d.signers = r.signers;
  d.note = std::string("id of an accepted ") + domain::KindName(r.submission.body) +
           " reused with new content (resubmitted with a fresh timestamp)";
  Refuse(d, RejectCode::kDuplicateSubmission, out);
  return true;
}

bool Engine::RejectWrongVersion(Generated* out) {
  Draft d;
  auto k = ScanSlot([](const PatentSlot&) { return true; });
  const std::size_t variant = variant_ % 3;
  if (k && variant == 0) {
    // Versions only grow: a stale guard (or "no stream") never matches again.
    const domain::PatentState& st = slots_[*k].state;
    domain::PatentStatusChanged c{domain::StatusChange::kPreservationOn, "property preservation order"};
    d = NewDraft(slots_[*k].number, std::move(c), Operator());
    if (st.event_count >= 2) {
      d.submission.expected_version.kind = domain::ExpectedVersion::Kind::kExact;
      d.submission.expected_version.version = st.event_count - 2;
      d.note = "expected version out of date";
    } else {
      d.submission.expected_version.kind = domain::ExpectedVersion::Kind::kNoStream;
      d.note = "guarded by 'no stream yet' on a recorded patent";
    }
  } else if (k && variant == 1) {
    d = RecordDraft();
    const domain::PatentState& st = slots_[*k].state;
    auto& body = std::get<domain::PatentRecorded>(d.submission.body);
    body.patent_type = st.patent_type;
    body.grant_date = st.grant_date;
    body.expiry_date = st.expiry_date;
    d.submission.patent = slots_[*k].number;
    d.submission.expected_version.kind = domain::ExpectedVersion::Kind::kNoStream;
    d.note = "record guarded by 'no stream yet' for a patent already recorded";
  } else {
    domain::PatentStatusChanged c{domain::StatusChange::kLapsed, "annual fee not paid"};
    d = NewDraft(patents_.UnusedNumber(rng_, date_ / 10000 - 1), std::move(c), Operator());
    d.submission.expected_version.kind = domain::ExpectedVersion::Kind::kExact;
    d.submission.expected_version.version = 0;
    d.note = "expected version 0 of a patent never recorded";
  }
  Refuse(d, RejectCode::kWrongExpectedVersion, out);
  return true;
}

bool Engine::RejectKeyAlreadyEnrolled(Generated* out) {
  const std::size_t who = enrol_order_[rng_.Index(enrol_order_.size())];
  const Actor& a = actors_[who];
  PL_ASSERT(keys_[who].enrolled);
  domain::KeyEnrolled e{a.key.public_key().key_id(), a.key.algorithm(), HexEncode(a.key.public_key().raw()),
                        a.organisation, a.roles};
  Draft d = KeyDraft(std::move(e), 0);
  d.note = "key " + a.name + " enrolled a second time";
  Refuse(d, RejectCode::kKeyAlreadyEnrolled, out);
  return true;
}

bool Engine::RejectKeyUnknown(Generated* out) {
  const bool again = keys_[retired_operator_].revoked && variant_ % 2 == 0;
  const std::size_t who = again ? retired_operator_ : unenrolled_;
  domain::KeyRevoked r{actors_[who].key.public_key().key_id(), "key reported lost", submitted_at_us_};
  Draft d = KeyDraft(std::move(r), 0);
  d.note = again ? "revocation of a key already revoked" : "revocation of a key never enrolled";
  Refuse(d, RejectCode::kKeyUnknown, out);
  return true;
}

}  // namespace pl::sample::internal
