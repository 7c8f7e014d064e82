#include <boost/test/unit_test.hpp>

#include "ledger/merkle/checkpoint.h"
#include "ledger/merkle/tree.h"

using namespace pl;
using namespace pl::merkle;

namespace {

crypto::PrivateKey Key(std::uint8_t fill) {
  Bytes seed(32, fill);
  auto key = crypto::PrivateKey::FromEd25519Seed(seed);
  BOOST_REQUIRE(key.ok());
  return std::move(*key);
}

Checkpoint Sample() {
  Checkpoint c;
  c.origin = "patent-ledger.example/registry/p0";
  c.size = 20852163;
  c.root = LeafHash(AsBytes("x"));
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(checkpoint_text_is_three_lines_and_parses_back) {
  auto text = CheckpointText(Sample());
  BOOST_REQUIRE(text.ok());
  BOOST_TEST(*text == "patent-ledger.example/registry/p0\n20852163\n" + Base64Encode(Sample().root) + "\n");
  auto parsed = ParseCheckpointText(*text);
  BOOST_REQUIRE(parsed.ok());
  BOOST_TEST(parsed->size == 20852163u);
  BOOST_TEST((parsed->root == Sample().root));
  BOOST_TEST(!ParseCheckpointText("o\n012\n" + Base64Encode(Sample().root) + "\n").ok());  // leading zero
  BOOST_TEST(!ParseCheckpointText("o\n12\nAAAA\n").ok());                                  // short root
  BOOST_TEST(!ParseCheckpointText("o\n12\n" + Base64Encode(Sample().root)).ok());          // no final newline
  BOOST_TEST(!ParseCheckpointText(*text + "ext\n").ok());                                  // extension line
  Checkpoint bad = Sample();
  bad.origin = "evil\n999";
  BOOST_TEST(!CheckpointText(bad).ok());
}

BOOST_AUTO_TEST_CASE(note_key_id_follows_the_signed_note_rule) {
  // key ID = SHA-256(name || 0x0A || 0x01 || public key)[:4], big-endian.
  auto key = Key(7);
  const std::string name = "patent-ledger.example/registry";
  Bytes input(name.begin(), name.end());
  input.push_back(0x0A);
  input.push_back(0x01);
  input.insert(input.end(), key.public_key().raw().begin(), key.public_key().raw().end());
  Hash256 h = crypto::Sha256(input);
  std::uint32_t want = (std::uint32_t(h[0]) << 24) | (std::uint32_t(h[1]) << 16) | (std::uint32_t(h[2]) << 8) | h[3];
  BOOST_TEST(NoteKeyId(name, key.public_key().raw()) == want);
}

BOOST_AUTO_TEST_CASE(signed_checkpoint_opens_with_the_right_key_only) {
  auto key = Key(1);
  const std::string name = "patent-ledger.example/registry";
  auto text = CheckpointText(Sample());
  BOOST_REQUIRE(text.ok());
  auto note = SignNote(*text, name, key);
  BOOST_REQUIRE(note.ok());
  // Layout: text, blank line, "— name base64(4 + 64 bytes)".
  BOOST_TEST(note->starts_with(*text + "\n\xE2\x80\x94 " + name + " "));
  auto opened = OpenCheckpoint(*note, Sample().origin, name, key.public_key());
  BOOST_REQUIRE(opened.ok());
  BOOST_TEST(opened->size == Sample().size);

  BOOST_TEST(!OpenCheckpoint(*note, Sample().origin, name, Key(2).public_key()).ok());  // other key
  BOOST_TEST(!OpenCheckpoint(*note, "other/origin", name, key.public_key()).ok());
  std::string tampered = *note;
  tampered[tampered.find("20852163")] = '3';
  BOOST_TEST(!OpenCheckpoint(tampered, Sample().origin, name, key.public_key()).ok());
  // A bad signature of the known key rejects the note even with a good one.
  auto other = SignNote(*text, name, Key(3));
  BOOST_REQUIRE(other.ok());
  std::string line = other->substr(other->rfind("\n\n") + 2);
  BOOST_TEST(OpenCheckpoint(*note + line, Sample().origin, name, key.public_key()).ok());  // other id: ignored
  std::string forged = *note;
  std::size_t sig_at = forged.rfind(' ') + 10;
  forged[sig_at] = forged[sig_at] == 'A' ? 'B' : 'A';
  BOOST_TEST(!OpenCheckpoint(forged, Sample().origin, name, key.public_key()).ok());
  BOOST_TEST(!OpenNote(*text, name, key.public_key()).ok());  // unsigned
}
