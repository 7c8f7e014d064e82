// The Kafka audit: AuditEvents over the events topic, against the notes on
// the checkpoints topic.
#include <vector>

#include "ledger/log/checkpoint_reader.h"
#include "ledger/log/event_source.h"
#include "ledger/merkle/checkpoint.h"
#include "ledger/node/audit.h"
#include "ledger/node/audit_internal.h"

namespace pl::node {
namespace {

// The topic's events with forks detected: the leaf hash of every event a
// scan delivered is kept (32 bytes per event) to compare with any later
// copy of the same seq.
class ForkCheckedTopic : public EventSource {
 public:
  explicit ForkCheckedTopic(log::KafkaEventSource& topic) : topic_(topic) {
    topic_.set_duplicate_check([this](std::uint32_t, std::uint64_t seq, ByteSpan value) {
      if (seq < leaves_.size() && leaves_[seq] == merkle::LeafHash(value)) return Status::Ok();
      if (!fork_) fork_ = seq;
      return Status::Corruption("seq " + std::to_string(seq) + " appears again with other bytes: a fork");
    });
  }
  std::uint32_t partitions() const override { return topic_.partitions(); }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override {
    leaves_.clear();
    fork_.reset();
    return topic_.Scan(partition, from_seq, [&](std::uint64_t seq, ByteSpan sealed) {
      if (seq == leaves_.size()) leaves_.push_back(merkle::LeafHash(sealed));
      return fn(seq, sealed);
    });
  }
  // The seq of the fork that ended the last scan, if any.
  std::optional<std::uint64_t> fork() const { return fork_; }

 private:
  log::KafkaEventSource& topic_;
  std::vector<Hash256> leaves_;  // from seq 0 of the partition being scanned
  std::optional<std::uint64_t> fork_;
};

// The tree size a note claims, unverified (the audit opens it with the log
// key); 0 when unreadable, which the audit then names.
std::uint64_t ClaimedSize(const std::string& note, std::string* origin) {
  auto end = note.find("\n\n");
  if (end == std::string::npos) return 0;
  auto cp = merkle::ParseCheckpointText(std::string_view(note).substr(0, end + 1));
  if (!cp.ok()) return 0;
  *origin = cp->origin;
  return cp->size;
}

}  // namespace

Result<AuditReport> AuditKafka(const log::KafkaConfig& events, const std::string& checkpoints_topic,
                               const crypto::PublicKey& anchor, const crypto::PublicKey& log_key,
                               const std::string& origin, const std::function<void(std::uint64_t)>& progress) {
  auto topic = log::KafkaEventSource::Open(events);
  if (!topic.ok()) return topic.status().WithContext("events topic " + events.topic);
  ForkCheckedTopic source(**topic);
  auto keys = KeysOfSource(source, anchor);
  if (!keys.ok()) return keys.status();

  AuditSubject subject;
  subject.events = &source;
  subject.keys = &*keys;
  subject.origin = origin;
  subject.log_key = &log_key;
  subject.name = "the topic";
  subject.damage = "topic";
  std::string remark;
  auto records = log::ReadCheckpointRecords(events, checkpoints_topic);
  if (!records.ok() && records.status().IsNotFound()) {
    remark = "no checkpoints topic " + checkpoints_topic + ": events only, no tree root checked";
  } else if (!records.ok()) {
    return records.status().WithContext("checkpoints topic " + checkpoints_topic);
  } else {
    for (auto& r : *records) {
      std::string claimed_origin;
      std::uint64_t size = ClaimedSize(r.note, &claimed_origin);
      // The ledger origin is the note's "<origin>/p<N>" minus the suffix.
      const std::string suffix = "/p" + std::to_string(r.partition);
      if (subject.origin.empty() && claimed_origin.size() > suffix.size() && claimed_origin.ends_with(suffix)) {
        subject.origin = claimed_origin.substr(0, claimed_origin.size() - suffix.size());
      }
      subject.checkpoints.push_back({r.partition, size, std::move(r.note),
                                     checkpoints_topic + " partition " + std::to_string(r.partition) + " offset " +
                                         std::to_string(r.offset)});
    }
    if (subject.checkpoints.empty()) remark = "the checkpoints topic " + checkpoints_topic + " is empty: events only";
  }
  auto report = AuditEvents(subject, progress);
  if (!report.ok()) return report;
  if (auto fork = source.fork(); fork && !report->ok) {
    report->bad_seq = *fork;
    report->problem = "partition " + std::to_string(report->bad_partition) + " seq " + std::to_string(*fork) +
                      ": the topic holds two different events for this seq (a fork)";
  }
  report->duplicates = (*topic)->duplicates();
  report->remark = std::move(remark);
  return report;
}

}  // namespace pl::node
