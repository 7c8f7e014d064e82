// The codec's text checks, which read eight bytes at a time, against
// byte-by-byte statements of the same rules: every byte value at every
// position of strings of every length around the word size, and random
// strings mixing ASCII, multi-byte sequences and broken ones.
#include <cstdint>
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "ledger/codec/fb_util.h"

namespace pl::codec::internal {
namespace {

bool ControlByByte(std::string_view s) {
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 || b == 0x7F) return true;
  }
  return false;
}

// RFC 3629 by its table of well-formed byte sequences.
bool Utf8ByByte(std::string_view s) {
  auto in = [](unsigned char b, unsigned lo, unsigned hi) { return b >= lo && b <= hi; };
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const std::size_t left = s.size() - i;
    if (b(0) <= 0x7F) {
      i += 1;
    } else if (in(b(0), 0xC2, 0xDF) && left >= 2 && in(b(1), 0x80, 0xBF)) {
      i += 2;
    } else if (left >= 3 && in(b(2), 0x80, 0xBF) &&
               ((b(0) == 0xE0 && in(b(1), 0xA0, 0xBF)) || (in(b(0), 0xE1, 0xEC) && in(b(1), 0x80, 0xBF)) ||
                (b(0) == 0xED && in(b(1), 0x80, 0x9F)) || (in(b(0), 0xEE, 0xEF) && in(b(1), 0x80, 0xBF)))) {
      i += 3;
    } else if (left >= 4 && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) &&
               ((b(0) == 0xF0 && in(b(1), 0x90, 0xBF)) || (in(b(0), 0xF1, 0xF3) && in(b(1), 0x80, 0xBF)) ||
                (b(0) == 0xF4 && in(b(1), 0x80, 0x8F)))) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

BOOST_AUTO_TEST_CASE(every_byte_at_every_position) {
  for (std::size_t length = 1; length <= 19; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int value = 0; value < 256; ++value) {
        std::string s(length, 'a');
        s[at] = char(value);
        BOOST_TEST_CONTEXT("length " << length << ", byte " << value << " at " << at) {
          BOOST_TEST(HasControlCharacter(s) == ControlByByte(s));
          BOOST_TEST(IsValidUtf8(s) == Utf8ByByte(s));
        }
      }
    }
  }
  BOOST_TEST(!HasControlCharacter(""));
  BOOST_TEST(IsValidUtf8(""));
}

BOOST_AUTO_TEST_CASE(random_strings) {
  std::mt19937_64 rng(20261203);
  const std::string pieces[] = {"a", "Z", " ", "~", "\x7f", "\x1f", "\t", "\xc3\xa9", "\xe4\xb8\xad",
                                "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xc0\xaf", "\x80", "\xf4\x90\x80\x80",
                                "\xe4\xb8", "\xff"};
  int controls = 0, invalid = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const std::size_t parts = rng() % 24;
    for (std::size_t k = 0; k < parts; ++k) {
      // Mostly ASCII letters, as real text is, so that whole words get read.
      s += rng() % 4 ? pieces[rng() % 4] : pieces[rng() % std::size(pieces)];
    }
    BOOST_TEST_CONTEXT("string " << n) {
      BOOST_TEST(HasControlCharacter(s) == ControlByByte(s));
      BOOST_TEST(IsValidUtf8(s) == Utf8ByByte(s));
    }
    controls += ControlByByte(s);
    invalid += !Utf8ByByte(s);
  }
  // Both outcomes occur often enough for the comparison to mean something.
  BOOST_TEST(controls > 1000);
  BOOST_TEST(invalid > 1000);
  BOOST_TEST(controls < 19000);
  BOOST_TEST(invalid < 19000);
}

}  // namespace
}  // namespace pl::codec::internal
