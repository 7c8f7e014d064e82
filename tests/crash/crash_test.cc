// Crash test with real processes: `patentledger submit` (the embedded node)
// is killed with SIGKILL at random moments while it ingests >= 20,000
// submissions. Like a real client, each restart resubmits from the first line
// without a receipt (lines in flight at the kill, committed or not, come
// after it and are sent again), until the whole input has been answered;
// finally everything is resubmitted once more. The kill comes at a random
// moment after the process wrote its first receipt, so every round makes
// progress however slow a loaded machine is. Then:
//  - every submission that ever got an "accepted" receipt is in the store
//    exactly once, at the seq and leaf hash that receipt named;
//  - seq has no gap and both hash chains verify (patentledger verify).
#define BOOST_TEST_MODULE crash
#include <boost/test/unit_test.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kSubmissions = 22000;
constexpr int kKillsMin = 6;
constexpr int kRoundsMax = 60;
constexpr int kKillDelayMinMs = 0, kKillDelaySpreadMs = 2500;
// How long a started process may take to write its first receipt.
constexpr auto kStartupMax = std::chrono::seconds(120);

std::string Run(const std::string& command) {
  std::string out;
  std::FILE* p = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  BOOST_TEST_MESSAGE("$ " << command << " -> " << WEXITSTATUS(status));
  return out;
}

// Starts `patentledger submit` writing receipts to `receipts`; returns its pid.
pid_t StartSubmit(const std::string& ledger, const std::string& input, const std::string& receipts) {
  pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    std::FILE* devnull = std::fopen("/dev/null", "w");
    ::dup2(fileno(devnull), STDERR_FILENO);
    ::execl(PL_CLI, PL_CLI, "submit", "--dir", ledger.c_str(), "--out", receipts.c_str(), input.c_str(),
            static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  return pid;
}

struct Accepted {
  std::uint64_t seq;
  std::string leaf_hash;
};

// Reads complete receipt lines; a torn last line (killed mid-write) is
// skipped. Returns the highest input line answered (1-based, 0 if none).
std::size_t ReadReceipts(const std::string& path, std::map<std::string, Accepted>& accepted, std::size_t& lines) {
  std::ifstream in(path);
  std::string line;
  std::size_t last_answered = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    ++lines;
    if (j["status"] == "accepted" || j["status"] == "rejected") {
      last_answered = std::max(last_answered, j["line"].get<std::size_t>());
    }
    if (j["status"] != "accepted") continue;
    std::string id = j["submission_id"];
    Accepted a{j["seq"].get<std::uint64_t>(), j["leaf_hash"].get<std::string>()};
    auto [it, inserted] = accepted.emplace(id, a);
    if (!inserted) {
      BOOST_TEST(it->second.seq == a.seq, "submission " << id << " accepted at two positions");
      BOOST_TEST(it->second.leaf_hash == a.leaf_hash);
    }
  }
  return last_answered;
}

// Waits until `path` is non-empty or `pid` has exited; false on timeout.
bool WaitForFirstReceipt(pid_t pid, const std::string& path) {
  auto deadline = std::chrono::steady_clock::now() + kStartupMax;
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    if (fs::file_size(path, ec) > 0 && !ec) return true;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;  // reaped below by kill/waitpid: gone
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Writes lines [first, end) of `all` to `path`.
void WriteLines(const std::vector<std::string>& all, std::size_t first, const std::string& path) {
  std::ofstream out(path, std::ios::trunc);
  for (std::size_t i = first; i < all.size(); ++i) out << all[i] << '\n';
}

}  // namespace

BOOST_AUTO_TEST_CASE(accepted_submissions_survive_kill_9_exactly_once) {
  std::uint64_t seed = std::random_device{}();
  if (const char* s = std::getenv("PL_CRASH_SEED")) seed = std::strtoull(s, nullptr, 10);
  BOOST_TEST_MESSAGE("crash test seed " << seed << " (rerun with PL_CRASH_SEED=" << seed << ")");
  std::mt19937_64 rng(seed);

  fs::path work = fs::temp_directory_path() / ("pl-crash-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  std::string cli = PL_CLI;
  Run("'" + cli + "' generate --out '" + work.string() + "/sample' --seed 77 --count " +
      std::to_string(kSubmissions) + " 2>&1");
  std::string anchor_json;
  {
    std::ifstream in(work / "sample/anchor.json");
    anchor_json.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto anchor = nlohmann::json::parse(anchor_json);
  std::string ledger = (work / "ledger").string();
  Run("'" + cli + "' init --dir '" + ledger + "' --anchor '" + (work / "sample").string() + "/" +
      anchor["public_key_file"].get<std::string>() + "' --organisation " + anchor["organisation"].get<std::string>());
  std::string input = (work / "sample/submissions.b64").string();
  std::vector<std::string> all_lines;
  {
    std::ifstream in(input);
    for (std::string l; std::getline(in, l);) all_lines.push_back(l);
  }
  BOOST_TEST_REQUIRE(all_lines.size() == kSubmissions);

  std::map<std::string, Accepted> accepted;
  int kills = 0;
  std::size_t answered = 0;  // input lines 1..answered have a receipt
  for (int round = 0; round < kRoundsMax && (answered < kSubmissions || kills < kKillsMin); ++round) {
    std::size_t first = answered;
    if (answered >= kSubmissions) first = rng() % kSubmissions;  // enough kills not yet: anywhere
    std::string round_input = (work / ("input-" + std::to_string(round) + ".b64")).string();
    WriteLines(all_lines, first, round_input);
    std::string receipts = (work / ("receipts-" + std::to_string(round) + ".jsonl")).string();
    pid_t pid = StartSubmit(ledger, round_input, receipts);
    BOOST_TEST_REQUIRE(WaitForFirstReceipt(pid, receipts), "no receipt within the start-up bound");
    auto delay = std::chrono::milliseconds(kKillDelayMinMs + rng() % kKillDelaySpreadMs);
    std::this_thread::sleep_for(delay);
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ++kills;
      BOOST_TEST_MESSAGE("round " << round << ": lines " << first + 1 << ".., killed after " << delay.count() << " ms");
    } else {
      BOOST_TEST_MESSAGE("round " << round << ": lines " << first + 1 << ".., finished before the kill");
    }
    std::size_t lines = 0;
    std::size_t last = ReadReceipts(receipts, accepted, lines);
    answered = std::max(answered, first + last);
    BOOST_TEST_MESSAGE("  " << lines << " receipts written, input answered up to line " << answered << ", "
                            << accepted.size() << " accepted so far");
  }
  BOOST_TEST(kills >= kKillsMin);
  BOOST_TEST(answered == kSubmissions);

  // Final run to completion: everything resubmitted.
  std::string final_receipts = (work / "receipts-final.jsonl").string();
  pid_t pid = StartSubmit(ledger, input, final_receipts);
  int status = 0;
  ::waitpid(pid, &status, 0);
  BOOST_TEST_REQUIRE(WIFEXITED(status));
  BOOST_TEST((WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 4), "submit exit code " << WEXITSTATUS(status));
  std::map<std::string, Accepted> final_accepted;
  std::size_t final_lines = 0;
  ReadReceipts(final_receipts, final_accepted, final_lines);
  BOOST_TEST(final_lines == kSubmissions);
  // Every receipt ever issued as accepted names the same position now.
  for (const auto& [id, a] : accepted) {
    auto it = final_accepted.find(id);
    BOOST_TEST_REQUIRE((it != final_accepted.end()), "accepted submission " << id << " is missing after the crashes");
    BOOST_TEST(it->second.seq == a.seq);
    BOOST_TEST(it->second.leaf_hash == a.leaf_hash);
  }
  // Exactly once: the log holds one event per accepted submission id.
  std::string exported = Run("'" + cli + "' export --dir '" + ledger + "'");
  std::set<std::string> ids;
  std::size_t events = 0;
  std::size_t pos = 0;
  while ((pos = exported.find('\n', pos)) != std::string::npos) ++events, ++pos;
  for (const auto& [id, a] : final_accepted) ids.insert(id);
  BOOST_TEST(events == ids.size());
  // Chains, seq contiguity, signatures, heads.
  std::string verify = Run("'" + cli + "' verify --dir '" + ledger + "'");
  BOOST_TEST(verify.find("\"ok\":true") != std::string::npos, verify);
  fs::remove_all(work);
}
