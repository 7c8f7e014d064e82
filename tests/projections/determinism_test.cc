// Determinism (issue 5 item 5): a realistic 4-partition ledger built by the
// real node from the sample generator, replayed with batch sizes 1, 7 and
// 1000, with partitions interleaved in random chunks, from the store vs
// from an archive export, and committed batch by batch vs folded in memory
// and bulk-loaded (with budgets that force several bulk loads): identical
// digests and byte-identical CSV, JSON and HTML outputs.
#include <boost/test/unit_test.hpp>

#include <cstdio>

#include "ledger/archive/archive.h"
#include "projections/report/writers.h"
#include "projections/techcontract/feed.h"
#include "tests/node/node_test_util.h"
#include "tests/projections/scenario.h"

namespace pl::projections::testing {
namespace {

constexpr std::uint32_t kPartitions = 4;
constexpr std::size_t kSubmissions = 3000;
constexpr std::int32_t kAsOf = 20241231;

// Built once for the whole suite: the real node, real signatures.
struct World {
  TempDir dir{"determinism"};
  std::string ledger = dir.path() + "/ledger";
  std::string archive = dir.path() + "/ledger.archive";
  World() {
    auto g = sample::Generator::Create({.seed = 5, .submissions = kSubmissions});
    BOOST_REQUIRE(g.ok());
    pl::testing::CreateLedgerFor(**g, ledger, kPartitions);
    std::vector<Bytes> envelopes;
    sample::Generated item;
    while ((*g)->Next(&item)) envelopes.push_back(item.envelope);
    {
      auto node = pl::testing::OpenNode(ledger);
      pl::testing::SubmitAll(*node, envelopes);
    }
    auto store = store::Store::Open(ledger);
    BOOST_REQUIRE(store.ok());
    auto writer = archive::ArchiveWriter::Create(archive, "test", kPartitions);
    BOOST_REQUIRE(writer.ok());
    for (std::uint32_t p = 0; p < kPartitions; ++p) {
      Status s = (*store)->Scan(p, 0, [&](std::uint64_t seq, ByteSpan sealed) {
        BOOST_REQUIRE((*writer)->AddEvent(p, seq, sealed).ok());
        return true;
      });
      BOOST_REQUIRE(s.ok());
    }
    BOOST_REQUIRE((*writer)->Finish().ok());
  }
};

World& TheWorld() {
  static World world;
  return world;
}

struct Outputs {
  std::vector<std::string> digests;
  std::string positions;
  std::string contracts_csv;
  std::string report;  // every CSV, report.json and report.html, concatenated
};

Outputs Replay(bool from_archive, std::size_t batch, std::optional<std::uint64_t> seed,
               std::optional<std::size_t> in_memory_bytes_max = std::nullopt) {
  Projected p("replay");
  std::unique_ptr<EventSource> source;
  if (from_archive) {
    auto a = archive::ArchiveReader::Open(TheWorld().archive, archive::ArchiveReader::DigestPolicy::kCheckDigest);
    BOOST_REQUIRE(a.ok());
    source = std::move(*a);
  } else {
    auto s = store::Store::Open(TheWorld().ledger);
    BOOST_REQUIRE(s.ok());
    source = std::move(*s);
  }
  const RunReport run = p.Run(*source, batch, seed, in_memory_bytes_max);
  if (in_memory_bytes_max) BOOST_TEST(run.bulk_writes >= 3u);  // at least one per host
  Outputs out;
  for (auto* h : p.hosts()) out.digests.push_back(p.Digest(*h));
  out.positions = PositionsText(p.statistics->committed_positions());
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* f = ::open_memstream(&text, &size);
  techcontract::CsvContractSink sink(f, {});
  BOOST_REQUIRE(techcontract::PublishContracts(p.techcontract->tables(), {}, sink).ok());
  std::fclose(f);
  out.contracts_csv.assign(text, size);
  std::free(text);
  report::Report r = p.Report(kAsOf, report::Granularity::kQuarter, 3);
  r.source = "test";
  r.coverage.push_back({"statistics", out.positions, out.digests[2]});
  for (const auto& t : r.tables) out.report += report::TableCsv(r, t);
  out.report += report::ReportJson(r) + report::ReportHtml(r);
  return out;
}

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(batch_sizes_interleavings_and_sources_give_identical_digests_and_bytes) {
  const Outputs reference = Replay(false, 1000, std::nullopt);
  BOOST_TEST_MESSAGE("positions " << reference.positions << ", statistics digest " << reference.digests[2]);
  BOOST_REQUIRE(reference.contracts_csv.size() > 1000u);
  struct Variant {
    bool archive;
    std::size_t batch;
    std::optional<std::uint64_t> seed;
    std::optional<std::size_t> in_memory_bytes_max = std::nullopt;
  };
  constexpr std::size_t kPlenty = std::size_t(1) << 30;  // one bulk load per host, at the end
  constexpr std::size_t kTight = 600000;                 // ~200 KB per host: a bulk load every few batches
  const std::vector<Variant> variants = {
      {false, 1, std::nullopt},        {false, 7, std::nullopt},       {false, 7, 1},
      {false, 1000, 2},                {false, 1, 3},                  {true, 1000, std::nullopt},
      {true, 7, 4},                    {true, 1, 5},                   {false, 1000, std::nullopt, kPlenty},
      {false, 7, 6, kPlenty},          {false, 100, std::nullopt, kTight}, {true, 1, 7, kTight}};
  for (const auto& v : variants) {
    const Outputs o = Replay(v.archive, v.batch, v.seed, v.in_memory_bytes_max);
    const std::string what = std::string(v.archive ? "archive" : "store") + " batch " + std::to_string(v.batch) +
                             " interleave " + (v.seed ? std::to_string(*v.seed) : "none") + " in memory " +
                             (v.in_memory_bytes_max ? std::to_string(*v.in_memory_bytes_max) : "no");
    BOOST_TEST(o.digests == reference.digests, what);
    BOOST_TEST(o.positions == reference.positions, what);
    BOOST_TEST((o.contracts_csv == reference.contracts_csv), what << ": contracts CSV differs");
    BOOST_TEST((o.report == reference.report), what << ": report files differ");
  }
}

BOOST_AUTO_TEST_CASE(the_ledger_has_every_kind_of_act_in_every_partition) {
  const Outputs o = Replay(false, 1000, std::nullopt);
  BOOST_TEST(o.positions.find("3:") != std::string::npos);
  for (const char* act : {"transfer_contract", "licence_exclusive", "open_licence_taken", "pledge_released"}) {
    BOOST_TEST(o.report.find(act) != std::string::npos, act);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::projections::testing
