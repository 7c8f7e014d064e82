// An in-process Kafka cluster (librdkafka's mock cluster) for tests of the
// error paths without a broker: produce errors, brokers down. Speaks the
// Kafka protocol on loopback ports; not for production use. Topics must be
// created with CreateTopic (the mock does not implement the Admin API).
//
// Thread safety: one thread at a time; clients may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ledger/base/status.h"

namespace pl::log {

class MockCluster {
 public:
  static Result<std::unique_ptr<MockCluster>> Create(int brokers);
  ~MockCluster();

  // host:port,... of the mock brokers.
  std::string bootstrap() const;
  Status CreateTopic(const std::string& topic, std::uint32_t partitions, int replication_factor);
  // The next `count` Produce requests are answered with the Kafka error
  // `error_code` (protocol numbering, e.g. 19 NOT_ENOUGH_REPLICAS).
  void FailProduceRequests(int count, int error_code);
  void ClearProduceErrors();
  // Takes broker `id` (1-based) down or brings it back.
  Status SetBrokerDown(int id, bool down);

 private:
  struct Impl;
  explicit MockCluster(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::log
