// Byte strings, hex, base64 and fixed-width big-endian integers: the small
// codecs every layer needs. Pure functions, no allocation beyond the result.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pl {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;
using Hash256 = std::array<std::uint8_t, 32>;

inline ByteSpan AsBytes(std::string_view s) {
  return ByteSpan(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
inline std::string_view AsChars(ByteSpan b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

std::string HexEncode(ByteSpan bytes);
// Lowercase or uppercase hex; nullopt on odd length or a non-hex character.
std::optional<Bytes> HexDecode(std::string_view hex);
// True when `s` is exactly `length` lowercase hex characters.
bool IsLowerHex(std::string_view s, std::size_t length);

std::string Base64Encode(ByteSpan bytes);
// Standard alphabet with padding; nullopt on any other input.
std::optional<Bytes> Base64Decode(std::string_view text);

void AppendBigEndian32(std::string& out, std::uint32_t v);
void AppendBigEndian64(std::string& out, std::uint64_t v);
std::uint32_t ReadBigEndian32(const char* p);
std::uint64_t ReadBigEndian64(const char* p);

}  // namespace pl
