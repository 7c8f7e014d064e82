#include "projections/framework/kv_store.h"

#include <algorithm>
#include <filesystem>

#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/sst_file_writer.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "ledger/store/info_log.h"
#include "ledger/store/settle.h"

namespace pl::projections {
namespace {

constexpr char kMetaName[] = "meta";
// Memtable budget for all the column families of one projection: larger
// memtables mean fewer level-0 files for point lookups to search.
constexpr std::size_t kWriteBufferBytes = 128u << 20;
constexpr std::size_t kBlockCacheBytes = 64u << 20;
// Bloom filter bits per key: most lookups during a replay are for keys that
// do not exist yet (a new patent, cell or contract); the filter answers
// those without reading a block. With 10 bits (~1 % false positives per
// file, and a replay's bulk loads leave several overlapping files) the
// few block reads of false positives outweighed all the filter checks:
// techcontract's contract lookups found 0.1 % of their keys yet read a
// block for many more. 20 bits (~0.01 %) cost 1.25 bytes more per key and
// made the 1M-event replay about 7 % cheaper in CPU.
constexpr double kBloomBitsPerKey = 20;
// Data block size (RocksDB's default is 4 KiB). A replay's bulk loads write
// every table through the SST writer, which compresses block by block with
// a fresh LZ4 stream each; larger blocks mean fewer of them, and compress
// better. On the 101,000-event ledger (callgrind, instructions: the machine
// is too noisy for a few per cent of time), 16 KiB took the bulk loads from
// 2.36 to 1.91 billion instructions and the whole replay 5 % lower, the
// state from 45 to 39 MB, the same digests. 32 KiB saved little more (1.80
// billion, 36 MB) for twice the bytes a point lookup decompresses
// (decision 0031).
constexpr std::size_t kBlockBytes = 16u << 10;
// Level-0 files before writes slow down / stop. A replay writes fast on a
// machine where compaction may get little CPU; stalling the writer helps
// nobody (the data is derived and reads use the filters).
constexpr int kLevel0SlowdownFiles = 40;
constexpr int kLevel0StopFiles = 80;
// Where IngestSorted() writes its files before ingesting (moving) them. A
// crash may leave it behind: removed when the store is opened.
constexpr char kIngestDirName[] = "ingest.tmp";

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  if (s.ok()) return Status::Ok();
  std::string m = std::string(what) + ": " + s.ToString();
  if (s.IsCorruption()) return Status::Corruption(m);
  if (s.IsBusy() || s.IsTryAgain()) return Status::Busy(m);
  if (s.IsInvalidArgument()) return Status::FailedPrecondition(m);
  return Status::IoError(m);
}

rocksdb::ColumnFamilyOptions CfOptions() {
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kBlockCacheBytes);
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(kBloomBitsPerKey));
  t.block_size = kBlockBytes;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  // LZ4: about twice as fast as Snappy to compress, which a replay's bulk
  // load does for every byte it writes (decision 0023).
  o.compression = rocksdb::kLZ4Compression;
  o.write_buffer_size = 64u << 20;
  o.max_write_buffer_number = 4;
  o.level0_slowdown_writes_trigger = kLevel0SlowdownFiles;
  o.level0_stop_writes_trigger = kLevel0StopFiles;
  return o;
}

}  // namespace

struct KvStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;  // tables..., meta
  std::vector<std::string> names;
  std::string dir;

  ~Impl() {
    for (auto* cf : cfs) {
      if (db) (void)db->DestroyColumnFamilyHandle(cf);
    }
    if (db) (void)db->Close();
  }
};

KvStore::KvStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KvStore::~KvStore() = default;

Result<std::unique_ptr<KvStore>> KvStore::Open(const std::string& dir, const std::vector<std::string>& tables) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("creating " + dir + ": " + ec.message());
  std::filesystem::remove_all(std::filesystem::path(dir) / kIngestDirName, ec);
  if (ec) return Status::IoError("removing " + dir + "/" + kIngestDirName + ": " + ec.message());
  std::vector<std::string> existing;
  rocksdb::Status listed = rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir, &existing);
  std::vector<std::string> wanted = {rocksdb::kDefaultColumnFamilyName};
  wanted.insert(wanted.end(), tables.begin(), tables.end());
  wanted.push_back(kMetaName);
  if (listed.ok()) {
    std::vector<std::string> a = existing, b = wanted;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) {
      return Status::FailedPrecondition("projection store " + dir +
                                        " has other tables than this version expects: rebuild it");
    }
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.paranoid_checks = true;  // stop on any detected corruption
  options.IncreaseParallelism(2);
  options.max_open_files = 256;
  options.write_buffer_manager = std::make_shared<rocksdb::WriteBufferManager>(kWriteBufferBytes);
  options.info_log = store::MakeInfoLog(dir);  // never RocksDB's own (ledger/store/info_log.h)
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : wanted) descriptors.emplace_back(name, CfOptions());
  auto impl = std::make_unique<Impl>();
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, descriptors, &handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening projection store " + dir);
  impl->db.reset(raw);
  // Drop the default family's handle: projections never use it.
  (void)impl->db->DestroyColumnFamilyHandle(handles.front());
  impl->cfs.assign(handles.begin() + 1, handles.end());
  impl->names = tables;
  impl->dir = dir;
  return std::unique_ptr<KvStore>(new KvStore(std::move(impl)));
}

Status KvStore::Destroy(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return Status::Ok();
  std::filesystem::remove_all(dir, ec);
  if (ec) return Status::IoError("removing " + dir + ": " + ec.message());
  return Status::Ok();
}

std::uint32_t KvStore::meta_table() const { return std::uint32_t(impl_->names.size()); }
const std::vector<std::string>& KvStore::table_names() const { return impl_->names; }

Result<std::optional<std::string>> KvStore::Get(std::uint32_t table, std::string_view key) const {
  PL_ASSERT(table < impl_->cfs.size());
  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  std::string value;
  rocksdb::Status s = impl_->db->Get(ro, impl_->cfs[table], key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, "reading projection table");
  return std::optional<std::string>(std::move(value));
}

Status KvStore::Scan(std::uint32_t table, std::string_view prefix, const KvVisitor& fn) const {
  PL_ASSERT(table < impl_->cfs.size());
  rocksdb::ReadOptions ro;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cfs[table]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (!fn(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scanning projection table");
}

Status KvStore::Write(const std::vector<KvWrite>& writes) {
  rocksdb::WriteBatch batch;
  for (const KvWrite& w : writes) {
    PL_ASSERT(w.table < impl_->cfs.size());
    rocksdb::Status s = w.value ? batch.Put(impl_->cfs[w.table], w.key, *w.value)
                                : batch.Delete(impl_->cfs[w.table], w.key);
    if (!s.ok()) return FromRocks(s, "building projection batch");
  }
  rocksdb::WriteOptions wo;
  wo.sync = false;        // derived data: see the header (durability)
  wo.disableWAL = false;  // the WAL makes a batch survive kill -9
  return FromRocks(impl_->db->Write(wo, &batch), "writing projection batch");
}

}  // namespace pl::projections

namespace pl::projections {

Status KvStore::IngestSorted(const KvSortedSource& source) {
  namespace fs = std::filesystem;
  const fs::path tmp = fs::path(impl_->dir) / kIngestDirName;
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Status::IoError("creating " + tmp.string() + ": " + ec.message());
  const rocksdb::Options options(rocksdb::DBOptions(), CfOptions());
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (std::uint32_t t = 0; t < impl_->cfs.size(); ++t) {
    rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, impl_->cfs[t]);
    const std::string file = (tmp / (std::to_string(t) + ".sst")).string();
    PL_RETURN_IF_ERROR(FromRocks(writer.Open(file), "creating " + file));
    std::uint64_t entries = 0;
    Status s = source(t, [&](std::string_view key, const std::string* value) {
      ++entries;
      rocksdb::Status w = value ? writer.Put(key, *value) : writer.Delete(key);
      return w.ok() ? Status::Ok() : FromRocks(w, "writing " + file);  // the message only on failure
    });
    PL_RETURN_IF_ERROR(s);
    if (entries == 0) continue;  // RocksDB refuses an empty file; nothing to ingest
    PL_RETURN_IF_ERROR(FromRocks(writer.Finish(), "finishing " + file));
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = impl_->cfs[t];
    arg.external_files = {file};
    arg.options.move_files = true;             // same file system: a link, not a copy
    arg.options.snapshot_consistency = true;
    arg.options.allow_global_seqno = true;     // a later bulk load may overlap an earlier one
    arg.options.allow_blocking_flush = true;   // meta's memtable may overlap
    arg.options.write_global_seqno = false;    // the seqno lives in the manifest
    arg.options.verify_checksums_before_ingest = false;  // written just above
    args.push_back(std::move(arg));
  }
  Status ingested = args.empty() ? Status::Ok() : FromRocks(impl_->db->IngestExternalFiles(args), "ingesting into " + impl_->dir);
  fs::remove_all(tmp, ec);
  return ingested;
}

Status KvStore::WaitForCompactions(double seconds_max) {
  return store::WaitForCompactions(impl_->db.get(), seconds_max, impl_->dir);
}

}  // namespace pl::projections
