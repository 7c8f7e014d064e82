#include "projections/framework/host.h"

#include <cstring>

#include "projections/framework/limits.h"
#include "projections/framework/record_io.h"

namespace pl::projections {
namespace {

constexpr char kFormatKey[] = "format";
constexpr char kPositionPrefix[] = "pos/";
constexpr std::size_t kPositionValueBytes = 8 + 32 + 8;

std::string FormatText(const Projection& p) {
  return std::string(p.name()) + "/" + std::to_string(p.format_version());
}

std::string PositionValue(const PartitionPosition& pos) {
  std::string v = KeyU64(pos.next_seq);
  v.append(reinterpret_cast<const char*>(pos.last_hash.data()), pos.last_hash.size());
  v += KeyU64(std::uint64_t(pos.last_recorded_at_us));
  return v;
}

}  // namespace

std::string PositionsText(const Positions& positions) {
  std::string out;
  for (const auto& [partition, pos] : positions) {
    if (pos.next_seq == 0) continue;
    if (!out.empty()) out += ",";
    out += std::to_string(partition) + ":" + std::to_string(pos.next_seq - 1);
  }
  return out.empty() ? "-" : out;
}

ProjectionHost::~ProjectionHost() = default;

Result<std::unique_ptr<ProjectionHost>> ProjectionHost::Open(const std::string& dir,
                                                             std::unique_ptr<Projection> projection,
                                                             bool rebuild) {
  std::unique_ptr<ProjectionHost> host(new ProjectionHost());
  host->dir_ = dir;
  host->projection_ = std::move(projection);
  if (rebuild) PL_RETURN_IF_ERROR(KvStore::Destroy(dir));
  PL_RETURN_IF_ERROR(host->Load());
  return host;
}

Status ProjectionHost::Load() {
  tables_.reset();
  store_.reset();
  auto store = KvStore::Open(dir_, projection_->table_names());
  if (!store.ok()) return store.status().WithContext(projection_->name());
  store_ = std::move(*store);
  tables_ = std::make_unique<Tables>(store_.get());
  auto format = tables_->GetMeta(kFormatKey);
  if (!format.ok()) return format.status();
  if (!*format) {
    PL_RETURN_IF_ERROR(tables_->Commit({{kFormatKey, FormatText(*projection_)}}));
  } else if (**format != FormatText(*projection_)) {
    return Status::FailedPrecondition(dir_ + " holds projection " + **format + ", not " + FormatText(*projection_) +
                                      ": rebuild it");
  }
  committed_.clear();
  Status bad;
  Status s = tables_->ScanMeta(kPositionPrefix, [&](std::string_view key, std::string_view value) {
    if (key.size() != std::strlen(kPositionPrefix) + 4 || value.size() != kPositionValueBytes) {
      bad = Status::Corruption(dir_ + ": malformed position record");
      return false;
    }
    PartitionPosition pos;
    pos.next_seq = ReadBigEndian64(value.data());
    std::memcpy(pos.last_hash.data(), value.data() + 8, 32);
    pos.last_recorded_at_us = std::int64_t(ReadBigEndian64(value.data() + 40));
    committed_[ReadBigEndian32(key.data() + std::strlen(kPositionPrefix))] = pos;
    return true;
  });
  PL_RETURN_IF_ERROR(s);
  PL_RETURN_IF_ERROR(bad);
  positions_ = committed_;
  pending_events_ = 0;
  projection_->Attach(tables_.get());
  return Status::Ok();
}

Status ProjectionHost::Apply(const Event& event) {
  PartitionPosition& pos = positions_[event.header.partition];
  PL_ASSERT(pos.next_seq == event.header.seq);
  Status s = projection_->Apply(event);
  if (!s.ok()) {
    return s.WithContext(std::string(name()) + ": partition " + std::to_string(event.header.partition) + " seq " +
                         std::to_string(event.header.seq));
  }
  pos.next_seq = event.header.seq + 1;
  pos.last_hash = event.leaf_hash;
  pos.last_recorded_at_us = event.header.recorded_at_us;
  ++pending_events_;
  return Status::Ok();
}

Status ProjectionHost::Commit() {
  if (pending_events_ == 0) return Status::Ok();
  // In-memory replay: the batch simply goes on -- a larger batch gives the
  // same tables (projection.h) -- until the kept bytes pass the budget or
  // the projection's own memory (dirty keys, caches) wants a flush.
  if (tables_->in_memory() && pending_events_ < limits::kInMemoryFlushEvents &&
      !tables_->over_budget(projection_->held_bytes())) {
    return Status::Ok();
  }
  return CommitBatch();
}

Status ProjectionHost::CommitBatch() {
  Status s = projection_->Flush();
  std::vector<std::pair<std::string, std::string>> meta;
  for (const auto& [partition, pos] : positions_) {
    if (committed_.count(partition) && committed_[partition] == pos) continue;
    meta.emplace_back(kPositionPrefix + KeyU32(partition), PositionValue(pos));
  }
  if (s.ok()) s = tables_->Commit(meta);
  if (!s.ok()) {
    tables_->Discard();
    Status reload = Load();
    if (!reload.ok()) return reload.WithContext(s.ToString() + "; then reloading");
    return s.WithContext(std::string(name()) + ": commit");
  }
  if (!tables_->holds_unwritten()) committed_ = positions_;
  pending_events_ = 0;
  projection_->AfterCommit();
  return Status::Ok();
}

void ProjectionHost::BeginInMemory(std::size_t bytes_max) {
  PL_ASSERT(pending_events_ == 0);
  tables_->BeginInMemory(bytes_max);
}

Status ProjectionHost::EndInMemory(bool write) {
  if (!write) return Load();
  if (pending_events_ > 0) PL_RETURN_IF_ERROR(CommitBatch());
  Status s = tables_->EndInMemory();
  if (!s.ok()) {
    Status reload = Load();
    if (!reload.ok()) return reload.WithContext(s.ToString() + "; then reloading");
    return s.WithContext(std::string(name()) + ": writing the replayed tables");
  }
  committed_ = positions_;
  return Status::Ok();
}

Result<Hash256> ProjectionHost::Digest() const { return tables_->Digest(); }

Status ProjectionHost::Rebuild() {
  tables_.reset();
  store_.reset();
  PL_RETURN_IF_ERROR(KvStore::Destroy(dir_));
  return Load();
}

}  // namespace pl::projections
