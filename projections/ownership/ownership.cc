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

struct StoredVersion {
  Version meta;
  std::string submission_bytes;
};

std::string EncodeVersion(const Event& e) {
  RecordWriter w(e.submission_bytes.size() + 48);  // the fields below take at most 48 bytes
  w.Varint(e.header.partition);
  w.Varint(e.header.seq);
  w.Int(e.submission.effective_date);
  w.Int(e.header.recorded_at_us);
  w.Varint(e.header.flags);
  w.Str(AsChars(e.submission_bytes));
  return w.Take();
}

Result<StoredVersion> DecodeVersion(std::string_view key, std::string_view value) {
  StoredVersion v;
  if (key.size() < 9) return Status::Corruption("ownership history key is malformed");
  v.meta.version = ReadBigEndian64(key.data() + key.size() - 8);
  RecordReader r(value);
  v.meta.partition = std::uint32_t(r.Varint());
  v.meta.seq = r.Varint();
  v.meta.effective_date = std::int32_t(r.Int());
  v.meta.recorded_at_us = r.Int();
  v.meta.flags = std::uint32_t(r.Varint());
  v.submission_bytes = r.Str();
  if (!r.done()) return Status::Corruption("ownership history record is malformed");
  return v;
}

Result<std::vector<StoredVersion>> LoadHistory(const Tables& tables, const std::string& patent) {
  std::vector<StoredVersion> out;
  Status bad;
  Status s = tables.Scan(kHistory, HistoryPrefix(patent), [&](std::string_view key, std::string_view value) {
    auto v = DecodeVersion(key, value);
    if (!v.ok()) {
      bad = v.status();
      return false;
    }
    out.push_back(std::move(*v));
    return out.size() < limits::kHistoryVersionsPerQueryMax;
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
}

Result<RegisterState*> OwnershipProjection::Load(const std::string& patent, bool first_event) {
  auto it = cache_.find(patent);
  if (it != cache_.end()) return &it->second;
  // A stream's first event starts its register: nothing to read (a register
  // already cached fails the version check in Apply).
  if (first_event) return &cache_.emplace(patent, RegisterState()).first->second;
  auto stored = tables_->Get(kCurrent, patent);
  if (!stored.ok()) return stored.status();
  RegisterState st;
  if (*stored) {
    auto decoded = DecodeRegister(**stored);
    if (!decoded.ok()) return decoded.status();
    st = std::move(*decoded);
  }
  return &cache_.emplace(patent, std::move(st)).first->second;
}

Status OwnershipProjection::Apply(const Event& e) {
  if (domain::IsKeyEvent(e.submission.body)) return Status::Ok();
  const std::string& patent = e.submission.patent;
  auto st = Load(patent, e.header.stream_version == 0);
  if (!st.ok()) return st.status();
  if ((*st)->events != e.header.stream_version) {
    return Status::Corruption(patent + ": stream version " + std::to_string(e.header.stream_version) +
                              " but the register has " + std::to_string((*st)->events) + " events");
  }
  Fold(**st, e.submission, FoldContext{e.header.recorded_at_us, e.header.flags});
  dirty_.insert(patent);
  tables_->Put(kHistory, HistoryPrefix(patent) + KeyU64(e.header.stream_version), EncodeVersion(e));
  return Status::Ok();
}

Status OwnershipProjection::Flush() {
  for (const auto& patent : dirty_) tables_->Put(kCurrent, patent, EncodeRegister(cache_.at(patent)));
  dirty_.clear();
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
