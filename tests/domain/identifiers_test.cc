// Application numbers (YYYYTNNNNNNN.C, weights 2..9,2..5 mod 11, 10 -> X)
// and unified social credit codes (GB 32100-2015, weights mod 31).
#include <boost/test/unit_test.hpp>
#include <string>

#include "ledger/domain/identifiers.h"
#include "tests/domain/builders.h"

namespace pl::domain::testing {
namespace {

// Index of the check character in an application number without prefix,
// and of the type digit.
constexpr std::size_t kPatentCheckIndex = 13;
constexpr std::size_t kPatentTypeIndex = 4;
// The example of DESIGN.md §3.
constexpr char kDesignExample[] = "201710601862.3";
// An application number whose weighted sum is 10 mod 11.
constexpr char kCheckXNumber[] = "202110000004.X";
// Index of the check character of a credit code.
constexpr std::size_t kCreditCheckIndex = 17;
// The known valid code of the brief.
constexpr char kKnownCreditCode[] = "91350100M000100Y43";
// A code whose weighted sum is 0 mod 31: 31 - 0 = 31 becomes check 0.
constexpr char kCheckZeroCreditCode[] = "911101087100000120";

std::string WithChar(std::string text, std::size_t index, char c) {
  text[index] = c;
  return text;
}

BOOST_AUTO_TEST_SUITE(patent_numbers)

BOOST_AUTO_TEST_CASE(accepts_the_design_example) {
  BOOST_TEST(CanonicalPatentNumber(kDesignExample).value_or("") == kDesignExample);
  BOOST_TEST(PatentCheckCharacter("201710601862") == '3');
}

BOOST_AUTO_TEST_CASE(accepts_the_fixture_numbers_of_every_type) {
  for (const char* number : {kInventionNumber, kUtilityModelNumber, kDesignNumber, kPctInventionNumber}) {
    BOOST_TEST_CONTEXT(number) { BOOST_TEST(CanonicalPatentNumber(number).value_or("") == number); }
  }
}

BOOST_AUTO_TEST_CASE(accepts_cn_and_zl_prefixes_in_any_case_and_canonicalises) {
  for (std::string prefix : {"CN", "ZL", "cn", "zl", "Cn"}) {
    BOOST_TEST_CONTEXT(prefix) {
      BOOST_TEST(CanonicalPatentNumber(prefix + kDesignExample).value_or("") == kDesignExample);
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_other_prefixes) {
  BOOST_TEST(!CanonicalPatentNumber(std::string("US") + kDesignExample));
  BOOST_TEST(!CanonicalPatentNumber(std::string("CN ") + kDesignExample));
  BOOST_TEST(!CanonicalPatentNumber(std::string("CNZL") + kDesignExample));
}

BOOST_AUTO_TEST_CASE(rejects_every_wrong_check_character) {
  const std::string good = kDesignExample;
  for (char c : std::string("0123456789X")) {
    if (c == good[kPatentCheckIndex]) continue;
    BOOST_TEST_CONTEXT(c) { BOOST_TEST(!CanonicalPatentNumber(WithChar(good, kPatentCheckIndex, c))); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_a_changed_digit) {
  // Changing one digit by one changes the weighted sum by its weight (2..9),
  // never a multiple of 11, so the check character no longer matches.
  BOOST_TEST(!CanonicalPatentNumber("201710601863.3"));
  BOOST_TEST(!CanonicalPatentNumber("201710611862.3"));
}

BOOST_AUTO_TEST_CASE(accepts_check_character_x_in_either_case) {
  BOOST_TEST(PatentCheckCharacter("202110000004") == 'X');
  BOOST_TEST(CanonicalPatentNumber(kCheckXNumber).value_or("") == kCheckXNumber);
  BOOST_TEST(CanonicalPatentNumber("202110000004.x").value_or("") == kCheckXNumber);
}

BOOST_AUTO_TEST_CASE(rejects_x_where_the_check_is_a_digit_and_a_digit_where_it_is_x) {
  BOOST_TEST(!CanonicalPatentNumber("201710601862.X"));
  BOOST_TEST(!CanonicalPatentNumber("202110000004.0"));
}

BOOST_AUTO_TEST_CASE(rejects_wrong_lengths_and_layout) {
  BOOST_TEST(!CanonicalPatentNumber(""));
  BOOST_TEST(!CanonicalPatentNumber("20171060186.3"));     // 11 digits
  BOOST_TEST(!CanonicalPatentNumber("2017106018620.3"));   // 13 digits
  BOOST_TEST(!CanonicalPatentNumber("201710601862"));      // no check character
  BOOST_TEST(!CanonicalPatentNumber("201710601862.33"));   // two check characters
  BOOST_TEST(!CanonicalPatentNumber("201710601862-3"));    // no dot
  BOOST_TEST(!CanonicalPatentNumber("2017106O1862.3"));    // letter O for zero
  BOOST_TEST(!CanonicalPatentNumber(" 201710601862.3"));   // leading space
}

BOOST_AUTO_TEST_CASE(accepts_type_digits_1_2_3_8_9_and_rejects_the_others) {
  const std::string body = "20171060186";  // the type digit is replaced below
  for (char type = '0'; type <= '9'; ++type) {
    std::string digits = WithChar(body + "2", kPatentTypeIndex, type);
    std::string number = digits + "." + PatentCheckCharacter(digits);
    bool valid_type = type == '1' || type == '2' || type == '3' || type == '8' || type == '9';
    BOOST_TEST_CONTEXT(number) { BOOST_TEST(CanonicalPatentNumber(number).has_value() == valid_type); }
  }
}

BOOST_AUTO_TEST_CASE(rejects_years_before_the_patent_law) {
  // 1985 is the first year of the Patent Law; 1984 is refused.
  for (auto [year, valid] : {std::pair{"1984", false}, std::pair{"1985", true}}) {
    std::string digits = std::string(year) + "10601862";
    std::string number = digits + "." + PatentCheckCharacter(digits);
    BOOST_TEST_CONTEXT(number) { BOOST_TEST(CanonicalPatentNumber(number).has_value() == valid); }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(credit_codes)

BOOST_AUTO_TEST_CASE(accepts_the_known_valid_code) {
  BOOST_TEST(IsValidCreditCode(kKnownCreditCode));
  BOOST_TEST(CreditCodeCheckCharacter("91350100M000100Y4").value_or('?') == '3');
}

BOOST_AUTO_TEST_CASE(accepts_the_fixture_codes) {
  for (const char* code : {kOwnerAId, kOwnerBId, kOwnerCId, kBankId, kOtherBankId, kLicenseeId}) {
    BOOST_TEST_CONTEXT(code) { BOOST_TEST(IsValidCreditCode(code)); }
  }
}

BOOST_AUTO_TEST_CASE(accepts_check_character_zero_when_the_sum_is_a_multiple_of_31) {
  BOOST_TEST(CreditCodeCheckCharacter("91110108710000012").value_or('?') == '0');
  BOOST_TEST(IsValidCreditCode(kCheckZeroCreditCode));
}

BOOST_AUTO_TEST_CASE(accepts_a_letter_check_character) {
  BOOST_TEST(CreditCodeCheckCharacter("91110108MA01ABCD0").value_or('?') == 'B');
  BOOST_TEST(IsValidCreditCode(kOwnerBId));
}

BOOST_AUTO_TEST_CASE(rejects_one_changed_character) {
  const std::string good = kKnownCreditCode;
  BOOST_TEST(!IsValidCreditCode(WithChar(good, kCreditCheckIndex, '4')));
  BOOST_TEST(!IsValidCreditCode(WithChar(good, 0, '5')));   // registration department
  BOOST_TEST(!IsValidCreditCode(WithChar(good, 8, 'N')));   // organisation code M -> N
  BOOST_TEST(!IsValidCreditCode(WithChar(good, 16, '5')));  // last position before the check
}

BOOST_AUTO_TEST_CASE(rejects_letters_outside_the_alphabet) {
  // I, O, S, V and Z are not in 0123456789ABCDEFGHJKLMNPQRTUWXY.
  const std::string good = kKnownCreditCode;
  for (char c : std::string("IOSVZ")) {
    BOOST_TEST_CONTEXT(c) {
      BOOST_TEST(!CreditCodeCheckCharacter(WithChar(good, 8, c).substr(0, kCreditCheckIndex)));
      BOOST_TEST(!IsValidCreditCode(WithChar(good, 8, c)));
      BOOST_TEST(!IsValidCreditCode(WithChar(good, kCreditCheckIndex, c)));
    }
  }
}

BOOST_AUTO_TEST_CASE(rejects_lowercase_letters) {
  BOOST_TEST(!IsValidCreditCode("91350100m000100y43"));
  BOOST_TEST(!IsValidCreditCode("91110108MA01ABCD0b"));
}

BOOST_AUTO_TEST_CASE(rejects_wrong_lengths) {
  const std::string good = kKnownCreditCode;
  BOOST_TEST(!IsValidCreditCode(""));
  BOOST_TEST(!IsValidCreditCode(good.substr(0, kCreditCheckIndex)));
  BOOST_TEST(!IsValidCreditCode(good + "0"));
  BOOST_TEST(!CreditCodeCheckCharacter(good));  // 18 characters where 17 are expected
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::domain::testing
