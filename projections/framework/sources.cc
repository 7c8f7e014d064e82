#include "projections/framework/sources.h"

#include "ledger/archive/archive.h"
#include "ledger/store/store.h"

namespace pl::projections {

Result<OpenedSource> OpenSource(const SourceSpec& spec) {
  if (spec.ledger_dir.empty() == spec.archive_path.empty()) {
    return Status::InvalidArgument("give either a ledger directory or an archive file");
  }
  if (!spec.ledger_dir.empty()) {
    auto store = store::Store::Open(spec.ledger_dir);
    if (!store.ok()) return store.status().WithContext("opening ledger " + spec.ledger_dir);
    return OpenedSource{std::move(*store), "store:" + spec.ledger_dir};
  }
  auto archive = archive::ArchiveReader::Open(spec.archive_path, archive::ArchiveReader::DigestPolicy::kCheckDigest);
  if (!archive.ok()) return archive.status().WithContext("opening archive " + spec.archive_path);
  return OpenedSource{std::move(*archive), "archive:" + spec.archive_path};
}

Result<std::vector<std::uint64_t>> SourceHeads(EventSource& source, const std::vector<std::uint64_t>& from) {
  std::vector<std::uint64_t> heads(source.partitions(), 0);
  for (std::uint32_t p = 0; p < heads.size(); ++p) {
    std::uint64_t next = p < from.size() ? from[p] : 0;
    // The events themselves are not needed: count them.
    Status s = source.Scan(p, next, [&](std::uint64_t seq, ByteSpan) {
      next = seq + 1;
      return true;
    });
    if (!s.ok()) return s;
    heads[p] = next;
  }
  return heads;
}

}  // namespace pl::projections
