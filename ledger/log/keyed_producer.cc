#include "ledger/log/keyed_producer.h"

#include "ledger/log/rd_util.h"

namespace pl::log {
namespace {

// Seconds Flush waits beyond message.timeout.ms: every record has a
// delivery report by then (librdkafka fails it at its timeout).
constexpr int kFlushMarginMs = 5000;
constexpr int kMessageTimeoutMsDefault = 30000;

}  // namespace

struct KeyedProducer::Impl {
  internal::RdKafkaPtr rk;
  std::string topic;
  int flush_timeout_ms = 0;
  std::uint64_t delivered = 0;
  Status first_error;

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<Impl*>(opaque);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++self->delivered;
    } else if (self->first_error.ok()) {
      self->first_error = internal::FromRdError(m->err, "publishing to " + self->topic);
    }
  }

  static void Configure(rd_kafka_conf_t* conf, void* arg) {
    rd_kafka_conf_set_dr_msg_cb(conf, &Impl::OnDelivery);
    rd_kafka_conf_set_opaque(conf, arg);
  }
};

Result<std::unique_ptr<KeyedProducer>> KeyedProducer::Open(const KafkaConfig& config, std::uint32_t partitions) {
  if (config.topic.empty()) return Status::InvalidArgument("Kafka topic name is empty");
  KafkaConfig c = config;
  if (c.Get("message.timeout.ms").empty() && c.Get("delivery.timeout.ms").empty()) {
    c.Set("message.timeout.ms", std::to_string(kMessageTimeoutMsDefault));
  }
  std::unique_ptr<KeyedProducer> p(new KeyedProducer());
  p->impl_ = std::make_unique<Impl>();
  p->impl_->topic = c.topic;
  // As for the events topic (DESIGN.md §6): idempotent, acks from all
  // in-sync replicas, Java-compatible partitioner, no auto-creation.
  auto rk = internal::NewClient(RD_KAFKA_PRODUCER, c,
                                {{"enable.idempotence", "true"},
                                 {"acks", "all"},
                                 {"partitioner", "murmur2_random"},
                                 {"allow.auto.create.topics", "false"}},
                                &Impl::Configure, p->impl_.get());
  if (!rk.ok()) return rk.status();
  p->impl_->rk = std::move(*rk);
  std::string timeout = c.Get("message.timeout.ms");
  if (timeout.empty()) timeout = c.Get("delivery.timeout.ms");
  p->impl_->flush_timeout_ms = std::stoi(timeout) + kFlushMarginMs;  // librdkafka accepted it as an int
  // A feed topic keeps whatever partition count it was created with.
  auto existing = internal::TopicPartitions(p->impl_->rk.get(), c.topic);
  if (!existing.ok()) {
    if (!existing.status().IsNotFound()) return existing.status();
    PL_RETURN_IF_ERROR(internal::EnsureTopicWith(p->impl_->rk.get(), c.topic, partitions, internal::kRequestTimeoutMs,
                                                 {{"cleanup.policy", "compact"}}));
  }
  return p;
}

KeyedProducer::~KeyedProducer() {
  if (impl_ && impl_->rk) rd_kafka_flush(impl_->rk.get(), impl_->flush_timeout_ms);
}

Status KeyedProducer::Put(std::string_view key, std::string_view value) {
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  for (;;) {
    err = rd_kafka_producev(impl_->rk.get(), RD_KAFKA_V_TOPIC(impl_->topic.c_str()),
                            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                            RD_KAFKA_V_KEY(const_cast<char*>(key.data()), key.size()),
                            RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) break;
    rd_kafka_poll(impl_->rk.get(), 100);  // room frees as reports arrive
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return internal::FromRdError(err, "queueing a record for " + impl_->topic);
  rd_kafka_poll(impl_->rk.get(), 0);
  return impl_->first_error;
}

Status KeyedProducer::Flush() {
  rd_kafka_resp_err_t flushed = rd_kafka_flush(impl_->rk.get(), impl_->flush_timeout_ms);
  if (!impl_->first_error.ok()) return impl_->first_error;
  if (flushed != RD_KAFKA_RESP_ERR_NO_ERROR) return internal::FromRdError(flushed, "waiting for delivery reports");
  char fatal[512];
  if (rd_kafka_resp_err_t f = rd_kafka_fatal_error(impl_->rk.get(), fatal, sizeof fatal); f != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return Status::Busy(std::string("fatal producer error: ") + rd_kafka_err2name(f) + ": " + fatal);
  }
  return Status::Ok();
}

std::uint64_t KeyedProducer::delivered() const { return impl_->delivered; }

}  // namespace pl::log
