#define BOOST_TEST_MODULE crypto
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "ledger/crypto/crypto.h"

using namespace pl;
using crypto::PrivateKey;
using crypto::PublicKey;
using domain::KeyAlgorithm;

namespace {

struct TempDir {
  TempDir() {
    path = std::filesystem::temp_directory_path() / ("pl-crypto-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string File(const std::string& name) const { return (path / name).string(); }
  std::filesystem::path path;
};

const KeyAlgorithm kAlgorithms[] = {KeyAlgorithm::kEd25519, KeyAlgorithm::kEcdsaP256Sha256};

}  // namespace

BOOST_AUTO_TEST_CASE(sha256_matches_the_known_digest_of_abc) {
  Hash256 h = crypto::Sha256(AsBytes("abc"));
  BOOST_TEST(HexEncode(h) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(HexEncode(crypto::Sha256({AsBytes("a"), AsBytes("bc")})) == HexEncode(h));
}

BOOST_AUTO_TEST_CASE(signatures_verify_and_any_change_breaks_them) {
  for (KeyAlgorithm alg : kAlgorithms) {
    auto key = PrivateKey::Generate(alg);
    BOOST_REQUIRE(key.ok());
    Bytes message(300, 0x42);
    Bytes sig = key->SignSubmission(message);
    BOOST_TEST(key->public_key().VerifySubmission(message, sig));
    Bytes other = message;
    other[7] ^= 1;
    BOOST_TEST(!key->public_key().VerifySubmission(other, sig));
    Bytes bad = sig;
    bad[bad.size() / 2] ^= 0x10;
    BOOST_TEST(!key->public_key().VerifySubmission(message, bad));
    // The submission context separates these signatures from plain ones.
    BOOST_TEST(!key->public_key().Verify(message, sig));
    BOOST_TEST(!key->public_key().VerifySubmission(message, Bytes{}));
    auto other_key = PrivateKey::Generate(alg);
    BOOST_TEST(!other_key->public_key().VerifySubmission(message, sig));
  }
}

BOOST_AUTO_TEST_CASE(key_id_is_the_hex_of_the_first_16_bytes_of_sha256_of_the_raw_key) {
  for (KeyAlgorithm alg : kAlgorithms) {
    auto key = PrivateKey::Generate(alg);
    const PublicKey& pub = key->public_key();
    BOOST_TEST(pub.raw().size() == (alg == KeyAlgorithm::kEd25519 ? 32u : 65u));
    Hash256 h = crypto::Sha256(pub.raw());
    BOOST_TEST(pub.key_id() == HexEncode(ByteSpan(h.data(), 16)));
    auto again = PublicKey::FromRaw(alg, pub.raw());
    BOOST_REQUIRE(again.ok());
    BOOST_TEST(again->key_id() == pub.key_id());
    auto from_pem = PublicKey::FromPem(pub.ToPem());
    BOOST_REQUIRE(from_pem.ok());
    BOOST_TEST(from_pem->raw() == pub.raw());
    BOOST_TEST((from_pem->algorithm() == alg));
  }
}

BOOST_AUTO_TEST_CASE(seeded_ed25519_keys_are_deterministic_and_match_rfc8032) {
  // RFC 8032 section 7.1, TEST 1.
  auto seed = HexDecode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = PrivateKey::FromEd25519Seed(*seed);
  BOOST_REQUIRE(key.ok());
  BOOST_TEST(HexEncode(key->public_key().raw()) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  BOOST_TEST(HexEncode(key->Sign(Bytes{})) ==
             "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  BOOST_TEST(!PrivateKey::FromEd25519Seed(Bytes(31, 1)).ok());
}

BOOST_AUTO_TEST_CASE(malformed_public_keys_are_refused) {
  BOOST_TEST(!PublicKey::FromRaw(KeyAlgorithm::kEd25519, Bytes(31, 1)).ok());
  BOOST_TEST(!PublicKey::FromRaw(KeyAlgorithm::kEcdsaP256Sha256, Bytes(64, 1)).ok());
  Bytes not_on_curve(65, 1);
  not_on_curve[0] = 0x04;
  BOOST_TEST(!PublicKey::FromRaw(KeyAlgorithm::kEcdsaP256Sha256, not_on_curve).ok());
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcdsaP256Sha256);
  Bytes compressed(key->public_key().raw().begin(), key->public_key().raw().begin() + 33);
  compressed[0] = 0x02;
  BOOST_TEST(!PublicKey::FromRaw(KeyAlgorithm::kEcdsaP256Sha256, compressed).ok());
  BOOST_TEST(!PublicKey::FromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n").ok());
}

BOOST_AUTO_TEST_CASE(private_key_files_are_created_0600_never_overwritten_and_loose_ones_refused) {
  TempDir dir;
  for (KeyAlgorithm alg : kAlgorithms) {
    std::string path = dir.File(alg == KeyAlgorithm::kEd25519 ? "ed.key" : "p256.key");
    ::umask(0);  // a permissive umask must not loosen the file
    auto key = PrivateKey::Generate(alg);
    BOOST_REQUIRE(key->SavePemFile(path).ok());
    ::umask(022);
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
    Status again = key->SavePemFile(path);
    BOOST_TEST(!again.ok());
    BOOST_TEST(again.message().find("already exists") != std::string::npos);

    auto loaded = PrivateKey::LoadPemFile(path);
    BOOST_REQUIRE(loaded.ok());
    BOOST_TEST(loaded->public_key().key_id() == key->public_key().key_id());
    Bytes msg(10, 3);
    BOOST_TEST(key->public_key().VerifySubmission(msg, loaded->SignSubmission(msg)));

    ::chmod(path.c_str(), 0640);
    auto loose = PrivateKey::LoadPemFile(path);
    BOOST_TEST(!loose.ok());
    BOOST_TEST(loose.status().message().find(path) != std::string::npos);
    BOOST_TEST(loose.status().message().find("0640") != std::string::npos);
    BOOST_TEST(loose.status().message().find("PRIVATE") == std::string::npos);
  }
  BOOST_TEST(!PrivateKey::LoadPemFile(dir.File("missing.key")).ok());
  std::string junk = dir.File("junk.key");
  std::ofstream(junk) << "not a key\n";
  ::chmod(junk.c_str(), 0600);
  auto j = PrivateKey::LoadPemFile(junk);
  BOOST_TEST(!j.ok());
  BOOST_TEST(j.status().message().find("not a key") == std::string::npos);  // contents never echoed
}

BOOST_AUTO_TEST_CASE(one_key_object_verifies_from_many_threads_at_once) {
  for (KeyAlgorithm alg : kAlgorithms) {
    auto key = PrivateKey::Generate(alg);
    Bytes msg(200, 9);
    Bytes sig = key->SignSubmission(msg);
    Bytes bad = sig;
    bad[10] ^= 1;
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
          if (!key->public_key().VerifySubmission(msg, sig)) ++wrong;
          if (key->public_key().VerifySubmission(msg, bad)) ++wrong;
          if (!key->public_key().VerifySubmission(msg, key->SignSubmission(msg))) ++wrong;
        }
      });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(wrong.load() == 0);
  }
}
