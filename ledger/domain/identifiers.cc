#include "ledger/domain/identifiers.h"

#include <cctype>

#include "ledger/base/assert.h"

namespace pl::domain {
namespace {

constexpr int kPatentWeights[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
constexpr std::string_view kCreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

char PatentCheckCharacter(std::string_view digits) {
  PL_ASSERT(digits.size() == 12 && AllDigits(digits));
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (digits[i] - '0') * kPatentWeights[i];
  int check = sum % 11;
  return check == 10 ? 'X' : char('0' + check);
}

std::optional<std::string> CanonicalPatentNumber(std::string_view text) {
  if (text.size() >= 2) {
    char a = char(std::toupper(static_cast<unsigned char>(text[0])));
    char b = char(std::toupper(static_cast<unsigned char>(text[1])));
    if ((a == 'C' && b == 'N') || (a == 'Z' && b == 'L')) text.remove_prefix(2);
  }
  // YYYYTNNNNNNN.C : 12 digits, a dot, a check character.
  if (text.size() != 14 || text[12] != '.') return std::nullopt;
  std::string_view digits = text.substr(0, 12);
  if (!AllDigits(digits)) return std::nullopt;
  int year = (digits[0] - '0') * 1000 + (digits[1] - '0') * 100 + (digits[2] - '0') * 10 + (digits[3] - '0');
  if (year < 1985 || year > 2199) return std::nullopt;  // the Patent Law took effect in 1985
  char type = digits[4];
  // Application types: 1 invention, 2 utility model, 3 design, 8 PCT invention
  // entering China, 9 PCT utility model entering China.
  if (type != '1' && type != '2' && type != '3' && type != '8' && type != '9') return std::nullopt;
  char given = char(std::toupper(static_cast<unsigned char>(text[13])));
  if (given != PatentCheckCharacter(digits)) return std::nullopt;
  std::string canonical(digits);
  canonical.push_back('.');
  canonical.push_back(given);
  return canonical;
}

std::optional<char> CreditCodeCheckCharacter(std::string_view first17) {
  if (first17.size() != 17) return std::nullopt;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    std::size_t v = kCreditAlphabet.find(first17[i]);
    if (v == std::string_view::npos) return std::nullopt;
    sum += int(v) * kCreditWeights[i];
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return kCreditAlphabet[std::size_t(check)];
}

bool IsValidCreditCode(std::string_view code) {
  if (code.size() != 18) return false;
  auto check = CreditCodeCheckCharacter(code.substr(0, 17));
  return check.has_value() && *check == code[17];
}

}  // namespace pl::domain
