// EncodeSubmission: domain::Submission -> Submission bytes, the inverse of
// DecodeSubmission for every submission DecodeSubmission accepts.
//
// Determinism: children are built in a fixed order into named locals (never
// inside a call's argument list, whose evaluation order is unspecified), so
// one submission always yields the same bytes with this FlatBuffers version.
// Omitted on the wire (and restored by the decoder): empty strings, empty
// lists, a Money of {0, ""}, an ExpectedVersion of {Any, 0}.
#include <type_traits>
#include <utility>
#include <variant>

#include "ledger/codec/codec.h"
#include "ledger/codec/fb_util.h"
#include "schemas/ledger_generated.h"

namespace pl::codec {
namespace {

namespace fb = patentledger::fb;

// The domain enums mirror the schema value for value.
#define PL_SAME_VALUE(domain_value, fb_value) \
  static_assert(static_cast<int>(domain_value) == static_cast<int>(fb_value), #domain_value)
PL_SAME_VALUE(domain::PatentType::kDesign, fb::PatentType::MAX);
PL_SAME_VALUE(domain::PartyKind::kForeign, fb::PartyKind::MAX);
PL_SAME_VALUE(domain::HolderType::kOther, fb::HolderType::MAX);
PL_SAME_VALUE(domain::ExpectedVersion::Kind::kExact, fb::ExpectedVersionKind::MAX);
PL_SAME_VALUE(domain::StatusChange::kDisputeOff, fb::StatusChange::MAX);
PL_SAME_VALUE(domain::TransferCause::kPledgeEnforcement, fb::TransferCause::MAX);
PL_SAME_VALUE(domain::LicenceKind::kOrdinary, fb::LicenceKind::MAX);
PL_SAME_VALUE(domain::RoyaltyMethod::kRateAndLumpSum, fb::RoyaltyMethod::MAX);
PL_SAME_VALUE(domain::ReleaseReason::kCourt, fb::ReleaseReason::MAX);
PL_SAME_VALUE(domain::KeyAlgorithm::kEcdsaP256Sha256, fb::KeyAlgorithm::MAX);
PL_SAME_VALUE(domain::kRoleAuthority, fb::Role::Authority);
PL_SAME_VALUE(domain::kRoleRegistryOperator, fb::Role::RegistryOperator);
PL_SAME_VALUE(domain::kRoleBank, fb::Role::Bank);
PL_SAME_VALUE(domain::kRoleHolder, fb::Role::Holder);
PL_SAME_VALUE(domain::kAllRoles, fb::Role::ANY);
PL_SAME_VALUE(std::variant_size_v<domain::Body>, fb::Body::MAX);
#undef PL_SAME_VALUE

// Alternative index + 1 of domain::Body is the union type value.
template <typename T>
constexpr fb::Body UnionType() {
  constexpr fb::Body type = fb::BodyTraits<T>::enum_value;
  static_assert(type != fb::Body::NONE);
  return type;
}
template <typename Domain, fb::Body kType>
constexpr bool kSameAlternative =
    std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(kType) - 1, domain::Body>, Domain>;
static_assert(kSameAlternative<domain::PatentRecorded, fb::Body::PatentRecorded>);
static_assert(kSameAlternative<domain::PatentStatusChanged, fb::Body::PatentStatusChanged>);
static_assert(kSameAlternative<domain::OwnershipTransferred, fb::Body::OwnershipTransferred>);
static_assert(kSameAlternative<domain::LicenceRecorded, fb::Body::LicenceRecorded>);
static_assert(kSameAlternative<domain::LicenceTerminated, fb::Body::LicenceTerminated>);
static_assert(kSameAlternative<domain::OpenLicenceDeclared, fb::Body::OpenLicenceDeclared>);
static_assert(kSameAlternative<domain::OpenLicenceWithdrawn, fb::Body::OpenLicenceWithdrawn>);
static_assert(kSameAlternative<domain::OpenLicenceTaken, fb::Body::OpenLicenceTaken>);
static_assert(kSameAlternative<domain::PledgeRegistered, fb::Body::PledgeRegistered>);
static_assert(kSameAlternative<domain::PledgeReleased, fb::Body::PledgeReleased>);
static_assert(kSameAlternative<domain::KeyEnrolled, fb::Body::KeyEnrolled>);
static_assert(kSameAlternative<domain::KeyRevoked, fb::Body::KeyRevoked>);

template <typename FbEnum, typename DomainEnum>
FbEnum ToFb(DomainEnum value) {
  return static_cast<FbEnum>(static_cast<std::underlying_type_t<FbEnum>>(value));
}

using BodyOffset = std::pair<fb::Body, flatbuffers::Offset<void>>;

class Encoder {
 public:
  explicit Encoder(flatbuffers::FlatBufferBuilder& b) : b_(b) {}

  flatbuffers::Offset<flatbuffers::String> Str(const std::string& s) {
    return s.empty() ? 0 : b_.CreateString(s);
  }

  flatbuffers::Offset<fb::Party> Party(const domain::Party& p) {
    const auto id = Str(p.id);
    const auto country = Str(p.country);
    const auto name = Str(p.name);
    return fb::CreateParty(b_, ToFb<fb::PartyKind>(p.kind), id, country, name,
                           ToFb<fb::HolderType>(p.holder_type), p.division_code, p.share_bp);
  }

  flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<fb::Party>>> Parties(
      const std::vector<domain::Party>& parties) {
    if (parties.empty()) return 0;
    std::vector<flatbuffers::Offset<fb::Party>> offsets;
    offsets.reserve(parties.size());
    for (const auto& p : parties) offsets.push_back(Party(p));
    return b_.CreateVector(offsets);
  }

  flatbuffers::Offset<fb::Money> Money(const domain::Money& m) {
    if (m.amount_minor == 0 && m.currency.empty()) return 0;
    const auto currency = Str(m.currency);
    return fb::CreateMoney(b_, m.amount_minor, currency);
  }

  flatbuffers::Offset<fb::DateRange> Range(const domain::DateRange& r) {
    return fb::CreateDateRange(b_, r.start, r.end);
  }

  flatbuffers::Offset<fb::RoyaltyTerms> Terms(const domain::RoyaltyTerms& t) {
    const auto amount = Money(t.amount);
    return fb::CreateRoyaltyTerms(b_, ToFb<fb::RoyaltyMethod>(t.method), t.rate_bp, amount);
  }

  BodyOffset operator()(const domain::PatentRecorded& v) {
    const auto title = Str(v.title);
    const auto ipc = Str(v.ipc_main_class);
    const auto owners = Parties(v.owners);
    return Wrap<fb::PatentRecorded>(fb::CreatePatentRecorded(b_, ToFb<fb::PatentType>(v.patent_type), title,
                                                             ipc, owners, v.grant_date, v.expiry_date,
                                                             v.publicly_funded));
  }

  BodyOffset operator()(const domain::PatentStatusChanged& v) {
    const auto reason = Str(v.reason);
    return Wrap<fb::PatentStatusChanged>(
        fb::CreatePatentStatusChanged(b_, ToFb<fb::StatusChange>(v.change), reason));
  }

  BodyOffset operator()(const domain::OwnershipTransferred& v) {
    const auto assignors = Parties(v.assignors);
    const auto assignees = Parties(v.assignees);
    const auto contract_id = Str(v.contract_id);
    const auto consideration = Money(v.consideration);
    const auto export_certificate = Str(v.export_certificate);
    return Wrap<fb::OwnershipTransferred>(
        fb::CreateOwnershipTransferred(b_, assignors, assignees, contract_id, consideration,
                                       ToFb<fb::TransferCause>(v.cause), export_certificate));
  }

  BodyOffset operator()(const domain::LicenceRecorded& v) {
    const auto licence_id = Str(v.licence_id);
    const auto licensors = Parties(v.licensors);
    const auto licensee = Party(v.licensee);
    flatbuffers::Offset<flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>> territory = 0;
    if (!v.territory.empty()) territory = b_.CreateVectorOfStrings(v.territory);
    const auto term = Range(v.term);
    const auto lump_sum = Money(v.lump_sum);
    const auto export_certificate = Str(v.export_certificate);
    return Wrap<fb::LicenceRecorded>(fb::CreateLicenceRecorded(
        b_, licence_id, licensors, licensee, ToFb<fb::LicenceKind>(v.kind), territory, term, lump_sum,
        v.royalty_rate_bp, v.contract_date, export_certificate));
  }

  BodyOffset operator()(const domain::LicenceTerminated& v) {
    const auto licence_id = Str(v.licence_id);
    const auto reason = Str(v.reason);
    return Wrap<fb::LicenceTerminated>(fb::CreateLicenceTerminated(b_, licence_id, reason));
  }

  BodyOffset operator()(const domain::OpenLicenceDeclared& v) {
    const auto declarants = Parties(v.declarants);
    const auto terms = Terms(v.terms);
    const auto term = Range(v.term);
    return Wrap<fb::OpenLicenceDeclared>(fb::CreateOpenLicenceDeclared(b_, declarants, terms, term));
  }

  BodyOffset operator()(const domain::OpenLicenceWithdrawn& v) {
    const auto declarants = Parties(v.declarants);
    const auto reason = Str(v.reason);
    return Wrap<fb::OpenLicenceWithdrawn>(fb::CreateOpenLicenceWithdrawn(b_, declarants, reason));
  }

  BodyOffset operator()(const domain::OpenLicenceTaken& v) {
    const auto licensee = Party(v.licensee);
    const auto declaration = Str(v.declaration);
    const auto terms = Terms(v.terms);
    const auto payment = Money(v.payment);
    return Wrap<fb::OpenLicenceTaken>(fb::CreateOpenLicenceTaken(b_, licensee, declaration, terms, payment));
  }

  BodyOffset operator()(const domain::PledgeRegistered& v) {
    const auto pledge_id = Str(v.pledge_id);
    const auto pledgors = Parties(v.pledgors);
    const auto pledgee = Party(v.pledgee);
    const auto secured_amount = Money(v.secured_amount);
    const auto debt_term = Range(v.debt_term);
    const auto contract_id = Str(v.contract_id);
    return Wrap<fb::PledgeRegistered>(
        fb::CreatePledgeRegistered(b_, pledge_id, pledgors, pledgee, secured_amount, debt_term, contract_id));
  }

  BodyOffset operator()(const domain::PledgeReleased& v) {
    const auto pledge_id = Str(v.pledge_id);
    const auto pledgee = Party(v.pledgee);
    return Wrap<fb::PledgeReleased>(
        fb::CreatePledgeReleased(b_, pledge_id, pledgee, ToFb<fb::ReleaseReason>(v.reason)));
  }

  BodyOffset operator()(const domain::KeyEnrolled& v) {
    const auto key_id = Str(v.key_id);
    const auto public_key = Str(v.public_key_hex);
    const auto organisation = Str(v.organisation);
    return Wrap<fb::KeyEnrolled>(fb::CreateKeyEnrolled(b_, key_id, ToFb<fb::KeyAlgorithm>(v.algorithm),
                                                       public_key, organisation,
                                                       static_cast<fb::Role>(v.roles)));
  }

  BodyOffset operator()(const domain::KeyRevoked& v) {
    const auto key_id = Str(v.key_id);
    const auto reason = Str(v.reason);
    return Wrap<fb::KeyRevoked>(fb::CreateKeyRevoked(b_, key_id, reason, v.revoked_at_us));
  }

 private:
  template <typename T>
  static BodyOffset Wrap(flatbuffers::Offset<T> table) {
    return {UnionType<T>(), table.Union()};
  }

  flatbuffers::FlatBufferBuilder& b_;
};

}  // namespace

Bytes EncodeSubmission(const domain::Submission& s) {
  flatbuffers::FlatBufferBuilder b;
  Encoder e(b);
  const auto submission_id = e.Str(s.submission_id);
  const auto patent = e.Str(s.patent);
  flatbuffers::Offset<fb::ExpectedVersion> expected = 0;
  if (s.expected_version.kind != domain::ExpectedVersion::Kind::kAny || s.expected_version.version != 0) {
    expected = fb::CreateExpectedVersion(b, ToFb<fb::ExpectedVersionKind>(s.expected_version.kind),
                                         s.expected_version.version);
  }
  const BodyOffset body = std::visit(e, s.body);
  const auto root = fb::CreateSubmission(b, submission_id, patent, expected, s.effective_date,
                                         s.submitted_at_us, body.first, body.second);
  b.Finish(root, internal::kWireFileIdentifier);
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

}  // namespace pl::codec
