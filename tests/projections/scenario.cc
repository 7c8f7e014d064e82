#include "tests/projections/scenario.h"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "ledger/base/murmur2.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/identifiers.h"
#include "projections/ownership/ownership.h"
#include "projections/statistics/statistics.h"
#include "projections/techcontract/techcontract.h"

namespace pl::projections::testing {
namespace {

constexpr std::int64_t kClockStartUs = 1704067200000000;  // 2024-01-01T00:00:00Z
constexpr std::int64_t kClockStepUs = 1000000;
constexpr std::size_t kSignatureBytes = 64;

}  // namespace

TempDir::TempDir(const std::string& name) {
  static int counter = 0;
  path_ = (std::filesystem::temp_directory_path() /
           ("plp-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
              .string();
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string PatentNo(int serial) {
  char digits[13];
  std::snprintf(digits, sizeof digits, "2017106%05d", serial);
  return std::string(digits) + "." + domain::PatentCheckCharacter(digits);
}

domain::Submission On(std::string patent, domain::Submission s) {
  s.patent = std::move(patent);
  return s;
}

domain::Submission At(std::int32_t effective_date, domain::Submission s) {
  s.effective_date = effective_date;
  return s;
}

domain::Party University(std::uint32_t division, int serial, std::uint16_t share_bp) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "12%06u4000%05d", division, serial);
  auto check = domain::CreditCodeCheckCharacter(first17);
  BOOST_REQUIRE(check.has_value());
  domain::Party p = Domestic(std::string(first17) + *check, division, share_bp);
  p.holder_type = domain::HolderType::kUniversity;
  return p;
}

ScenarioLedger::ScenarioLedger(std::uint32_t partitions)
    : keys_(StandardKeys()), events_(partitions), last_hash_(partitions), clock_us_(kClockStartUs) {}

std::uint64_t ScenarioLedger::events() const {
  std::uint64_t n = 0;
  for (const auto& p : events_) n += p.size();
  return n;
}

std::uint32_t ScenarioLedger::Accept(const domain::Submission& s, const std::vector<std::string>& signers,
                                     std::optional<std::int64_t> recorded_at_us) {
  Bytes bytes = codec::EncodeSubmission(s);
  std::vector<domain::SignatureOutcome> outcomes;
  std::vector<codec::EncodedSignature> signatures;
  for (const auto& k : signers) {
    outcomes.push_back(Valid(k));
    signatures.push_back({k, Bytes(kSignatureBytes, 0)});
  }
  domain::AdmissionInput input;
  input.submission = &s;
  input.signatures = outcomes;
  input.submission_digest = crypto::Sha256(bytes);
  auto it = states_.find(s.patent);
  domain::Verdict v = domain::Decide(input, keys_, it == states_.end() ? nullptr : &it->second);
  BOOST_REQUIRE_MESSAGE(v.accepted(), "refused: " << Outcome(v) << " " << v.message);
  domain::PatentState& st = states_[s.patent];
  codec::SealedHeader h;
  h.partition = PartitionForKey(s.patent, partitions());
  h.seq = events_[h.partition].size();
  h.stream_version = st.event_count;
  clock_us_ = recorded_at_us ? *recorded_at_us : clock_us_ + kClockStepUs;
  h.recorded_at_us = clock_us_;
  h.prev_hash = last_hash_[h.partition];
  h.stream_prev_hash = st.last_leaf_hash;
  h.flags = v.flags;
  Bytes sealed = codec::EncodeSealedEvent(codec::EncodeEnvelope(bytes, signatures), h);
  static constexpr std::uint8_t kLeaf = 0;
  Hash256 leaf = crypto::Sha256({ByteSpan(&kLeaf, 1), sealed});
  domain::Apply(st, s, v.flags, leaf);
  last_hash_[h.partition] = leaf;
  events_[h.partition].push_back(std::move(sealed));
  return v.flags;
}

Status ScenarioLedger::Scan(std::uint32_t partition, std::uint64_t from_seq,
                            const std::function<bool(std::uint64_t, ByteSpan)>& fn) {
  const auto& log = events_.at(partition);
  for (std::uint64_t seq = from_seq; seq < log.size(); ++seq) {
    if (!fn(seq, log[seq])) break;
  }
  return Status::Ok();
}

Projected::Projected(const std::string& name) : dir(name) {
  auto open = [&](const char* n, std::unique_ptr<Projection> p) {
    auto h = ProjectionHost::Open(dir.path() + "/" + n, std::move(p));
    BOOST_REQUIRE_MESSAGE(h.ok(), h.status().ToString());
    return std::move(*h);
  };
  ownership = open("ownership", std::make_unique<ownership::OwnershipProjection>());
  techcontract = open("techcontract", std::make_unique<techcontract::TechContractProjection>());
  statistics = open("statistics", std::make_unique<statistics::StatisticsProjection>());
}

RunReport Projected::Run(EventSource& source, std::size_t batch, std::optional<std::uint64_t> interleave,
                         std::optional<std::size_t> in_memory_bytes_max) {
  RunOptions options;
  options.batch_events = batch;
  options.interleave_seed = interleave;
  options.in_memory = in_memory_bytes_max.has_value();
  if (in_memory_bytes_max) options.in_memory_bytes_max = *in_memory_bytes_max;
  auto r = CatchUp(source, hosts(), options);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return *r;
}

std::string Projected::Digest(ProjectionHost& host) {
  auto d = host.Digest();
  BOOST_REQUIRE_MESSAGE(d.ok(), d.status().ToString());
  return HexEncode(*d);
}

report::Report Projected::Report(std::int32_t as_of, report::Granularity g, std::uint64_t suppress_below) {
  report::ReportOptions o;
  o.as_of = as_of;
  o.granularity = g;
  o.suppress_below = suppress_below;
  auto r = report::BuildReport(statistics->tables(), &techcontract->tables(), o);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  return *r;
}

const std::vector<report::Cell>* Row(const report::Report& r, const std::string& table,
                                     const std::vector<std::string>& key) {
  const report::ReportTable* t = r.Find(table);
  BOOST_REQUIRE_MESSAGE(t != nullptr, "no table " << table);
  for (const auto& row : t->rows) {
    bool match = true;
    for (std::size_t i = 0; i < key.size() && match; ++i) match = row[i].text == key[i];
    if (match) return &row;
  }
  return nullptr;
}

static int Column(const report::Report& r, const std::string& table, const std::string& column) {
  const report::ReportTable* t = r.Find(table);
  for (std::size_t i = 0; i < t->columns.size(); ++i) {
    if (t->columns[i] == column) return int(i);
  }
  BOOST_FAIL("no column " << column << " in " << table);
  return -1;
}

std::int64_t Value(const report::Report& r, const std::string& table, const std::vector<std::string>& key,
                   const std::string& column) {
  const auto* row = Row(r, table, key);
  return row == nullptr ? 0 : (*row)[Column(r, table, column)].value;
}

std::string Text(const report::Report& r, const std::string& table, const std::vector<std::string>& key,
                 const std::string& column) {
  const auto* row = Row(r, table, key);
  return row == nullptr ? "" : (*row)[Column(r, table, column)].Render();
}

}  // namespace pl::projections::testing
