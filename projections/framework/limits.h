// Bounds of the projection framework. Units last in names.
#pragma once

#include <cstddef>
#include <cstdint>

namespace pl::projections::limits {

// Events applied between two commits when the caller does not say. Larger
// batches amortise the RocksDB write; smaller ones lose less on a crash.
inline constexpr std::size_t kBatchEventsDefault = 4096;
// The largest batch a caller may ask for: the pending writes of a batch live
// in memory (a few hundred bytes per event and table).
inline constexpr std::size_t kBatchEventsMax = 1 << 20;

// Decoded per-key records a projection keeps between commits (patents,
// cells). Past this, clean entries are dropped after a commit and re-read
// from RocksDB when needed: bounds memory whatever the ledger's size.
inline constexpr std::size_t kCacheEntriesMax = 1 << 20;

// In-memory full replay (decision 0023): bytes of table entries kept in
// memory (estimated), all projections together, before they are
// bulk-loaded into RocksDB. Bounds the replay's memory whatever the
// ledger's size. A bulk load is written while the next one fills
// (tables.h), so up to twice this is held. The 1,000,000-event benchmark
// peaked at 1,145 MiB RSS with 128 MiB and 1,300 MiB with 256 MiB, in
// about the same time (the estimate is low, and the projections' per-patent
// caches and the queued batches come on top).
inline constexpr std::size_t kInMemoryReplayBytesMax = std::size_t(128) << 20;

// In-memory full replay: events a projection applies before it flushes
// (its dirty keys, deltas and caches -> kept table entries). Bounds the
// projection's own memory; fewer flushes mean fewer re-encodings of keys
// that many events touch (registers, contracts, cells).
inline constexpr std::size_t kInMemoryFlushEvents = std::size_t(1) << 18;

// Interleaved replay (determinism tests): each turn takes 1..this many
// events from one partition.
inline constexpr std::size_t kInterleaveChunkEventsMax = 64;

// Decoded batches waiting between the reader thread and the projections:
// two keeps both sides busy; more only costs memory (a batch is
// batch_events decoded events with their bytes).
inline constexpr std::size_t kPipelineBatchesMax = 2;
// In-memory replay: batches queued for each projection (each runs on its
// own thread), so that one writing a bulk load does not stop the others.
// Costs memory: with 8 batches of 4,096 events the 1M-event benchmark
// peaked ~120 MiB higher than with the projections in lockstep, for ~6 %
// less wall time.
inline constexpr std::size_t kDecoupledBatchesMax = 8;
// Batches smaller than this are applied to the projections one after the
// other (a thread per projection costs more than it saves).
inline constexpr std::size_t kParallelApplyEventsMin = 64;

// Versions folded by one as-of query of one patent; a stream is at most
// this long in practice (one event a day for 27 years is ~10,000).
inline constexpr std::size_t kHistoryVersionsPerQueryMax = 1 << 20;

// Parts of one contract (patents covered by one contract id).
inline constexpr std::size_t kPartsPerContractMax = 100000;

}  // namespace pl::projections::limits
