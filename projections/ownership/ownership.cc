#include "projections/ownership/ownership.h"

#include <algorithm>

#include "ledger/codec/codec.h"
#include "projections/framework/limits.h"
#include "projections/framework/record_io.h"

namespace pl::projections::ownership {
namespace {

constexpr std::uint32_t kCurrent = 0;
constexpr std::uint32_t kHistory = 1;

std::string HistoryPrefix(const std::string& patent) { return patent + std::string(1, '\0'); }

// The first version of the chunk holding `version`, and that chunk's key.
std::uint64_t ChunkStart(std::uint64_t version) { return version - version % kHistoryChunkVersions; }
std::string ChunkKey(const std::string& patent, std::uint64_t version) {
  return HistoryPrefix(patent) + KeyU64(ChunkStart(version));
}

struct StoredVersion {
  Version meta;
  std::string submission_bytes;
};

// Appends one version to a history chunk.
void AppendVersion(std::string* chunk, const Event& e) {
  RecordWriter w(std::move(*chunk));
  w.Varint(e.header.partition);
  w.Varint(e.header.seq);
  w.Int(e.submission.effective_date);
  w.Int(e.header.recorded_at_us);
  w.Varint(e.header.flags);
  w.Str(AsChars(e.submission_bytes));
  *chunk = w.Take();
}

// The versions of one history chunk, appended to *out.
Status DecodeChunk(std::string_view key, std::string_view value, std::vector<StoredVersion>* out) {
  if (key.size() < 9) return Status::Corruption("ownership history key is malformed");
  std::uint64_t version = ReadBigEndian64(key.data() + key.size() - 8);
  RecordReader r(value);
  do {
    StoredVersion v;
    v.meta.version = version++;
    v.meta.partition = std::uint32_t(r.Varint());
    v.meta.seq = r.Varint();
    v.meta.effective_date = std::int32_t(r.Int());
    v.meta.recorded_at_us = r.Int();
    v.meta.flags = std::uint32_t(r.Varint());
    v.submission_bytes = r.Str();
    if (!r.ok()) return Status::Corruption("ownership history record is malformed");
    out->push_back(std::move(v));
  } while (!r.done() && out->size() < limits::kHistoryVersionsPerQueryMax);
  return Status::Ok();
}

Result<std::vector<StoredVersion>> LoadHistory(const Tables& tables, const std::string& patent) {
  std::vector<StoredVersion> out;
  Status bad;
  Status s = tables.Scan(kHistory, HistoryPrefix(patent), [&](std::string_view key, std::string_view value) {
    bad = DecodeChunk(key, value, &out);
    return bad.ok() && out.size() < limits::kHistoryVersionsPerQueryMax;
  });
  PL_RETURN_IF_ERROR(s);
  PL_RETURN_IF_ERROR(bad);
  return out;
}

}  // namespace

void OwnershipProjection::Attach(Tables* tables) {
  tables_ = tables;
  cache_.clear();
  dirty_.clear();
  held_bytes_ = 0;
}

Result<OwnershipProjection::CacheEntry*> OwnershipProjection::Load(const std::string& patent, bool first_event) {
  auto it = cache_.find(patent);
  if (it != cache_.end()) return &*it;
  // A stream's first event starts its register: nothing to read (a register
  // already cached fails the version check in Apply).
  if (first_event) return &*cache_.emplace(patent, Cached()).first;
  auto stored = tables_->Get(kCurrent, patent);
  if (!stored.ok()) return stored.status();
  Cached c;
  if (*stored) {
    auto decoded = DecodeRegister(**stored);
    if (!decoded.ok()) return decoded.status();
    c.state = std::move(*decoded);
  }
  return &*cache_.emplace(patent, std::move(c)).first;
}

Status OwnershipProjection::Apply(const Event& e) {
  if (domain::IsKeyEvent(e.submission.body)) return Status::Ok();
  const std::string& patent = e.submission.patent;
  auto entry = Load(patent, e.header.stream_version == 0);
  if (!entry.ok()) return entry.status();
  Cached& c = (*entry)->second;
  if (c.state.events != e.header.stream_version) {
    return Status::Corruption(patent + ": stream version " + std::to_string(e.header.stream_version) +
                              " but the register has " + std::to_string(c.state.events) + " events");
  }
  Fold(c.state, e.submission, FoldContext{e.header.recorded_at_us, e.header.flags});
  if (!c.dirty) {
    c.dirty = true;
    dirty_.push_back(*entry);
  }
  return AppendHistory(*entry, e);
}

Status OwnershipProjection::AppendHistory(CacheEntry* entry, const Event& e) {
  Cached& c = entry->second;
  const std::uint64_t version = e.header.stream_version;
  const std::uint64_t first = ChunkStart(version);
  if (!c.chunk_loaded) {
    c.chunk.clear();
    if (version != first) {  // the chunk has earlier versions, already written
      auto stored = tables_->Get(kHistory, ChunkKey(entry->first, version));
      if (!stored.ok()) return stored.status();
      if (!*stored) return Status::Corruption(entry->first + ": history chunk " + std::to_string(first) + " is missing");
      c.chunk = std::move(**stored);
    }
    c.chunk_loaded = true;
  }
  const std::size_t before = c.chunk.size();
  AppendVersion(&c.chunk, e);
  c.chunk_held += c.chunk.size() - before;
  held_bytes_ += c.chunk.size() - before;
  if (version + 1 - first == kHistoryChunkVersions) {  // complete: written now, never again
    tables_->Put(kHistory, ChunkKey(entry->first, version), std::move(c.chunk));
    held_bytes_ -= c.chunk_held;  // the tables count it from now on
    c.chunk.clear();
    c.chunk_loaded = false;
    c.chunk_held = 0;
  }
  return Status::Ok();
}

Status OwnershipProjection::Flush() {
  for (CacheEntry* entry : dirty_) {
    Cached& c = entry->second;
    tables_->Put(kCurrent, entry->first, EncodeRegister(c.state));
    if (c.chunk_loaded) {  // an incomplete chunk: written as it is, read back if it grows
      tables_->Put(kHistory, ChunkKey(entry->first, c.state.events - 1), std::move(c.chunk));
      c.chunk.clear();
      c.chunk_loaded = false;
      c.chunk_held = 0;
    }
    c.dirty = false;
  }
  dirty_.clear();
  held_bytes_ = 0;
  return Status::Ok();
}

void OwnershipProjection::AfterCommit() {
  if (cache_.size() > limits::kCacheEntriesMax) cache_.clear();
}

Result<std::optional<RegisterState>> Current(const Tables& tables, const std::string& patent) {
  auto stored = tables.Get(kCurrent, patent);
  if (!stored.ok()) return stored.status();
  if (!*stored) return std::optional<RegisterState>();
  auto st = DecodeRegister(**stored);
  if (!st.ok()) return st.status();
  return std::optional<RegisterState>(std::move(*st));
}

Result<std::optional<RegisterState>> QueryAsOf(const Tables& tables, const std::string& patent, const AsOf& as_of) {
  auto history = LoadHistory(tables, patent);
  if (!history.ok()) return history.status();
  std::vector<const StoredVersion*> chosen;
  for (const auto& v : *history) {
    if (as_of.recorded_at_us && v.meta.recorded_at_us > *as_of.recorded_at_us) continue;
    if (as_of.effective_date && v.meta.version != 0 && v.meta.effective_date > *as_of.effective_date) continue;
    chosen.push_back(&v);
  }
  if (chosen.empty() || chosen.front()->meta.version != 0) return std::optional<RegisterState>();
  if (as_of.effective_date) {
    if (chosen.front()->meta.effective_date > *as_of.effective_date) return std::optional<RegisterState>();
    std::stable_sort(chosen.begin() + 1, chosen.end(), [](const StoredVersion* a, const StoredVersion* b) {
      return std::pair(a->meta.effective_date, a->meta.version) < std::pair(b->meta.effective_date, b->meta.version);
    });
  }
  RegisterState st;
  for (const StoredVersion* v : chosen) {
    auto s = codec::DecodeSubmission(AsBytes(v->submission_bytes));
    if (!s.ok()) return Status::Corruption("ownership history of " + patent + ": " + s.status().message());
    Fold(st, *s, FoldContext{v->meta.recorded_at_us, v->meta.flags});
  }
  return std::optional<RegisterState>(std::move(st));
}

Result<std::vector<Version>> History(const Tables& tables, const std::string& patent) {
  auto history = LoadHistory(tables, patent);
  if (!history.ok()) return history.status();
  std::vector<Version> out;
  for (auto& v : *history) {
    auto s = codec::DecodeSubmission(AsBytes(v.submission_bytes));
    if (!s.ok()) return Status::Corruption("ownership history of " + patent + ": " + s.status().message());
    v.meta.kind = domain::KindName(s->body);
    out.push_back(std::move(v.meta));
  }
  return out;
}

}  // namespace pl::projections::ownership
