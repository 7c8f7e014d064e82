#include "ledger/domain/reject_code.h"

namespace pl::domain {

std::string_view RejectCodeName(RejectCode code) {
  switch (code) {
    case RejectCode::kTooLarge: return "TOO_LARGE";
    case RejectCode::kMalformed: return "MALFORMED";
    case RejectCode::kUnknownSigner: return "UNKNOWN_SIGNER";
    case RejectCode::kBadSignature: return "BAD_SIGNATURE";
    case RejectCode::kRevokedSigner: return "REVOKED_SIGNER";
    case RejectCode::kUnauthorized: return "UNAUTHORIZED";
    case RejectCode::kInvalidPatentNumber: return "INVALID_PATENT_NUMBER";
    case RejectCode::kInvalidPartyId: return "INVALID_PARTY_ID";
    case RejectCode::kDuplicateSubmission: return "DUPLICATE_SUBMISSION";
    case RejectCode::kWrongExpectedVersion: return "WRONG_EXPECTED_VERSION";
    case RejectCode::kPatentUnknown: return "PATENT_UNKNOWN";
    case RejectCode::kPatentAlreadyRecorded: return "PATENT_ALREADY_RECORDED";
    case RejectCode::kInvalidDates: return "INVALID_DATES";
    case RejectCode::kPatentNotInForce: return "PATENT_NOT_IN_FORCE";
    case RejectCode::kNotOwner: return "NOT_OWNER";
    case RejectCode::kCoOwnerConsentMissing: return "CO_OWNER_CONSENT_MISSING";
    case RejectCode::kPledgeeConsentMissing: return "PLEDGEE_CONSENT_MISSING";
    case RejectCode::kAlreadyPledged: return "ALREADY_PLEDGED";
    case RejectCode::kPledgeTermExceedsPatent: return "PLEDGE_TERM_EXCEEDS_PATENT";
    case RejectCode::kLicenceTermExceedsPatent: return "LICENCE_TERM_EXCEEDS_PATENT";
    case RejectCode::kPledgeNotFound: return "PLEDGE_NOT_FOUND";
    case RejectCode::kLicenceConflict: return "LICENCE_CONFLICT";
    case RejectCode::kOpenLicenceBlocked: return "OPEN_LICENCE_BLOCKED";
    case RejectCode::kOpenLicenceExclusiveForbidden: return "OPEN_LICENCE_EXCLUSIVE_FORBIDDEN";
    case RejectCode::kOpenLicenceNotDeclared: return "OPEN_LICENCE_NOT_DECLARED";
    case RejectCode::kOpenLicenceTermsMismatch: return "OPEN_LICENCE_TERMS_MISMATCH";
    case RejectCode::kExportCertificateMissing: return "EXPORT_CERTIFICATE_MISSING";
    case RejectCode::kLicenceNotFound: return "LICENCE_NOT_FOUND";
    case RejectCode::kKeyAlreadyEnrolled: return "KEY_ALREADY_ENROLLED";
    case RejectCode::kKeyUnknown: return "KEY_UNKNOWN";
  }
  return "UNKNOWN_CODE";
}

std::optional<RejectCode> RejectCodeFromName(std::string_view name) {
  for (int c = int(kFirstRejectCode); c <= int(kLastRejectCode); ++c) {
    if (RejectCodeName(RejectCode(c)) == name) return RejectCode(c);
  }
  return std::nullopt;
}

}  // namespace pl::domain
