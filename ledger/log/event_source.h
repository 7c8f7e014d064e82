// The events topic as an EventSource (ledger/base/event_source.h): replay,
// tail and projections read Kafka like the store or an archive.
//
// Each Scan() reads one partition from its earliest offset up to the end
// offset it finds when the scan starts (a snapshot; events published later
// are for the next scan). Records are turned back into the log by seq:
// - seq below the next expected one (from_seq, or one already delivered):
//   a duplicate (a republish after a producer reset): dropped and counted;
// - seq above it: a gap, kCorruption naming partition, seq and offset;
// - a value that is not a sealed event, or one sealed for another partition:
//   kCorruption naming partition and offset.
// The caller still verifies chains and signatures (Sequencer::Import).
//
// Thread safety: one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "ledger/base/event_source.h"
#include "ledger/base/status.h"
#include "ledger/log/kafka_config.h"

namespace pl::log {

// A scan waits internal::kReadIdleTimeoutMs (rd_util.h) for the next
// record before giving up with kBusy.

class KafkaEventSource : public EventSource {
 public:
  // Reads the topic's partition count (kNotFound when it does not exist).
  static Result<std::unique_ptr<KafkaEventSource>> Open(const KafkaConfig& config);
  ~KafkaEventSource() override;

  std::uint32_t partitions() const override { return partitions_; }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override;

  // Called for each dropped duplicate whose seq was delivered in this scan
  // or lies below from_seq; a non-ok Status ends the scan with it (e.g. a
  // fork: same seq, different bytes). Optional.
  void set_duplicate_check(std::function<Status(std::uint32_t, std::uint64_t, ByteSpan)> check) {
    duplicate_check_ = std::move(check);
  }
  // Records dropped as duplicates, over all scans.
  std::uint64_t duplicates() const { return duplicates_; }
  // Records read, over all scans.
  std::uint64_t records() const { return records_; }

 private:
  struct Impl;
  KafkaEventSource() = default;
  std::unique_ptr<Impl> impl_;
  KafkaConfig config_;
  std::uint32_t partitions_ = 0;
  std::function<Status(std::uint32_t, std::uint64_t, ByteSpan)> duplicate_check_;
  std::uint64_t duplicates_ = 0, records_ = 0;
};

}  // namespace pl::log
