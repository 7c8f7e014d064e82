// The ownership register projection (bitemporal).
//
// Tables (digest order):
//   current  patent -> RegisterState (register.h) after every applied event
//   history  patent 0x00 first version(u64 BE) -> a chunk: versions
//            first.. first+15 (first a multiple of kHistoryChunkVersions;
//            the latest chunk may be shorter), back to back, each:
//            partition, seq, effective date, recorded_at_us, flags, exact
//            submission bytes. Fixed chunks keep the table independent of
//            batch sizes; one entry per 16 events instead of one per event
//            made the replay cheaper (decision 0025).
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
#include <vector>

#include "projections/framework/projection.h"
#include "projections/ownership/register.h"

namespace pl::projections::ownership {

inline constexpr char kName[] = "ownership";
inline constexpr std::uint64_t kHistoryChunkVersions = 16;

class OwnershipProjection : public Projection {
 public:
  const char* name() const override { return kName; }
  std::uint32_t format_version() const override { return 3; }  // 3: status changes dated
  std::vector<std::string> table_names() const override { return {"current", "history"}; }
  void Attach(Tables* tables) override;
  Status Apply(const Event& event) override;
  Status Flush() override;
  void AfterCommit() override;
  std::size_t held_bytes() const override { return held_bytes_; }

 private:
  // A patent's register and, while it has unwritten versions, its latest
  // history chunk.
  struct Cached {
    RegisterState state;
    std::string chunk;          // the latest chunk's versions, when chunk_loaded
    bool chunk_loaded = false;  // else read back when the next version needs it
    std::size_t chunk_held = 0; // bytes appended to `chunk` since it was last put
    bool dirty = false;         // register or chunk to write at Flush()
  };
  using CacheEntry = std::pair<const std::string, Cached>;
  // `first_event`: the stream's version 0, so the register is new.
  Result<CacheEntry*> Load(const std::string& patent, bool first_event);
  // Appends the event's version to the patent's history chunk.
  Status AppendHistory(CacheEntry* entry, const Event& e);
  Tables* tables_ = nullptr;
  std::unordered_map<std::string, Cached> cache_;
  std::vector<CacheEntry*> dirty_;  // entries of cache_ (nodes: stable)
  std::size_t held_bytes_ = 0;      // of the unflushed history
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
