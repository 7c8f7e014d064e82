// Wycheproof signature vectors from ../shared/testdata/wycheproof: every
// "valid" case verifies and every "invalid" one is refused. Reported skipped
// (with the reason) when ../shared is absent.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ledger/crypto/crypto.h"

using namespace pl;

namespace {

const std::string kDir = std::string(PL_SHARED_TESTDATA) + "/wycheproof";

struct VectorsPresent {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result r(std::filesystem::exists(kDir));
    r.message() << "conformance vectors not found at " << kDir << " (../shared is absent)";
    return r;
  }
};

nlohmann::json Load(const std::string& name) {
  std::ifstream in(kDir + "/" + name);
  return nlohmann::json::parse(in);
}

// Runs every test of every group; `key_of` builds the group's public key.
template <typename KeyOf>
void RunVectors(const nlohmann::json& doc, KeyOf key_of) {
  int valid = 0, invalid = 0;
  for (const auto& group : doc["testGroups"]) {
    auto key = key_of(group);
    for (const auto& t : group["tests"]) {
      auto msg = HexDecode(t["msg"].get<std::string>());
      auto sig = HexDecode(t["sig"].get<std::string>());
      BOOST_REQUIRE(msg && sig);
      std::string result = t["result"];
      bool ok = key.ok() && key->Verify(*msg, *sig);
      if (result == "valid") {
        ++valid;
        BOOST_TEST(ok, "tcId " << t["tcId"] << " should verify: " << t["comment"]);
      } else if (result == "invalid") {
        ++invalid;
        BOOST_TEST(!ok, "tcId " << t["tcId"] << " should be refused: " << t["comment"]);
      }
    }
  }
  BOOST_TEST_MESSAGE(valid << " valid and " << invalid << " invalid cases checked");
  BOOST_TEST(valid + invalid > 100);
}

}  // namespace

BOOST_AUTO_TEST_CASE(wycheproof_ed25519_vectors, *boost::unit_test::precondition(VectorsPresent())) {
  RunVectors(Load("ed25519_test.json"), [](const nlohmann::json& group) {
    auto pk = HexDecode(group["publicKey"]["pk"].get<std::string>());
    return crypto::PublicKey::FromRaw(domain::KeyAlgorithm::kEd25519, pk.value_or(Bytes{}));
  });
}

BOOST_AUTO_TEST_CASE(wycheproof_ecdsa_p256_sha256_vectors, *boost::unit_test::precondition(VectorsPresent())) {
  RunVectors(Load("ecdsa_secp256r1_sha256_test.json"), [](const nlohmann::json& group) {
    auto pk = HexDecode(group["publicKey"]["uncompressed"].get<std::string>());
    return crypto::PublicKey::FromRaw(domain::KeyAlgorithm::kEcdsaP256Sha256, pk.value_or(Bytes{}));
  });
}
