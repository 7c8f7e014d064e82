// The archive audit: AuditEvents over an archive file, against the
// archive's checkpoints, and its digest.
#include "ledger/archive/archive.h"
#include "ledger/node/audit.h"
#include "ledger/node/audit_internal.h"

namespace pl::node {

Result<AuditReport> AuditArchive(const std::string& path, const crypto::PublicKey& anchor, const crypto::PublicKey& log_key,
                                 const std::function<void(std::uint64_t)>& progress) {
  auto reader = archive::ArchiveReader::Open(path, archive::ArchiveReader::DigestPolicy::kReportDigest);
  if (!reader.ok()) return reader.status();
  archive::ArchiveReader& r = **reader;
  auto keys = KeysOfSource(r, anchor);
  if (!keys.ok()) return keys.status();
  AuditSubject subject;
  subject.events = &r;
  subject.keys = &*keys;
  subject.origin = r.info().origin;
  subject.log_key = &log_key;
  subject.name = "the archive";
  subject.damage = "archive damaged";
  for (const auto& c : r.info().checkpoints) subject.checkpoints.push_back({c.partition, c.tree_size, c.note, ""});
  auto report = AuditEvents(subject, progress);
  if (report.ok() && report->ok && !r.info().digest_ok) {
    report->ok = false;
    report->problem = "every event checks out, but the archive's digest does not match: a checkpoint or the trailer is damaged";
  }
  return report;
}

}  // namespace pl::node
