// export --archive: the store's sealed events into an archive file.
#include "ledger/archive/archive.h"
#include "ledger/store/store.h"
#include "tools/patentledger/cli.h"

namespace pl::cli {

int ExportArchive(const std::string& ledger_dir, const std::string& path, std::optional<std::uint32_t> partition,
                  std::uint64_t from_seq) {
  auto store = store::Store::Open(ledger_dir);
  if (!store.ok()) return Fail(store.status());
  const auto& config = (*store)->config();
  auto writer = archive::ArchiveWriter::Create(path, config.origin, config.partitions);
  if (!writer.ok()) return Fail(writer.status());
  Progress progress("export");
  Status error;
  for (std::uint32_t p = 0; p < config.partitions && error.ok(); ++p) {
    if (partition && *partition != p) continue;
    Status s = (*store)->Scan(p, from_seq, [&](std::uint64_t seq, ByteSpan sealed) {
      error = (*writer)->AddEvent(p, seq, sealed);
      progress.Tick((*writer)->events());
      return error.ok();
    });
    if (!s.ok()) error = s;
    // The partition's latest checkpoint travels with its events, so the
    // archive can be audited against a signed root (verify --archive).
    if (!error.ok()) break;
    auto latest = (*store)->GetLatestCheckpoint(p);
    if (!latest.ok()) error = latest.status();
    else if (*latest) error = (*writer)->AddCheckpoint({p, (*latest)->first, (*latest)->second});
  }
  if (error.ok()) error = (*writer)->Finish();
  progress.Finish((*writer)->events());
  if (!error.ok()) return Fail(error);
  std::printf("{\"archive\":\"%s\",\"events\":%llu,\"partitions\":%u}\n", path.c_str(),
              (unsigned long long)(*writer)->events(), config.partitions);
  return kExitOk;
}

}  // namespace pl::cli
