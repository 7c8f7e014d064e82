// Opening the event sources a projection can read: a ledger directory (the
// node's RocksDB store, opened read-side) or an archive file (its trailer
// digest checked before anything is read). Kafka comes as another
// EventSource (KafkaEventSource) from ledger/log.
#pragma once

#include <memory>
#include <string>

#include "ledger/base/event_source.h"
#include "ledger/base/status.h"

namespace pl::projections {

struct SourceSpec {
  std::string ledger_dir;    // a ledger created by `patentledger init`
  std::string archive_path;  // or an archive written by `export --archive`
};

// Exactly one of the two must be set (kInvalidArgument otherwise).
// "store:<dir>" / "archive:<path>" in `description`.
struct OpenedSource {
  std::unique_ptr<EventSource> source;
  std::string description;
};
Result<OpenedSource> OpenSource(const SourceSpec& spec);

// The head of every partition of `source` (next seq), by scanning from the
// given seqs; used to tell how far a projection lags.
Result<std::vector<std::uint64_t>> SourceHeads(EventSource& source, const std::vector<std::uint64_t>& from);

}  // namespace pl::projections
