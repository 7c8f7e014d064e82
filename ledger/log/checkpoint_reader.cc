#include "ledger/log/checkpoint_reader.h"

#include "ledger/log/rd_util.h"

namespace pl::log {
namespace {

// Appends the records of one partition.
Status ReadPartition(rd_kafka_t* rk, const std::string& topic, std::uint32_t partition,
                     std::vector<CheckpointRecord>* out) {
  return internal::ReadToEnd(rk, topic, partition, [&](const rd_kafka_message_t& m, bool*) {
    if (out->size() >= kCheckpointRecordsMax) {
      return Status::InvalidArgument("topic " + topic + ": more than " + std::to_string(kCheckpointRecordsMax) +
                                     " checkpoint records");
    }
    CheckpointRecord r;
    r.partition = partition;
    r.offset = m.offset;
    if (m.key) r.key.assign(static_cast<const char*>(m.key), m.key_len);
    if (m.payload) r.note.assign(static_cast<const char*>(m.payload), m.len);
    out->push_back(std::move(r));
    return Status::Ok();
  });
}

}  // namespace

Result<std::vector<CheckpointRecord>> ReadCheckpointRecords(const KafkaConfig& config, const std::string& topic) {
  KafkaConfig c = config;
  c.topic = topic;
  auto rk = internal::NewReader(c);
  if (!rk.ok()) return rk.status();
  auto partitions = internal::TopicPartitions(rk->get(), topic);
  std::vector<CheckpointRecord> records;
  Status status = partitions.status();
  for (int p = 0; status.ok() && p < *partitions; ++p) status = ReadPartition(rk->get(), topic, std::uint32_t(p), &records);
  rd_kafka_consumer_close(rk->get());
  if (!status.ok()) return status;
  return records;
}

}  // namespace pl::log
