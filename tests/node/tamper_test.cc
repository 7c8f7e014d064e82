// `verify` (node::AuditStore) against real tampering of a real store: the
// bytes are changed underneath the Store API, in RocksDB itself or in its
// SST files, and the audit must fail and name the first bad position.
#define BOOST_TEST_MODULE node_tamper
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <fstream>

#include <rocksdb/db.h>

#include "ledger/archive/archive.h"
#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/identifiers.h"
#include "ledger/node/audit.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"
#include "tests/node/node_test_util.h"

using namespace pl;
using pl::testing::TempDir;

namespace {

// Direct access to the store's RocksDB, as an attacker with the disk has.
struct RawDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs;  // default, events, streams, state, receipts, meta, tree
  explicit RawDb(const std::string& dir) {
    std::vector<rocksdb::ColumnFamilyDescriptor> d;
    for (const char* name : {"default", "events", "streams", "state", "receipts", "meta", "tree"}) {
      d.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* raw = nullptr;
    BOOST_REQUIRE(rocksdb::DB::Open(rocksdb::DBOptions(), dir, d, &cfs, &raw).ok());
    db.reset(raw);
  }
  ~RawDb() {
    for (auto* h : cfs) db->DestroyColumnFamilyHandle(h);
    BOOST_REQUIRE(db->Close().ok());
  }
  rocksdb::ColumnFamilyHandle* events() { return cfs[1]; }
  static std::string Key(std::uint64_t seq) {
    std::string k;
    AppendBigEndian32(k, 0);
    AppendBigEndian64(k, seq);
    return k;
  }
  std::string Get(std::uint64_t seq) {
    std::string v;
    BOOST_REQUIRE(db->Get(rocksdb::ReadOptions(), events(), Key(seq), &v).ok());
    return v;
  }
  void Put(std::uint64_t seq, const std::string& v) {
    BOOST_REQUIRE(db->Put(rocksdb::WriteOptions(), events(), Key(seq), v).ok());
  }
  void Delete(std::uint64_t seq) { BOOST_REQUIRE(db->Delete(rocksdb::WriteOptions(), events(), Key(seq)).ok()); }
};

// A one-partition ledger with a few hundred events and a checkpoint at its head.
// The generator behind Build: the same seed, so the same envelopes.
std::unique_ptr<sample::Generator> Sample(std::size_t submissions) {
  sample::Options o;
  o.seed = 31;
  o.submissions = submissions;
  auto g = sample::Generator::Create(o);
  BOOST_REQUIRE(g.ok());
  return std::move(*g);
}

void Build(const std::string& dir, bool checkpoint = true, std::size_t submissions = 400) {
  auto g = Sample(submissions);
  std::vector<Bytes> envelopes;
  sample::Generated item;
  while (g->Next(&item)) envelopes.push_back(item.envelope);
  pl::testing::CreateLedgerFor(*g, dir, 1);
  { pl::testing::SubmitAll(*pl::testing::OpenNode(dir), envelopes); }
  if (!checkpoint) return;
  auto st = store::Store::Open(dir);
  BOOST_REQUIRE(st.ok());
  Bytes seed(32, 9);
  auto key = crypto::PrivateKey::FromEd25519Seed(seed);
  BOOST_REQUIRE(key.ok());
  BOOST_REQUIRE(node::AdoptLogKey(**st, key->public_key()).ok());
  BOOST_REQUIRE(node::IssueCheckpointAtHead(**st, 0, *key).ok());
}

node::AuditReport Audit(const std::string& dir) {
  auto st = store::Store::Open(dir);
  BOOST_REQUIRE_MESSAGE(st.ok(), st.status().ToString());
  auto report = node::AuditStore(**st);
  BOOST_REQUIRE_MESSAGE(report.ok(), report.status().ToString());
  BOOST_TEST_MESSAGE("audit: " << (report->ok ? "ok" : report->problem));
  return *report;
}

void ExpectBadAt(const std::string& dir, std::uint64_t seq) {
  auto r = Audit(dir);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.bad_seq == seq, r.problem);
  BOOST_TEST(r.problem.find("seq " + std::to_string(seq)) != std::string::npos, r.problem);
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_untouched_store_passes_with_its_tree_and_checkpoint) {
  TempDir dir("tamper-none");
  Build(dir.path());
  auto r = Audit(dir.path());
  BOOST_TEST(r.ok, r.problem);
  BOOST_TEST(r.checkpoints == 1u);
  BOOST_TEST(r.tree_nodes >= 2 * r.events - 64);
}

BOOST_AUTO_TEST_CASE(a_flipped_byte_in_an_event_is_named) {
  TempDir dir("tamper-flip");
  Build(dir.path());
  {
    RawDb db(dir.path());
    std::string v = db.Get(57);
    v[v.size() - 40] ^= 0x01;  // inside the nested submission
    db.Put(57, v);
  }
  ExpectBadAt(dir.path(), 57);
}

BOOST_AUTO_TEST_CASE(a_deleted_event_is_named) {
  TempDir dir("tamper-delete");
  Build(dir.path());
  { RawDb(dir.path()).Delete(120); }
  ExpectBadAt(dir.path(), 120);
}

BOOST_AUTO_TEST_CASE(two_swapped_events_are_named_at_the_first) {
  TempDir dir("tamper-swap");
  Build(dir.path());
  {
    RawDb db(dir.path());
    std::string a = db.Get(30), b = db.Get(31);
    db.Put(30, b);
    db.Put(31, a);
  }
  ExpectBadAt(dir.path(), 30);
}

BOOST_AUTO_TEST_CASE(a_validly_signed_different_event_in_the_right_place_is_named) {
  // Event 200 is replaced by another signed envelope sealed with event 200's
  // own header (seq, prev_hash, stream fields): every signature verifies and
  // the partition chain up to it holds; the stored tree gives it away.
  TempDir dir("tamper-replace");
  Build(dir.path());
  {
    RawDb db(dir.path());
    std::string target = db.Get(200), donor = db.Get(201);
    auto t = codec::DecodeSealedEvent(AsBytes(target));
    auto d = codec::DecodeSealedEvent(AsBytes(donor));
    BOOST_REQUIRE(t.ok() && d.ok());
    Bytes forged = codec::EncodeSealedEvent(d->envelope, t->header);
    db.Put(200, std::string(AsChars(forged)));
  }
  ExpectBadAt(dir.path(), 200);
}

BOOST_AUTO_TEST_CASE(a_flipped_byte_in_an_sst_file_is_detected) {
  TempDir dir("tamper-sst");
  Build(dir.path());
  {
    RawDb db(dir.path());
    rocksdb::FlushOptions fo;
    fo.wait = true;
    BOOST_REQUIRE(db.db->Flush(fo, db.events()).ok());
  }
  // The largest SST file holds the events.
  std::filesystem::path biggest;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    if (e.path().extension() == ".sst" &&
        (biggest.empty() || e.file_size() > std::filesystem::file_size(biggest))) {
      biggest = e.path();
    }
  }
  BOOST_REQUIRE(!biggest.empty());
  {
    std::fstream f(biggest, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(std::streamoff(std::filesystem::file_size(biggest) / 3));
    char c = 0;
    f.get(c);
    f.seekp(std::streamoff(std::filesystem::file_size(biggest) / 3));
    f.put(char(c ^ 0x20));
  }
  auto st = store::Store::Open(dir.path());
  if (!st.ok()) {
    BOOST_TEST(st.status().IsCorruption(), st.status().ToString());
    return;
  }
  auto r = node::AuditStore(**st);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(!r->ok);
  BOOST_TEST(r->problem.find("corruption") != std::string::npos, r->problem);
  BOOST_TEST_MESSAGE("audit: " << r->problem);
}

BOOST_AUTO_TEST_CASE(a_stored_tree_node_that_differs_is_named_by_the_event_completing_it) {
  TempDir dir("tamper-tree");
  Build(dir.path());
  {
    RawDb db(dir.path());
    std::string k;
    AppendBigEndian32(k, 0);
    k.push_back(char(2));  // level 2, index 5: leaves 20..23, completed by seq 23
    AppendBigEndian64(k, 5);
    BOOST_REQUIRE(db.db->Put(rocksdb::WriteOptions(), db.cfs[6], k, std::string(32, 'x')).ok());
  }
  ExpectBadAt(dir.path(), 23);
}

BOOST_AUTO_TEST_CASE(a_store_without_tree_nodes_gets_its_tree_rebuilt_from_the_events) {
  // A store made before trees were kept: its `tree` family is empty.
  TempDir dir("tree-rebuild");
  Build(dir.path());
  std::string root_before;
  {
    auto st = store::Store::Open(dir.path());
    BOOST_REQUIRE(st.ok());
    auto head = (*st)->GetHead(0);
    auto root = merkle::RootAt(head->next_seq, node::TreeReader(**st, 0));
    BOOST_REQUIRE(root.ok());
    root_before = HexEncode(*root);
  }
  {
    RawDb db(dir.path());
    std::string begin(4, '\0'), end = "\xff\xff\xff\xff\xff";
    BOOST_REQUIRE(db.db->DeleteRange(rocksdb::WriteOptions(), db.cfs[6], begin, end).ok());
  }
  BOOST_TEST(!Audit(dir.path()).ok);  // nodes missing: verify says so
  { auto n = pl::testing::OpenNode(dir.path()); }  // the sequencer rebuilds the tree
  auto r = Audit(dir.path());
  BOOST_TEST(r.ok, r.problem);
  auto st = store::Store::Open(dir.path());
  BOOST_REQUIRE(st.ok());
  auto root = merkle::RootAt((*st)->GetHead(0)->next_seq, node::TreeReader(**st, 0));
  BOOST_REQUIRE(root.ok());
  BOOST_TEST(HexEncode(*root) == root_before);
}

BOOST_AUTO_TEST_CASE(a_store_missing_some_tree_nodes_is_refused_not_patched) {
  TempDir dir("tree-partial");
  Build(dir.path());
  {
    RawDb db(dir.path());
    std::string k;
    AppendBigEndian32(k, 0);
    k.push_back(char(8));  // level 8, index 0: part of the right edge of a 400-event tree
    AppendBigEndian64(k, 0);
    BOOST_REQUIRE(db.db->Delete(rocksdb::WriteOptions(), db.cfs[6], k).ok());
  }
  node::NodeOptions o;
  o.dir = dir.path();
  auto n = node::Node::Open(o);
  BOOST_TEST(!n.ok());
  if (!n.ok()) BOOST_TEST(n.status().IsCorruption(), n.status().ToString());
}

BOOST_AUTO_TEST_CASE(a_flipped_byte_in_the_wal_is_detected) {
  // Nothing flushed: the node's events are only in the write-ahead log. A
  // byte flipped in the middle of it must not silently cut the log short.
  TempDir dir("tamper-wal");
  Build(dir.path(), /*checkpoint=*/false);
  std::filesystem::path wal;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    if (e.path().extension() == ".log" && (wal.empty() || e.file_size() > std::filesystem::file_size(wal))) wal = e.path();
  }
  BOOST_REQUIRE(!wal.empty());
  const auto size = std::filesystem::file_size(wal);
  BOOST_TEST_MESSAGE("WAL " << wal << " of " << size << " bytes");
  {
    std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(std::streamoff(size / 2));
    char c = 0;
    f.get(c);
    f.seekp(std::streamoff(size / 2));
    f.put(char(c ^ 0x20));
  }
  auto st = store::Store::Open(dir.path());
  if (!st.ok()) {
    BOOST_TEST_MESSAGE("open: " << st.status().ToString());
    BOOST_TEST(st.status().IsCorruption(), st.status().ToString());
    return;
  }
  auto r = node::AuditStore(**st);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST_MESSAGE("audit: " << (r->ok ? "ok" : r->problem) << " events " << r->events);
  BOOST_TEST(!r->ok);
}

namespace {

// Writes the store's partition 0 and its latest checkpoint into an archive,
// letting `edit` change the list of (seq, bytes) first.
std::string WriteArchive(const std::string& dir, const std::string& name,
                         const std::function<void(std::vector<std::pair<std::uint64_t, std::string>>&)>& edit) {
  auto st = store::Store::Open(dir);
  BOOST_REQUIRE(st.ok());
  std::vector<std::pair<std::uint64_t, std::string>> events;
  BOOST_REQUIRE((*st)->ScanEvents(0, 0, [&](std::uint64_t seq, ByteSpan sealed) {
                       events.emplace_back(seq, std::string(AsChars(sealed)));
                       return true;
                     }).ok());
  edit(events);
  const std::string path = dir + "/" + name;
  auto w = archive::ArchiveWriter::Create(path, (*st)->config().origin, 1);
  BOOST_REQUIRE(w.ok());
  for (std::size_t i = 0; i < events.size(); ++i) BOOST_REQUIRE((*w)->AddEvent(0, i, AsBytes(events[i].second)).ok());
  auto latest = (*st)->GetLatestCheckpoint(0);
  BOOST_REQUIRE(latest.ok() && latest->has_value());
  BOOST_REQUIRE((*w)->AddCheckpoint({0, (*latest)->first, (*latest)->second}).ok());
  BOOST_REQUIRE((*w)->Finish().ok());
  return path;
}

node::AuditReport AuditArchiveOf(const std::string& path, const std::string& dir) {
  auto st = store::Store::Open(dir);
  BOOST_REQUIRE(st.ok());
  const auto& anchor = (*st)->config().anchor;
  auto anchor_key = crypto::PublicKey::FromRaw(anchor.algorithm, anchor.public_key);
  auto log_key = node::LogKey(**st);
  BOOST_REQUIRE(anchor_key.ok() && log_key.ok());
  st->reset();
  auto r = node::AuditArchive(path, *anchor_key, *log_key);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().ToString());
  BOOST_TEST_MESSAGE("archive audit: " << (r->ok ? "ok" : r->problem));
  return *r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(archive_tampering_is_named_by_verify_archive) {
  TempDir dir("tamper-archive");
  Build(dir.path());
  auto none = [](auto&) {};
  auto ok = AuditArchiveOf(WriteArchive(dir.path(), "good.archive", none), dir.path());
  BOOST_TEST(ok.ok, ok.problem);
  BOOST_TEST(ok.checkpoints == 1u);

  auto flipped = AuditArchiveOf(WriteArchive(dir.path(), "flip.archive", [](auto& e) { e[57].second[e[57].second.size() - 40] ^= 1; }), dir.path());
  BOOST_TEST(!flipped.ok);
  BOOST_TEST(flipped.bad_seq == 57u, flipped.problem);

  // Signatures are verified in parallel slices; the lowest bad seq is still the one named.
  auto two = AuditArchiveOf(WriteArchive(dir.path(), "two.archive", [](auto& e) {
                              e[350].second[e[350].second.size() - 40] ^= 1;
                              e[57].second[e[57].second.size() - 40] ^= 1;
                            }),
                            dir.path());
  BOOST_TEST(!two.ok);
  BOOST_TEST(two.bad_seq == 57u, two.problem);

  auto swapped = AuditArchiveOf(WriteArchive(dir.path(), "swap.archive", [](auto& e) { std::swap(e[30].second, e[31].second); }), dir.path());
  BOOST_TEST(!swapped.ok);
  BOOST_TEST(swapped.bad_seq == 30u, swapped.problem);

  auto deleted = AuditArchiveOf(WriteArchive(dir.path(), "delete.archive", [](auto& e) { e.erase(e.begin() + 120); }), dir.path());
  BOOST_TEST(!deleted.ok);
  BOOST_TEST(deleted.bad_seq == 120u, deleted.problem);

  auto resealed = AuditArchiveOf(WriteArchive(dir.path(), "reseal.archive", [](auto& e) {
                                   auto t = codec::DecodeSealedEvent(AsBytes(e[200].second));
                                   auto d = codec::DecodeSealedEvent(AsBytes(e[201].second));
                                   BOOST_REQUIRE(t.ok() && d.ok());
                                   e[200].second = std::string(AsChars(codec::EncodeSealedEvent(d->envelope, t->header)));
                                 }),
                                 dir.path());
  BOOST_TEST(!resealed.ok);
  BOOST_TEST(resealed.bad_seq == 200u, resealed.problem);

  auto truncated = AuditArchiveOf(WriteArchive(dir.path(), "short.archive", [](auto& e) { e.pop_back(); }), dir.path());
  BOOST_TEST(!truncated.ok);
  BOOST_TEST(truncated.problem.find("checkpoint") != std::string::npos, truncated.problem);
}

BOOST_AUTO_TEST_CASE(an_interrupted_tree_rebuild_is_finished_on_the_next_open) {
  // A rebuild writes the last event's leaf in its final batch; a store that
  // lacks that leaf (and more) is rebuilt, not refused.
  TempDir dir("tree-interrupted");
  Build(dir.path());
  std::uint64_t events = 0;
  {
    auto st = store::Store::Open(dir.path());
    BOOST_REQUIRE(st.ok());
    events = (*st)->GetHead(0)->next_seq;
  }
  {
    RawDb db(dir.path());
    for (auto [level, index] : {std::pair<int, std::uint64_t>{0, events - 1}, {8, 0}, {1, 3}}) {
      std::string k;
      AppendBigEndian32(k, 0);
      k.push_back(char(level));
      AppendBigEndian64(k, index);
      BOOST_REQUIRE(db.db->Delete(rocksdb::WriteOptions(), db.cfs[6], k).ok());
    }
  }
  { auto n = pl::testing::OpenNode(dir.path()); }
  auto r = Audit(dir.path());
  BOOST_TEST(r.ok, r.problem);
}

BOOST_AUTO_TEST_CASE(bad_events_across_the_audit_chunks_are_named_at_the_lowest) {
  // The audit examines signatures chunk by chunk on all cores, ahead of the
  // in-order checks; with more than three chunks of events, a bad event in a
  // later chunk must not hide one in an earlier chunk, and the chunk edges
  // are positions like any other.
  TempDir dir("tamper-chunks");
  constexpr std::uint64_t kChunk = limits::kAuditChunkEvents;
  Build(dir.path(), /*checkpoint=*/true, /*submissions=*/3 * kChunk + 600);
  auto flip = [](std::string& v) { v[v.size() - 40] ^= 1; };
  auto whole = AuditArchiveOf(WriteArchive(dir.path(), "whole.archive", [](auto&) {}), dir.path());
  BOOST_TEST(whole.ok, whole.problem);
  BOOST_REQUIRE(whole.events > 3 * kChunk);

  auto later_first = AuditArchiveOf(WriteArchive(dir.path(), "two.archive",
                                                 [&](auto& e) {
                                                   flip(e[3 * kChunk + 5].second);
                                                   flip(e[kChunk + 1].second);
                                                 }),
                                    dir.path());
  BOOST_TEST(!later_first.ok);
  BOOST_TEST(later_first.bad_seq == kChunk + 1, later_first.problem);

  auto edge = AuditArchiveOf(WriteArchive(dir.path(), "edge.archive", [&](auto& e) { flip(e[2 * kChunk].second); }),
                             dir.path());
  BOOST_TEST(!edge.ok);
  BOOST_TEST(edge.bad_seq == 2 * kChunk, edge.problem);

  auto swapped = AuditArchiveOf(
      WriteArchive(dir.path(), "swap.archive", [&](auto& e) { std::swap(e[kChunk - 1].second, e[kChunk].second); }),
      dir.path());
  BOOST_TEST(!swapped.ok);
  BOOST_TEST(swapped.bad_seq == kChunk - 1, swapped.problem);
}

namespace {

// What the test needs of one stored event: its envelope and header, its
// stream (canonical patent, "" for key events), the signers and the key
// event's subject.
struct Decoded {
  Bytes envelope;
  codec::SealedHeader header;
  std::string stream;
  std::vector<std::string> signers;
  std::string enrols, revokes;  // key id enrolled / revoked by this event
};

Decoded DecodeEnvelope(ByteSpan envelope_bytes, const codec::SealedHeader& header) {
  auto envelope = codec::VerifyEnvelope(envelope_bytes);
  BOOST_REQUIRE(envelope.ok());
  auto sub = codec::DecodeSubmission(envelope->submission_bytes);
  BOOST_REQUIRE(sub.ok());
  Decoded d;
  d.envelope.assign(envelope_bytes.begin(), envelope_bytes.end());
  d.header = header;
  if (!domain::IsKeyEvent(sub->body)) d.stream = *domain::CanonicalPatentNumber(sub->patent);
  for (const auto& s : envelope->signatures) d.signers.emplace_back(s.key_id);
  if (const auto* e = std::get_if<domain::KeyEnrolled>(&sub->body)) d.enrols = e->key_id;
  if (const auto* r = std::get_if<domain::KeyRevoked>(&sub->body)) d.revokes = r->key_id;
  return d;
}

std::vector<Decoded> DecodeAll(const std::vector<std::pair<std::uint64_t, std::string>>& events) {
  std::vector<Decoded> out;
  for (const auto& [seq, sealed] : events) {
    auto view = codec::DecodeSealedEvent(AsBytes(sealed));
    BOOST_REQUIRE(view.ok());
    out.push_back(DecodeEnvelope(view->envelope, view->header));
  }
  return out;
}

// Seals the envelopes again in the given order into partition 0, every
// chain and stream version made consistent, each position keeping the
// recorded time it had: what a node holding the keys of the store (not the
// signers' keys) could write to reorder history undetected by the chains.
void Reseal(std::vector<std::pair<std::uint64_t, std::string>>& events, const std::vector<Decoded>& order) {
  std::vector<std::int64_t> times;
  for (const auto& d : DecodeAll(events)) times.push_back(d.header.recorded_at_us);
  events.resize(order.size());
  std::unordered_map<std::string, std::pair<std::uint64_t, Hash256>> streams;
  Hash256 last{};
  for (std::size_t i = 0; i < order.size(); ++i) {
    codec::SealedHeader h = order[i].header;
    h.seq = i;
    h.recorded_at_us = i < times.size() ? times[i] : times.back() + std::int64_t(i - times.size() + 1);
    h.prev_hash = last;
    auto& [count, tip] = streams[order[i].stream];
    h.stream_version = count;
    h.stream_prev_hash = tip;
    Bytes sealed = codec::EncodeSealedEvent(order[i].envelope, h);
    last = tip = merkle::LeafHash(sealed);
    ++count;
    events[i].second = std::string(AsChars(sealed));
  }
}

std::size_t FindIf(const std::vector<Decoded>& d, std::size_t from, const std::function<bool(const Decoded&)>& pred,
                   const std::string& what) {
  for (std::size_t i = from; i < d.size(); ++i) {
    if (pred(d[i])) return i;
  }
  BOOST_FAIL("no " + what + " among the " + std::to_string(d.size()) + " events");
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_event_signed_outside_its_keys_enrolment_is_named) {
  // Every chain intact and every signature valid, but a signer whose key
  // was not enrolled yet, or revoked already, at the event's recorded time:
  // the audit checks each signer against the registry stream at that time,
  // as admission did.
  TempDir dir("tamper-key-time");
  Build(dir.path());
  std::vector<Decoded> d;
  WriteArchive(dir.path(), "read.archive", [&](auto& e) { d = DecodeAll(e); });
  auto same = AuditArchiveOf(WriteArchive(dir.path(), "same.archive", [&](auto& e) { Reseal(e, d); }), dir.path());
  BOOST_TEST(same.ok, same.problem);  // resealing the same order gives back the same bytes

  // An event moved to before the enrolment of its signer's key.
  const std::size_t enrolment = FindIf(d, 1, [](const Decoded& x) { return !x.enrols.empty(); }, "enrolment");
  const std::string enrolled = d[enrolment].enrols;
  const std::size_t signed_by = FindIf(d, enrolment + 1, [&](const Decoded& x) {
    return std::find(x.signers.begin(), x.signers.end(), enrolled) != x.signers.end();
  }, "event signed by the enrolled key");
  auto early = d;
  std::rotate(early.begin() + enrolment, early.begin() + signed_by, early.begin() + signed_by + 1);
  auto before = AuditArchiveOf(WriteArchive(dir.path(), "before.archive", [&](auto& e) { Reseal(e, early); }), dir.path());
  BOOST_TEST(!before.ok);
  BOOST_TEST(before.bad_seq == enrolment, before.problem);
  BOOST_TEST(before.problem.find("before the registry enrolled it") != std::string::npos, before.problem);

  // A submission the ledger refused (REVOKED_SIGNER: validly signed with a
  // revoked key) sealed in right after the revocation.
  const std::size_t revocation = FindIf(d, 0, [](const Decoded& x) { return !x.revokes.empty(); }, "revocation");
  auto g = Sample(400);
  std::optional<Decoded> refused;
  for (sample::Generated item; !refused && g->Next(&item);) {
    if (item.note.find("revoked key") != std::string::npos) refused = DecodeEnvelope(item.envelope, d[revocation].header);
  }
  BOOST_REQUIRE(refused.has_value());
  BOOST_REQUIRE(refused->signers.front() == d[revocation].revokes);
  auto late = d;
  late.insert(late.begin() + revocation + 1, *refused);
  auto after = AuditArchiveOf(WriteArchive(dir.path(), "after.archive", [&](auto& e) { Reseal(e, late); }), dir.path());
  BOOST_TEST(!after.ok);
  BOOST_TEST(after.bad_seq == revocation + 1, after.problem);
  BOOST_TEST(after.problem.find("after the registry revoked it") != std::string::npos, after.problem);
}
