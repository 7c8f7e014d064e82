#include "ledger/log/rd_util.h"

namespace pl::log::internal {

Status FromRdError(rd_kafka_resp_err_t err, std::string_view what, std::string_view detail) {
  std::string msg = std::string(what) + ": " + rd_kafka_err2str(err);
  if (!detail.empty() && detail != rd_kafka_err2str(err)) msg += " (" + std::string(detail) + ")";
  switch (err) {
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
    case RD_KAFKA_RESP_ERR__QUEUE_FULL:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
    case RD_KAFKA_RESP_ERR_NOT_CONTROLLER:
    case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
    case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
      return Status::Busy(msg);
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return Status::InvalidArgument(msg);
    default:
      return Status::IoError(msg);
  }
}

Result<RdKafkaPtr> NewClient(rd_kafka_type_t type, const KafkaConfig& config,
                             const std::vector<std::pair<std::string, std::string>>& forced,
                             void (*configure)(rd_kafka_conf_t*, void*), void* configure_arg) {
  if (!config.configured()) return Status::InvalidArgument("Kafka: bootstrap.servers is not set");
  for (const auto& [key, value] : forced) {
    std::string user = config.Get(key);
    if (!user.empty() && user != value) {
      return Status::InvalidArgument("Kafka property " + key + "=" + user + " is not allowed: the ledger requires " +
                                     key + "=" + value);
    }
  }
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char errstr[512];
  auto set = [&](const std::string& key, const std::string& value) -> Status {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
      return Status::InvalidArgument("Kafka property " + key + ": " + errstr);
    }
    return Status::Ok();
  };
  for (const auto& [key, value] : config.properties) {
    if (Status s = set(key, value); !s.ok()) {
      rd_kafka_conf_destroy(conf);
      return s;
    }
  }
  for (const auto& [key, value] : forced) {
    if (Status s = set(key, value); !s.ok()) {
      rd_kafka_conf_destroy(conf);
      return s;
    }
  }
  if (configure) configure(conf, configure_arg);
  // On success rd_kafka_new owns conf; on failure it is still ours.
  rd_kafka_t* rk = rd_kafka_new(type, conf, errstr, sizeof errstr);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::InvalidArgument(std::string("Kafka client: ") + errstr);
  }
  return RdKafkaPtr(rk);
}

Result<RdKafkaPtr> NewReader(const KafkaConfig& config) {
  KafkaConfig c = config;
  if (c.Get("group.id").empty()) c.Set("group.id", "patentledger-reader");
  auto rk = NewClient(RD_KAFKA_CONSUMER, c,
                      {{"enable.auto.commit", "false"},
                       {"enable.auto.offset.store", "false"},
                       {"enable.partition.eof", "true"},
                       {"isolation.level", "read_uncommitted"}});
  if (!rk.ok()) return rk.status();
  rd_kafka_poll_set_consumer(rk->get());
  return rk;
}

Result<int> TopicPartitions(rd_kafka_t* rk, const std::string& topic, int timeout_ms) {
  rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  if (rkt == nullptr) return FromRdError(rd_kafka_last_error(), "topic handle " + topic);
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, timeout_ms);
  rd_kafka_topic_destroy(rkt);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return FromRdError(err, "metadata of topic " + topic);
  Result<int> out = Status::Internal("metadata without the topic " + topic);
  if (md->topic_cnt == 1) {
    const rd_kafka_metadata_topic_t& t = md->topics[0];
    if (t.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) out = Status::NotFound("topic " + topic + " does not exist");
    else if (t.err != RD_KAFKA_RESP_ERR_NO_ERROR) out = FromRdError(t.err, "metadata of topic " + topic);
    else out = t.partition_cnt;
  }
  rd_kafka_metadata_destroy(md);
  return out;
}

Status ReadToEnd(rd_kafka_t* rk, const std::string& topic, std::uint32_t partition,
                 const std::function<Status(const rd_kafka_message_t&, bool* more)>& fn) {
  const std::string where = "topic " + topic + " partition " + std::to_string(partition);
  std::int64_t low = 0, high = 0;
  rd_kafka_resp_err_t err =
      rd_kafka_query_watermark_offsets(rk, topic.c_str(), std::int32_t(partition), &low, &high, kRequestTimeoutMs);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return FromRdError(err, "end offsets of " + where);
  if (high <= low) return Status::Ok();

  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(list, topic.c_str(), std::int32_t(partition))->offset = low;
  err = rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return FromRdError(err, "assigning " + where);

  Status status;
  bool more = true;
  int idle_ms = 0;
  constexpr int kPollMs = 500;
  while (more && status.ok()) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, kPollMs);
    if (m == nullptr) {
      idle_ms += kPollMs;
      if (idle_ms >= kReadIdleTimeoutMs) {
        status = Status::Busy(where + ": no record within " + std::to_string(kReadIdleTimeoutMs) + " ms (end offset " +
                              std::to_string(high) + ")");
      }
      continue;
    }
    idle_ms = 0;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (m->offset >= high) more = false;
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = FromRdError(m->err, "reading " + where, rd_kafka_message_errstr(m));
    } else {
      status = fn(*m, &more);
      if (m->offset + 1 >= high) more = false;
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_resp_err_t unassigned = rd_kafka_assign(rk, nullptr);
  if (status.ok() && unassigned != RD_KAFKA_RESP_ERR_NO_ERROR) status = FromRdError(unassigned, "unassigning " + where);
  return status;
}

}  // namespace pl::log::internal
