// Technology-contract recognition: one record per contract, counted once
// whatever the order its parts arrive in; recognition reasons; the feed.
#include <boost/test/unit_test.hpp>

#include "ledger/base/murmur2.h"
#include "projections/techcontract/feed.h"
#include "projections/techcontract/techcontract.h"
#include "tests/projections/scenario.h"

namespace pl::projections::testing {
namespace {

namespace tc = techcontract;

std::vector<tc::Contract> Contracts(Projected& p) {
  std::vector<tc::Contract> out;
  Status s = tc::ForEachContract(p.techcontract->tables(), [&](const tc::Contract& c) {
    out.push_back(c);
    return true;
  });
  BOOST_REQUIRE_MESSAGE(s.ok(), s.ToString());
  return out;
}

// Two patents that land in different partitions of a 2-partition ledger.
std::pair<std::string, std::string> PatentsInTwoPartitions() {
  std::string first = PatentNo(100);
  for (int serial = 101; serial < 200; ++serial) {
    std::string other = PatentNo(serial);
    if (PartitionForKey(other, 2) != PartitionForKey(first, 2)) return {first, other};
  }
  BOOST_FAIL("no two partitions");
  return {};
}

domain::Submission Sale(const std::string& patent, std::int64_t amount, std::int32_t date) {
  domain::Submission s = On(patent, At(date, Transfer({OwnerA()}, {OwnerB()})));
  BodyOf<domain::OwnershipTransferred>(s).contract_id = "TR-MULTI-1";
  BodyOf<domain::OwnershipTransferred>(s).consideration = Cny(amount);
  return s;
}

BOOST_AUTO_TEST_SUITE(techcontract)

BOOST_AUTO_TEST_CASE(contract_covering_patents_in_two_partitions_is_one_record_whatever_the_order) {
  auto [p1, p2] = PatentsInTwoPartitions();
  ScenarioLedger ledger(2);
  ledger.Accept(On(p1, Record()));
  ledger.Accept(On(p2, Record()));
  ledger.Accept(Sale(p2, 20000000, 20240320));
  ledger.Accept(Sale(p1, 30000000, 20240315));
  std::string digest;
  for (auto [batch, seed] : std::vector<std::pair<std::size_t, std::optional<std::uint64_t>>>{
           {1000, std::nullopt}, {1, std::nullopt}, {1, 1}, {1, 2}, {2, 3}, {7, 4}}) {
    Projected p("multi");
    p.Run(ledger, batch, seed);
    auto contracts = Contracts(p);
    std::vector<tc::Contract> transfers;
    for (const auto& c : contracts) {
      if (c.category == tc::Category::kTransfer) transfers.push_back(c);
    }
    BOOST_REQUIRE_EQUAL(transfers.size(), 1u);
    const tc::Contract& c = transfers[0];
    BOOST_TEST(c.patents == (std::vector<std::string>{std::min(p1, p2), std::max(p1, p2)}));
    BOOST_TEST(c.amount.amount_minor == 50000000);
    BOOST_TEST(c.parts == 2u);
    BOOST_TEST(c.effective_date == 20240315);
    BOOST_TEST(c.recognised);
    BOOST_TEST(c.reason == "recognised");
    if (digest.empty()) digest = p.Digest(*p.techcontract);
    BOOST_TEST(p.Digest(*p.techcontract) == digest, "batch " << batch);
  }
}

BOOST_AUTO_TEST_CASE(recognition_reasons_follow_the_documented_rules) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  domain::Submission merger = Transfer({OwnerA()}, {OwnerB()});
  BodyOf<domain::OwnershipTransferred>(merger).cause = domain::TransferCause::kMerger;
  BodyOf<domain::OwnershipTransferred>(merger).contract_id = "MERGER-1";
  BodyOf<domain::OwnershipTransferred>(merger).consideration = {};
  ledger.Accept(merger);
  domain::Submission gift = Transfer({OwnerB()}, {OwnerC()});
  BodyOf<domain::OwnershipTransferred>(gift).contract_id = "GIFT-1";
  BodyOf<domain::OwnershipTransferred>(gift).consideration = {};
  ledger.Accept(gift);
  domain::Submission royalty = Licence(kLicenceId, domain::LicenceKind::kOrdinary);
  BodyOf<domain::LicenceRecorded>(royalty).licensors = {OwnerC()};
  BodyOf<domain::LicenceRecorded>(royalty).lump_sum = {};
  BodyOf<domain::LicenceRecorded>(royalty).royalty_rate_bp = 300;
  ledger.Accept(royalty);
  domain::Submission end = At(20240601, Terminate(kLicenceId));
  ledger.Accept(end);
  Projected p("reasons");
  p.Run(ledger);
  std::map<std::string, tc::Contract> by_number;
  for (const auto& c : Contracts(p)) by_number[c.contract_number] = c;
  BOOST_REQUIRE_EQUAL(by_number.size(), 3u);
  BOOST_TEST(!by_number["MERGER-1"].recognised);
  BOOST_TEST(by_number["MERGER-1"].reason == "non_contract_cause:merger");
  BOOST_TEST(by_number["GIFT-1"].reason == "no_consideration");
  BOOST_TEST(by_number[kLicenceId].recognised);
  BOOST_TEST(by_number[kLicenceId].royalty_rate_bp == 300u);
  BOOST_TEST(by_number[kLicenceId].terminated_on == 20240601);
  BOOST_TEST(by_number[kLicenceId].sellers.at(0).id == kOwnerCId);
}

BOOST_AUTO_TEST_CASE(same_contract_number_from_different_sellers_is_two_contracts) {
  ScenarioLedger ledger;
  const std::string p1 = PatentNo(1), p2 = PatentNo(2);
  ledger.Accept(On(p1, Record({OwnerA()})));
  ledger.Accept(On(p2, Record({OwnerB()})));
  domain::Submission l1 = On(p1, Licence("LIC-001", domain::LicenceKind::kOrdinary));
  domain::Submission l2 = On(p2, Licence("LIC-001", domain::LicenceKind::kOrdinary));
  BodyOf<domain::LicenceRecorded>(l2).licensors = {OwnerB()};
  ledger.Accept(l1);
  ledger.Accept(l2);
  Projected p("numbers");
  p.Run(ledger);
  auto contracts = Contracts(p);
  BOOST_REQUIRE_EQUAL(contracts.size(), 2u);
  BOOST_TEST(contracts[0].contract_id != contracts[1].contract_id);
  BOOST_TEST(contracts[0].parts == 1u);
}

BOOST_AUTO_TEST_CASE(open_licence_taking_is_sold_by_the_declarants_and_feed_has_the_documented_header) {
  ScenarioLedger ledger;
  ledger.Accept(Record());
  domain::Submission d = Declare();
  ledger.Accept(d);
  ledger.Accept(Take(d.submission_id, 20240410));
  Projected p("taking");
  p.Run(ledger);
  auto contracts = Contracts(p);
  BOOST_REQUIRE_EQUAL(contracts.size(), 1u);
  BOOST_TEST((contracts[0].category == tc::Category::kOpenLicenceTaking));
  BOOST_TEST(contracts[0].sellers.at(0).id == kOwnerAId);
  BOOST_TEST(contracts[0].buyers.at(0).id == kLicenseeId);
  BOOST_TEST(contracts[0].amount.amount_minor == kMoneyMinor);
  char* text = nullptr;
  std::size_t size = 0;
  std::FILE* f = ::open_memstream(&text, &size);
  tc::CsvContractSink sink(f, {});
  auto n = tc::PublishContracts(p.techcontract->tables(), {}, sink);
  std::fclose(f);
  std::string csv(text, size);
  std::free(text);
  BOOST_REQUIRE(n.ok());
  BOOST_TEST(*n == 1u);
  BOOST_TEST(csv.rfind("contract_id,category,act,contract_number,recognition,reason,patents,", 0) == 0u);
  BOOST_TEST(csv.find(",patent_licence,open_licence_taking,") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::projections::testing
