// The ownership register projection (bitemporal).
//
// Tables (digest order):
//   current  patent -> RegisterState (register.h) after every applied event
//   history  patent 0x00 version(u64 BE) -> Version: partition, seq,
//            effective date, recorded_at_us, flags, exact submission bytes
//
// "As of" questions are answered from `history` alone, folding the
// patent's versions with register.h's Fold():
//   - as of a recorded time T: versions recorded at or before T, in stream
//     order (what the register showed at T);
//   - as of an effective date D (optionally as known at T): versions with
//     effective date <= D, the PatentRecorded first and the rest by
//     (effective date, version) (the legal position on D, as now known).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "projections/framework/projection.h"
#include "projections/ownership/register.h"

namespace pl::projections::ownership {

inline constexpr char kName[] = "ownership";

class OwnershipProjection : public Projection {
 public:
  const char* name() const override { return kName; }
  std::uint32_t format_version() const override { return 1; }
  std::vector<std::string> table_names() const override { return {"current", "history"}; }
  void Attach(Tables* tables) override;
  Status Apply(const Event& event) override;
  Status Flush() override;
  void AfterCommit() override;

 private:
  // `first_event`: the stream's version 0, so the register is new.
  Result<RegisterState*> Load(const std::string& patent, bool first_event);
  Tables* tables_ = nullptr;
  std::unordered_map<std::string, RegisterState> cache_;
  std::unordered_set<std::string> dirty_;
};

struct AsOf {
  std::optional<std::int32_t> effective_date;   // YYYYMMDD
  std::optional<std::int64_t> recorded_at_us;   // inclusive
};

struct Version {
  std::uint64_t version = 0;
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
  std::int32_t effective_date = 0;
  std::int64_t recorded_at_us = 0;
  std::uint32_t flags = 0;
  std::string kind;  // domain::KindName
};

// Reads through `tables` (a host's tables, nothing pending). nullopt when
// the patent is not recorded (as of the given time).
Result<std::optional<RegisterState>> Current(const Tables& tables, const std::string& patent);
Result<std::optional<RegisterState>> QueryAsOf(const Tables& tables, const std::string& patent, const AsOf& as_of);
// The patent's versions in stream order.
Result<std::vector<Version>> History(const Tables& tables, const std::string& patent);

}  // namespace pl::projections::ownership
