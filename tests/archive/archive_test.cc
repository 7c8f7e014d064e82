#define BOOST_TEST_MODULE archive
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "ledger/archive/archive.h"

using namespace pl;
using archive::ArchiveReader;
using archive::ArchiveWriter;

namespace {

struct Fixture {
  Fixture() {
    dir = std::filesystem::temp_directory_path() / ("pl-archive-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    path = (dir / "ledger.plarchive").string();
  }
  ~Fixture() { std::filesystem::remove_all(dir); }

  static Bytes Event(std::uint32_t p, std::uint64_t seq) {
    Bytes b(50 + seq % 7, std::uint8_t(p * 16 + seq));
    return b;
  }
  // Two partitions: 0 with seq 0..9, 1 with seq 0..4, one checkpoint each.
  void WriteSample() {
    auto w = ArchiveWriter::Create(path, "test-origin", 2);
    BOOST_REQUIRE(w.ok());
    for (std::uint64_t s = 0; s < 10; ++s) BOOST_REQUIRE((*w)->AddEvent(0, s, Event(0, s)).ok());
    BOOST_REQUIRE((*w)->AddCheckpoint({0, 10, "note p0\n"}).ok());
    for (std::uint64_t s = 0; s < 5; ++s) BOOST_REQUIRE((*w)->AddEvent(1, s, Event(1, s)).ok());
    BOOST_REQUIRE((*w)->AddCheckpoint({1, 5, "note p1\n"}).ok());
    BOOST_REQUIRE((*w)->Finish().ok());
  }
  Bytes ReadFile() const {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
  }
  void WriteFile(const Bytes& b) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
  }

  std::filesystem::path dir;
  std::string path;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_archive_reads_back_every_event_and_checkpoint, Fixture) {
  WriteSample();
  BOOST_TEST(!std::filesystem::exists(path + ".tmp"));
  auto r = ArchiveReader::Open(path, ArchiveReader::DigestPolicy::kCheckDigest);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST((*r)->info().origin == "test-origin");
  BOOST_TEST((*r)->partitions() == 2u);
  BOOST_TEST((*r)->info().events == 15u);
  BOOST_TEST((*r)->info().digest_ok);
  BOOST_REQUIRE((*r)->info().checkpoints.size() == 2u);
  BOOST_TEST((*r)->info().checkpoints[1].note == "note p1\n");
  for (std::uint32_t p = 0; p < 2; ++p) {
    std::uint64_t next = 3;
    BOOST_REQUIRE((*r)->Scan(p, 3, [&](std::uint64_t seq, ByteSpan b) {
      BOOST_TEST(seq == next++);
      Bytes want = Event(p, seq);
      BOOST_TEST((Bytes(b.begin(), b.end()) == want));
      return true;
    }).ok());
    BOOST_TEST(next == (p == 0 ? 10u : 5u));
  }
}

BOOST_FIXTURE_TEST_CASE(a_flipped_byte_fails_the_digest_check_or_is_reported, Fixture) {
  WriteSample();
  Bytes b = ReadFile();
  b[b.size() / 2] ^= 0x01;
  WriteFile(b);
  auto strict = ArchiveReader::Open(path, ArchiveReader::DigestPolicy::kCheckDigest);
  BOOST_TEST(!strict.ok());
  BOOST_TEST(strict.status().IsCorruption());
  auto lenient = ArchiveReader::Open(path, ArchiveReader::DigestPolicy::kReportDigest);
  BOOST_REQUIRE(lenient.ok());
  BOOST_TEST(!(*lenient)->info().digest_ok);
}

BOOST_FIXTURE_TEST_CASE(truncated_or_extended_archives_are_refused, Fixture) {
  WriteSample();
  Bytes full = ReadFile();
  for (std::size_t cut : {std::size_t(0), std::size_t(5), std::size_t(30), full.size() / 2, full.size() - 1}) {
    WriteFile(Bytes(full.begin(), full.begin() + long(cut)));
    BOOST_TEST(!ArchiveReader::Open(path, ArchiveReader::DigestPolicy::kCheckDigest).ok(), "cut at " << cut);
  }
  Bytes longer = full;
  longer.push_back(0);
  WriteFile(longer);
  BOOST_TEST(!ArchiveReader::Open(path, ArchiveReader::DigestPolicy::kCheckDigest).ok());
  BOOST_TEST(!ArchiveReader::Open((dir / "missing").string(), ArchiveReader::DigestPolicy::kCheckDigest).ok());
}

BOOST_FIXTURE_TEST_CASE(the_writer_refuses_out_of_order_events_and_leaves_no_file_when_abandoned, Fixture) {
  {
    auto w = ArchiveWriter::Create(path, "o", 2);
    BOOST_REQUIRE(w.ok());
    BOOST_REQUIRE((*w)->AddEvent(1, 0, Event(1, 0)).ok());
    BOOST_TEST(!(*w)->AddEvent(1, 2, Event(1, 2)).ok());  // gap
    BOOST_TEST(!(*w)->AddEvent(0, 0, Event(0, 0)).ok());  // earlier partition
  }  // no Finish()
  BOOST_TEST(!std::filesystem::exists(path));
  BOOST_TEST(!std::filesystem::exists(path + ".tmp"));
}
