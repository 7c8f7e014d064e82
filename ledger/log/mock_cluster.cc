#include "ledger/log/mock_cluster.h"

#include <vector>

#include "ledger/log/rd_util.h"  // rdkafka.h, which rdkafka_mock.h requires first

#include <librdkafka/rdkafka_mock.h>

namespace pl::log {
namespace {
constexpr std::int16_t kApiKeyProduce = 0;  // Kafka protocol ApiKey of Produce
}  // namespace

struct MockCluster::Impl {
  internal::RdKafkaPtr owner;  // the mock cluster lives in this client's threads
  rd_kafka_mock_cluster_t* cluster = nullptr;
  ~Impl() {
    if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
  }
};

MockCluster::MockCluster(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MockCluster::~MockCluster() = default;

Result<std::unique_ptr<MockCluster>> MockCluster::Create(int brokers) {
  char errstr[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return Status::Internal(std::string("mock cluster owner: ") + errstr);
  }
  auto impl = std::make_unique<Impl>();
  impl->owner.reset(rk);
  impl->cluster = rd_kafka_mock_cluster_new(rk, brokers);
  if (impl->cluster == nullptr) return Status::Internal("rd_kafka_mock_cluster_new failed");
  return std::unique_ptr<MockCluster>(new MockCluster(std::move(impl)));
}

std::string MockCluster::bootstrap() const { return rd_kafka_mock_cluster_bootstraps(impl_->cluster); }

Status MockCluster::CreateTopic(const std::string& topic, std::uint32_t partitions, int replication_factor) {
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(impl_->cluster, topic.c_str(), int(partitions), replication_factor);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return internal::FromRdError(err, "mock topic " + topic);
  return Status::Ok();
}

void MockCluster::FailProduceRequests(int count, int error_code) {
  const std::vector<rd_kafka_resp_err_t> errors(std::size_t(count), static_cast<rd_kafka_resp_err_t>(error_code));
  rd_kafka_mock_push_request_errors_array(impl_->cluster, kApiKeyProduce, errors.size(), errors.data());
}

void MockCluster::ClearProduceErrors() { rd_kafka_mock_clear_request_errors(impl_->cluster, kApiKeyProduce); }

Status MockCluster::SetBrokerDown(int id, bool down) {
  rd_kafka_resp_err_t err = down ? rd_kafka_mock_broker_set_down(impl_->cluster, id)
                                 : rd_kafka_mock_broker_set_up(impl_->cluster, id);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return internal::FromRdError(err, "mock broker " + std::to_string(id));
  return Status::Ok();
}

}  // namespace pl::log
