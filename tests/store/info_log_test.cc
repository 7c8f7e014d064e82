// RocksDB's informational LOG as we write it (ledger/store/info_log.h):
// one timestamped line per message, long lines cut, the log set aside as
// LOG.old when it passed its bound, failed writes ignored, and the ledger's
// store actually logging through it.
#define BOOST_TEST_MODULE store_info_log
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "ledger/store/info_log.h"
#include "ledger/store/store.h"
#include "tests/node/node_test_util.h"

using namespace pl;
using pl::testing::TempDir;

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_timestamped_line_per_message) {
  TempDir dir("infolog");
  {
    store::InfoLog log(dir.path());
    BOOST_TEST(!std::filesystem::exists(dir.path() + "/LOG"));  // opened on the first line
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "flush %d of %s", 7, "events");
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "second");
  }
  const std::string text = Slurp(dir.path() + "/LOG");
  const auto lines = Lines(text);
  BOOST_REQUIRE_EQUAL(lines.size(), 2u);
  const std::regex stamp(R"(^\d{4}/\d{2}/\d{2}-\d{2}:\d{2}:\d{2}\.\d{6} (.*)$)");
  std::smatch m;
  BOOST_REQUIRE(std::regex_match(lines[0], m, stamp));
  BOOST_TEST(m[1].str() == "flush 7 of events");
  BOOST_REQUIRE(std::regex_match(lines[1], m, stamp));
  BOOST_TEST(m[1].str() == "second");
  BOOST_TEST(text.back() == '\n');
}

BOOST_AUTO_TEST_CASE(a_long_message_is_cut_to_one_line) {
  TempDir dir("infolog");
  {
    store::InfoLog log(dir.path());
    const std::string big(10000, 'x');
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "%s", big.c_str());
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "after");
  }
  const auto lines = Lines(Slurp(dir.path() + "/LOG"));
  BOOST_REQUIRE_EQUAL(lines.size(), 2u);
  BOOST_TEST(lines[0].size() == 4095u);  // the 4096-byte line buffer, its newline included
  BOOST_TEST(lines[1].ends_with(" after"));
}

BOOST_AUTO_TEST_CASE(a_log_past_its_bound_is_set_aside_at_open) {
  TempDir dir("infolog");
  const std::string path = dir.path() + "/LOG";
  {
    std::ofstream(path) << "old line\n";
    std::filesystem::resize_file(path, std::uintmax_t(store::kInfoLogBytesMax) + 1);
  }
  {
    store::InfoLog log(dir.path());
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "fresh");
  }
  BOOST_TEST(std::filesystem::file_size(path + ".old") == std::uintmax_t(store::kInfoLogBytesMax) + 1);
  BOOST_TEST(Slurp(path + ".old").starts_with("old line\n"));
  const auto lines = Lines(Slurp(path));
  BOOST_REQUIRE_EQUAL(lines.size(), 1u);
  BOOST_TEST(lines[0].ends_with(" fresh"));

  // A log within its bound is appended to.
  {
    store::InfoLog log(dir.path());
    rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "appended");
  }
  BOOST_TEST(Lines(Slurp(path)).size() == 2u);
}

// What RocksDB's own logger aborted on (decision 0026): a line after a
// failed write. /dev/full fails every write with ENOSPC.
BOOST_AUTO_TEST_CASE(failed_writes_are_ignored) {
  TempDir dir("infolog");
  std::filesystem::create_symlink("/dev/full", dir.path() + "/LOG");
  store::InfoLog log(dir.path());
  for (int i = 0; i < 3; ++i) rocksdb::Log(rocksdb::InfoLogLevel::INFO_LEVEL, &log, "line %d", i);
  BOOST_TEST(std::filesystem::is_symlink(dir.path() + "/LOG"));  // still there, nothing else happened
}

BOOST_AUTO_TEST_CASE(the_store_logs_through_it) {
  TempDir dir("infolog");
  const std::string ledger = dir.path() + "/ledger";
  store::LedgerConfig config;
  config.origin = "test";
  config.partitions = 1;
  config.anchor = {"k", domain::KeyAlgorithm::kEd25519, Bytes(32, 1), "org", domain::kRoleAuthority, false, 0};
  {
    auto st = store::Store::Create(ledger, config, store::StoreOptions{});
    BOOST_REQUIRE_MESSAGE(st.ok(), st.status().ToString());
  }
  // RocksDB names its version first when it opens a database. Its own
  // logger writes a thread id between the timestamp and the message; ours
  // does not.
  const auto lines = Lines(Slurp(ledger + "/LOG"));
  BOOST_REQUIRE(!lines.empty());
  const std::regex version(R"(^\d{4}/\d{2}/\d{2}-\d{2}:\d{2}:\d{2}\.\d{6} RocksDB version: \d+\.\d+\.\d+$)");
  BOOST_TEST(std::regex_match(lines[0], version), lines[0]);
}
