// The domain's own picture of a submission: plain C++ values decoded from the
// wire by ledger/codec. Nothing here knows about FlatBuffers, RocksDB or time.
// Field meanings follow schemas/ledger.fbs; see README.md for the glossary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace pl::domain {

enum class PatentType : std::uint8_t { kInvention = 0, kUtilityModel = 1, kDesign = 2 };
enum class PartyKind : std::uint8_t { kDomesticOrganisation = 0, kIndividual = 1, kForeign = 2 };
enum class HolderType : std::uint8_t {
  kEnterprise = 0, kUniversity = 1, kResearchInstitute = 2, kIndividual = 3, kOther = 4
};

struct Party {
  PartyKind kind = PartyKind::kDomesticOrganisation;
  std::string id;
  std::string country;  // ISO 3166-1 alpha-2
  std::string name;
  HolderType holder_type = HolderType::kEnterprise;
  std::uint32_t division_code = 0;  // 6 digits, domestic only
  std::uint16_t share_bp = 0;       // basis points, owner/assignee lists

  bool IsDomestic() const { return kind != PartyKind::kForeign; }
  bool operator==(const Party&) const = default;
};

struct Money {
  std::int64_t amount_minor = 0;
  std::string currency;  // ISO 4217, three upper-case letters
  bool operator==(const Money&) const = default;
};

// Inclusive range of days, YYYYMMDD.
struct DateRange {
  std::int32_t start = 0;
  std::int32_t end = 0;
  bool operator==(const DateRange&) const = default;
};

struct ExpectedVersion {
  enum class Kind : std::uint8_t { kAny = 0, kNoStream = 1, kExact = 2 };
  Kind kind = Kind::kAny;
  std::uint64_t version = 0;  // meaningful for kExact only
};

struct PatentRecorded {
  PatentType patent_type = PatentType::kInvention;
  std::string title;
  std::string ipc_main_class;
  std::vector<Party> owners;
  std::int32_t grant_date = 0;
  std::int32_t expiry_date = 0;
  bool publicly_funded = false;
};

enum class StatusChange : std::uint8_t {
  kLapsed = 0, kRestored = 1, kInvalidatedWhole = 2, kInvalidatedPartial = 3, kExpired = 4,
  kPreservationOn = 5, kPreservationOff = 6, kDisputeOn = 7, kDisputeOff = 8
};

struct PatentStatusChanged {
  StatusChange change = StatusChange::kLapsed;
  std::string reason;
};

enum class TransferCause : std::uint8_t {
  kContract = 0, kMerger = 1, kInheritance = 2, kCourt = 3, kPledgeEnforcement = 4
};

struct OwnershipTransferred {
  std::vector<Party> assignors;
  std::vector<Party> assignees;
  std::string contract_id;
  Money consideration;
  TransferCause cause = TransferCause::kContract;
  std::string export_certificate;
};

enum class LicenceKind : std::uint8_t { kExclusive = 0, kSole = 1, kOrdinary = 2 };

struct LicenceRecorded {
  std::string licence_id;
  std::vector<Party> licensors;
  Party licensee;
  LicenceKind kind = LicenceKind::kOrdinary;
  std::vector<std::string> territory;
  DateRange term;
  Money lump_sum;
  std::uint32_t royalty_rate_bp = 0;
  std::int32_t contract_date = 0;
  std::string export_certificate;
};

struct LicenceTerminated {
  std::string licence_id;
  std::string reason;
};

enum class RoyaltyMethod : std::uint8_t { kLumpSum = 0, kRate = 1, kRateAndLumpSum = 2 };

struct RoyaltyTerms {
  RoyaltyMethod method = RoyaltyMethod::kLumpSum;
  std::uint32_t rate_bp = 0;
  Money amount;
  bool operator==(const RoyaltyTerms&) const = default;
};

struct OpenLicenceDeclared {
  std::vector<Party> declarants;
  RoyaltyTerms terms;
  DateRange term;
};

struct OpenLicenceWithdrawn {
  std::vector<Party> declarants;
  std::string reason;
};

struct OpenLicenceTaken {
  Party licensee;
  std::string declaration;  // submission_id of the declaration taken
  RoyaltyTerms terms;
  Money payment;
};

struct PledgeRegistered {
  std::string pledge_id;
  std::vector<Party> pledgors;
  Party pledgee;
  Money secured_amount;
  DateRange debt_term;
  std::string contract_id;
};

enum class ReleaseReason : std::uint8_t { kRepaid = 0, kDisposed = 1, kAgreed = 2, kCourt = 3 };

struct PledgeReleased {
  std::string pledge_id;
  Party pledgee;
  ReleaseReason reason = ReleaseReason::kRepaid;
};

enum class KeyAlgorithm : std::uint8_t { kEd25519 = 0, kEcdsaP256Sha256 = 1 };

// Bit set of roles a key holds.
// kRoleHolder: a patent holder's key, which only signs consents.
enum Role : std::uint8_t { kRoleAuthority = 1, kRoleRegistryOperator = 2, kRoleBank = 4, kRoleHolder = 8 };
inline constexpr std::uint8_t kAllRoles = kRoleAuthority | kRoleRegistryOperator | kRoleBank | kRoleHolder;

struct KeyEnrolled {
  std::string key_id;
  KeyAlgorithm algorithm = KeyAlgorithm::kEd25519;
  std::string public_key_hex;
  std::string organisation;
  std::uint8_t roles = 0;
};

struct KeyRevoked {
  std::string key_id;
  std::string reason;
  std::int64_t revoked_at_us = 0;
};

// The order of alternatives matches the schema's Body union (index + 1 is the
// FlatBuffers union type value). Append only.
using Body = std::variant<PatentRecorded, PatentStatusChanged, OwnershipTransferred,
                          LicenceRecorded, LicenceTerminated, OpenLicenceDeclared,
                          OpenLicenceWithdrawn, OpenLicenceTaken, PledgeRegistered,
                          PledgeReleased, KeyEnrolled, KeyRevoked>;

// Stable kind names (used in receipts, headers and statistics).
const char* KindName(const Body& body);

inline bool IsKeyEvent(const Body& body) {
  return std::holds_alternative<KeyEnrolled>(body) || std::holds_alternative<KeyRevoked>(body);
}

struct Submission {
  std::string submission_id;  // 32 lowercase hex characters
  std::string patent;         // canonical after identifier checks; empty for key events
  ExpectedVersion expected_version;
  std::int32_t effective_date = 0;
  std::int64_t submitted_at_us = 0;
  Body body;
};

}  // namespace pl::domain
