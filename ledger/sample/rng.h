// The generator's only source of randomness: a seeded std::mt19937_64 with
// helpers whose results are fully specified (std::uniform_*_distribution is
// implementation-defined and would make the bytes depend on the library).
// Internal to ledger/sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>

#include "ledger/base/assert.h"

namespace pl::sample::internal {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, n). REQUIRES: n > 0. Multiply-shift (Lemire) without the
  // rejection step: the bias is below 2^-40 for the bounds used here.
  std::uint64_t Below(std::uint64_t n) {
    PL_ASSERT(n > 0);
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(engine_()) * n) >> 64);
  }
  std::size_t Index(std::size_t n) { return static_cast<std::size_t>(Below(n)); }

  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  std::int64_t Range(std::int64_t lo, std::int64_t hi) {
    PL_ASSERT(lo <= hi);
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  int Int(int lo, int hi) { return static_cast<int>(Range(lo, hi)); }

  // Uniform in [0, 1) with 53 random bits.
  double Unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }

  // An index drawn with the given non-negative integer weights (not all 0).
  std::size_t Weighted(std::span<const int> weights) {
    std::int64_t total = 0;
    for (int w : weights) total += w;
    PL_ASSERT(total > 0);
    std::int64_t x = Range(0, total - 1);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    PL_ASSERT(false);
    return 0;
  }

  // `chars` lowercase hex characters.
  std::string Hex(std::size_t chars) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(chars);
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < chars; ++i) {
      if (i % 16 == 0) bits = engine_();
      out.push_back(kDigits[bits & 0xf]);
      bits >>= 4;
    }
    return out;
  }

  // `count` decimal digits (leading zeros kept).
  std::string Digits(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) out.push_back(static_cast<char>('0' + Below(10)));
    return out;
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace pl::sample::internal
