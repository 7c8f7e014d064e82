#include "ledger/log/event_source.h"

#include "ledger/codec/codec.h"
#include "ledger/log/rd_util.h"

namespace pl::log {

struct KafkaEventSource::Impl {
  internal::RdKafkaPtr rk;
  ~Impl() {
    if (rk) rd_kafka_consumer_close(rk.get());
  }
};

KafkaEventSource::~KafkaEventSource() = default;

Result<std::unique_ptr<KafkaEventSource>> KafkaEventSource::Open(const KafkaConfig& config) {
  std::unique_ptr<KafkaEventSource> source(new KafkaEventSource());
  source->config_ = config;
  auto rk = internal::NewReader(config);
  if (!rk.ok()) return rk.status();
  source->impl_ = std::make_unique<Impl>();
  source->impl_->rk = std::move(*rk);
  auto n = internal::TopicPartitions(source->impl_->rk.get(), config.topic);
  if (!n.ok()) return n.status();
  source->partitions_ = std::uint32_t(*n);
  return source;
}

Status KafkaEventSource::Scan(std::uint32_t partition, std::uint64_t from_seq,
                              const std::function<bool(std::uint64_t, ByteSpan)>& fn) {
  if (partition >= partitions_) {
    return Status::InvalidArgument("topic " + config_.topic + " has no partition " + std::to_string(partition));
  }
  const std::string where = "topic " + config_.topic + " partition " + std::to_string(partition);
  std::uint64_t expected = from_seq;
  return internal::ReadToEnd(impl_->rk.get(), config_.topic, partition, [&](const rd_kafka_message_t& m, bool* more) {
    ++records_;
    const std::string at = where + " offset " + std::to_string(m.offset);
    ByteSpan value(static_cast<const std::uint8_t*>(m.payload), m.len);
    auto sealed = codec::DecodeSealedEvent(value);
    if (!sealed.ok()) return Status::Corruption(at + ": " + sealed.status().message());
    if (sealed->header.partition != partition) {
      return Status::Corruption(at + ": the event is sealed for partition " + std::to_string(sealed->header.partition));
    }
    const std::uint64_t seq = sealed->header.seq;
    if (seq < expected) {
      if (seq >= from_seq) ++duplicates_;  // below from_seq: not asked for
      return duplicate_check_ ? duplicate_check_(partition, seq, value).WithContext(at) : Status::Ok();
    }
    if (seq > expected) {
      return Status::Corruption(at + ": gap: seq " + std::to_string(seq) + " follows " +
                                (expected == 0 ? std::string("the start") : "seq " + std::to_string(expected - 1)) +
                                " (seq " + std::to_string(expected) + " is missing)");
    }
    ++expected;
    *more = fn(seq, value);
    return Status::Ok();
  });
}

}  // namespace pl::log
