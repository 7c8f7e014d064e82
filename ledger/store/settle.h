// Waiting for a RocksDB database to settle: no flush or compaction running
// or pending. Benchmarks call it so that a store just written (the ledger
// sealed, a projection state bulk-loaded) is measured as a long-running
// node or consumer would see it, not while it is still compacting. Shared
// by the ledger's store and the projections' stores (header only: the
// latter do not link the former).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include <rocksdb/db.h>

#include "ledger/base/status.h"

namespace pl::store {

// kBusy naming `what` when `db` has not settled after `seconds_max`.
inline Status WaitForCompactions(rocksdb::DB* db, double seconds_max, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds_max);
  for (;;) {
    std::uint64_t running = 0, flushing = 0, pending = 0;
    db->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions, &running);
    db->GetIntProperty(rocksdb::DB::Properties::kNumRunningFlushes, &flushing);
    db->GetAggregatedIntProperty(rocksdb::DB::Properties::kCompactionPending, &pending);
    if (running + flushing + pending == 0) return Status::Ok();
    if (std::chrono::steady_clock::now() > deadline) return Status::Busy(what + " is still compacting");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace pl::store
