// A readable log of sealed events, partition by partition, in seq order.
// Implemented by the RocksDB store, the archive file and the Kafka topic, so
// that replay, projections and verification read any of them the same way.
#pragma once

#include <cstdint>
#include <functional>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"

namespace pl {

class EventSource {
 public:
  virtual ~EventSource() = default;

  // Partitions of the ledger this source holds (ids 0 .. partitions()-1).
  virtual std::uint32_t partitions() const = 0;

  // Calls `fn(seq, sealed_bytes)` for the events of `partition` with
  // seq >= from_seq, in increasing seq order, until `fn` returns false or
  // the source has no more. The bytes are valid only during the call.
  // A source MUST NOT skip a seq silently: a gap is an error
  // (kCorruption) naming the partition and the missing seq; the caller
  // verifies chains and signatures itself.
  virtual Status Scan(std::uint32_t partition, std::uint64_t from_seq,
                      const std::function<bool(std::uint64_t, ByteSpan)>& fn) = 0;
};

}  // namespace pl
