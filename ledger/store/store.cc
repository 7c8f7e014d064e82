#include "ledger/store/store.h"

#include <filesystem>
#include <mutex>

#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/perf_level.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>
#include <rocksdb/write_buffer_manager.h>

#include "ledger/base/assert.h"
#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/store/info_log.h"
#include "ledger/store/settle.h"
#include "ledger/store/tree_cache.h"

namespace pl::store {
namespace {

// Column families, in the order they are opened.
enum Cf : int { kDefault = 0, kEvents, kStreams, kState, kReceipts, kMeta, kTree, kCfCount };
const char* const kCfNames[kCfCount] = {"default", "events", "streams", "state", "receipts", "meta", "tree"};

constexpr char kMetaOrigin[] = "config/origin";
constexpr char kMetaPartitions[] = "config/partitions";
constexpr char kMetaAnchor[] = "config/anchor";
constexpr char kMetaHeadPrefix[] = "head/";
constexpr char kMetaKeyPrefix[] = "key/";
constexpr char kMetaCheckpointPrefix[] = "checkpoint/";
constexpr char kMetaLogKey[] = "config/log_key";
constexpr char kMetaOutboxPrefix[] = "outbox/";
constexpr std::size_t kReceiptBytes = 4 + 8 + 8 + 4 + 32 + 32;
constexpr std::size_t kHeadBytes = 8 + 32 + 8;

// Memory: one write buffer manager caps all memtables; a small block cache.
// Together they keep the node's RSS bounded whatever the ledger's size.
constexpr std::size_t kMemtablesBytesMax = 128u << 20;
constexpr std::size_t kBlockCacheBytes = 64u << 20;

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  std::string msg = std::string(what) + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsNotFound()) return Status::NotFound(msg);
  if (s.IsBusy() || s.IsTryAgain()) return Status::Busy(msg);
  return Status::IoError(msg);
}

std::string EventKey(std::uint32_t partition, std::uint64_t seq) {
  std::string k;
  AppendBigEndian32(k, partition);
  AppendBigEndian64(k, seq);
  return k;
}

std::string StreamKey(const std::string& patent, std::uint64_t version) {
  std::string k = patent;
  k.push_back('\0');
  AppendBigEndian64(k, version);
  return k;
}

std::string TreeKey(std::uint32_t partition, std::uint8_t level, std::uint64_t index) {
  std::string k;
  AppendBigEndian32(k, partition);
  k.push_back(char(level));
  AppendBigEndian64(k, index);
  return k;
}

std::string CheckpointPrefix(std::uint32_t partition) {
  std::string k = kMetaCheckpointPrefix;
  AppendBigEndian32(k, partition);
  return k;
}

std::string CheckpointKey(std::uint32_t partition, std::uint64_t tree_size) {
  std::string k = CheckpointPrefix(partition);
  AppendBigEndian64(k, tree_size);
  return k;
}

std::string HeadKey(std::uint32_t partition) {
  std::string k = kMetaHeadPrefix;
  AppendBigEndian32(k, partition);
  return k;
}

std::string OutboxKey(std::uint32_t partition) {
  std::string k = kMetaOutboxPrefix;
  AppendBigEndian32(k, partition);
  return k;
}

std::string EncodeReceipt(const StoredReceipt& r) {
  std::string v;
  AppendBigEndian32(v, r.partition);
  AppendBigEndian64(v, r.seq);
  AppendBigEndian64(v, r.stream_version);
  AppendBigEndian32(v, r.flags);
  v.append(reinterpret_cast<const char*>(r.leaf_hash.data()), 32);
  v.append(reinterpret_cast<const char*>(r.submission_digest.data()), 32);
  PL_ASSERT(v.size() == kReceiptBytes);
  return v;
}

Result<StoredReceipt> DecodeReceipt(std::string_view v) {
  if (v.size() != kReceiptBytes) return Status::Corruption("receipt record has " + std::to_string(v.size()) + " bytes");
  StoredReceipt r;
  r.partition = ReadBigEndian32(v.data());
  r.seq = ReadBigEndian64(v.data() + 4);
  r.stream_version = ReadBigEndian64(v.data() + 12);
  r.flags = ReadBigEndian32(v.data() + 20);
  std::copy_n(v.data() + 24, 32, r.leaf_hash.begin());
  std::copy_n(v.data() + 56, 32, r.submission_digest.begin());
  return r;
}

std::string EncodeHead(const PartitionHead& h) {
  std::string v;
  AppendBigEndian64(v, h.next_seq);
  v.append(reinterpret_cast<const char*>(h.last_hash.data()), 32);
  AppendBigEndian64(v, std::uint64_t(h.last_recorded_at_us));
  return v;
}

Result<PartitionHead> DecodeHead(std::string_view v) {
  if (v.size() != kHeadBytes) return Status::Corruption("partition head has " + std::to_string(v.size()) + " bytes");
  PartitionHead h;
  h.next_seq = ReadBigEndian64(v.data());
  std::copy_n(v.data() + 8, 32, h.last_hash.begin());
  h.last_recorded_at_us = std::int64_t(ReadBigEndian64(v.data() + 40));
  return h;
}

std::string_view View(const Bytes& b) { return AsChars(b); }

}  // namespace

struct Store::Impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;
  LedgerConfig config;
  StoreOptions options;
  // Serialises every write of tree nodes (Commit, PutTreeNodes) with the
  // cache's load of a partition, so that a load sees a commit group either
  // entirely (in the scan) or not at all (then appended by the commit).
  std::mutex tree_write_mu;
  std::unique_ptr<TreeCache> tree_cache;  // created once the config is known

  ~Impl() {
    for (auto* h : cfs) {
      if (h != nullptr) db->DestroyColumnFamilyHandle(h);
    }
    if (db) db->Close().PermitUncheckedError();
  }

  rocksdb::ColumnFamilyHandle* cf(Cf c) const { return cfs[c]; }

  // Writes `batch`, which holds `nodes` among other things, synced; then
  // extends the tree cache with `nodes`.
  Status WriteSynced(rocksdb::WriteBatch& batch, const std::vector<CommitGroup::TreeNode>& nodes,
                     const std::string& what) {
    rocksdb::WriteOptions wo;
    wo.sync = true;         // MUST: durable before any receipt of the group is returned
    wo.disableWAL = false;  // the WAL is what makes the sync meaningful
    std::lock_guard lock(tree_write_mu);
    PL_RETURN_IF_ERROR(FromRocks(db->Write(wo, &batch), what));
    // Only after the batch is durable (tree_cache.h: nothing is cached that
    // is not stored). Each partition's nodes go to its cache in write order.
    std::vector<TreeCache::Node> part;
    for (std::uint32_t p = 0; p < config.partitions && !nodes.empty(); ++p) {
      if (!tree_cache->loaded(p)) continue;
      part.clear();
      for (const auto& n : nodes) {
        if (n.partition == p) part.push_back(TreeCache::Node{n.level, n.index, n.hash});
      }
      if (!part.empty()) tree_cache->Append(p, part);
    }
    return Status::Ok();
  }

  // Loads `partition`'s upper tree levels into the cache once: the levels
  // that fit its budget at the current head, each the gap-free prefix of
  // valid 32-byte nodes in storage. A read error leaves the partition
  // cached with nothing (every node then read from RocksDB, which reports
  // the error where a proof needs the node).
  void LoadTreeCache(std::uint32_t partition);

  Result<std::optional<std::string>> Get(Cf c, const std::string& key) const {
    std::string value;
    rocksdb::ReadOptions ro;
    ro.verify_checksums = true;
    rocksdb::Status s = db->Get(ro, cf(c), key, &value);
    if (s.IsNotFound()) return std::optional<std::string>();
    if (!s.ok()) return FromRocks(s, std::string("reading ") + kCfNames[c]);
    return std::optional<std::string>(std::move(value));
  }
};

namespace {

rocksdb::Options DbOptions() {
  rocksdb::Options o;
  o.create_if_missing = false;
  // A store made before the tree column family existed gets it on open
  // (empty; the node rebuilds the tree from the events).
  o.create_missing_column_families = true;
  o.paranoid_checks = true;  // stop on any detected corruption
  // MUST NOT be point-in-time recovery (RocksDB's default): it stops
  // replaying the WAL at the first bad record and opens without error, so
  // one flipped byte would silently drop every later commit group
  // (tests/node/tamper_test.cc). Only an incomplete record at the very end
  // -- a write torn by a crash -- is tolerated; anything else is Corruption.
  o.wal_recovery_mode = rocksdb::WALRecoveryMode::kTolerateCorruptedTailRecords;
  o.max_open_files = 512;
  o.IncreaseParallelism(2);
  o.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(kMemtablesBytesMax);
  return o;
}

rocksdb::ColumnFamilyOptions CfOptions(int c) {
  // 16 shards of 4 MiB: with RocksDB's automatic sharding (64 shards of
  // 1 MiB here) a filter or index block of a large SST file (a 1M-leaf tree
  // has a 2.5 MiB filter) does not fit its shard, is never kept, and is
  // read again from the file by every lookup.
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kBlockCacheBytes, /*num_shard_bits=*/4);
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.cache_index_and_filter_blocks = true;
  if (c == kTree) {
    // Proofs are point reads of keys that mostly live in one SST file of
    // several: a whole-key bloom filter (10 bits/key, ~1% false positives)
    // lets a read skip the files that cannot hold the key. Filters only
    // decide where NOT to look; every block read is still checksummed.
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    t.whole_key_filtering = true;
    t.pin_l0_filter_and_index_blocks_in_cache = true;
  }
  if (c == kTree) {
    // Proofs ask only for nodes that exist, so a filter on the last level
    // (nearly all of the tree once compacted) would never say "skip":
    // don't build it (saves its memory and a lookup per read).
    o.optimize_filters_for_hits = true;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  o.write_buffer_size = 32u << 20;
  return o;
}

}  // namespace

Result<std::unique_ptr<Store::Impl>> Store::OpenDb(const std::string& dir, bool create, const StoreOptions& store_options) {
  rocksdb::Options options = DbOptions();
  options.create_if_missing = create;
  options.error_if_exists = create;
  options.info_log = MakeInfoLog(dir);  // never RocksDB's own (info_log.h)
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int c = 0; c < kCfCount; ++c) descriptors.emplace_back(kCfNames[c], CfOptions(c));
  auto impl = std::make_unique<Store::Impl>();
  impl->options = store_options;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, descriptors, &impl->cfs, &raw);
  if (!s.ok()) return FromRocks(s, "opening ledger store " + dir);
  impl->db.reset(raw);
  return impl;
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Create(const std::string& dir, const LedgerConfig& config,
                                             const StoreOptions& options) {
  if (config.partitions == 0 || config.partitions > limits::kPartitionsMax) {
    return Status::InvalidArgument("partition count must be 1.." + std::to_string(limits::kPartitionsMax));
  }
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
    return Status::FailedPrecondition("a ledger already exists in " + dir);
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("creating " + dir + ": " + ec.message());
  auto impl = OpenDb(dir, /*create=*/true, options);
  if (!impl.ok()) return impl.status();
  rocksdb::WriteBatch batch;
  auto meta = (*impl)->cf(kMeta);
  batch.Put(meta, kMetaOrigin, config.origin);
  std::string partitions;
  AppendBigEndian32(partitions, config.partitions);
  batch.Put(meta, kMetaPartitions, partitions);
  batch.Put(meta, kMetaAnchor, config.anchor.key_id);
  batch.Put(meta, std::string(kMetaKeyPrefix) + config.anchor.key_id, View(codec::EncodeKeyRecord(config.anchor)));
  for (std::uint32_t p = 0; p < config.partitions; ++p) batch.Put(meta, HeadKey(p), EncodeHead(PartitionHead{}));
  rocksdb::WriteOptions wo;
  wo.sync = true;
  PL_RETURN_IF_ERROR(FromRocks((*impl)->db->Write(wo, &batch), "initialising ledger"));
  (*impl)->config = config;
  (*impl)->tree_cache = std::make_unique<TreeCache>(config.partitions, (*impl)->options.tree_cache_bytes);
  return std::unique_ptr<Store>(new Store(std::move(*impl)));
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& dir, const StoreOptions& options) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
    return Status::FailedPrecondition("no ledger in " + dir + " (create one with `patentledger init`)");
  }
  auto impl = OpenDb(dir, /*create=*/false, options);
  if (!impl.ok()) return impl.status();
  Impl& i = **impl;
  auto origin = i.Get(kMeta, kMetaOrigin);
  auto partitions = i.Get(kMeta, kMetaPartitions);
  auto anchor = i.Get(kMeta, kMetaAnchor);
  if (!origin.ok()) return origin.status();
  if (!partitions.ok()) return partitions.status();
  if (!anchor.ok()) return anchor.status();
  if (!*origin || !*partitions || !*anchor || (*partitions)->size() != 4) {
    return Status::Corruption("ledger configuration in " + dir + " is incomplete");
  }
  i.config.origin = **origin;
  i.config.partitions = ReadBigEndian32((*partitions)->data());
  auto anchor_record = i.Get(kMeta, std::string(kMetaKeyPrefix) + **anchor);
  if (!anchor_record.ok()) return anchor_record.status();
  if (!*anchor_record) return Status::Corruption("trust anchor key record is missing");
  auto decoded = codec::DecodeKeyRecord(AsBytes(**anchor_record));
  if (!decoded.ok()) return decoded.status();
  i.config.anchor = std::move(*decoded);
  i.tree_cache = std::make_unique<TreeCache>(i.config.partitions, i.options.tree_cache_bytes);
  return std::unique_ptr<Store>(new Store(std::move(*impl)));
}

const LedgerConfig& Store::config() const { return impl_->config; }

Result<std::optional<domain::PatentState>> Store::GetPatentState(const std::string& patent) const {
  auto v = impl_->Get(kState, patent);
  if (!v.ok()) return v.status();
  if (!*v) return std::optional<domain::PatentState>();
  auto state = codec::DecodePatentState(AsBytes(**v));
  if (!state.ok()) return state.status().WithContext("state of " + patent);
  return std::optional<domain::PatentState>(std::move(*state));
}

Result<std::optional<StoredReceipt>> Store::GetReceipt(const std::string& submission_id) const {
  auto v = impl_->Get(kReceipts, submission_id);
  if (!v.ok()) return v.status();
  if (!*v) return std::optional<StoredReceipt>();
  auto r = DecodeReceipt(**v);
  if (!r.ok()) return r.status();
  return std::optional<StoredReceipt>(*r);
}

Result<domain::KeyRegistry> Store::LoadKeys() const {
  domain::KeyRegistry keys;
  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(kMeta)));
  for (it->Seek(kMetaKeyPrefix); it->Valid() && it->key().starts_with(kMetaKeyPrefix); it->Next()) {
    auto record = codec::DecodeKeyRecord(AsBytes(it->value().ToStringView()));
    if (!record.ok()) return record.status().WithContext("key registry");
    keys.Put(std::move(*record));
  }
  PL_RETURN_IF_ERROR(FromRocks(it->status(), "reading key registry"));
  return keys;
}

Result<PartitionHead> Store::GetHead(std::uint32_t partition) const {
  if (partition >= impl_->config.partitions) {
    return Status::InvalidArgument("partition " + std::to_string(partition) + " does not exist");
  }
  auto v = impl_->Get(kMeta, HeadKey(partition));
  if (!v.ok()) return v.status();
  if (!*v) return Status::Corruption("head of partition " + std::to_string(partition) + " is missing");
  return DecodeHead(**v);
}

Status Store::Commit(const CommitGroup& group) {
  rocksdb::WriteBatch batch;
  for (const auto& e : group.events) batch.Put(impl_->cf(kEvents), EventKey(e.partition, e.seq), View(e.sealed));
  for (const auto& s : group.stream_entries) {
    std::string v;
    AppendBigEndian32(v, s.partition);
    AppendBigEndian64(v, s.seq);
    batch.Put(impl_->cf(kStreams), StreamKey(s.patent, s.version), v);
  }
  for (const auto& [patent, state] : group.states) {
    batch.Put(impl_->cf(kState), patent, View(codec::EncodePatentState(*state)));
  }
  for (const auto& [id, receipt] : group.receipts) batch.Put(impl_->cf(kReceipts), id, EncodeReceipt(receipt));
  for (const auto* key : group.keys) {
    batch.Put(impl_->cf(kMeta), std::string(kMetaKeyPrefix) + key->key_id, View(codec::EncodeKeyRecord(*key)));
  }
  for (const auto& [partition, head] : group.heads) batch.Put(impl_->cf(kMeta), HeadKey(partition), EncodeHead(head));
  for (const auto& n : group.tree_nodes) {
    batch.Put(impl_->cf(kTree), TreeKey(n.partition, n.level, n.index), AsChars(n.hash));
  }
  return impl_->WriteSynced(batch, group.tree_nodes, "committing " + std::to_string(group.events.size()) + " events");
}

Result<std::uint64_t> Store::GetOutboxCursor(std::uint32_t partition) const {
  if (partition >= impl_->config.partitions) {
    return Status::InvalidArgument("partition " + std::to_string(partition) + " does not exist");
  }
  auto v = impl_->Get(kMeta, OutboxKey(partition));
  if (!v.ok()) return v.status();
  if (!*v) return std::uint64_t{0};
  if ((*v)->size() != 8) return Status::Corruption("outbox cursor of partition " + std::to_string(partition) + " has " + std::to_string((*v)->size()) + " bytes");
  return ReadBigEndian64((*v)->data());
}

Status Store::SetOutboxCursor(std::uint32_t partition, std::uint64_t next_seq) {
  auto head = GetHead(partition);
  if (!head.ok()) return head.status();
  if (next_seq > head->next_seq) {
    return Status::InvalidArgument("outbox cursor " + std::to_string(next_seq) + " is beyond the head of partition " +
                                   std::to_string(partition) + " (" + std::to_string(head->next_seq) + " events)");
  }
  std::string v;
  AppendBigEndian64(v, next_seq);
  rocksdb::WriteOptions wo;
  wo.sync = false;        // see store.h: a lost advance only republishes
  wo.disableWAL = false;  // but a clean exit keeps it
  return FromRocks(impl_->db->Put(wo, impl_->cf(kMeta), OutboxKey(partition), v),
                   "writing outbox cursor of partition " + std::to_string(partition));
}

Result<std::optional<Bytes>> Store::GetEvent(std::uint32_t partition, std::uint64_t seq) const {
  auto v = impl_->Get(kEvents, EventKey(partition, seq));
  if (!v.ok()) return v.status();
  if (!*v) return std::optional<Bytes>();
  return std::optional<Bytes>(Bytes((*v)->begin(), (*v)->end()));
}

Status Store::ScanEvents(std::uint32_t partition, std::uint64_t from_seq,
                         const std::function<bool(std::uint64_t, ByteSpan)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  // Sequential: blocks read once need no room in the block cache (inserting
  // each evicted another and kept the cache's point reads cold).
  ro.fill_cache = false;
  ro.readahead_size = 2u << 20;
  std::string prefix;
  AppendBigEndian32(prefix, partition);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(kEvents)));
  for (it->Seek(EventKey(partition, from_seq)); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != 12) return Status::Corruption("event key of " + std::to_string(it->key().size()) + " bytes");
    std::uint64_t seq = ReadBigEndian64(it->key().data() + 4);
    if (!fn(seq, AsBytes(it->value().ToStringView()))) return Status::Ok();
  }
  return FromRocks(it->status(), "scanning events of partition " + std::to_string(partition));
}

Status Store::Scan(std::uint32_t partition, std::uint64_t from_seq,
                   const std::function<bool(std::uint64_t, ByteSpan)>& fn) {
  std::uint64_t expected = from_seq;
  Status gap;
  Status s = ScanEvents(partition, from_seq, [&](std::uint64_t seq, ByteSpan sealed) {
    if (seq != expected) {
      gap = Status::Corruption("store: partition " + std::to_string(partition) + " has no event at seq " +
                               std::to_string(expected) + " (next is seq " + std::to_string(seq) + ")");
      return false;
    }
    ++expected;
    return fn(seq, sealed);
  });
  PL_RETURN_IF_ERROR(s);
  return gap;
}

Result<std::vector<StreamEntry>> Store::GetStream(const std::string& patent) const {
  std::vector<StreamEntry> out;
  std::string prefix = patent;
  prefix.push_back('\0');
  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(kStreams)));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + 8 || it->value().size() != 12) {
      return Status::Corruption("stream entry of " + patent + " has a bad size");
    }
    StreamEntry e;
    e.patent = patent;
    e.version = ReadBigEndian64(it->key().data() + prefix.size());
    e.partition = ReadBigEndian32(it->value().data());
    e.seq = ReadBigEndian64(it->value().data() + 4);
    out.push_back(std::move(e));
  }
  PL_RETURN_IF_ERROR(FromRocks(it->status(), "reading stream of " + patent));
  return out;
}

Result<std::vector<std::string>> Store::ListPatents(std::size_t limit) const {
  std::vector<std::string> out;
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(kState)));
  for (it->SeekToFirst(); it->Valid() && out.size() < limit; it->Next()) out.push_back(it->key().ToString());
  PL_RETURN_IF_ERROR(FromRocks(it->status(), "listing patents"));
  return out;
}

Result<Hash256> Store::GetTreeNode(std::uint32_t partition, std::uint8_t level, std::uint64_t index) const {
  auto v = impl_->Get(kTree, TreeKey(partition, level, index));
  if (!v.ok()) return v.status();
  const std::string where = "tree node partition " + std::to_string(partition) + " level " + std::to_string(level) +
                            " index " + std::to_string(index);
  if (!*v) return Status::NotFound(where + " is not stored");
  if ((*v)->size() != 32) return Status::Corruption(where + " has " + std::to_string((*v)->size()) + " bytes");
  Hash256 h;
  std::copy_n((*v)->data(), 32, h.begin());
  return h;
}

Result<std::vector<Hash256>> Store::GetTreeNodes(std::uint32_t partition,
                                                 const std::vector<std::pair<std::uint8_t, std::uint64_t>>& ids) const {
  // The per-thread perf context costs several percent of a point read and
  // nothing here reads it.
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  const std::size_t n = ids.size();
  std::vector<Hash256> out(n);
  std::unique_ptr<bool[]> cached(new bool[n]());
  std::size_t hits = 0;
  if (partition < impl_->config.partitions) {
    if (!impl_->tree_cache->loaded(partition)) impl_->LoadTreeCache(partition);
    hits = impl_->tree_cache->Find(partition, ids, out.data(), cached.get());
  }
  const std::size_t m = n - hits;  // read from RocksDB: misses[j] is the position in `ids`
  std::vector<std::size_t> misses;
  misses.reserve(m);
  for (std::size_t i = 0; i < n; ++i) {
    if (!cached[i]) misses.push_back(i);
  }
  std::vector<std::string> keys(m);
  std::vector<rocksdb::Slice> slices(m);
  for (std::size_t j = 0; j < m; ++j) {
    keys[j] = TreeKey(partition, ids[misses[j]].first, ids[misses[j]].second);
    slices[j] = rocksdb::Slice(keys[j]);
  }
  std::vector<rocksdb::PinnableSlice> values(m);
  std::vector<rocksdb::Status> statuses(m);
  if (m > 0) {
    rocksdb::ReadOptions ro;
    ro.verify_checksums = true;  // same integrity checks as every other read
    impl_->db->MultiGet(ro, impl_->cf(kTree), m, slices.data(), values.data(), statuses.data());
  }
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t i = misses[j];
    auto where = [&] {
      return "tree node partition " + std::to_string(partition) + " level " + std::to_string(ids[i].first) +
             " index " + std::to_string(ids[i].second);
    };
    if (statuses[j].IsNotFound()) return Status::NotFound(where() + " is not stored");
    if (!statuses[j].ok()) return FromRocks(statuses[j], "reading " + where());
    if (values[j].size() != 32) return Status::Corruption(where() + " has " + std::to_string(values[j].size()) + " bytes");
    std::copy_n(values[j].data(), 32, out[i].begin());
  }
  return out;
}

Status Store::PutTreeNodes(const std::vector<CommitGroup::TreeNode>& nodes) {
  rocksdb::WriteBatch batch;
  for (const auto& n : nodes) batch.Put(impl_->cf(kTree), TreeKey(n.partition, n.level, n.index), AsChars(n.hash));
  return impl_->WriteSynced(batch, nodes, "writing " + std::to_string(nodes.size()) + " tree nodes");
}

Status Store::CompactTree() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  PL_RETURN_IF_ERROR(FromRocks(impl_->db->Flush(fo, impl_->cf(kTree)), "flushing the tree family"));
  rocksdb::CompactRangeOptions co;
  return FromRocks(impl_->db->CompactRange(co, impl_->cf(kTree), nullptr, nullptr), "compacting the tree family");
}

Status Store::WaitForCompactions(double seconds_max) {
  return store::WaitForCompactions(impl_->db.get(), seconds_max, "the ledger store");
}

std::pair<std::size_t, std::uint8_t> Store::TreeCacheStats(std::uint32_t partition) const {
  if (partition >= impl_->config.partitions) return {0, TreeCache::kNoLevel};
  return {impl_->tree_cache->node_count(partition), impl_->tree_cache->lowest_level(partition)};
}

void Store::Impl::LoadTreeCache(std::uint32_t partition) {
  std::lock_guard lock(tree_write_mu);
  if (tree_cache->loaded(partition)) return;  // another reader was first
  std::array<TreeCache::Level, TreeCache::kNoLevel> levels;
  auto head = Get(kMeta, HeadKey(partition));
  std::uint8_t lowest = TreeCache::kNoLevel;
  if (head.ok() && *head) {
    auto decoded = DecodeHead(**head);
    if (decoded.ok()) lowest = TreeCache::LowestLevelFor(decoded->next_seq, tree_cache->partition_bytes_max());
  }
  if (lowest < TreeCache::kNoLevel) {
    rocksdb::ReadOptions ro;
    ro.verify_checksums = true;
    ro.fill_cache = false;  // a one-time sequential scan: keep the block cache for point reads
    ro.readahead_size = 2u << 20;
    std::string prefix;
    AppendBigEndian32(prefix, partition);
    std::array<bool, TreeCache::kNoLevel> gap{};
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf(kTree)));
    for (it->Seek(TreeKey(partition, lowest, 0)); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      const rocksdb::Slice k = it->key();
      if (k.size() != 13) continue;  // not a tree key: GetTreeNodes never asks for it
      const auto level = std::uint8_t(k[4]);
      if (level >= TreeCache::kNoLevel || gap[level]) continue;
      const std::uint64_t index = ReadBigEndian64(k.data() + 5);
      if (index != levels[level].size() || it->value().size() != 32) {
        gap[level] = true;  // keep the prefix before it; storage answers the rest
        continue;
      }
      Hash256& h = levels[level].emplace_back();
      std::copy_n(it->value().data(), 32, h.begin());
    }
    if (!it->status().ok()) {
      lowest = TreeCache::kNoLevel;
      levels = {};
    }
  }
  tree_cache->Install(partition, lowest, std::move(levels));
}

Status Store::PutCheckpoint(std::uint32_t partition, std::uint64_t tree_size, const std::string& note) {
  rocksdb::WriteOptions wo;
  wo.sync = true;  // a checkpoint handed out must survive a crash
  wo.disableWAL = false;
  return FromRocks(impl_->db->Put(wo, impl_->cf(kMeta), CheckpointKey(partition, tree_size), note),
                   "storing checkpoint");
}

Result<std::optional<std::pair<std::uint64_t, std::string>>> Store::GetLatestCheckpoint(std::uint32_t partition) const {
  using Found = std::optional<std::pair<std::uint64_t, std::string>>;
  const std::string prefix = CheckpointPrefix(partition);
  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(kMeta)));
  it->SeekForPrev(CheckpointKey(partition, ~std::uint64_t(0)));
  if (it->Valid() && it->key().starts_with(prefix)) {
    if (it->key().size() != prefix.size() + 8) return Status::Corruption("checkpoint key has a bad size");
    return Found(std::make_pair(ReadBigEndian64(it->key().data() + prefix.size()), it->value().ToString()));
  }
  PL_RETURN_IF_ERROR(FromRocks(it->status(), "reading checkpoints"));
  return Found();
}

Result<std::optional<std::string>> Store::GetCheckpoint(std::uint32_t partition, std::uint64_t tree_size) const {
  return impl_->Get(kMeta, CheckpointKey(partition, tree_size));
}

Result<Bytes> Store::GetLogKey() const {
  auto v = impl_->Get(kMeta, kMetaLogKey);
  if (!v.ok()) return v.status();
  if (!*v) return Bytes();
  return Bytes((*v)->begin(), (*v)->end());
}

Status Store::PutLogKey(ByteSpan raw_public_key) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  wo.disableWAL = false;
  return FromRocks(impl_->db->Put(wo, impl_->cf(kMeta), kMetaLogKey, AsChars(raw_public_key)), "storing the log key");
}

}  // namespace pl::store
