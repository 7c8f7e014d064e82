// Fixtures for the domain tests: named parties, keys, dates and patent
// numbers, one builder per submission kind, and `Ledger`, a key registry plus
// the state of one patent that decides and applies submissions the way the
// node does. Pure values: no crypto (signature outcomes are set by hand), no
// codec, no store.
//
// Every builder returns a submission that passes every check on the default
// fixture (an invention patent owned by kOwnerAId, in force, not pledged, no
// licences) once what it refers to exists (the licence to terminate, the
// declaration to take or withdraw, the pledge to release); a test changes one
// field to step outside the boundary it probes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/reject_code.h"
#include "ledger/domain/state.h"
#include "ledger/domain/types.h"

namespace pl::domain::testing {

// --- Patent numbers (YYYYTNNNNNNN.C; the check characters were computed by
// hand from the weights 2..9,2..5 mod 11 and are re-checked in
// identifiers_test.cc).
inline constexpr char kInventionNumber[] = "201710601862.3";     // type digit 1
inline constexpr char kUtilityModelNumber[] = "201820123456.0";  // type digit 2
inline constexpr char kDesignNumber[] = "201930654321.7";        // type digit 3
inline constexpr char kPctInventionNumber[] = "201880012345.5";  // type digit 8

// --- Unified social credit codes (GB 32100-2015 check character computed by
// hand; re-checked in identifiers_test.cc).
inline constexpr char kOwnerAId[] = "91350100M000100Y43";      // Fuzhou
inline constexpr char kOwnerBId[] = "91110108MA01ABCD0B";      // Beijing Haidian
inline constexpr char kOwnerCId[] = "91330100MA2B000018";      // Hangzhou
inline constexpr char kBankId[] = "91440300MA5FXY2123";        // Shenzhen, the pledgee
inline constexpr char kOtherBankId[] = "91310115MA1K000016";   // Shanghai Pudong
inline constexpr char kLicenseeId[] = "91320500MA1MXXX013";    // Suzhou
inline constexpr char kForeignCountry[] = "US";
inline constexpr char kForeignRegistryId[] = "DE-FILE-4512345";  // opaque foreign registry id
inline constexpr char kIndividualId[] = "individual-0001";       // opaque individual id

// GB/T 2260 administrative division codes of the parties above.
inline constexpr std::uint32_t kFuzhouDivision = 350100;
inline constexpr std::uint32_t kHaidianDivision = 110108;
inline constexpr std::uint32_t kHangzhouDivision = 330100;
inline constexpr std::uint32_t kShenzhenDivision = 440300;
inline constexpr std::uint32_t kPudongDivision = 310115;
inline constexpr std::uint32_t kSuzhouDivision = 320500;
inline constexpr std::uint32_t kDongchengDivision = 110101;

// Shares are basis points of the whole.
inline constexpr std::uint16_t kWholeShareBp = 10000;

// --- Keys. Key ids are opaque to the domain (the node checks that an
// enrolled key id is the hash of its key), so readable names are used.
inline constexpr char kAuthorityKey[] = "key-authority";
inline constexpr char kOperatorKey[] = "key-operator";
inline constexpr char kRevokedOperatorKey[] = "key-operator-revoked";
inline constexpr char kBankKey[] = "key-bank";
inline constexpr char kOtherBankKey[] = "key-other-bank";
inline constexpr char kOwnerAKey[] = "key-owner-a";
inline constexpr char kOwnerBKey[] = "key-owner-b";
inline constexpr char kOwnerCKey[] = "key-owner-c";
inline constexpr char kNeverEnrolledKey[] = "key-never-enrolled";
inline constexpr char kAuthorityOrganisation[] = "CNIPA";
inline constexpr char kOperatorOrganisation[] = "operation-platform";
// Owners' keys hold HOLDER: they sign consents and submit nothing.
inline constexpr std::uint8_t kOwnerKeyRoles = kRoleHolder;
// A public key in hex for KeyEnrolled (ApplyKeyEvent decodes it): 32 bytes,
// the size of an Ed25519 key.
inline constexpr char kPublicKeyHex[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// --- Dates (YYYYMMDD).
inline constexpr std::int32_t kGrantDate = 20190412;
inline constexpr std::int32_t kExpiryDate = 20370614;  // twenty years from the filing date 2017-06-14
inline constexpr std::int32_t kActDate = 20240315;     // default effective date of acts
inline constexpr DateRange kLicenceTerm{20240401, 20281231};
inline constexpr DateRange kDeclarationTerm{20240401, 20291231};
inline constexpr DateRange kDebtTerm{20240315, 20270314};
inline constexpr std::int64_t kRevokedAtUs = 1710460800000000;  // 2024-03-15T00:00:00Z

std::int32_t NextDay(std::int32_t yyyymmdd);
std::int32_t PreviousDay(std::int32_t yyyymmdd);

// --- Licences, pledges, territory.
inline constexpr char kLicenceId[] = "LIC-2024-001";
inline constexpr char kOtherLicenceId[] = "LIC-2024-002";
inline constexpr char kPledgeId[] = "PLG-2024-001";
inline constexpr char kOtherPledgeId[] = "PLG-2024-002";
inline constexpr char kWholeCountry[] = "CN";
inline constexpr char kGuangdong[] = "44";  // 2-digit province codes
inline constexpr char kJiangsu[] = "32";
inline constexpr char kZhejiang[] = "33";
inline constexpr std::uint32_t kDeclaredRateBp = 300;  // 3 % of sales
inline constexpr std::int64_t kMoneyMinor = 50000000;  // CNY 500,000.00
inline constexpr char kCurrency[] = "CNY";

// --- Parties.
Party Domestic(std::string credit_code, std::uint32_t division_code, std::uint16_t share_bp = 0);
Party OwnerA(std::uint16_t share_bp = 0);
Party OwnerB(std::uint16_t share_bp = 0);
Party OwnerC(std::uint16_t share_bp = 0);
Party Bank();
Party OtherBank();
Party Licensee();
Party ForeignParty();
Party IndividualParty();
Money Cny(std::int64_t amount_minor = kMoneyMinor);
RoyaltyTerms DeclaredTerms();

// --- Submissions. Each gets a fresh submission id; the patent is
// kInventionNumber and the effective date kActDate unless stated.
std::string NextSubmissionId();
Submission Make(Body body, std::int32_t effective_date = kActDate);
Submission Record(std::vector<Party> owners = {OwnerA()}, PatentType type = PatentType::kInvention);
Submission ChangeStatus(StatusChange change);
Submission Transfer(std::vector<Party> assignors = {OwnerA()}, std::vector<Party> assignees = {OwnerB()});
Submission Licence(std::string licence_id, LicenceKind kind, DateRange term = kLicenceTerm,
                   std::vector<std::string> territory = {kWholeCountry});
Submission Terminate(std::string licence_id);
Submission Declare(DateRange term = kDeclarationTerm);
Submission Withdraw();
Submission Take(std::string declaration_id, std::int32_t effective_date = kActDate);
Submission Pledge(std::string pledge_id = kPledgeId, Party pledgee = Bank(), DateRange debt_term = kDebtTerm);
Submission Release(std::string pledge_id = kPledgeId, Party pledgee = Bank());
Submission Enrol(std::string key_id, std::string organisation, std::uint8_t roles);
Submission Revoke(std::string key_id);

// The body of `s` as a T, for changing one field. REQUIRES: s holds a T.
template <typename T>
T& BodyOf(Submission& s) {
  return std::get<T>(s.body);
}

// --- Signature outcomes, as the crypto layer would report them.
SignatureOutcome Valid(std::string key_id);
SignatureOutcome Invalid(std::string key_id);
SignatureOutcome KeyUnknown(std::string key_id);

// --- Verdicts as strings, so that Boost.Test prints both sides: "ACCEPTED",
// "ALREADY_ACCEPTED" or the rejection code's stable name. A rejection without
// a message for a person gets " (no message)" appended and never matches.
inline const std::string kAccepted = "ACCEPTED";
inline const std::string kAlreadyAccepted = "ALREADY_ACCEPTED";
std::string Outcome(const Verdict& verdict);
std::string Rejected(RejectCode code);

// The key registry every test starts from: one key per kKey* constant above
// (except kNeverEnrolledKey), kRevokedOperatorKey already revoked.
KeyRegistry StandardKeys();

// A key registry and the state of the one patent the tests act on.
class Ledger {
 public:
  Ledger() : keys_(StandardKeys()) {}

  // Decides `s` signed by `signers` (all signatures valid, first = submitter)
  // without changing the ledger.
  Verdict Check(const Submission& s, const std::vector<std::string>& signers = {kOperatorKey}) const;
  // Decides with the given signature outcomes and prior acceptance.
  Verdict CheckWith(const Submission& s, const std::vector<SignatureOutcome>& signatures,
                    const PriorAcceptance* prior = nullptr, const Hash256& digest = {}) const;
  // Decides and, when accepted, applies `s` (as the node does).
  Verdict Submit(const Submission& s, const std::vector<std::string>& signers = {kOperatorKey});
  // Submit() for a set-up step that must be accepted (fails the test otherwise).
  void Accept(const Submission& s, const std::vector<std::string>& signers = {kOperatorKey});

  const KeyRegistry& keys() const { return keys_; }
  // Null until the patent is recorded.
  const PatentState* patent() const { return patent_ ? &*patent_ : nullptr; }

 private:
  KeyRegistry keys_;
  std::optional<PatentState> patent_;
};

// Ledgers in common starting states (all with StandardKeys()).
Ledger SoleOwnerLedger();  // invention recorded, owned by OwnerA alone
Ledger CoOwnedLedger();    // invention co-owned: OwnerA 60 %, OwnerB 40 %
Ledger PledgedLedger();    // SoleOwnerLedger() + kPledgeId to Bank()
Ledger LedgerOf(const Submission& record);  // any PatentRecorded

}  // namespace pl::domain::testing
