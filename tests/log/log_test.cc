// ledger/log without a broker: property parsing, the store's outbox cursor,
// and the producer's safety settings (refused before any connection).
#define BOOST_TEST_MODULE log
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>

#include "ledger/codec/codec.h"
#include "ledger/log/kafka_config.h"
#include "ledger/log/publisher.h"
#include "ledger/sample/generator.h"
#include "tests/node/node_test_util.h"

namespace pl {
namespace {

BOOST_AUTO_TEST_CASE(parses_properties_and_later_values_win) {
  log::KafkaConfig c;
  BOOST_TEST(log::ParseProperty("bootstrap.servers=127.0.0.1:9092", &c).ok());
  BOOST_TEST(log::ParseProperty(" sasl.password = a=b ", &c).ok());
  BOOST_TEST(c.Get("sasl.password") == "a=b");
  BOOST_TEST(c.configured());
  BOOST_TEST(log::ParseProperty("bootstrap.servers=h:1", &c).ok());
  BOOST_TEST(c.Get("bootstrap.servers") == "h:1");
  BOOST_TEST(c.topic == "patent.ledger.events.v1");
}

BOOST_AUTO_TEST_CASE(rejects_property_without_equals_or_key) {
  log::KafkaConfig c;
  Status s = log::ParseProperty("acks", &c);
  BOOST_TEST((s.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(s.message().find("'acks'") != std::string::npos);
  BOOST_TEST((log::ParseProperty("=x", &c).code() == Status::Code::kInvalidArgument));
  BOOST_TEST(!c.configured());
}

BOOST_AUTO_TEST_CASE(properties_file_names_the_bad_line) {
  testing::TempDir dir("log-props");
  const std::string path = dir.path() + "/kafka.properties";
  std::ofstream(path) << "# comment\n\nbootstrap.servers=127.0.0.1:1\nbroken line\n";
  log::KafkaConfig c;
  Status s = log::LoadPropertiesFile(path, &c);
  BOOST_TEST((s.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(s.message().find("kafka.properties:4") != std::string::npos, s.message());
  BOOST_TEST((log::LoadPropertiesFile(dir.path() + "/none", &c).code() == Status::Code::kInvalidArgument));
}

struct Ledger {
  testing::TempDir dir{"log-ledger"};
  std::unique_ptr<sample::Generator> gen;
  Ledger() {
    sample::Options o;
    o.submissions = 40;
    auto created = sample::Generator::Create(o);
    if (!created.ok()) throw std::runtime_error(created.status().ToString());
    gen = std::move(created.value());
    testing::CreateLedgerFor(*gen, dir.path(), 2);
    auto node = testing::OpenNode(dir.path());
    std::vector<Bytes> envelopes;
    sample::Generated g;
    while (gen->Next(&g)) envelopes.push_back(g.envelope);
    testing::SubmitAll(*node, envelopes);
  }
};

BOOST_AUTO_TEST_CASE(outbox_cursor_starts_at_zero_moves_and_never_passes_the_head) {
  Ledger l;
  auto store = store::Store::Open(l.dir.path());
  BOOST_REQUIRE(store.ok());
  auto head = (*store)->GetHead(0);
  BOOST_REQUIRE(head.ok());
  BOOST_REQUIRE(head->next_seq > 0);
  BOOST_TEST(*(*store)->GetOutboxCursor(0) == 0u);
  BOOST_TEST((*store)->SetOutboxCursor(0, head->next_seq).ok());
  BOOST_TEST(*(*store)->GetOutboxCursor(0) == head->next_seq);
  Status beyond = (*store)->SetOutboxCursor(0, head->next_seq + 1);
  BOOST_TEST((beyond.code() == Status::Code::kInvalidArgument));
  BOOST_TEST(beyond.message().find("beyond the head of partition 0") != std::string::npos);
  BOOST_TEST(*(*store)->GetOutboxCursor(0) == head->next_seq);
  BOOST_TEST(((*store)->GetOutboxCursor(7).status().code() == Status::Code::kInvalidArgument));
  store->reset();
  // Survives reopening.
  auto again = store::Store::Open(l.dir.path());
  BOOST_TEST(*(*again)->GetOutboxCursor(0) == head->next_seq);
}

BOOST_AUTO_TEST_CASE(recorded_at_is_strictly_increasing_across_partitions) {
  Ledger l;
  auto store = store::Store::Open(l.dir.path());
  std::vector<std::int64_t> times;
  for (std::uint32_t p = 0; p < 2; ++p) {
    BOOST_REQUIRE((*store)->ScanEvents(p, 0, [&](std::uint64_t, ByteSpan sealed) {
      times.push_back(codec::DecodeSealedEvent(sealed)->header.recorded_at_us);
      return true;
    }).ok());
  }
  std::sort(times.begin(), times.end());
  BOOST_TEST(times.size() > 2u);
  BOOST_TEST((std::adjacent_find(times.begin(), times.end()) == times.end()));  // no two equal
}

BOOST_AUTO_TEST_CASE(producer_refuses_settings_that_weaken_delivery) {
  Ledger l;
  auto store = store::Store::Open(l.dir.path());
  for (const char* bad : {"acks=1", "enable.idempotence=false"}) {
    log::KafkaConfig c;
    c.Set("bootstrap.servers", "127.0.0.1:1");
    BOOST_REQUIRE(log::ParseProperty(bad, &c).ok());
    auto p = log::Publisher::Open(store->get(), c);
    BOOST_TEST(!p.ok());
    BOOST_TEST((p.status().code() == Status::Code::kInvalidArgument));
    BOOST_TEST(p.status().message().find(bad) != std::string::npos, p.status().message());
  }
  log::KafkaConfig unknown;
  unknown.Set("bootstrap.servers", "127.0.0.1:1");
  unknown.Set("no.such.property", "1");
  auto p = log::Publisher::Open(store->get(), unknown);
  BOOST_TEST(p.status().message().find("no.such.property") != std::string::npos, p.status().message());
  log::KafkaConfig empty;
  BOOST_TEST(log::Publisher::Open(store->get(), empty).status().message().find("bootstrap.servers") != std::string::npos);
}

}  // namespace
}  // namespace pl
