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
  KafkaConfig c = config;
  // Partitions are assigned explicitly; the group id only satisfies the
  // consumer API. Nothing is committed: every reader keeps its own position
  // (a store's head, a projection's last applied seq).
  if (c.Get("group.id").empty()) c.Set("group.id", "patentledger-reader");
  auto rk = internal::NewClient(RD_KAFKA_CONSUMER, c,
                                {{"enable.auto.commit", "false"},
                                 {"enable.auto.offset.store", "false"},
                                 {"enable.partition.eof", "true"},
                                 {"isolation.level", "read_uncommitted"}});
  if (!rk.ok()) return rk.status();
  rd_kafka_poll_set_consumer(rk->get());
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
  rd_kafka_t* rk = impl_->rk.get();
  const std::string where = "topic " + config_.topic + " partition " + std::to_string(partition);
  std::int64_t low = 0, high = 0;
  rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(rk, config_.topic.c_str(), std::int32_t(partition), &low, &high,
                                       internal::kRequestTimeoutMs);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return internal::FromRdError(err, "end offsets of " + where);
  if (high <= low) return Status::Ok();

  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, config_.topic.c_str(), std::int32_t(partition))->offset = low;
  err = rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return internal::FromRdError(err, "assigning " + where);

  std::uint64_t expected = from_seq;
  Status status;
  bool done = false;
  int idle_ms = 0;
  constexpr int kPollMs = 500;
  while (!done && status.ok()) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, kPollMs);
    if (m == nullptr) {
      idle_ms += kPollMs;
      if (idle_ms >= kScanIdleTimeoutMs) {
        status = Status::Busy(where + ": no record within " + std::to_string(kScanIdleTimeoutMs) + " ms (end offset " +
                              std::to_string(high) + ")");
      }
      continue;
    }
    idle_ms = 0;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (m->offset >= high) done = true;
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = internal::FromRdError(m->err, "reading " + where, rd_kafka_message_errstr(m));
    } else {
      ++records_;
      const std::string at = where + " offset " + std::to_string(m->offset);
      ByteSpan value(static_cast<const std::uint8_t*>(m->payload), m->len);
      auto sealed = codec::DecodeSealedEvent(value);
      if (!sealed.ok()) {
        status = Status::Corruption(at + ": " + sealed.status().message());
      } else if (sealed->header.partition != partition) {
        status = Status::Corruption(at + ": the event is sealed for partition " + std::to_string(sealed->header.partition));
      } else if (std::uint64_t seq = sealed->header.seq; seq < expected) {
        if (seq >= from_seq) ++duplicates_;  // below from_seq: not asked for
        if (duplicate_check_) status = duplicate_check_(partition, seq, value).WithContext(at);
      } else if (seq > expected) {
        status = Status::Corruption(at + ": gap: seq " + std::to_string(seq) + " follows " +
                                    (expected == 0 ? std::string("the start") : "seq " + std::to_string(expected - 1)) +
                                    " (seq " + std::to_string(expected) + " is missing)");
      } else {
        ++expected;
        if (!fn(seq, value)) done = true;
      }
      if (m->offset + 1 >= high) done = true;
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_resp_err_t unassigned = rd_kafka_assign(rk, nullptr);
  if (status.ok() && unassigned != RD_KAFKA_RESP_ERR_NO_ERROR) status = internal::FromRdError(unassigned, "unassigning " + where);
  return status;
}

}  // namespace pl::log
