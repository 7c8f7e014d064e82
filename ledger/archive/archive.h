// The archive file: a self-contained, integrity-checked export of a ledger's
// sealed events (and the checkpoints that sign them), for statisticians and
// auditors who must work without the node. Layout: ARCHIVE.md beside this
// file. The only code that reads or writes it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/event_source.h"
#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"

namespace pl::archive {

struct ArchiveCheckpoint {
  std::uint32_t partition = 0;
  std::uint64_t tree_size = 0;
  std::string note;  // the signed note, verbatim
};

// Writes to PATH.tmp and renames to PATH in Finish(), after an fsync, so an
// archive file either is complete or does not exist. Records MUST come
// partition by partition in increasing order, seq contiguous from the first
// one written for that partition. Not thread-safe.
class ArchiveWriter {
 public:
  static Result<std::unique_ptr<ArchiveWriter>> Create(const std::string& path, const std::string& origin,
                                                       std::uint32_t partitions);
  ~ArchiveWriter();  // without Finish(): the temporary file is removed

  Status AddEvent(std::uint32_t partition, std::uint64_t seq, ByteSpan sealed);
  Status AddCheckpoint(const ArchiveCheckpoint& checkpoint);
  // Writes the trailer (record count and SHA-256 of everything before it).
  Status Finish();

  std::uint64_t events() const { return events_; }

 private:
  ArchiveWriter() = default;
  Status Write(const void* data, std::size_t size);
  std::string path_, tmp_path_;
  std::FILE* file_ = nullptr;
  crypto::Sha256Hasher sha_;
  std::uint64_t records_ = 0, events_ = 0;
  std::int64_t last_partition_ = -1;
  std::uint64_t next_seq_ = 0;
};

struct ArchiveInfo {
  std::string origin;
  std::uint32_t partitions = 0;
  std::uint64_t events = 0;
  std::vector<std::uint64_t> events_per_partition;
  std::vector<ArchiveCheckpoint> checkpoints;
  bool digest_ok = false;  // the trailer's SHA-256 matches the file
};

class ArchiveReader : public EventSource {
 public:
  // kCheckDigest: Open() reads the whole file once and fails (kCorruption)
  // unless the trailer's digest matches -- what projections want.
  // kReportDigest: Open() still computes the digest but only reports it in
  // info().digest_ok, so that `verify` can go on to name the first bad
  // event.
  enum class DigestPolicy { kCheckDigest, kReportDigest };
  static Result<std::unique_ptr<ArchiveReader>> Open(const std::string& path, DigestPolicy policy);
  ~ArchiveReader() override;

  const ArchiveInfo& info() const { return info_; }
  std::uint32_t partitions() const override { return info_.partitions; }
  Status Scan(std::uint32_t partition, std::uint64_t from_seq,
              const std::function<bool(std::uint64_t, ByteSpan)>& fn) override;

 private:
  ArchiveReader() = default;
  std::string path_;
  std::FILE* file_ = nullptr;
  ArchiveInfo info_;
  std::vector<long> partition_offsets_;  // file offset of each partition's first record, -1 if none
  std::vector<std::uint64_t> first_seq_;  // seq of each partition's first record
};

}  // namespace pl::archive
