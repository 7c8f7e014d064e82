#include "ledger/log/topic.h"

#include "ledger/log/rd_util.h"

namespace pl::log {
namespace internal {
namespace {

Status CheckCount(rd_kafka_t* rk, const std::string& topic, std::uint32_t partitions, int timeout_ms) {
  auto count = TopicPartitions(rk, topic, timeout_ms);
  if (!count.ok()) return count.status();
  if (std::uint32_t(*count) != partitions) {
    return Status::FailedPrecondition("topic " + topic + " has " + std::to_string(*count) +
                                      " partitions but the ledger has " + std::to_string(partitions) +
                                      " (ledger partition p must be Kafka partition p)");
  }
  return Status::Ok();
}

}  // namespace

Status EnsureTopicWith(rd_kafka_t* rk, const std::string& topic, std::uint32_t partitions, int timeout_ms,
                       const std::vector<std::pair<std::string, std::string>>& configs) {
  auto existing = TopicPartitions(rk, topic, timeout_ms);
  if (existing.ok()) return CheckCount(rk, topic, partitions, timeout_ms);
  if (!existing.status().IsNotFound()) return existing.status();

  char errstr[512];
  rd_kafka_NewTopic_t* new_topic =
      rd_kafka_NewTopic_new(topic.c_str(), int(partitions), /*replication_factor=*/-1, errstr, sizeof errstr);
  if (new_topic == nullptr) return Status::InvalidArgument("topic " + topic + ": " + errstr);
  for (const auto& [key, value] : configs) {
    if (rd_kafka_resp_err_t err = rd_kafka_NewTopic_set_config(new_topic, key.c_str(), value.c_str());
        err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_NewTopic_destroy(new_topic);
      return FromRdError(err, "topic " + topic + " config " + key);
    }
  }
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_operation_timeout(options, timeout_ms, errstr, sizeof errstr);
  rd_kafka_AdminOptions_set_request_timeout(options, timeout_ms, errstr, sizeof errstr);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  rd_kafka_CreateTopics(rk, &new_topic, 1, options, queue);
  // The result arrives within the request timeout; the margin covers the
  // client's own bookkeeping.
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeout_ms + 5000);
  Status status;
  if (event == nullptr) {
    status = Status::Busy("creating topic " + topic + ": no answer within " + std::to_string(timeout_ms) + " ms");
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status = FromRdError(rd_kafka_event_error(event), "creating topic " + topic, rd_kafka_event_error_string(event));
  } else {
    const rd_kafka_CreateTopics_result_t* result = rd_kafka_event_CreateTopics_result(event);
    std::size_t n = 0;
    const rd_kafka_topic_result_t** topics = rd_kafka_CreateTopics_result_topics(result, &n);
    for (std::size_t i = 0; i < n; ++i) {
      rd_kafka_resp_err_t err = rd_kafka_topic_result_error(topics[i]);
      // Another node may have created it meanwhile: then its count must fit.
      if (err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) status = CheckCount(rk, topic, partitions, timeout_ms);
      else if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        status = FromRdError(err, "creating topic " + topic, rd_kafka_topic_result_error_string(topics[i]));
      }
    }
  }
  if (event != nullptr) rd_kafka_event_destroy(event);
  rd_kafka_queue_destroy(queue);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_NewTopic_destroy(new_topic);
  return status;
}

}  // namespace internal

Status EnsureTopic(const KafkaConfig& config, std::uint32_t partitions) {
  auto rk = internal::NewClient(RD_KAFKA_PRODUCER, config, {{"allow.auto.create.topics", "false"}});
  if (!rk.ok()) return rk.status();
  return internal::EnsureTopicWith(rk->get(), config.topic, partitions);
}

Result<std::uint32_t> TopicPartitionCount(const KafkaConfig& config) {
  auto rk = internal::NewClient(RD_KAFKA_PRODUCER, config, {{"allow.auto.create.topics", "false"}});
  if (!rk.ok()) return rk.status();
  auto n = internal::TopicPartitions(rk->get(), config.topic);
  if (!n.ok()) return n.status();
  return std::uint32_t(*n);
}

}  // namespace pl::log
