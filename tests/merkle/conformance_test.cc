// RFC 9162 conformance vectors from ../shared/testdata/merkle: every valid
// proof is accepted and every wantErr case refused. Reported skipped (with
// the reason) when ../shared is absent.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ledger/merkle/tree.h"

using namespace pl;

namespace {

const std::string kDir = std::string(PL_SHARED_TESTDATA) + "/merkle";

struct VectorsPresent {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result r(std::filesystem::exists(kDir));
    r.message() << "conformance vectors not found at " << kDir << " (../shared is absent)";
    return r;
  }
};

std::vector<std::filesystem::path> Files(const std::string& sub) {
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(kDir + "/" + sub)) {
    if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Bytes B64(const nlohmann::json& v) {
  auto b = Base64Decode(v.get<std::string>());
  BOOST_REQUIRE(b);
  return *b;
}

// A proof element that is not 32 bytes cannot be a SHA-256 node: the
// vector's proof is refused before verification.
std::optional<std::vector<Hash256>> Proof(const nlohmann::json& v) {
  std::vector<Hash256> proof;
  if (v.is_null()) return proof;
  for (const auto& e : v) {
    Bytes b = B64(e);
    if (b.size() != 32) return std::nullopt;
    Hash256 h;
    std::copy(b.begin(), b.end(), h.begin());
    proof.push_back(h);
  }
  return proof;
}

// Runs `check` on every file; returns the count of valid and invalid cases.
template <typename Check>
void Run(const std::string& sub, Check check) {
  int valid = 0, invalid = 0;
  for (const auto& path : Files(sub)) {
    std::ifstream in(path);
    auto doc = nlohmann::json::parse(in);
    const bool want_err = doc["wantErr"].get<bool>();
    Status s = check(doc);
    (want_err ? invalid : valid)++;
    if (want_err) {
      BOOST_TEST(!s.ok(), path.string() << " (" << doc["desc"] << ") should be refused");
    } else {
      BOOST_TEST(s.ok(), path.string() << " (" << doc["desc"] << ") should verify: " << s.ToString());
    }
  }
  BOOST_TEST_MESSAGE(sub << ": " << valid << " valid and " << invalid << " invalid vectors checked");
  BOOST_TEST(valid > 0);
  BOOST_TEST(invalid > valid);
}

}  // namespace

BOOST_AUTO_TEST_CASE(rfc9162_inclusion_vectors, *boost::unit_test::precondition(VectorsPresent())) {
  Run("inclusion", [](const nlohmann::json& d) {
    auto proof = Proof(d["proof"]);
    if (!proof) return Status::InvalidArgument("proof element is not 32 bytes");
    return merkle::VerifyInclusion(d["leafIdx"].get<std::uint64_t>(), d["treeSize"].get<std::uint64_t>(),
                                   B64(d["leafHash"]), *proof, B64(d["root"]));
  });
}

BOOST_AUTO_TEST_CASE(rfc9162_consistency_vectors, *boost::unit_test::precondition(VectorsPresent())) {
  Run("consistency", [](const nlohmann::json& d) {
    auto proof = Proof(d["proof"]);
    if (!proof) return Status::InvalidArgument("proof element is not 32 bytes");
    return merkle::VerifyConsistency(d["size1"].get<std::uint64_t>(), d["size2"].get<std::uint64_t>(), *proof,
                                     B64(d["root1"]), B64(d["root2"]));
  });
}
