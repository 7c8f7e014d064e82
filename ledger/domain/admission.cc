// The fixed order of admission checks after decoding (see admission.h):
// signatures -> role -> identifiers -> idempotency -> expected version -> rules.
#include "ledger/domain/admission.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "ledger/base/assert.h"
#include "ledger/base/limits.h"
#include "ledger/domain/identifiers.h"
#include "ledger/domain/rules.h"

namespace pl::domain {
namespace {

std::string RoleNames(std::uint8_t roles) {
  std::string out;
  auto add = [&](const char* name) { out += out.empty() ? name : std::string(",") + name; };
  if (roles & kRoleAuthority) add("AUTHORITY");
  if (roles & kRoleRegistryOperator) add("REGISTRY_OPERATOR");
  if (roles & kRoleBank) add("BANK");
  if (roles & kRoleHolder) add("HOLDER");
  return out.empty() ? "none" : out;
}

// Signatures: every signer known, every signature valid. Unknown comes
// before bad because a signature cannot be checked without its key.
std::optional<Verdict> CheckSignaturesAuthentic(const AdmissionInput& input, const KeyRegistry& keys) {
  if (input.signatures.empty()) return Verdict::Reject(RejectCode::kMalformed, "envelope carries no signature");
  for (std::size_t i = 0; i < input.signatures.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (input.signatures[i].key_id == input.signatures[j].key_id) {
        return Verdict::Reject(RejectCode::kMalformed,
                               "key " + input.signatures[i].key_id + " signs the envelope twice");
      }
    }
  }
  for (const SignatureOutcome& s : input.signatures) {
    if (s.check == SignatureCheck::kKeyUnknown || keys.Find(s.key_id) == nullptr) {
      return Verdict::Reject(RejectCode::kUnknownSigner, "key " + s.key_id + " is not enrolled in this ledger");
    }
  }
  for (std::size_t i = 0; i < input.signatures.size(); ++i) {
    if (input.signatures[i].check != SignatureCheck::kValid) {
      return Verdict::Reject(RejectCode::kBadSignature,
                             "signature " + std::to_string(i + 1) + " (key " + input.signatures[i].key_id +
                                 ") does not verify over the submission bytes");
    }
  }
  return std::nullopt;
}

// No signer revoked. Fills `orgs` with the signers' organisations.
std::optional<Verdict> CheckSignersNotRevoked(const AdmissionInput& input, const KeyRegistry& keys,
                                              SignerOrganisations& orgs) {
  for (const SignatureOutcome& s : input.signatures) {
    const KeyRecord* key = keys.Find(s.key_id);
    if (key->revoked) {
      return Verdict::Reject(RejectCode::kRevokedSigner, "key " + s.key_id + " was revoked");
    }
    orgs.insert(key->organisation);
  }
  return std::nullopt;
}

// Role: what the submitter's (first) key may submit.
std::optional<Verdict> CheckRole(const Submission& s, const KeyRecord& submitter) {
  const char* kind = KindName(s.body);
  if (IsKeyEvent(s.body)) {
    if (submitter.roles & kRoleAuthority) return std::nullopt;
    return Verdict::Reject(RejectCode::kUnauthorized, "key " + submitter.key_id + " has roles " +
                                                          RoleNames(submitter.roles) + "; " + kind +
                                                          " needs AUTHORITY");
  }
  if (submitter.roles & kRoleRegistryOperator) return std::nullopt;
  if (const auto* release = std::get_if<PledgeReleased>(&s.body)) {
    if (submitter.roles & kRoleBank) {
      if (release->pledgee.id == submitter.organisation) return std::nullopt;
      return Verdict::Reject(RejectCode::kUnauthorized,
                             "bank key " + submitter.key_id + " belongs to " + submitter.organisation +
                                 ", which is not the pledgee " + release->pledgee.id + " named in the release");
    }
  }
  return Verdict::Reject(RejectCode::kUnauthorized, "key " + submitter.key_id + " has roles " +
                                                        RoleNames(submitter.roles) + "; " + kind +
                                                        " needs REGISTRY_OPERATOR");
}

// Province-level divisions of GB/T 2260: 11 Beijing .. 65 Xinjiang, 71
// Taiwan, 81 Hong Kong, 82 Macao.
bool IsProvinceCode(std::uint32_t code) {
  static constexpr std::uint32_t kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                                                 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  return std::find(std::begin(kProvinces), std::end(kProvinces), code) != std::end(kProvinces);
}

bool IsUpperAlpha(std::string_view s, std::size_t length) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// Returns an explanation when `p` is not a valid party identification.
std::optional<std::string> PartyProblem(const Party& p) {
  switch (p.kind) {
    case PartyKind::kDomesticOrganisation:
      if (!IsValidCreditCode(p.id)) return "'" + p.id + "' is not a valid unified social credit code";
      break;
    case PartyKind::kIndividual:
      if (p.id.empty()) return std::string("an individual has an empty identifier");
      break;
    case PartyKind::kForeign:
      if (!IsUpperAlpha(p.country, 2) || p.country == "CN") {
        return "foreign party '" + p.id + "' has country '" + p.country + "'; expected an ISO 3166 code other than CN";
      }
      if (p.id.empty()) return "foreign party from " + p.country + " has an empty registry id";
      return std::nullopt;
  }
  // Domestic parties: a 6-digit administrative division code whose first two
  // digits are a province-level division (GB/T 2260).
  if (p.division_code < 100000 || p.division_code > 999999 || !IsProvinceCode(p.division_code / 10000)) {
    return "party '" + p.id + "' has division code " + std::to_string(p.division_code) +
           "; expected a 6-digit administrative division code";
  }
  if (!p.country.empty() && p.country != "CN") {
    return "domestic party '" + p.id + "' has country '" + p.country + "'";
  }
  return std::nullopt;
}

// Every party named in the body.
std::vector<const Party*> PartiesOf(const Body& body) {
  std::vector<const Party*> out;
  auto add_all = [&](const std::vector<Party>& v) {
    for (const Party& p : v) out.push_back(&p);
  };
  std::visit(
      [&](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        if constexpr (std::is_same_v<T, PatentRecorded>) add_all(b.owners);
        if constexpr (std::is_same_v<T, OwnershipTransferred>) {
          add_all(b.assignors);
          add_all(b.assignees);
        }
        if constexpr (std::is_same_v<T, LicenceRecorded>) {
          add_all(b.licensors);
          out.push_back(&b.licensee);
        }
        if constexpr (std::is_same_v<T, OpenLicenceDeclared> || std::is_same_v<T, OpenLicenceWithdrawn>) {
          add_all(b.declarants);
        }
        if constexpr (std::is_same_v<T, OpenLicenceTaken>) out.push_back(&b.licensee);
        if constexpr (std::is_same_v<T, PledgeRegistered>) {
          add_all(b.pledgors);
          out.push_back(&b.pledgee);
        }
        if constexpr (std::is_same_v<T, PledgeReleased>) out.push_back(&b.pledgee);
      },
      body);
  return out;
}

bool TypeMatchesNumber(PatentType type, char type_digit) {
  switch (type) {
    case PatentType::kInvention: return type_digit == '1' || type_digit == '8';
    case PatentType::kUtilityModel: return type_digit == '2' || type_digit == '9';
    case PatentType::kDesign: return type_digit == '3';
  }
  return false;
}

std::optional<Verdict> CheckIdentifiers(const Submission& s) {
  if (IsKeyEvent(s.body)) {
    if (!s.patent.empty()) {
      return Verdict::Reject(RejectCode::kInvalidPatentNumber, "key events carry no patent number");
    }
  } else {
    auto canonical = CanonicalPatentNumber(s.patent);
    if (!canonical) {
      return Verdict::Reject(RejectCode::kInvalidPatentNumber,
                             "'" + s.patent + "' is not a valid application number (YYYYTNNNNNNN.C with check character)");
    }
    if (const auto* recorded = std::get_if<PatentRecorded>(&s.body)) {
      if (!TypeMatchesNumber(recorded->patent_type, (*canonical)[4])) {
        return Verdict::Reject(RejectCode::kInvalidPatentNumber,
                               "application number " + *canonical + " has type digit " + (*canonical)[4] +
                                   ", which does not match the recorded patent type");
      }
    }
  }
  for (const Party* p : PartiesOf(s.body)) {
    if (auto problem = PartyProblem(*p)) return Verdict::Reject(RejectCode::kInvalidPartyId, *problem);
  }
  return std::nullopt;
}

std::optional<Verdict> CheckExpectedVersion(const Submission& s, const PatentState* state) {
  if (IsKeyEvent(s.body)) return std::nullopt;  // the registry stream is not guarded
  std::uint64_t count = state ? state->event_count : 0;
  switch (s.expected_version.kind) {
    case ExpectedVersion::Kind::kAny: return std::nullopt;
    case ExpectedVersion::Kind::kNoStream:
      if (count == 0) return std::nullopt;
      return Verdict::Reject(RejectCode::kWrongExpectedVersion,
                             "expected no stream for " + s.patent + ", but it has " + std::to_string(count) + " events");
    case ExpectedVersion::Kind::kExact:
      if (count > 0 && count - 1 == s.expected_version.version) return std::nullopt;
      return Verdict::Reject(RejectCode::kWrongExpectedVersion,
                             "expected stream version " + std::to_string(s.expected_version.version) + " for " +
                                 s.patent + ", but " +
                                 (count == 0 ? std::string("the stream does not exist")
                                             : "its version is " + std::to_string(count - 1)));
  }
  return std::nullopt;
}

}  // namespace

Verdict Decide(const AdmissionInput& input, const KeyRegistry& keys, const PatentState* state) {
  PL_ASSERT(input.submission != nullptr);
  const Submission& s = *input.submission;

  if (auto v = CheckShape(s)) return *v;
  if (auto v = CheckSignaturesAuthentic(input, keys)) return *v;
  // An authentic copy of a submission already accepted gets its original
  // receipt, whatever happened since (a key revoked, the patent's state
  // changed): it was recorded, and a retry must learn that
  // (docs/decisions/0004).
  if (input.prior != nullptr && input.prior->submission_digest == input.submission_digest) {
    return Verdict{Verdict::Outcome::kAlreadyAccepted, RejectCode::kMalformed, {}, 0};
  }
  SignerOrganisations orgs;
  if (auto v = CheckSignersNotRevoked(input, keys, orgs)) return *v;
  const KeyRecord* submitter = keys.Find(input.signatures.front().key_id);
  PL_ASSERT(submitter != nullptr);  // CheckSignaturesAuthentic found every signer
  if (auto v = CheckRole(s, *submitter)) return *v;
  if (auto v = CheckIdentifiers(s)) return *v;
  if (input.prior != nullptr) {
    return Verdict::Reject(RejectCode::kDuplicateSubmission,
                           "submission id " + s.submission_id + " was already accepted with different content");
  }
  if (auto v = CheckExpectedVersion(s, state)) return *v;
  return CheckRules(s, orgs, keys, state);
}

}  // namespace pl::domain
