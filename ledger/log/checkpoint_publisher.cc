#include "ledger/log/checkpoint_publisher.h"

#include "ledger/log/rd_util.h"

namespace pl::log {

struct CheckpointPublisher::Impl {
  KafkaConfig config;
  std::uint32_t partitions = 0;
  internal::RdKafkaPtr rk;
  bool topic_checked = false;
  std::uint64_t published = 0, failures = 0;
  std::string last_error;

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<Impl*>(opaque);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++self->published;
      return;
    }
    ++self->failures;
    self->last_error = internal::FromRdError(m->err, "publishing a checkpoint of partition " +
                                                         std::to_string(m->partition))
                           .ToString();
  }
  static void Configure(rd_kafka_conf_t* conf, void* arg) {
    rd_kafka_conf_set_dr_msg_cb(conf, &Impl::OnDelivery);
    rd_kafka_conf_set_opaque(conf, arg);
  }
  Status Fail(Status s) {
    ++failures;
    last_error = s.ToString();
    return s;
  }
};

CheckpointPublisher::CheckpointPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<CheckpointPublisher>> CheckpointPublisher::Open(const KafkaConfig& config,
                                                                       std::uint32_t partitions, std::string topic) {
  if (topic.empty()) return Status::InvalidArgument("Kafka checkpoints topic name is empty");
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  impl->config.topic = std::move(topic);
  impl->partitions = partitions;
  // Delivery is bounded so that a down cluster fails (and counts) a
  // checkpoint rather than holding it forever.
  if (impl->config.Get("message.timeout.ms").empty() && impl->config.Get("delivery.timeout.ms").empty()) {
    impl->config.Set("message.timeout.ms", "15000");
  }
  auto rk = internal::NewClient(RD_KAFKA_PRODUCER, impl->config,
                                {{"enable.idempotence", "true"},
                                 {"acks", "all"},
                                 {"allow.auto.create.topics", "false"}},
                                &Impl::Configure, impl.get());
  if (!rk.ok()) return rk.status();
  impl->rk = std::move(*rk);
  return std::unique_ptr<CheckpointPublisher>(new CheckpointPublisher(std::move(impl)));
}

CheckpointPublisher::~CheckpointPublisher() { Flush(5000); }

Status CheckpointPublisher::Publish(std::uint32_t partition, const std::string& note) {
  Impl& m = *impl_;
  rd_kafka_poll(m.rk.get(), 0);  // earlier delivery reports
  if (partition >= m.partitions) {
    return m.Fail(Status::InvalidArgument("checkpoint of partition " + std::to_string(partition) + " of " +
                                          std::to_string(m.partitions)));
  }
  if (!m.topic_checked) {
    Status topic = internal::EnsureTopicWith(m.rk.get(), m.config.topic, m.partitions, internal::kRequestTimeoutMs);
    if (!topic.ok()) return m.Fail(topic.WithContext("checkpoints topic " + m.config.topic));
    m.topic_checked = true;
  }
  const std::string key = std::to_string(partition);
  rd_kafka_resp_err_t err = rd_kafka_producev(
      m.rk.get(), RD_KAFKA_V_TOPIC(m.config.topic.c_str()), RD_KAFKA_V_PARTITION(std::int32_t(partition)),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key.data(), key.size()),
      RD_KAFKA_V_VALUE(const_cast<char*>(note.data()), note.size()),
      RD_KAFKA_V_HEADER("content-type", "text/plain; charset=utf-8", -1), RD_KAFKA_V_END);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return m.Fail(internal::FromRdError(err, "queueing the checkpoint of partition " + std::to_string(partition)));
  }
  return Status::Ok();
}

void CheckpointPublisher::Flush(int timeout_ms) {
  if (!impl_ || !impl_->rk) return;
  if (rd_kafka_flush(impl_->rk.get(), timeout_ms) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    const int left = rd_kafka_outq_len(impl_->rk.get());
    if (left > 0) {
      impl_->failures += std::uint64_t(left);
      impl_->last_error = std::to_string(left) + " checkpoint record(s) not acked before shutdown";
      rd_kafka_purge(impl_->rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_flush(impl_->rk.get(), 0);
    }
  }
}

std::uint64_t CheckpointPublisher::published() const { return impl_->published; }
std::uint64_t CheckpointPublisher::failures() const { return impl_->failures; }
std::string CheckpointPublisher::last_error() const { return impl_->last_error; }

}  // namespace pl::log
