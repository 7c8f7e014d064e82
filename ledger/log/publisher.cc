#include "ledger/log/publisher.h"

#include <algorithm>
#include <ctime>

#include "ledger/base/assert.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/identifiers.h"
#include "ledger/log/rd_util.h"

namespace pl::log {
namespace {

// Seconds flush may take beyond message.timeout.ms: every record has a
// delivery report by then (librdkafka fails it at its timeout).
constexpr int kFlushMarginMs = 5000;

std::string Rfc3339Us(std::int64_t us) {
  std::time_t seconds = std::time_t(us / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[96];  // room for any int the compiler can prove
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long long)(us % 1000000));
  return buf;
}

// What the record needs besides the value: key and headers.
struct RecordMeta {
  std::string key, id, type, time;
};

Result<RecordMeta> Describe(ByteSpan sealed) {
  auto view = codec::DecodeSealedEvent(sealed);
  if (!view.ok()) return view.status();
  auto envelope = codec::VerifyEnvelope(view->envelope);
  if (!envelope.ok()) return envelope.status();
  auto submission = codec::DecodeSubmission(envelope->submission_bytes);
  if (!submission.ok()) return submission.status();
  RecordMeta m;
  if (!domain::IsKeyEvent(submission->body)) {
    auto canonical = domain::CanonicalPatentNumber(submission->patent);
    if (!canonical) return Status::Corruption("sealed event with invalid patent number " + submission->patent);
    m.key = *canonical;
  }
  m.id = submission->submission_id;
  m.type = domain::KindName(submission->body);
  m.time = Rfc3339Us(view->header.recorded_at_us);
  return m;
}

}  // namespace

struct Publisher::Producer {
  internal::RdKafkaPtr rk;
  int flush_timeout_ms = 0;
  // Delivery bookkeeping of the current round, per partition.
  std::vector<std::uint64_t> delivered_next;
  std::vector<bool> failed;
  Status first_error;

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    const std::uint64_t seq = std::uint64_t(reinterpret_cast<std::uintptr_t>(m->_private));
    if (m->partition < 0 || std::size_t(m->partition) >= self->delivered_next.size()) {
      if (self->first_error.ok()) self->first_error = Status::Internal("delivery report for an unknown partition");
      return;
    }
    const std::size_t p = std::size_t(m->partition);
    const std::string where = "publishing partition " + std::to_string(p) + " seq " + std::to_string(seq);
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      self->failed[p] = true;
      if (self->first_error.ok()) self->first_error = internal::FromRdError(m->err, where);
      return;
    }
    // After a failure nothing later of the partition counts: the cursor
    // only moves over a delivered prefix.
    if (self->failed[p]) return;
    if (seq != self->delivered_next[p]) {
      self->failed[p] = true;
      if (self->first_error.ok()) {
        self->first_error = Status::Internal(where + ": acked out of order (expected seq " +
                                             std::to_string(self->delivered_next[p]) + ")");
      }
      return;
    }
    ++self->delivered_next[p];
  }

  static void Configure(rd_kafka_conf_t* conf, void* arg) {
    rd_kafka_conf_set_dr_msg_cb(conf, &Producer::OnDelivery);
    rd_kafka_conf_set_opaque(conf, arg);
  }
};

Publisher::Publisher(store::Store* store, KafkaConfig config) : store_(store), config_(std::move(config)) {}

Result<std::unique_ptr<Publisher>> Publisher::Open(store::Store* store, KafkaConfig config) {
  if (config.topic.empty()) return Status::InvalidArgument("Kafka topic name is empty");
  if (config.Get("message.timeout.ms").empty() && config.Get("delivery.timeout.ms").empty()) {
    config.Set("message.timeout.ms", std::to_string(kMessageTimeoutMsDefault));
  }
  std::unique_ptr<Publisher> p(new Publisher(store, std::move(config)));
  for (std::uint32_t i = 0; i < store->partitions(); ++i) {
    auto c = store->GetOutboxCursor(i);
    if (!c.ok()) return c.status();
    p->cursors_.push_back(*c);
  }
  // Creating the client checks every property without contacting a broker.
  PL_RETURN_IF_ERROR(p->ResetProducer());
  p->producer_resets_ = 0;
  return p;
}

Publisher::~Publisher() {
  if (producer_) {
    // Whatever is still queued was not counted; the cursor says so.
    rd_kafka_purge(producer_->rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(producer_->rk.get(), 0);
  }
}

Status Publisher::ResetProducer() {
  if (producer_) {
    rd_kafka_purge(producer_->rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_flush(producer_->rk.get(), 0);
    producer_.reset();
    ++producer_resets_;
  }
  auto producer = std::make_unique<Producer>();
  // MUST (DESIGN.md §6): idempotent producer, acks from all in-sync
  // replicas, Java-compatible partitioner. Written here although
  // enable.idempotence implies acks=all, so nobody has to know that.
  auto rk = internal::NewClient(RD_KAFKA_PRODUCER, config_,
                                {{"enable.idempotence", "true"},
                                 {"acks", "all"},
                                 {"partitioner", "murmur2_random"},
                                 // A metadata probe must never create the topic with the
                                 // broker's default partition count.
                                 {"allow.auto.create.topics", "false"}},
                                &Producer::Configure, producer.get());
  if (!rk.ok()) return rk.status();
  producer->rk = std::move(*rk);
  std::string timeout = config_.Get("message.timeout.ms");
  if (timeout.empty()) timeout = config_.Get("delivery.timeout.ms");
  producer->flush_timeout_ms = std::stoi(timeout) + kFlushMarginMs;  // librdkafka accepted it as an int
  producer_ = std::move(producer);
  return Status::Ok();
}

void Publisher::SimulateFatalError() {
  if (!producer_) return;
  rd_kafka_test_fatal_error(producer_->rk.get(), RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER, "simulated by a fault test");
}

Status Publisher::Rewind(std::uint32_t partition, std::uint64_t next_seq) {
  if (partition >= cursors_.size()) return Status::InvalidArgument("partition " + std::to_string(partition) + " does not exist");
  PL_RETURN_IF_ERROR(store_->SetOutboxCursor(partition, next_seq));
  cursors_[partition] = next_seq;
  return Status::Ok();
}

Status Publisher::PublishPending() {
  bool more = true;
  while (more) {
    more = false;
    PL_RETURN_IF_ERROR(PublishRound(&more));
  }
  return Status::Ok();
}

Status Publisher::PublishRound(bool* more) {
  if (!producer_) PL_RETURN_IF_ERROR(ResetProducer());
  rd_kafka_t* rk = producer_->rk.get();
  if (!topic_checked_) {
    // Bounded like a delivery: a `replicated` receipt waits no longer.
    Status topic = internal::EnsureTopicWith(rk, config_.topic, std::uint32_t(cursors_.size()),
                                             std::min(internal::kRequestTimeoutMs, producer_->flush_timeout_ms - kFlushMarginMs));
    if (!topic.ok()) return topic.IsBusy() || topic.code() == Status::Code::kIoError ? Status::Busy("Kafka: " + topic.ToString()) : topic;
    topic_checked_ = true;
  }
  Producer& pr = *producer_;
  pr.delivered_next = cursors_;
  pr.failed.assign(cursors_.size(), false);
  pr.first_error = Status::Ok();

  Status error;
  std::size_t queued = 0;
  for (std::uint32_t p = 0; p < cursors_.size() && error.ok(); ++p) {
    auto head = store_->GetHead(p);
    if (!head.ok()) return head.status();
    PL_ASSERT(cursors_[p] <= head->next_seq);  // SetOutboxCursor refuses more
    if (cursors_[p] == head->next_seq) continue;
    std::uint64_t expected = cursors_[p];
    Status scan = store_->ScanEvents(p, cursors_[p], [&](std::uint64_t seq, ByteSpan sealed) {
      if (seq >= head->next_seq) return false;  // only committed events
      if (seq != expected) {
        error = Status::Corruption("store: partition " + std::to_string(p) + " has no event at seq " + std::to_string(expected));
        return false;
      }
      if (queued >= kPublishBatchEventsMax) {
        *more = true;
        return false;
      }
      auto meta = Describe(sealed);
      if (!meta.ok()) {
        error = meta.status().WithContext("partition " + std::to_string(p) + " seq " + std::to_string(seq));
        return false;
      }
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk, RD_KAFKA_V_TOPIC(config_.topic.c_str()), RD_KAFKA_V_PARTITION(std::int32_t(p)),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(meta->key.data(), meta->key.size()),
          RD_KAFKA_V_VALUE(const_cast<std::uint8_t*>(sealed.data()), sealed.size()),
          RD_KAFKA_V_HEADER("ce_id", meta->id.data(), ssize_t(meta->id.size())),
          RD_KAFKA_V_HEADER("ce_type", meta->type.data(), ssize_t(meta->type.size())),
          RD_KAFKA_V_HEADER("ce_time", meta->time.data(), ssize_t(meta->time.size())),
          RD_KAFKA_V_HEADER("content-type", kContentType, ssize_t(sizeof kContentType - 1)),
          RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(std::uintptr_t(seq))), RD_KAFKA_V_END);
      if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        error = internal::FromRdError(err, "queueing partition " + std::to_string(p) + " seq " + std::to_string(seq));
        return false;
      }
      ++expected;
      ++queued;
      return true;
    });
    if (!scan.ok() && error.ok()) error = scan;
  }
  // Every queued record gets its delivery report within message.timeout.ms.
  rd_kafka_resp_err_t flushed = rd_kafka_flush(rk, pr.flush_timeout_ms);
  if (flushed != RD_KAFKA_RESP_ERR_NO_ERROR && error.ok()) error = internal::FromRdError(flushed, "waiting for delivery reports");
  if (error.ok() && !pr.first_error.ok()) error = pr.first_error;
  char fatal[512];
  if (rd_kafka_resp_err_t f = rd_kafka_fatal_error(rk, fatal, sizeof fatal); f != RD_KAFKA_RESP_ERR_NO_ERROR) {
    // librdkafka 2.0.2 has known fatal idempotence errors: the producer is
    // unusable; a new one resumes from the cursor (DESIGN.md §6).
    // It explains whatever else failed in this round, so it is reported.
    error = Status::Busy(std::string("fatal producer error: ") + rd_kafka_err2name(f) + ": " + fatal);
  }
  // Advance over what was acked, even when something later failed.
  for (std::uint32_t p = 0; p < cursors_.size(); ++p) {
    if (pr.delivered_next[p] == cursors_[p]) continue;
    PL_ASSERT(pr.delivered_next[p] > cursors_[p]);
    PL_RETURN_IF_ERROR(store_->SetOutboxCursor(p, pr.delivered_next[p]));
    cursors_[p] = pr.delivered_next[p];
  }
  if (!error.ok()) {
    *more = false;
    if (error.code() == Status::Code::kCorruption || error.code() == Status::Code::kFailedPrecondition) return error;
    // Start over from the cursor with a fresh producer: no record after a
    // failed one may be counted, and the failed one must be sent again.
    Status reset = ResetProducer();
    if (!reset.ok()) return reset;
    if (error.code() != Status::Code::kBusy) return Status::Busy("Kafka: " + error.ToString());
    return error;
  }
  return Status::Ok();
}

}  // namespace pl::log
