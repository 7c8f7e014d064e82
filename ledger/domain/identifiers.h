// Identifier checks: Chinese patent application numbers and unified social
// credit codes (统一社会信用代码). Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pl::domain {

// Accepts "YYYYTNNNNNNN.C" with an optional "CN" or "ZL" prefix (any case),
// verifies the check character (weights 2,3,4,5,6,7,8,9,2,3,4,5 over the 12
// digits, sum mod 11, 10 -> 'X') and returns the canonical form without
// prefix; nullopt when anything is wrong.
std::optional<std::string> CanonicalPatentNumber(std::string_view text);

// The check character for 12 digits; REQUIRES: `digits` is 12 ASCII digits.
char PatentCheckCharacter(std::string_view digits);

// True for an 18-character unified social credit code whose check character
// matches GB 32100-2015.
bool IsValidCreditCode(std::string_view code);

// The check character for the first 17 characters; nullopt when one of them
// is outside the code alphabet.
std::optional<char> CreditCodeCheckCharacter(std::string_view first17);

}  // namespace pl::domain
