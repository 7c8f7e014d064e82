// Open licences (专利法 art. 50-51): OPEN_LICENCE_BLOCKED,
// OPEN_LICENCE_EXCLUSIVE_FORBIDDEN, OPEN_LICENCE_NOT_DECLARED,
// OPEN_LICENCE_TERMS_MISMATCH and LICENCE_TERM_EXCEEDS_PATENT for a
// declaration's term.
#include <boost/test/unit_test.hpp>
#include <string>

#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

// A term that starts after kDeclarationTerm and kLicenceTerm have ended.
constexpr std::int32_t kLaterTermEnd = 20311231;

struct Declared {
  Ledger ledger;
  std::string declaration_id;
};

// SoleOwnerLedger() with an open-licence declaration over `term`.
Declared WithDeclaration(DateRange term = kDeclarationTerm) {
  Declared d{SoleOwnerLedger(), ""};
  Submission declaration = Declare(term);
  d.declaration_id = declaration.submission_id;
  d.ledger.Accept(declaration);
  return d;
}

// SoleOwnerLedger() with kLicenceId of `kind` over `term`.
Ledger WithLicence(LicenceKind kind, DateRange term = kLicenceTerm) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Licence(kLicenceId, kind, term));
  return ledger;
}

BOOST_AUTO_TEST_SUITE(open_licence_declaration)

BOOST_AUTO_TEST_CASE(accepts_a_declaration_on_an_unencumbered_patent) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Declare())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_declaration_term_ending_on_the_expiry_date) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Declare({kActDate, kExpiryDate}))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_declaration_term_ending_after_the_expiry_date) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Declare({kActDate, NextDay(kExpiryDate)}))) ==
             Rejected(RejectCode::kLicenceTermExceedsPatent));
}

BOOST_AUTO_TEST_CASE(rejects_a_declaration_while_an_exclusive_or_sole_licence_is_in_force) {
  for (LicenceKind kind : {LicenceKind::kExclusive, LicenceKind::kSole}) {
    BOOST_TEST_CONTEXT("licence kind " << int(kind)) {
      BOOST_TEST(Outcome(WithLicence(kind).Check(Declare())) == Rejected(RejectCode::kOpenLicenceBlocked));
    }
  }
}

BOOST_AUTO_TEST_CASE(accepts_a_declaration_while_an_ordinary_licence_is_in_force) {
  BOOST_TEST(Outcome(WithLicence(LicenceKind::kOrdinary).Check(Declare())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_declaration_after_the_sole_licence_is_terminated) {
  Ledger ledger = WithLicence(LicenceKind::kSole);
  ledger.Accept(Terminate(kLicenceId));
  BOOST_TEST(Outcome(ledger.Check(Declare())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_declaration_starting_the_day_after_the_sole_licence_ends) {
  Ledger ledger = WithLicence(LicenceKind::kSole);
  BOOST_TEST(Outcome(ledger.Check(Declare({NextDay(kLicenceTerm.end), kLaterTermEnd}))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Declare({kLicenceTerm.end, kLaterTermEnd}))) ==
             Rejected(RejectCode::kOpenLicenceBlocked));
}

BOOST_AUTO_TEST_CASE(rejects_a_second_declaration_while_one_is_in_force) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Declare())) == Rejected(RejectCode::kOpenLicenceBlocked));
  BOOST_TEST(Outcome(d.ledger.Check(Declare({kDeclarationTerm.end, kLaterTermEnd}))) ==
             Rejected(RejectCode::kOpenLicenceBlocked));
}

BOOST_AUTO_TEST_CASE(accepts_a_second_declaration_after_withdrawal_or_after_the_first_ends) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Declare({NextDay(kDeclarationTerm.end), kLaterTermEnd}))) == kAccepted);
  d.ledger.Accept(Withdraw());
  BOOST_TEST(Outcome(d.ledger.Check(Declare())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(licence_term_exceeds_patent_beats_open_licence_blocked) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Declare({kActDate, NextDay(kExpiryDate)}))) ==
             Rejected(RejectCode::kLicenceTermExceedsPatent));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open_licence_exclusive_forbidden)

BOOST_AUTO_TEST_CASE(rejects_an_exclusive_or_sole_licence_while_a_declaration_is_in_force) {
  Declared d = WithDeclaration();
  for (LicenceKind kind : {LicenceKind::kExclusive, LicenceKind::kSole}) {
    BOOST_TEST_CONTEXT("licence kind " << int(kind)) {
      BOOST_TEST(Outcome(d.ledger.Check(Licence(kLicenceId, kind))) ==
                 Rejected(RejectCode::kOpenLicenceExclusiveForbidden));
    }
  }
}

BOOST_AUTO_TEST_CASE(accepts_an_ordinary_licence_while_a_declaration_is_in_force) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Licence(kLicenceId, LicenceKind::kOrdinary))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_sole_licence_after_the_declaration_is_withdrawn) {
  Declared d = WithDeclaration();
  d.ledger.Accept(Withdraw());
  BOOST_TEST(Outcome(d.ledger.Check(Licence(kLicenceId, LicenceKind::kSole))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_sole_licence_starting_the_day_after_the_declaration_ends) {
  Declared d = WithDeclaration();
  Submission after = Licence(kLicenceId, LicenceKind::kSole, {NextDay(kDeclarationTerm.end), kLaterTermEnd});
  BOOST_TEST(Outcome(d.ledger.Check(after)) == kAccepted);
  Submission touching = Licence(kLicenceId, LicenceKind::kSole, {kDeclarationTerm.end, kLaterTermEnd});
  BOOST_TEST(Outcome(d.ledger.Check(touching)) == Rejected(RejectCode::kOpenLicenceExclusiveForbidden));
}

BOOST_AUTO_TEST_CASE(open_licence_exclusive_forbidden_beats_licence_conflict) {
  // The exclusive licence would also overlap the ordinary one.
  Ledger ledger = WithLicence(LicenceKind::kOrdinary);
  ledger.Accept(Declare());
  BOOST_TEST(Outcome(ledger.Check(Licence(kOtherLicenceId, LicenceKind::kExclusive))) ==
             Rejected(RejectCode::kOpenLicenceExclusiveForbidden));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open_licence_taking)

BOOST_AUTO_TEST_CASE(accepts_a_taking_on_the_declarations_last_day) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Take(d.declaration_id, kDeclarationTerm.end))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_taking_the_day_after_the_declaration_ends) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Take(d.declaration_id, NextDay(kDeclarationTerm.end)))) ==
             Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(accepts_a_taking_on_the_declarations_first_day_and_rejects_the_day_before) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Take(d.declaration_id, kDeclarationTerm.start))) == kAccepted);
  BOOST_TEST(Outcome(d.ledger.Check(Take(d.declaration_id, PreviousDay(kDeclarationTerm.start)))) ==
             Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(rejects_a_taking_without_any_declaration) {
  Ledger ledger = SoleOwnerLedger();
  BOOST_TEST(Outcome(ledger.Check(Take(NextSubmissionId(), kDeclarationTerm.start))) ==
             Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(rejects_a_taking_naming_another_declaration) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Take(NextSubmissionId(), kDeclarationTerm.start))) ==
             Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(rejects_a_taking_after_the_withdrawal) {
  Declared d = WithDeclaration();
  d.ledger.Accept(Withdraw());
  BOOST_TEST(Outcome(d.ledger.Check(Take(d.declaration_id, kDeclarationTerm.start))) ==
             Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(rejects_a_taking_of_a_superseded_declaration) {
  Declared d = WithDeclaration();
  d.ledger.Accept(Withdraw());
  Submission second = Declare();
  d.ledger.Accept(second);
  BOOST_TEST(Outcome(d.ledger.Check(Take(d.declaration_id, kDeclarationTerm.start))) ==
             Rejected(RejectCode::kOpenLicenceNotDeclared));
  BOOST_TEST(Outcome(d.ledger.Check(Take(second.submission_id, kDeclarationTerm.start))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_taking_whose_terms_differ_from_the_declaration) {
  Declared d = WithDeclaration();
  auto taking_with = [&](auto change) {
    Submission take = Take(d.declaration_id, kDeclarationTerm.start);
    change(BodyOf<OpenLicenceTaken>(take).terms);
    return Outcome(d.ledger.Check(take));
  };
  const std::string mismatch = Rejected(RejectCode::kOpenLicenceTermsMismatch);
  BOOST_TEST(taking_with([](RoyaltyTerms&) {}) == kAccepted);
  BOOST_TEST(taking_with([](RoyaltyTerms& t) { t.rate_bp = kDeclaredRateBp - 1; }) == mismatch);
  BOOST_TEST(taking_with([](RoyaltyTerms& t) { t.method = RoyaltyMethod::kRateAndLumpSum; }) == mismatch);
  BOOST_TEST(taking_with([](RoyaltyTerms& t) { t.amount = Cny(); }) == mismatch);
}

BOOST_AUTO_TEST_CASE(rejects_a_lump_sum_taking_in_another_currency) {
  Ledger ledger = SoleOwnerLedger();
  Submission declaration = Declare();
  RoyaltyTerms lump_sum{RoyaltyMethod::kLumpSum, 0, Cny()};
  BodyOf<OpenLicenceDeclared>(declaration).terms = lump_sum;
  ledger.Accept(declaration);
  Submission take = Take(declaration.submission_id, kDeclarationTerm.start);
  BodyOf<OpenLicenceTaken>(take).terms = lump_sum;
  BOOST_TEST(Outcome(ledger.Check(take)) == kAccepted);
  BodyOf<OpenLicenceTaken>(take).terms.amount.currency = "USD";
  BOOST_TEST(Outcome(ledger.Check(take)) == Rejected(RejectCode::kOpenLicenceTermsMismatch));
}

BOOST_AUTO_TEST_CASE(open_licence_not_declared_beats_terms_mismatch) {
  Declared d = WithDeclaration();
  Submission take = Take(d.declaration_id, NextDay(kDeclarationTerm.end));
  BodyOf<OpenLicenceTaken>(take).terms.rate_bp = kDeclaredRateBp + 1;
  BOOST_TEST(Outcome(d.ledger.Check(take)) == Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(accepts_a_taking_of_a_pledged_patent_without_pledgee_consent) {
  Ledger ledger = PledgedLedger();
  Submission declaration = Declare();
  ledger.Accept(declaration, {kOperatorKey, kBankKey});
  BOOST_TEST(Outcome(ledger.Check(Take(declaration.submission_id, kDeclarationTerm.start))) == kAccepted);
}

BOOST_AUTO_TEST_CASE(accepts_a_taking_of_a_co_owned_patent_without_owner_consent) {
  Ledger ledger = CoOwnedLedger();
  Submission declaration = Declare();
  BodyOf<OpenLicenceDeclared>(declaration).declarants = {OwnerA(), OwnerB()};
  ledger.Accept(declaration, {kOperatorKey, kOwnerAKey, kOwnerBKey});
  BOOST_TEST(Outcome(ledger.Check(Take(declaration.submission_id, kDeclarationTerm.start))) == kAccepted);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open_licence_withdrawal)

BOOST_AUTO_TEST_CASE(accepts_withdrawing_a_declaration_in_force) {
  Declared d = WithDeclaration();
  BOOST_TEST(Outcome(d.ledger.Check(Withdraw())) == kAccepted);
}

BOOST_AUTO_TEST_CASE(rejects_a_withdrawal_with_nothing_declared) {
  BOOST_TEST(Outcome(SoleOwnerLedger().Check(Withdraw())) == Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_CASE(rejects_withdrawing_twice) {
  Declared d = WithDeclaration();
  d.ledger.Accept(Withdraw());
  BOOST_TEST(Outcome(d.ledger.Check(Withdraw())) == Rejected(RejectCode::kOpenLicenceNotDeclared));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(open_licence_terms_overlap)

// "In force" is an overlap of terms: a sole licence that starts after the
// declaration's term has ended, or ends before it starts, does not collide.
BOOST_AUTO_TEST_CASE(accepts_a_declaration_ending_the_day_before_a_later_sole_licence_starts) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Licence(kLicenceId, LicenceKind::kSole, {20300101, 20301231}));
  BOOST_TEST(Outcome(ledger.Check(Declare({20240401, 20291231}))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Declare({20240401, 20300101}))) == Rejected(RejectCode::kOpenLicenceBlocked));
}

BOOST_AUTO_TEST_CASE(accepts_a_sole_licence_ending_the_day_before_a_later_declaration_starts) {
  Ledger ledger = SoleOwnerLedger();
  ledger.Accept(Declare({20300101, 20301231}));
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kSole, {20240401, 20291231}))) == kAccepted);
  BOOST_TEST(Outcome(ledger.Check(Licence(kLicenceId, LicenceKind::kSole, {20240401, 20300101}))) ==
             Rejected(RejectCode::kOpenLicenceExclusiveForbidden));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
