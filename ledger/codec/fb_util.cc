#include "ledger/codec/fb_util.h"

#include <cstring>

namespace pl::codec::internal {

flatbuffers::Verifier::Options WireVerifierOptions() {
  flatbuffers::Verifier::Options options;
  options.max_depth = kWireVerifierDepthMax;
  options.max_tables = kWireVerifierTablesMax;
  options.check_alignment = true;
  // Nested buffers are verified explicitly by the codec, with these same
  // options and the file identifier (the generated code would use defaults).
  options.check_nested_flatbuffers = false;
  return options;
}

flatbuffers::Verifier::Options StateVerifierOptions() {
  flatbuffers::Verifier::Options options;
  options.max_depth = kStateVerifierDepthMax;
  options.max_tables = kStateVerifierTablesMax;
  options.check_alignment = true;
  options.check_nested_flatbuffers = false;  // state.fbs has none
  return options;
}

AlignedBuffer::AlignedBuffer(ByteSpan bytes) : size_(bytes.size()) {
  const auto address = reinterpret_cast<std::uintptr_t>(bytes.data());
  if (address % alignof(std::uint64_t) == 0 || bytes.empty()) {
    data_ = bytes.data();
    return;
  }
  copy_.resize((bytes.size() + sizeof(std::uint64_t) - 1) / sizeof(std::uint64_t));
  std::memcpy(copy_.data(), bytes.data(), bytes.size());
  data_ = reinterpret_cast<const std::uint8_t*>(copy_.data());
}

bool FitsVerifier(std::size_t size) {
  // FLATBUFFERS_MIN_BUFFER_SIZE spelled out: the macro names unqualified
  // flatbuffers types. Root offset, vtable offset, two vtable fields.
  constexpr std::size_t kBufferBytesMin = sizeof(flatbuffers::uoffset_t) + sizeof(flatbuffers::soffset_t) +
                                          2 * sizeof(flatbuffers::voffset_t);
  return size >= kBufferBytesMin && size < FLATBUFFERS_MAX_BUFFER_SIZE;
}

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    // Eight ASCII bytes at a time: most text here is ASCII (ids, codes,
    // English names), and a replay checks every string of every event.
    std::uint64_t eight;
    while (s.size() - i >= sizeof eight) {
      std::memcpy(&eight, s.data() + i, sizeof eight);
      if (eight & 0x8080808080808080ULL) break;
      i += sizeof eight;
    }
    if (i == s.size()) break;
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0;
    std::uint32_t minimum = 0;
    if ((b0 & 0xE0) == 0xC0) {
      length = 2;
      code_point = b0 & 0x1F;
      minimum = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      length = 3;
      code_point = b0 & 0x0F;
      minimum = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      length = 4;
      code_point = b0 & 0x07;
      minimum = 0x10000;
    } else {
      return false;  // continuation byte or 0xF8..0xFF in lead position
    }
    if (s.size() - i < length) return false;
    for (std::size_t k = 1; k < length; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      code_point = (code_point << 6) | (b & 0x3F);
    }
    if (code_point < minimum || code_point > 0x10FFFF) return false;
    if (code_point >= 0xD800 && code_point <= 0xDFFF) return false;
    i += length;
  }
  return true;
}

bool HasControlCharacter(std::string_view s) {
  // Eight bytes at a time (a replay checks every string of every event):
  // (x - 0x20 in each byte) & ~x & 0x80 in each byte is non-zero exactly
  // when some byte is below 0x20; x ^ 0x7F in each byte has a zero byte
  // exactly when some byte is 0x7F.
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (std::uint64_t x; s.size() - i >= sizeof x; i += sizeof x) {
    std::memcpy(&x, s.data() + i, sizeof x);
    const std::uint64_t del = x ^ (0x7F * kOnes);
    if ((((x - 0x20 * kOnes) & ~x) | ((del - kOnes) & ~del)) & kHighs) return true;
  }
  for (; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7F) return true;
  }
  return false;
}

}  // namespace pl::codec::internal
