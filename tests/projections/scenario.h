// Test fixtures for the projections: a ledger in memory that decides each
// submission with domain::Decide (all signatures taken as valid, the
// standard key registry of tests/domain/builders.h), seals accepted ones
// with the real codec (both hash chains, flags from the verdict, partition
// by the patent's murmur2 hash) and serves them as an EventSource; and
// helpers to run projections over any source into a temporary directory.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/event_source.h"
#include "ledger/domain/state.h"
#include "projections/framework/host.h"
#include "projections/framework/runner.h"
#include "projections/report/model.h"
#include "tests/domain/builders.h"

namespace pl::projections::testing {

using namespace pl::domain::testing;  // NOLINT: fixtures read better unqualified

// A fresh directory removed at scope exit.
class TempDir {
 public:
  explicit TempDir(const std::string& name);
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A valid application number "2017106SSSSS.C" for serial S (check
// character computed).
std::string PatentNo(int serial);
// A copy of `s` about patent `patent`.
domain::Submission On(std::string patent, domain::Submission s);
domain::Submission At(std::int32_t effective_date, domain::Submission s);
// A university in `division` with a valid credit code (check character
// computed); `serial` tells two apart.
domain::Party University(std::uint32_t division, int serial = 0, std::uint16_t share_bp = 0);

class ScenarioLedger : public EventSource {
 public:
  explicit ScenarioLedger(std::uint32_t partitions = 1);

  // Decides and, if accepted, seals `s`; fails the test when refused.
  // Returns the sealed event's flags. recorded_at defaults to a clock that
  // advances one second per event from 2024-01-01T00:00:00Z.
  std::uint32_t Accept(const domain::Submission& s, const std::vector<std::string>& signers = {kOperatorKey},
                       std::optional<std::int64_t> recorded_at_us = std::nullopt);
  std::int64_t last_recorded_at_us() const { return clock_us_; }
  std::uint64_t events() const;

  std::uint32_t partitions() const override { return std::uint32_t(events_.size()); }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override;

  // Test access to stored bytes (to damage them).
  std::vector<std::vector<Bytes>>& raw() { return events_; }

 private:
  domain::KeyRegistry keys_;
  std::map<std::string, domain::PatentState> states_;
  std::vector<std::vector<Bytes>> events_;
  std::vector<Hash256> last_hash_;
  std::int64_t clock_us_;
};

// The three projections opened in a temporary state directory.
struct Projected {
  explicit Projected(const std::string& name);
  TempDir dir;
  std::unique_ptr<ProjectionHost> ownership, techcontract, statistics;
  std::vector<ProjectionHost*> hosts() { return {ownership.get(), techcontract.get(), statistics.get()}; }
  // Catches all three up; fails the test on error. `in_memory_bytes_max`
  // set: an in-memory full replay with that budget (RunOptions::in_memory).
  RunReport Run(EventSource& source, std::size_t batch = 1000, std::optional<std::uint64_t> interleave = std::nullopt,
                std::optional<std::size_t> in_memory_bytes_max = std::nullopt);
  std::string Digest(ProjectionHost& host);
  report::Report Report(std::int32_t as_of, report::Granularity g = report::Granularity::kQuarter,
                        std::uint64_t suppress_below = 0);
};

// The row of `table` whose first cells are `key` (text), or null.
const std::vector<report::Cell>* Row(const report::Report& r, const std::string& table,
                                     const std::vector<std::string>& key);
// The integer in column `column` of that row (0 when there is no row).
std::int64_t Value(const report::Report& r, const std::string& table, const std::vector<std::string>& key,
                   const std::string& column);
// The rendered cell ("0.2500", "suppressed", ...); "" when there is no row.
std::string Text(const report::Report& r, const std::string& table, const std::vector<std::string>& key,
                 const std::string& column);

}  // namespace pl::projections::testing
