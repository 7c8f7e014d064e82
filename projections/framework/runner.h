// Catch-up: reads an EventSource (store, archive, later Kafka) from the
// lowest position of the given projections, checks every event (decodes,
// partition and seq as expected, prev_hash continues the chain from the
// last applied event), decodes it ONCE and applies it to every projection
// that has not applied it yet. Commits all projections every
// `batch_events` events and at the end.
//
// A seq that was already read is dropped (a redelivery, as Kafka may do);
// a seq beyond the next expected one is kCorruption (a gap).
//
// Signatures are not verified here (that is `verify`'s job, ~100 us per
// event): the chain check makes a replay detect any gap, reordering or
// altered byte relative to what the projection has already applied, and an
// archive's digest is checked when it is opened.
//
// Resumable: positions are committed with the tables (host.h); after a crash
// a new CatchUp() continues from the committed positions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "ledger/base/event_source.h"
#include "ledger/base/status.h"
#include "projections/framework/host.h"
#include "projections/framework/limits.h"

namespace pl::projections {

struct RunReport {
  std::uint64_t events_read = 0;     // events decoded
  std::uint64_t events_applied = 0;  // (event, projection) applications
  std::uint64_t commits = 0;
  // In-memory replay: the last commit's writes are still only in memory.
  bool kept_in_memory = false;
  // In-memory replay: bulk loads written (budget passed, and the end).
  std::uint64_t bulk_writes = 0;
};

struct RunOptions {
  // Events per commit, 1..limits::kBatchEventsMax.
  std::size_t batch_events = limits::kBatchEventsDefault;
  // When set, partitions are read round-robin in chunks of
  // 1..kInterleaveChunkEventsMax events, order and sizes drawn from this
  // seed (determinism tests). Otherwise partition after partition.
  std::optional<std::uint64_t> interleave_seed;
  // When set, each partition stops before its first event recorded at or
  // after this time (UTC us): the state "as recorded before T".
  std::optional<std::int64_t> recorded_before_us;
  // When set, stops after this many events read (tests, benchmarks).
  std::optional<std::uint64_t> events_max;
  // Full replay in memory (decision 0023). REQUIRES: every host empty (a
  // fresh or rebuilt state). Each projection applies the batches on its own
  // thread, up to limits::kDecoupledBatchesMax behind the reader. Commits keep their writes in memory (reads
  // see them, RocksDB is not asked); when a host's kept writes pass its
  // share of in_memory_bytes_max, and at the end, they are written with
  // the positions as sorted files in one atomic bulk load. A crash or an
  // error loses what was not yet written: a new catch-up resumes from the
  // last bulk load (from the start if there was none).
  bool in_memory = false;
  std::size_t in_memory_bytes_max = limits::kInMemoryReplayBytesMax;
  // Called after every commit (in an in-memory replay: after every batch
  // that all the projections have applied, with kept_in_memory set, and
  // after the final bulk load). Runs on one thread at a time.
  std::function<void(const RunReport&)> on_commit;
};

// REQUIRES: hosts non-empty, none null; options.batch_events in range.
Result<RunReport> CatchUp(EventSource& source, const std::vector<ProjectionHost*>& hosts,
                          const RunOptions& options);

// Decodes one sealed event into `event` (patent made canonical).
// kCorruption naming what is wrong. `event.submission_bytes` points into
// `sealed`.
Status DecodeEvent(ByteSpan sealed, Event* event);

}  // namespace pl::projections
