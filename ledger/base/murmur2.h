// Kafka's murmur2 partitioner, bit-exact with the Java client
// (org.apache.kafka.common.utils.Utils.murmur2 and toPositive), so that the
// ledger, Java consumers and kcat place a patent in the same partition.
#pragma once

#include <cstdint>
#include <string_view>

namespace pl {

// The 32-bit murmur2 hash of `key` with Kafka's seed 0x9747b28c.
std::int32_t KafkaMurmur2(std::string_view key);

// (murmur2(key) & 0x7fffffff) % partitions. REQUIRES: partitions > 0.
std::uint32_t PartitionForKey(std::string_view key, std::uint32_t partitions);

}  // namespace pl
