// The benchmarks' input: `patentledger generate` run as a child process (so
// its memory is not counted in the benchmark's peak RSS) into WORK/sample,
// and a ledger configuration whose trust anchor is the sample's authority.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ledger/base/status.h"
#include "ledger/store/store.h"

namespace pl::cli {

struct BenchInput {
  std::string submissions;     // WORK/sample/submissions.b64
  store::LedgerConfig ledger;  // origin `origin`, `partitions`, the sample's anchor
};

// kInternal when the generator fails (naming the command), the anchor
// file's error otherwise.
Result<BenchInput> GenerateBenchInput(const std::string& work, std::size_t count, std::uint64_t seed,
                                      const std::string& origin, std::uint32_t partitions = 1);

}  // namespace pl::cli
