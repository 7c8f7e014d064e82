// Stable rejection codes. Their names are part of the public interface
// (receipts, scripts, statistics): never rename or renumber; add at the end.
// docs/rejection-codes.md gives the legal ground of each.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace pl::domain {

enum class RejectCode : std::uint8_t {
  // Envelope codes, in the order they are checked.
  kTooLarge = 1,
  kMalformed,
  kUnknownSigner,
  kBadSignature,
  kRevokedSigner,
  kUnauthorized,
  kInvalidPatentNumber,
  kInvalidPartyId,
  kDuplicateSubmission,
  kWrongExpectedVersion,
  // Domain rules.
  kPatentUnknown,
  kPatentAlreadyRecorded,
  kInvalidDates,
  kPatentNotInForce,
  kNotOwner,
  kCoOwnerConsentMissing,
  kPledgeeConsentMissing,
  kAlreadyPledged,
  kPledgeTermExceedsPatent,
  kLicenceTermExceedsPatent,
  kPledgeNotFound,
  kLicenceConflict,
  kOpenLicenceBlocked,
  kOpenLicenceExclusiveForbidden,
  kOpenLicenceNotDeclared,
  kOpenLicenceTermsMismatch,
  kExportCertificateMissing,
  kLicenceNotFound,
  kKeyAlreadyEnrolled,
  kKeyUnknown,
};

inline constexpr RejectCode kFirstRejectCode = RejectCode::kTooLarge;
inline constexpr RejectCode kLastRejectCode = RejectCode::kKeyUnknown;

// "NOT_OWNER" etc.
std::string_view RejectCodeName(RejectCode code);
std::optional<RejectCode> RejectCodeFromName(std::string_view name);

}  // namespace pl::domain
