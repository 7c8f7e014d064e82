#include "projections/framework/tables.h"

#include "ledger/crypto/crypto.h"

namespace pl::projections {
namespace {

// Estimated bytes of one kept entry beyond its key and value: the map node,
// two string headers and allocator rounding.
constexpr std::size_t kEntryOverheadBytes = 112;

std::size_t EntryBytes(const std::string& key, const std::optional<std::string>& value) {
  return kEntryOverheadBytes + key.size() + (value ? value->size() : 0);
}
std::size_t EntryBytes(const std::string& key, std::size_t value_bytes) {
  return kEntryOverheadBytes + key.size() + value_bytes;
}

}  // namespace

Tables::Tables(KvStore* store) : store_(store), pending_(store->table_names().size()) {}

Result<std::optional<std::string>> Tables::Get(std::uint32_t table, std::string_view key) const {
  PL_ASSERT(table < pending_.size());
  const auto& p = pending_[table];
  if (auto it = p.find(key); it != p.end()) return it->second;
  if (store_empty_) return std::optional<std::string>();
  return store_->Get(table, key);
}

void Tables::Account(const std::string& key, const std::optional<std::string>* old_value, std::size_t new_value_bytes) {
  if (!in_memory_) return;
  if (old_value != nullptr) kept_bytes_ -= EntryBytes(key, *old_value);
  kept_bytes_ += EntryBytes(key, new_value_bytes);
}

void Tables::Put(std::uint32_t table, std::string key, std::string value) {
  PL_ASSERT(table < pending_.size());
  auto [it, inserted] = pending_[table].try_emplace(std::move(key));
  Account(it->first, inserted ? nullptr : &it->second, value.size());
  it->second = std::move(value);
}

void Tables::Delete(std::uint32_t table, std::string key) {
  PL_ASSERT(table < pending_.size());
  auto [it, inserted] = pending_[table].try_emplace(std::move(key));
  Account(it->first, inserted ? nullptr : &it->second, 0);
  it->second.reset();
}

Status Tables::Scan(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const {
  PL_ASSERT(table < pending_.size());
  const auto& p = pending_[table];
  auto it = p.lower_bound(prefix);
  auto in_prefix = [&] { return it != p.end() && std::string_view(it->first).starts_with(prefix); };
  bool stopped = false;
  if (store_empty_) {
    ScanPending(table, prefix, fn);
    return Status::Ok();
  }
  // Emits pending entries that sort before `key` (all of them when null).
  auto emit_pending_before = [&](const std::string_view* key) {
    while (!stopped && in_prefix() && (key == nullptr || it->first < *key)) {
      if (it->second && !fn(it->first, *it->second)) stopped = true;
      ++it;
    }
  };
  Status s = store_->Scan(table, prefix, [&](std::string_view key, std::string_view value) {
    emit_pending_before(&key);
    if (stopped) return false;
    if (in_prefix() && it->first == key) {  // pending write replaces the stored one
      bool go_on = !it->second || fn(it->first, *it->second);
      ++it;
      if (!go_on) stopped = true;
      return go_on;
    }
    if (!fn(key, value)) stopped = true;
    return !stopped;
  });
  PL_RETURN_IF_ERROR(s);
  emit_pending_before(nullptr);
  return Status::Ok();
}

void Tables::ScanPending(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const {
  PL_ASSERT(table < pending_.size());
  const auto& p = pending_[table];
  for (auto it = p.lower_bound(prefix); it != p.end() && std::string_view(it->first).starts_with(prefix); ++it) {
    if (it->second && !fn(it->first, *it->second)) return;
  }
}

Result<std::optional<std::string>> Tables::GetMeta(std::string_view key) const {
  return store_->Get(store_->meta_table(), key);
}

Status Tables::ScanMeta(std::string_view prefix, const KvVisitor& fn) const {
  return store_->Scan(store_->meta_table(), prefix, fn);
}

bool Tables::has_pending() const {
  for (const auto& p : pending_) {
    if (!p.empty()) return true;
  }
  return false;
}

Status Tables::Commit(const std::vector<std::pair<std::string, std::string>>& meta) {
  if (in_memory_) {
    for (const auto& [key, value] : meta) kept_meta_.insert_or_assign(key, value);
    if (kept_bytes_ <= bytes_max_) return Status::Ok();
    return WriteKept();
  }
  std::vector<KvWrite> writes;
  for (std::uint32_t t = 0; t < pending_.size(); ++t) {
    for (auto& [key, value] : pending_[t]) writes.push_back(KvWrite{t, key, std::move(value)});
  }
  for (const auto& [key, value] : meta) writes.push_back(KvWrite{store_->meta_table(), key, value});
  Status s = store_->Write(writes);
  Discard();
  return s;
}

void Tables::Discard() {
  for (auto& p : pending_) p.clear();
  kept_meta_.clear();
  kept_bytes_ = 0;
}

void Tables::BeginInMemory(std::size_t bytes_max) {
  PL_ASSERT(!has_pending());
  in_memory_ = true;
  bytes_max_ = bytes_max;
  kept_bytes_ = 0;
  // Nothing stored in any table: reads need not go to RocksDB (positions
  // are written with the tables, so an empty store has none either).
  store_empty_ = true;
  for (std::uint32_t t = 0; t < pending_.size() && store_empty_; ++t) {
    bool any = false;
    Status s = store_->Scan(t, "", [&](std::string_view, std::string_view) {
      any = true;
      return false;
    });
    if (!s.ok() || any) store_empty_ = false;
  }
}

Status Tables::EndInMemory() {
  Status s = has_pending() || !kept_meta_.empty() ? WriteKept() : Status::Ok();
  in_memory_ = false;
  store_empty_ = false;
  return s;
}

// Writes every kept entry and the kept meta in one atomic bulk load.
Status Tables::WriteKept() {
  const std::uint32_t meta = store_->meta_table();
  Status s = store_->IngestSorted([&](std::uint32_t t, const KvSortedPut& put) -> Status {
    if (t == meta) {
      for (const auto& [key, value] : kept_meta_) PL_RETURN_IF_ERROR(put(key, &value));
      return Status::Ok();
    }
    for (const auto& [key, value] : pending_[t]) PL_RETURN_IF_ERROR(put(key, value ? &*value : nullptr));
    return Status::Ok();
  });
  Discard();  // written, or (on failure) the host reloads its last bulk load
  if (s.ok()) ++bulk_writes_;
  store_empty_ = false;
  return s;
}

Result<Hash256> Tables::Digest() const {
  PL_ASSERT(!has_pending());
  crypto::Sha256Hasher sha;
  auto add = [&](std::string_view bytes) {
    std::string len;
    AppendBigEndian32(len, std::uint32_t(bytes.size()));
    sha.Update(AsBytes(len));
    sha.Update(AsBytes(bytes));
  };
  for (std::uint32_t t = 0; t < pending_.size(); ++t) {
    add(store_->table_names()[t]);
    std::uint64_t entries = 0;
    Status s = store_->Scan(t, "", [&](std::string_view key, std::string_view value) {
      add(key);
      add(value);
      ++entries;
      return true;
    });
    PL_RETURN_IF_ERROR(s);
    std::string count;
    AppendBigEndian64(count, entries);
    sha.Update(AsBytes(count));
  }
  return sha.Finish();
}

}  // namespace pl::projections
