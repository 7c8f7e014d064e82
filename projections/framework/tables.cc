#include "projections/framework/tables.h"

#include <algorithm>

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

void Tables::Pending::clear() {
  hashed.clear();
  groups.clear();
}

std::string_view Tables::Pending::GroupOf(std::string_view key) const {
  if (group_separators == 0) return {};
  std::size_t seen = 0;
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (key[i] == '\0' && ++seen == group_separators) return key.substr(0, i + 1);
  }
  return {};
}

const Tables::Value* Tables::Pending::Find(std::string_view key) const {
  auto it = hashed.find(key);
  return it == hashed.end() ? nullptr : &it->second;
}

std::pair<const std::string*, Tables::Value*> Tables::Pending::Emplace(std::string key, bool* inserted) {
  auto [it, added] = hashed.try_emplace(std::move(key));
  *inserted = added;
  if (added) {
    std::string_view group = GroupOf(it->first);
    if (!group.empty()) {
      auto g = groups.find(group);
      if (g == groups.end()) g = groups.emplace(std::string(group), std::vector<const Entries::value_type*>()).first;
      g->second.push_back(&*it);
    }
  }
  return {&it->first, &it->second};
}

std::vector<std::pair<std::string_view, const Tables::Value*>> Tables::Pending::InOrder(std::string_view prefix) const {
  std::vector<std::pair<std::string_view, const Value*>> out;
  if (!prefix.empty() && GroupOf(prefix) == prefix) {  // a whole group: its index
    auto g = groups.find(prefix);
    if (g == groups.end()) return out;
    out.reserve(g->second.size());
    for (const auto* entry : g->second) out.emplace_back(entry->first, &entry->second);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return out;
  }
  // Sorted by the keys' first 16 bytes held inline, the whole keys compared
  // only on a tie: a bulk load sorts up to millions of keys, and comparing
  // through the pointers costs a cache miss or two per comparison.
  struct Item {
    std::uint64_t head[2];
    std::string_view key;
    const Value* value;
  };
  std::vector<Item> items;
  for (const auto& [key, value] : hashed) {
    if (!key.starts_with(prefix)) continue;
    Item item{{0, 0}, key, &value};
    for (std::size_t i = 0; i < 16 && i < key.size(); ++i) {
      item.head[i / 8] |= std::uint64_t(std::uint8_t(key[i])) << (56 - 8 * (i % 8));
    }
    items.push_back(item);
  }
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    if (a.head[0] != b.head[0]) return a.head[0] < b.head[0];
    if (a.head[1] != b.head[1]) return a.head[1] < b.head[1];
    return a.key < b.key;  // shorter keys are zero-padded above: decide on the whole key
  });
  out.reserve(items.size());
  for (const Item& item : items) out.emplace_back(item.key, item.value);
  return out;
}

Tables::Tables(KvStore* store) : store_(store), pending_(store->table_names().size()) {}

Tables::~Tables() { (void)FinishWriting(); }

void Tables::KeepGrouped(std::uint32_t table, std::size_t separators) {
  PL_ASSERT(table < pending_.size() && pending_[table].empty() && separators > 0);
  pending_[table].group_separators = separators;
}

Result<std::optional<std::string>> Tables::Get(std::uint32_t table, std::string_view key) const {
  PL_ASSERT(table < pending_.size());
  if (const Value* v = pending_[table].Find(key)) return *v;
  if (writing_) {
    if (const Value* v = writing_->tables[table].Find(key)) return *v;
  }
  if (store_empty_) return std::optional<std::string>();
  return store_->Get(table, key);
}

void Tables::Account(const std::string& key, const Value* old_value, std::size_t new_value_bytes) {
  if (!in_memory_) return;
  if (old_value != nullptr) kept_bytes_ -= EntryBytes(key, *old_value);
  kept_bytes_ += EntryBytes(key, new_value_bytes);
}

void Tables::Put(std::uint32_t table, std::string key, std::string value) {
  PL_ASSERT(table < pending_.size());
  bool inserted = false;
  auto [k, v] = pending_[table].Emplace(std::move(key), &inserted);
  Account(*k, inserted ? nullptr : v, value.size());
  *v = std::move(value);
}

void Tables::Delete(std::uint32_t table, std::string key) {
  PL_ASSERT(table < pending_.size());
  bool inserted = false;
  auto [k, v] = pending_[table].Emplace(std::move(key), &inserted);
  Account(*k, inserted ? nullptr : v, 0);
  v->reset();
}

Status Tables::Scan(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const {
  PL_ASSERT(table < pending_.size());
  if (store_empty_ && !writing_) {
    ScanPending(table, prefix, fn);
    return Status::Ok();
  }
  const auto pending = Unwritten(table, prefix);
  auto it = pending.begin();
  bool stopped = false;
  // Emits pending entries that sort before `key` (all of them when null).
  auto emit_pending_before = [&](const std::string_view* key) {
    while (!stopped && it != pending.end() && (key == nullptr || it->first < *key)) {
      if (*it->second && !fn(it->first, **it->second)) stopped = true;
      ++it;
    }
  };
  Status s = store_->Scan(table, prefix, [&](std::string_view key, std::string_view value) {
    emit_pending_before(&key);
    if (stopped) return false;
    if (it != pending.end() && it->first == key) {  // pending write replaces the stored one
      bool go_on = !*it->second || fn(it->first, **it->second);
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

std::vector<std::pair<std::string_view, const Tables::Value*>> Tables::Unwritten(std::uint32_t table,
                                                                                std::string_view prefix) const {
  auto pending = pending_[table].InOrder(prefix);
  if (!writing_) return pending;
  const auto written = writing_->tables[table].InOrder(prefix);
  std::vector<std::pair<std::string_view, const Value*>> out;
  out.reserve(pending.size() + written.size());
  auto p = pending.begin();
  auto w = written.begin();
  while (p != pending.end() || w != written.end()) {
    if (w == written.end() || (p != pending.end() && p->first <= w->first)) {
      if (w != written.end() && p->first == w->first) ++w;  // the pending write replaces it
      out.push_back(*p++);
    } else {
      out.push_back(*w++);
    }
  }
  return out;
}

void Tables::ScanPending(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const {
  PL_ASSERT(table < pending_.size());
  for (const auto& [key, value] : pending_[table].InOrder(prefix)) {
    if (*value && !fn(key, **value)) return;
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
    pending_[t].ForEach([&](const std::string& key, Value& value) { writes.push_back(KvWrite{t, key, std::move(value)}); });
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
  Status s = FinishWriting();
  if (s.ok() && (has_pending() || !kept_meta_.empty())) {
    s = WriteSorted(pending_, kept_meta_);
    if (s.ok()) ++bulk_writes_;
  }
  Discard();  // written, or (on failure) the host reloads its last bulk load
  in_memory_ = false;
  store_empty_ = false;
  return s;
}

Status Tables::WriteKept() {
  PL_RETURN_IF_ERROR(FinishWriting());  // bulk loads land in order
  auto w = std::make_unique<InFlight>();
  w->tables.swap(pending_);
  pending_.resize(w->tables.size());
  for (std::size_t t = 0; t < pending_.size(); ++t) pending_[t].group_separators = w->tables[t].group_separators;
  w->meta.swap(kept_meta_);
  kept_bytes_ = 0;
  store_empty_ = false;  // reads of what is not in memory go to the store from now on
  InFlight* raw = w.get();
  writing_ = std::move(w);
  raw->thread = std::thread([this, raw] { raw->status = WriteSorted(raw->tables, raw->meta); });
  return Status::Ok();
}

Status Tables::FinishWriting() {
  if (!writing_) return Status::Ok();
  writing_->thread.join();
  Status s = writing_->status;
  writing_.reset();
  if (s.ok()) ++bulk_writes_;
  return s;
}

Status Tables::WriteSorted(const std::vector<Pending>& tables, const Meta& meta) {
  const std::uint32_t meta_table = store_->meta_table();
  return store_->IngestSorted([&](std::uint32_t t, const KvSortedPut& put) -> Status {
    if (t == meta_table) {
      for (const auto& [key, value] : meta) PL_RETURN_IF_ERROR(put(key, &value));
      return Status::Ok();
    }
    for (const auto& [key, value] : tables[t].InOrder("")) PL_RETURN_IF_ERROR(put(key, *value ? &**value : nullptr));
    return Status::Ok();
  });
}

Result<Hash256> Tables::Digest() const {
  PL_ASSERT(!has_pending() && !writing_);
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
