#include "ledger/base/murmur2.h"

#include "ledger/base/assert.h"

namespace pl {

std::int32_t KafkaMurmur2(std::string_view key) {
  const std::uint32_t m = 0x5bd1e995;
  const int r = 24;
  const std::uint32_t length = std::uint32_t(key.size());
  std::uint32_t h = 0x9747b28c ^ length;
  const auto* data = reinterpret_cast<const std::uint8_t*>(key.data());
  std::uint32_t blocks = length / 4;
  for (std::uint32_t i = 0; i < blocks; ++i) {
    const std::uint8_t* p = data + 4 * i;
    std::uint32_t k = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                      std::uint32_t(p[3]) << 24;
    k *= m;
    k ^= k >> r;
    k *= m;
    h *= m;
    h ^= k;
  }
  const std::uint8_t* tail = data + 4 * blocks;
  switch (length % 4) {
    case 3: h ^= std::uint32_t(tail[2]) << 16; [[fallthrough]];
    case 2: h ^= std::uint32_t(tail[1]) << 8; [[fallthrough]];
    case 1:
      h ^= std::uint32_t(tail[0]);
      h *= m;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return std::int32_t(h);
}

std::uint32_t PartitionForKey(std::string_view key, std::uint32_t partitions) {
  PL_ASSERT(partitions > 0);
  return (std::uint32_t(KafkaMurmur2(key)) & 0x7fffffffu) % partitions;
}

}  // namespace pl
