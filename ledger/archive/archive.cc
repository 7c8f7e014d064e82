// Archive file reader and writer. Byte layout: ARCHIVE.md.
#include "ledger/archive/archive.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ledger/base/assert.h"

namespace pl::archive {
namespace {

constexpr char kMagic[8] = {'P', 'L', 'A', 'R', 'C', 'H', 'V', '1'};
constexpr std::uint8_t kRecordEvent = 1;
constexpr std::uint8_t kRecordCheckpoint = 2;
constexpr std::uint8_t kRecordTrailer = 0xFF;
// type u8, partition u32, seq/tree size u64, length u32.
constexpr std::size_t kRecordHeaderBytes = 1 + 4 + 8 + 4;
// A sealed event is at most the envelope limit plus its header; checkpoints
// are a few hundred bytes. Anything larger is damage, not data.
constexpr std::uint32_t kRecordBytesMax = 1u << 20;
constexpr std::uint32_t kOriginBytesMax = 1024;
constexpr std::size_t kIoBufferBytes = 1u << 20;

std::string ErrnoText() { return std::strerror(errno); }

struct RecordHeader {
  std::uint8_t type = 0;
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
  std::uint32_t length = 0;
};

// Reads exactly `size` bytes; false at a clean or torn end of file.
bool ReadExactly(std::FILE* f, void* out, std::size_t size) { return std::fread(out, 1, size, f) == size; }

}  // namespace

// ---- writer ---------------------------------------------------------------

Result<std::unique_ptr<ArchiveWriter>> ArchiveWriter::Create(const std::string& path, const std::string& origin,
                                                             std::uint32_t partitions) {
  if (origin.size() > kOriginBytesMax) return Status::InvalidArgument("archive: origin is too long");
  std::unique_ptr<ArchiveWriter> w(new ArchiveWriter());
  w->path_ = path;
  w->tmp_path_ = path + ".tmp";
  w->file_ = std::fopen(w->tmp_path_.c_str(), "wb");
  if (w->file_ == nullptr) return Status::IoError("creating archive '" + w->tmp_path_ + "': " + ErrnoText());
  std::setvbuf(w->file_, nullptr, _IOFBF, kIoBufferBytes);
  std::string header(kMagic, sizeof kMagic);
  AppendBigEndian32(header, partitions);
  AppendBigEndian32(header, std::uint32_t(origin.size()));
  header += origin;
  PL_RETURN_IF_ERROR(w->Write(header.data(), header.size()));
  return w;
}

ArchiveWriter::~ArchiveWriter() {
  if (file_ != nullptr) {
    std::fclose(file_);
    ::unlink(tmp_path_.c_str());
  }
}

Status ArchiveWriter::Write(const void* data, std::size_t size) {
  PL_ASSERT(file_ != nullptr);
  sha_.Update(ByteSpan(static_cast<const std::uint8_t*>(data), size));
  if (std::fwrite(data, 1, size, file_) != size) {
    return Status::IoError("writing archive '" + tmp_path_ + "': " + ErrnoText());
  }
  return Status::Ok();
}

static std::string RecordHeaderBytes(std::uint8_t type, std::uint32_t partition, std::uint64_t seq,
                                     std::uint32_t length) {
  std::string h(1, char(type));
  AppendBigEndian32(h, partition);
  AppendBigEndian64(h, seq);
  AppendBigEndian32(h, length);
  return h;
}

Status ArchiveWriter::AddEvent(std::uint32_t partition, std::uint64_t seq, ByteSpan sealed) {
  if (std::int64_t(partition) < last_partition_) {
    return Status::InvalidArgument("archive: partition " + std::to_string(partition) + " written after " +
                                   std::to_string(last_partition_));
  }
  if (std::int64_t(partition) == last_partition_ && seq != next_seq_) {
    return Status::InvalidArgument("archive: partition " + std::to_string(partition) + " seq " +
                                   std::to_string(seq) + " does not follow seq " + std::to_string(next_seq_ - 1));
  }
  if (sealed.size() > kRecordBytesMax) return Status::InvalidArgument("archive: event larger than a record may be");
  last_partition_ = partition;
  next_seq_ = seq + 1;
  std::string h = RecordHeaderBytes(kRecordEvent, partition, seq, std::uint32_t(sealed.size()));
  PL_RETURN_IF_ERROR(Write(h.data(), h.size()));
  PL_RETURN_IF_ERROR(Write(sealed.data(), sealed.size()));
  ++records_;
  ++events_;
  return Status::Ok();
}

Status ArchiveWriter::AddCheckpoint(const ArchiveCheckpoint& c) {
  if (c.note.size() > kRecordBytesMax) return Status::InvalidArgument("archive: checkpoint note too large");
  std::string h = RecordHeaderBytes(kRecordCheckpoint, c.partition, c.tree_size, std::uint32_t(c.note.size()));
  PL_RETURN_IF_ERROR(Write(h.data(), h.size()));
  PL_RETURN_IF_ERROR(Write(c.note.data(), c.note.size()));
  ++records_;
  return Status::Ok();
}

Status ArchiveWriter::Finish() {
  std::string t(1, char(kRecordTrailer));
  AppendBigEndian64(t, records_);
  PL_RETURN_IF_ERROR(Write(t.data(), t.size()));
  Hash256 digest = sha_.Finish();
  if (std::fwrite(digest.data(), 1, digest.size(), file_) != digest.size() || std::fflush(file_) != 0 ||
      ::fsync(::fileno(file_)) != 0) {
    return Status::IoError("writing archive '" + tmp_path_ + "': " + ErrnoText());
  }
  std::fclose(file_);
  file_ = nullptr;
  if (std::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp_path_.c_str());
    return Status::IoError("renaming archive to '" + path_ + "': " + ErrnoText());
  }
  return Status::Ok();
}

// ---- reader ---------------------------------------------------------------

namespace {

// Reads and hashes one record header; `offset` is where it starts.
Status ReadRecordHeader(std::FILE* f, crypto::Sha256Hasher& sha, long offset, RecordHeader* out) {
  char raw[kRecordHeaderBytes];
  if (!ReadExactly(f, raw, 1)) return Status::Corruption("archive ends at byte " + std::to_string(offset) + " without its trailer");
  out->type = std::uint8_t(raw[0]);
  if (out->type == kRecordTrailer) {
    sha.Update(ByteSpan(reinterpret_cast<const std::uint8_t*>(raw), 1));
    return Status::Ok();
  }
  if (!ReadExactly(f, raw + 1, kRecordHeaderBytes - 1)) {
    return Status::Corruption("archive: record at byte " + std::to_string(offset) + " is cut off");
  }
  sha.Update(ByteSpan(reinterpret_cast<const std::uint8_t*>(raw), kRecordHeaderBytes));
  out->partition = ReadBigEndian32(raw + 1);
  out->seq = ReadBigEndian64(raw + 5);
  out->length = ReadBigEndian32(raw + 13);
  if ((out->type != kRecordEvent && out->type != kRecordCheckpoint) || out->length > kRecordBytesMax) {
    return Status::Corruption("archive: record at byte " + std::to_string(offset) + " has type " +
                              std::to_string(out->type) + " and length " + std::to_string(out->length));
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::Open(const std::string& path, DigestPolicy policy) {
  std::unique_ptr<ArchiveReader> r(new ArchiveReader());
  r->path_ = path;
  r->file_ = std::fopen(path.c_str(), "rb");
  if (r->file_ == nullptr) return Status::InvalidArgument("cannot open archive '" + path + "': " + ErrnoText());
  std::setvbuf(r->file_, nullptr, _IOFBF, kIoBufferBytes);
  std::FILE* f = r->file_;
  crypto::Sha256Hasher sha;
  char head[sizeof kMagic + 8];
  if (!ReadExactly(f, head, sizeof head) || std::memcmp(head, kMagic, sizeof kMagic) != 0) {
    return Status::InvalidArgument("'" + path + "' is not a patent ledger archive");
  }
  ArchiveInfo& info = r->info_;
  info.partitions = ReadBigEndian32(head + 8);
  std::uint32_t origin_size = ReadBigEndian32(head + 12);
  if (origin_size > kOriginBytesMax || info.partitions == 0) return Status::Corruption("archive header is damaged");
  info.origin.resize(origin_size);
  if (!ReadExactly(f, info.origin.data(), origin_size)) return Status::Corruption("archive header is cut off");
  sha.Update(ByteSpan(reinterpret_cast<const std::uint8_t*>(head), sizeof head));
  sha.Update(AsBytes(info.origin));
  info.events_per_partition.assign(info.partitions, 0);
  r->partition_offsets_.assign(info.partitions, -1);
  r->first_seq_.assign(info.partitions, 0);

  std::uint64_t records = 0;
  std::string body;
  while (true) {
    long offset = std::ftell(f);
    RecordHeader h;
    PL_RETURN_IF_ERROR(ReadRecordHeader(f, sha, offset, &h));
    if (h.type == kRecordTrailer) break;
    if (h.partition >= info.partitions) {
      return Status::Corruption("archive: record at byte " + std::to_string(offset) + " names partition " +
                                std::to_string(h.partition));
    }
    body.resize(h.length);
    if (!ReadExactly(f, body.data(), h.length)) {
      return Status::Corruption("archive: record at byte " + std::to_string(offset) + " is cut off");
    }
    sha.Update(AsBytes(body));
    ++records;
    if (h.type == kRecordCheckpoint) {
      info.checkpoints.push_back({h.partition, h.seq, body});
      continue;
    }
    if (r->partition_offsets_[h.partition] < 0) {
      r->partition_offsets_[h.partition] = offset;
      r->first_seq_[h.partition] = h.seq;
    }
    ++info.events_per_partition[h.partition];
    ++info.events;
  }
  char tail[8 + 32];
  if (!ReadExactly(f, tail, sizeof tail)) return Status::Corruption("archive trailer is cut off");
  sha.Update(ByteSpan(reinterpret_cast<const std::uint8_t*>(tail), 8));
  Hash256 digest = sha.Finish();
  info.digest_ok = ReadBigEndian64(tail) == records && std::memcmp(digest.data(), tail + 8, 32) == 0 &&
                   std::fgetc(f) == EOF;
  if (!info.digest_ok && policy == DigestPolicy::kCheckDigest) {
    return Status::Corruption("archive '" + path + "' fails its integrity check (SHA-256 trailer does not match)");
  }
  return r;
}

ArchiveReader::~ArchiveReader() {
  if (file_ != nullptr) std::fclose(file_);
}

Status ArchiveReader::Scan(std::uint32_t partition, std::uint64_t from_seq,
                           const std::function<bool(std::uint64_t, ByteSpan)>& fn) {
  if (partition >= info_.partitions) {
    return Status::InvalidArgument("archive has no partition " + std::to_string(partition));
  }
  if (partition_offsets_[partition] < 0) return Status::Ok();
  if (std::fseek(file_, partition_offsets_[partition], SEEK_SET) != 0) {
    return Status::IoError("seeking in archive '" + path_ + "': " + ErrnoText());
  }
  crypto::Sha256Hasher unused;  // the digest was checked at Open()
  std::uint64_t expected = first_seq_[partition];
  Bytes body;
  while (true) {
    long offset = std::ftell(file_);
    RecordHeader h;
    PL_RETURN_IF_ERROR(ReadRecordHeader(file_, unused, offset, &h));
    if (h.type == kRecordTrailer || (h.type == kRecordEvent && h.partition != partition)) return Status::Ok();
    body.resize(h.length);
    if (!ReadExactly(file_, body.data(), h.length)) return Status::Corruption("archive: record cut off");
    if (h.type != kRecordEvent) continue;
    if (h.seq != expected) {
      return Status::Corruption("archive: partition " + std::to_string(partition) + " has seq " +
                                std::to_string(h.seq) + " where seq " + std::to_string(expected) + " belongs");
    }
    ++expected;
    if (h.seq < from_seq) continue;
    if (!fn(h.seq, body)) return Status::Ok();
  }
}

}  // namespace pl::archive
