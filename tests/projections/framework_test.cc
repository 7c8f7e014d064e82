// The projection framework: the store adapter, pending writes over
// committed ones, positions committed with the tables, resume, rebuild, the
// chain check and the recorded-time stop.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "ledger/codec/codec.h"
#include "projections/framework/kv_store.h"
#include "projections/framework/tables.h"
#include "projections/framework/vocabulary.h"
#include "projections/ownership/ownership.h"
#include "projections/statistics/statistics.h"
#include "tests/projections/scenario.h"

namespace pl::projections::testing {
namespace {

// A small ledger with every kind of act on two patents in two partitions.
ScenarioLedger Busy() {
  ScenarioLedger ledger(2);
  for (int serial : {1, 2, 3}) {
    const std::string patent = PatentNo(serial);
    ledger.Accept(On(patent, Record()));
    ledger.Accept(On(patent, Pledge()));
    ledger.Accept(On(patent, At(20240401, Release())), {kBankKey});
    ledger.Accept(On(patent, Licence(kLicenceId, domain::LicenceKind::kOrdinary)));
    ledger.Accept(On(patent, At(20240501, Transfer({OwnerA()}, {OwnerB()}))));
  }
  return ledger;
}

std::vector<std::string> Digests(Projected& p) {
  return {p.Digest(*p.ownership), p.Digest(*p.techcontract), p.Digest(*p.statistics)};
}

// Delivers every event twice (as a Kafka redelivery would), or skips one.
class UnreliableSource : public EventSource {
 public:
  UnreliableSource(EventSource& inner, bool skip_seq_one) : inner_(inner), skip_(skip_seq_one) {}
  std::uint32_t partitions() const override { return inner_.partitions(); }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override {
    return inner_.Scan(partition, from_seq, [&](std::uint64_t seq, ByteSpan sealed) {
      if (skip_) return seq == 1 ? true : fn(seq, sealed);
      return fn(seq, sealed) && fn(seq, sealed);
    });
  }

 private:
  EventSource& inner_;
  bool skip_;
};

BOOST_AUTO_TEST_SUITE(framework)

BOOST_AUTO_TEST_CASE(party_identities_compare_as_their_strings_do) {
  std::vector<domain::Party> parties;
  for (int kind : {0, 1, 2, 10}) {
    for (const char* country : {"", "U", "US", "USA"}) {
      for (const char* id : {"", "1", "10", "1|", "9111", "91110000"}) {
        domain::Party p;
        p.kind = domain::PartyKind(kind);
        p.country = country;
        p.id = id;
        parties.push_back(p);
      }
    }
  }
  auto sign = [](int c) { return (c > 0) - (c < 0); };
  for (const auto& a : parties) {
    for (const auto& b : parties) {
      BOOST_TEST_CONTEXT(PartyIdentity(a) << " vs " << PartyIdentity(b)) {
        BOOST_TEST(ComparePartyIdentity(a, b) == sign(PartyIdentity(a).compare(PartyIdentity(b))));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(redelivered_events_are_dropped_and_a_gap_is_corruption) {
  ScenarioLedger ledger = Busy();
  Projected straight("straight");
  straight.Run(ledger);
  UnreliableSource twice(ledger, false);
  Projected p("twice");
  p.Run(twice, 4);
  BOOST_TEST(Digests(p) == Digests(straight));
  UnreliableSource gap(ledger, true);
  Projected q("gap");
  auto r = CatchUp(gap, q.hosts(), RunOptions{});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().IsCorruption());
  BOOST_TEST(r.status().message().find("seq 1") != std::string::npos, r.status().message());
}

BOOST_AUTO_TEST_CASE(scan_merges_pending_writes_over_committed_ones) {
  // Table 0 is plain, table 1 indexes its pending keys by group (the prefix
  // up to the first NUL, KeepGrouped): both scan the same, in key order,
  // pending over committed, by a whole group or by any other prefix.
  using namespace std::string_literals;
  TempDir dir("kv");
  auto store = KvStore::Open(dir.path() + "/db", {"plain", "grouped"});
  BOOST_REQUIRE(store.ok());
  Tables tables(store->get());
  tables.KeepGrouped(1, 1);
  const std::string a = "a\0"s;
  for (std::uint32_t t : {0u, 1u}) {
    tables.Put(t, a + "1", "old");
    tables.Put(t, a + "3", "old");
    tables.Put(t, a + "5", "old");
    tables.Put(t, "ab\0"s + "1", "other group");
    tables.Put(t, "b\0"s + "1", "other prefix");
  }
  BOOST_REQUIRE(tables.Commit({}).ok());
  for (std::uint32_t t : {0u, 1u}) {
    tables.Put(t, a + "4", "new");
    tables.Put(t, a + "2", "new");
    tables.Put(t, a + "0", "new");
    tables.Put(t, a + "3", "replaced");
    tables.Put(t, a + "6", "new");
    tables.Delete(t, a + "1");
    tables.Put(t, "ab\0"s + "0", "other group");
    tables.Put(t, "b\0"s + "0", "other prefix");
    tables.Put(t, "a", "no group");
  }
  auto scan = [&](std::uint32_t t, std::string_view prefix) {
    std::vector<std::string> seen;
    BOOST_REQUIRE(tables.Scan(t, prefix, [&](std::string_view k, std::string_view v) {
      seen.push_back(std::string(k.substr(k.find('\0') + 1)) + "=" + std::string(v));
      return true;
    }).ok());
    return seen;
  };
  for (std::uint32_t t : {0u, 1u}) {
    BOOST_TEST(scan(t, a) == (std::vector<std::string>{"0=new", "2=new", "3=replaced", "4=new", "5=old", "6=new"}),
               "table " << t);
    BOOST_TEST(scan(t, "a") == (std::vector<std::string>{"a=no group", "0=new", "2=new", "3=replaced", "4=new",
                                                         "5=old", "6=new", "0=other group", "1=other group"}),
               "table " << t);
    std::vector<std::string> seen;
    tables.ScanPending(t, a, [&](std::string_view k, std::string_view) {
      seen.push_back(std::string(k.substr(2)));
      return seen.size() < 3;  // stops when asked
    });
    BOOST_TEST(seen == (std::vector<std::string>{"0", "2", "3"}), "table " << t);
    auto got = tables.Get(t, a + "1");
    BOOST_REQUIRE(got.ok());
    BOOST_TEST(!got->has_value());
  }
}

BOOST_AUTO_TEST_CASE(in_memory_bulk_loads_overwrite_and_delete_what_earlier_loads_wrote) {
  // Each bulk load is written on its own thread while the next one fills;
  // reads see pending writes, then the load in flight, then the store.
  TempDir dir("kv-bulk");
  auto value_of = [](const Tables& t, std::string_view key) {
    auto got = t.Get(0, key);
    BOOST_REQUIRE(got.ok());
    return got->value_or("(absent)");
  };
  {
    auto store = KvStore::Open(dir.path() + "/db", {"t"});
    BOOST_REQUIRE(store.ok());
    Tables tables(store->get());
    auto scan = [](const Tables& t) {
      std::string out;
      BOOST_REQUIRE(t.Scan(0, "", [&](std::string_view k, std::string_view v) {
        out += std::string(k) + "=" + std::string(v) + " ";
        return true;
      }).ok());
      return out;
    };
    tables.BeginInMemory(1);  // every commit passes the budget: one bulk load each
    tables.Put(0, "a", "1");
    tables.Put(0, "b", "1");
    BOOST_REQUIRE(tables.Commit({{"pos/x", "1"}}).ok());
    BOOST_TEST(tables.holds_unwritten());  // being written on its own thread
    BOOST_TEST(value_of(tables, "a") == "1");
    tables.Put(0, "c", "1");
    tables.Put(0, "a", "2");
    BOOST_TEST(scan(tables) == "a=2 b=1 c=1 ");  // pending over the bulk load in flight
    tables.Delete(0, "b");
    BOOST_REQUIRE(tables.Commit({{"pos/x", "2"}}).ok());  // waits for the first
    BOOST_TEST(tables.bulk_writes() == 1u);
    BOOST_TEST(value_of(tables, "b") == "(absent)");  // deleted in flight, stored by the first
    BOOST_TEST(scan(tables) == "a=2 c=1 ");
    BOOST_REQUIRE(tables.EndInMemory().ok());
    BOOST_TEST(tables.bulk_writes() == 2u);
    BOOST_TEST(!tables.holds_unwritten());
    BOOST_TEST(value_of(tables, "a") == "2");
    BOOST_TEST(value_of(tables, "b") == "(absent)");
    BOOST_TEST(scan(tables) == "a=2 c=1 ");
  }
  // The files of a bulk load interrupted by a crash are removed at the next
  // open; what was loaded before stays.
  const std::filesystem::path leftover = std::filesystem::path(dir.path()) / "db" / "ingest.tmp";
  std::filesystem::create_directories(leftover);
  std::ofstream(leftover / "0.sst") << "half-written";
  auto store = KvStore::Open(dir.path() + "/db", {"t"});
  BOOST_REQUIRE(store.ok());
  BOOST_TEST(!std::filesystem::exists(leftover));
  Tables tables(store->get());
  BOOST_TEST(value_of(tables, "a") == "2");
  std::string position;
  BOOST_REQUIRE(tables.ScanMeta("pos/", [&](std::string_view, std::string_view v) {
    position = std::string(v);
    return true;
  }).ok());
  BOOST_TEST(position == "2");
}

BOOST_AUTO_TEST_CASE(digest_covers_tables_and_not_positions) {
  TempDir dir("digest");
  auto store = KvStore::Open(dir.path() + "/db", {"t"});
  BOOST_REQUIRE(store.ok());
  Tables tables(store->get());
  tables.Put(0, "k", "v");
  BOOST_REQUIRE(tables.Commit({{"pos/x", "1"}}).ok());
  auto d1 = tables.Digest();
  BOOST_REQUIRE(tables.Commit({{"pos/x", "2"}}).ok());
  auto d2 = tables.Digest();
  BOOST_REQUIRE(d1.ok() && d2.ok());
  BOOST_TEST(HexEncode(*d1) == HexEncode(*d2));
  tables.Put(0, "k", "w");
  BOOST_REQUIRE(tables.Commit({}).ok());
  BOOST_TEST(HexEncode(*tables.Digest()) != HexEncode(*d1));
}

BOOST_AUTO_TEST_CASE(a_stopped_replay_resumes_from_committed_positions_to_the_same_digests) {
  ScenarioLedger ledger = Busy();
  Projected straight("straight");
  straight.Run(ledger);
  for (std::uint64_t stop : {1, 4, 7, 11}) {
    Projected p("resumed");
    RunOptions options;
    options.batch_events = 2;
    options.events_max = stop;
    auto first = CatchUp(ledger, p.hosts(), options);
    BOOST_REQUIRE(first.ok());
    BOOST_TEST(first->events_read == stop);
    auto second = p.Run(ledger, 3);
    BOOST_TEST(second.events_read == ledger.events() - stop);
    BOOST_TEST(Digests(p) == Digests(straight), "stopped after " << stop);
    BOOST_TEST(PositionsText(p.statistics->committed_positions()) ==
               PositionsText(straight.statistics->committed_positions()));
  }
}

BOOST_AUTO_TEST_CASE(a_stopped_in_memory_replay_is_written_and_resumes_incrementally_to_the_same_digests) {
  ScenarioLedger ledger = Busy();
  Projected straight("straight");
  straight.Run(ledger);
  for (std::size_t bytes_max : {std::size_t(1) << 30, std::size_t(3000)}) {
    Projected p("in-memory");
    RunOptions options;
    options.batch_events = 2;
    options.events_max = 7;
    options.in_memory = true;
    options.in_memory_bytes_max = bytes_max;
    std::vector<bool> kept;
    options.on_commit = [&](const RunReport& r) { kept.push_back(r.kept_in_memory); };
    auto first = CatchUp(ledger, p.hosts(), options);
    BOOST_REQUIRE_MESSAGE(first.ok(), first.status().ToString());
    BOOST_TEST(first->bulk_writes >= 3u);
    BOOST_REQUIRE(!kept.empty());
    BOOST_TEST(!kept.back());  // the last report follows the final bulk load
    if (bytes_max > 3000) BOOST_TEST(kept.front());
    for (auto* h : p.hosts()) BOOST_TEST(!h->in_memory());
    BOOST_TEST(PositionsText(p.statistics->committed_positions()) == PositionsText(p.statistics->positions()));
    auto second = p.Run(ledger, 3);
    BOOST_TEST(second.events_read == ledger.events() - 7);
    BOOST_TEST(Digests(p) == Digests(straight), "budget " << bytes_max);
  }
}

// A projection that fails on its n-th event (an event the ledger could not
// have accepted, as far as it knows).
class FailsAt : public Projection {
 public:
  explicit FailsAt(std::uint64_t n) : n_(n) {}
  const char* name() const override { return "fails-at"; }
  std::uint32_t format_version() const override { return 1; }
  std::vector<std::string> table_names() const override { return {"seen"}; }
  void Attach(Tables* tables) override {
    tables_ = tables;
    seen_ = 0;
  }
  Status Apply(const Event& e) override {
    if (++seen_ == n_) return Status::Corruption("event " + std::to_string(n_) + " is not one I can fold");
    tables_->Put(0, e.submission.submission_id, "1");
    return Status::Ok();
  }
  Status Flush() override { return Status::Ok(); }

 private:
  std::uint64_t n_;
  std::uint64_t seen_ = 0;
  Tables* tables_ = nullptr;
};

BOOST_AUTO_TEST_CASE(an_in_memory_replay_stops_whole_when_a_projection_or_the_source_fails) {
  // Long enough for many batches of 2, so the reader and the other
  // projections run ahead of the failing one and must be stopped.
  ScenarioLedger ledger(2);
  for (int serial = 1; serial <= 40; ++serial) {
    const std::string patent = PatentNo(serial);
    ledger.Accept(On(patent, Record()));
    ledger.Accept(On(patent, Licence(kLicenceId, domain::LicenceKind::kOrdinary)));
  }
  for (std::uint64_t fail_at : {1u, 37u, 79u}) {
    Projected p("fails");
    TempDir extra("fails-extra");
    auto failing = ProjectionHost::Open(extra.path() + "/fails-at", std::make_unique<FailsAt>(fail_at));
    BOOST_REQUIRE(failing.ok());
    std::vector<ProjectionHost*> hosts = p.hosts();
    hosts.insert(hosts.begin() + 1, failing->get());
    RunOptions options;
    options.batch_events = 2;
    options.in_memory = true;
    auto r = CatchUp(ledger, hosts, options);
    BOOST_REQUIRE(!r.ok());
    BOOST_TEST(r.status().IsCorruption());
    BOOST_TEST(r.status().message().find("is not one I can fold") != std::string::npos, r.status().message());
    // Nothing was written; every state is empty and usable again.
    for (ProjectionHost* h : hosts) {
      BOOST_TEST(!h->in_memory());
      BOOST_TEST(h->committed_positions().empty(), h->name());
    }
    auto again = p.Run(ledger);
    BOOST_TEST(again.events_read == ledger.events());
  }
  // A broken chain late in the source: the reader's error, nothing written.
  auto& log = ledger.raw()[1];
  const std::size_t bad = log.size() - 3;
  BOOST_REQUIRE(bad > 10);
  auto view = codec::DecodeSealedEvent(log[bad]);
  BOOST_REQUIRE(view.ok());
  codec::SealedHeader h = view->header;
  h.prev_hash[0] ^= 1;
  log[bad] = codec::EncodeSealedEvent(Bytes(view->envelope.begin(), view->envelope.end()), h);
  Projected p("broken");
  RunOptions options;
  options.batch_events = 2;
  options.in_memory = true;
  auto r = CatchUp(ledger, p.hosts(), options);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().message().find("partition 1 seq " + std::to_string(bad)) != std::string::npos,
             r.status().message());
  for (ProjectionHost* host : p.hosts()) BOOST_TEST(host->committed_positions().empty(), host->name());
}

BOOST_AUTO_TEST_CASE(an_in_memory_replay_refuses_a_state_that_is_not_empty) {
  ScenarioLedger ledger = Busy();
  Projected p("not-empty");
  RunOptions options;
  options.events_max = 3;
  BOOST_REQUIRE(CatchUp(ledger, p.hosts(), options).ok());
  options.events_max.reset();
  options.in_memory = true;
  auto r = CatchUp(ledger, p.hosts(), options);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.status().code() == Status::Code::kFailedPrecondition));
  BOOST_TEST(r.status().message().find("not empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(catch_up_applies_only_new_events_and_a_lagging_projection_catches_up_alone) {
  ScenarioLedger ledger = Busy();
  Projected p("lag");
  p.Run(ledger);
  BOOST_TEST(p.Run(ledger).events_read == 0u);
  BOOST_REQUIRE(p.statistics->Rebuild().ok());
  RunReport r = p.Run(ledger);
  BOOST_TEST(r.events_read == ledger.events());
  BOOST_TEST(r.events_applied == ledger.events());  // only the rebuilt one applied them
  Projected fresh("fresh");
  fresh.Run(ledger);
  BOOST_TEST(Digests(p) == Digests(fresh));
}

BOOST_AUTO_TEST_CASE(rebuild_drops_everything_and_replays_to_the_same_digest) {
  ScenarioLedger ledger = Busy();
  Projected p("rebuild");
  p.Run(ledger);
  auto before = Digests(p);
  for (auto* h : p.hosts()) BOOST_REQUIRE(h->Rebuild().ok());
  BOOST_TEST(p.ownership->committed_positions().empty());
  p.Run(ledger, 5);
  BOOST_TEST(Digests(p) == before);
}

BOOST_AUTO_TEST_CASE(a_broken_chain_is_corruption_naming_partition_and_seq) {
  ScenarioLedger ledger = Busy();
  auto& log = ledger.raw()[1];
  BOOST_REQUIRE(log.size() > 3);
  auto view = codec::DecodeSealedEvent(log[2]);
  BOOST_REQUIRE(view.ok());
  codec::SealedHeader h = view->header;
  h.prev_hash[0] ^= 1;
  log[2] = codec::EncodeSealedEvent(Bytes(view->envelope.begin(), view->envelope.end()), h);
  Projected p("chain");
  RunOptions options;
  auto r = CatchUp(ledger, p.hosts(), options);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().IsCorruption());
  BOOST_TEST(r.status().message().find("partition 1 seq 2") != std::string::npos, r.status().message());
}

BOOST_AUTO_TEST_CASE(recorded_before_stops_each_partition_at_that_time) {
  ScenarioLedger ledger = Busy();
  const std::int64_t cut = ledger.last_recorded_at_us() - 2500000;  // the last three events are later
  Projected p("recorded");
  RunOptions options;
  options.recorded_before_us = cut;
  auto r = CatchUp(ledger, p.hosts(), options);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->events_read == ledger.events() - 3);
  for (const auto& [partition, pos] : p.ownership->committed_positions()) BOOST_TEST(pos.last_recorded_at_us < cut);
}

BOOST_AUTO_TEST_CASE(a_state_directory_of_another_projection_is_refused) {
  TempDir dir("format");
  {
    auto h = ProjectionHost::Open(dir.path() + "/x", std::make_unique<ownership::OwnershipProjection>());
    BOOST_REQUIRE(h.ok());
  }
  auto other = ProjectionHost::Open(dir.path() + "/x", std::make_unique<statistics::StatisticsProjection>());
  BOOST_REQUIRE(!other.ok());
  BOOST_TEST((other.status().code() == Status::Code::kFailedPrecondition));
  // Asked to rebuild (a state of an older format, say), it starts empty.
  auto rebuilt =
      ProjectionHost::Open(dir.path() + "/x", std::make_unique<statistics::StatisticsProjection>(), /*rebuild=*/true);
  BOOST_REQUIRE_MESSAGE(rebuilt.ok(), rebuilt.status().ToString());
  BOOST_TEST((*rebuilt)->positions().empty());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::projections::testing
