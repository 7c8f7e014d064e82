// The publisher, the topic source and the node's ack policy against
// librdkafka's in-process mock cluster: the error paths a real broker makes
// hard to reach (failed produce requests, a fatal producer error, brokers
// down) end with every event on the topic, each read once, and no receipt
// "accepted" before Kafka acked it.
#define BOOST_TEST_MODULE log_mock
#include <boost/test/unit_test.hpp>

#include "ledger/log/event_source.h"
#include "ledger/log/mock_cluster.h"
#include "ledger/log/publisher.h"
#include "ledger/sample/generator.h"
#include "tests/node/node_test_util.h"

namespace pl {
namespace {

constexpr std::uint32_t kPartitions = 2;
constexpr int kNotEnoughReplicas = 19;  // Kafka protocol error code

struct Fixture {
  testing::TempDir dir{"log-mock"};
  std::unique_ptr<sample::Generator> gen;
  std::vector<Bytes> envelopes;
  std::unique_ptr<log::MockCluster> cluster;
  log::KafkaConfig config;

  explicit Fixture(bool submit = true) {
    sample::Options o;
    o.submissions = 60;
    auto created = sample::Generator::Create(o);
    if (!created.ok()) throw std::runtime_error(created.status().ToString());
    gen = std::move(created.value());
    sample::Generated g;
    while (gen->Next(&g)) envelopes.push_back(g.envelope);
    testing::CreateLedgerFor(*gen, dir.path(), kPartitions);
    if (submit) {
      auto node = testing::OpenNode(dir.path());
      testing::SubmitAll(*node, envelopes);
    }
    auto c = log::MockCluster::Create(1);
    if (!c.ok()) throw std::runtime_error(c.status().ToString());
    cluster = std::move(c.value());
    config.topic = "mock.events";
    if (!cluster->CreateTopic(config.topic, kPartitions, 1).ok()) throw std::runtime_error("mock topic");
    config.Set("bootstrap.servers", cluster->bootstrap());
    config.Set("message.timeout.ms", "1500");
  }

  // Every event of the store equals what the topic gives, in order, once.
  void ExpectTopicEqualsStore(const store::Store& store, std::uint64_t duplicates_expected) {
    auto source = log::KafkaEventSource::Open(config);
    BOOST_REQUIRE_MESSAGE(source.ok(), source.status().ToString());
    BOOST_TEST((*source)->partitions() == kPartitions);
    for (std::uint32_t p = 0; p < kPartitions; ++p) {
      std::vector<Bytes> stored, read;
      BOOST_REQUIRE(store.ScanEvents(p, 0, [&](std::uint64_t, ByteSpan b) {
        stored.emplace_back(b.begin(), b.end());
        return true;
      }).ok());
      Status s = (*source)->Scan(p, 0, [&](std::uint64_t, ByteSpan b) {
        read.emplace_back(b.begin(), b.end());
        return true;
      });
      BOOST_TEST(s.ok(), s.ToString());
      BOOST_TEST(read.size() == stored.size());
      BOOST_TEST((read == stored));
    }
    BOOST_TEST((*source)->duplicates() == duplicates_expected);
  }
};

std::uint64_t HeadOf(const store::Store& store, std::uint32_t p) { return store.GetHead(p)->next_seq; }

BOOST_AUTO_TEST_CASE(publishes_every_event_and_the_topic_gives_them_back) {
  Fixture f;
  auto store = store::Store::Open(f.dir.path());
  auto publisher = log::Publisher::Open(store->get(), f.config);
  BOOST_REQUIRE(publisher.ok());
  Status s = (*publisher)->PublishPending();
  BOOST_TEST(s.ok(), s.ToString());
  for (std::uint32_t p = 0; p < kPartitions; ++p) {
    BOOST_TEST((*publisher)->cursor(p) == HeadOf(**store, p));
    BOOST_TEST(*(*store)->GetOutboxCursor(p) == HeadOf(**store, p));
  }
  BOOST_TEST(HeadOf(**store, 1) > 0u);
  f.ExpectTopicEqualsStore(**store, 0);
}

BOOST_AUTO_TEST_CASE(failed_produce_requests_keep_the_cursor_and_a_new_producer_resumes) {
  Fixture f;
  auto store = store::Store::Open(f.dir.path());
  auto publisher = log::Publisher::Open(store->get(), f.config);
  f.cluster->FailProduceRequests(100000, kNotEnoughReplicas);
  Status s = (*publisher)->PublishPending();
  BOOST_TEST(s.IsBusy(), s.ToString());
  for (std::uint32_t p = 0; p < kPartitions; ++p) BOOST_TEST((*publisher)->cursor(p) == 0u);
  BOOST_TEST((*publisher)->producer_resets() == 1u);
  f.cluster->ClearProduceErrors();
  s = (*publisher)->PublishPending();
  BOOST_TEST(s.ok(), s.ToString());
  for (std::uint32_t p = 0; p < kPartitions; ++p) BOOST_TEST((*publisher)->cursor(p) == HeadOf(**store, p));
  f.ExpectTopicEqualsStore(**store, 0);
}

BOOST_AUTO_TEST_CASE(fatal_producer_error_recreates_the_producer_and_resumes_from_the_cursor) {
  Fixture f;
  auto store = store::Store::Open(f.dir.path());
  auto publisher = log::Publisher::Open(store->get(), f.config);
  BOOST_REQUIRE((*publisher)->PublishPending().ok());
  // Publish everything again after a fatal error: the new producer starts
  // at the cursor, the topic then holds each event twice.
  std::uint64_t total = 0;
  for (std::uint32_t p = 0; p < kPartitions; ++p) {
    total += HeadOf(**store, p);
    BOOST_REQUIRE((*publisher)->Rewind(p, 0).ok());
  }
  (*publisher)->SimulateFatalError();
  Status s = (*publisher)->PublishPending();
  BOOST_TEST(s.IsBusy(), s.ToString());
  BOOST_TEST(s.message().find("fatal") != std::string::npos, s.message());
  BOOST_TEST((*publisher)->producer_resets() == 1u);
  for (std::uint32_t p = 0; p < kPartitions; ++p) BOOST_TEST((*publisher)->cursor(p) == 0u);
  s = (*publisher)->PublishPending();
  BOOST_TEST(s.ok(), s.ToString());
  for (std::uint32_t p = 0; p < kPartitions; ++p) BOOST_TEST((*publisher)->cursor(p) == HeadOf(**store, p));
  f.ExpectTopicEqualsStore(**store, total);
}

BOOST_AUTO_TEST_CASE(replicated_ack_answers_busy_never_accepted_while_kafka_is_down) {
  Fixture f(/*submit=*/false);
  BOOST_REQUIRE(f.cluster->SetBrokerDown(1, true).ok());
  std::size_t busy = 0;
  {
    node::NodeOptions o;
    o.dir = f.dir.path();
    o.kafka = f.config;
    o.ack = node::AckPolicy::kReplicated;
    auto n = node::Node::Open(o);
    BOOST_REQUIRE(n.ok());
    for (const auto& r : testing::SubmitAll(**n, f.envelopes)) {
      BOOST_TEST(!r.accepted());
      if (r.status == node::Receipt::Status::kBusy) ++busy;
    }
    BOOST_TEST((*n)->counters().publish_failures > 0u);
  }
  BOOST_TEST(busy > 0u);
  BOOST_REQUIRE(f.cluster->SetBrokerDown(1, false).ok());
  std::size_t replayed = 0;
  {
    node::NodeOptions o;
    o.dir = f.dir.path();
    o.kafka = f.config;
    auto n = node::Node::Open(o);
    BOOST_REQUIRE(n.ok());
    for (const auto& r : testing::SubmitAll(**n, f.envelopes)) {
      BOOST_TEST((r.status != node::Receipt::Status::kBusy), r.message);
      if (r.accepted() && r.replayed) ++replayed;
    }
  }
  // The ones answered busy were recorded: now they get their receipts.
  BOOST_TEST(replayed == busy);
  auto store = store::Store::Open(f.dir.path());
  f.ExpectTopicEqualsStore(**store, 0);
}

}  // namespace
}  // namespace pl
