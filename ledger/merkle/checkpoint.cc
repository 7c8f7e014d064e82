#include "ledger/merkle/checkpoint.h"

#include <charconv>
#include <vector>

namespace pl::merkle {
namespace {

// "— " as UTF-8: U+2014 EM DASH then a space.
constexpr std::string_view kSignaturePrefix = "\xE2\x80\x94 ";
// A verifier must accept at least 16 signatures (signed-note); more than
// this many lines is not a note this ledger wrote or a witness cosigned.
constexpr std::size_t kNoteSignaturesMax = 64;
constexpr std::size_t kNoteBytesMax = 64u << 10;
constexpr std::uint8_t kSignatureTypeEd25519 = 0x01;

bool HasControl(std::string_view s, bool newline_ok) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u == '\n' && newline_ok) continue;
    if (u < 0x20 || u == 0x7F) return true;
  }
  return false;
}

bool ValidKeyName(std::string_view name) {
  if (name.empty() || HasControl(name, false)) return false;
  return name.find(' ') == std::string_view::npos && name.find('+') == std::string_view::npos;
}

}  // namespace

Result<std::string> CheckpointText(const Checkpoint& c) {
  if (c.origin.empty() || HasControl(c.origin, false)) {
    return Status::InvalidArgument("checkpoint origin must be one non-empty line without control characters");
  }
  return c.origin + "\n" + std::to_string(c.size) + "\n" + Base64Encode(c.root) + "\n";
}

Result<Checkpoint> ParseCheckpointText(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return Status::InvalidArgument("checkpoint text does not end in a newline");
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  if (lines.size() != 3) {
    return Status::InvalidArgument("checkpoint text has " + std::to_string(lines.size()) +
                                   " lines; expected origin, size and root");
  }
  Checkpoint c;
  if (lines[0].empty()) return Status::InvalidArgument("checkpoint origin is empty");
  c.origin = std::string(lines[0]);
  const std::string_view size = lines[1];
  if (size.empty() || (size.size() > 1 && size[0] == '0')) {
    return Status::InvalidArgument("checkpoint tree size '" + std::string(size) + "' is not a decimal without leading zeros");
  }
  auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  if (ec != std::errc() || end != size.data() + size.size()) {
    return Status::InvalidArgument("checkpoint tree size '" + std::string(size) + "' is not a number");
  }
  auto root = Base64Decode(lines[2]);
  if (!root || root->size() != 32) return Status::InvalidArgument("checkpoint root is not the base64 of 32 bytes");
  std::copy(root->begin(), root->end(), c.root.begin());
  return c;
}

std::uint32_t NoteKeyId(std::string_view key_name, ByteSpan ed25519_public_key) {
  const std::uint8_t sep[2] = {'\n', kSignatureTypeEd25519};
  Hash256 h = crypto::Sha256({AsBytes(key_name), ByteSpan(sep, 2), ed25519_public_key});
  return ReadBigEndian32(reinterpret_cast<const char*>(h.data()));
}

Result<std::string> SignNote(std::string_view text, std::string_view key_name, const crypto::PrivateKey& key) {
  if (!ValidKeyName(key_name)) return Status::InvalidArgument("note key name '" + std::string(key_name) + "' is invalid");
  if (text.empty() || text.back() != '\n') return Status::InvalidArgument("note text must end in a newline");
  if (key.algorithm() != domain::KeyAlgorithm::kEd25519) return Status::InvalidArgument("note keys are Ed25519");
  std::string sig;
  AppendBigEndian32(sig, NoteKeyId(key_name, key.public_key().raw()));
  Bytes raw = key.Sign(AsBytes(text));
  sig.append(AsChars(raw));
  return std::string(text) + "\n" + std::string(kSignaturePrefix) + std::string(key_name) + " " +
         Base64Encode(AsBytes(sig)) + "\n";
}

Result<std::string> OpenNote(std::string_view note, std::string_view key_name, const crypto::PublicKey& key) {
  if (note.size() > kNoteBytesMax) return Status::InvalidArgument("note is larger than 64 KiB");
  if (HasControl(note, true)) return Status::InvalidArgument("note holds a control character");
  if (note.empty() || note.back() != '\n') return Status::InvalidArgument("note does not end in a newline");
  // The text ends at the last blank line; signature lines follow it.
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Status::InvalidArgument("note has no blank line before its signatures");
  const std::string_view text = note.substr(0, split + 1);
  std::string_view rest = note.substr(split + 2);
  if (rest.empty()) return Status::InvalidArgument("note has no signature line");
  if (key.algorithm() != domain::KeyAlgorithm::kEd25519) return Status::InvalidArgument("note keys are Ed25519");
  const std::uint32_t want_id = NoteKeyId(key_name, key.raw());
  std::size_t lines = 0;
  bool verified = false;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
    if (++lines > kNoteSignaturesMax) return Status::InvalidArgument("note has too many signature lines");
    if (!line.starts_with(kSignaturePrefix)) return Status::InvalidArgument("note signature line does not start with '— '");
    const std::string_view body = line.substr(kSignaturePrefix.size());
    const std::size_t space = body.find(' ');
    if (space == std::string_view::npos) return Status::InvalidArgument("note signature line has no signature");
    const std::string_view name = body.substr(0, space);
    auto sig = Base64Decode(body.substr(space + 1));
    if (!ValidKeyName(name) || !sig || sig->size() < 5) {
      return Status::InvalidArgument("note signature line is malformed");
    }
    const std::uint32_t id = ReadBigEndian32(reinterpret_cast<const char*>(sig->data()));
    if (name != key_name || id != want_id) continue;  // another key: ignored
    if (!key.Verify(AsBytes(text), ByteSpan(*sig).subspan(4))) {
      return Status::InvalidArgument("the note signature of " + std::string(key_name) + " does not verify");
    }
    verified = true;
  }
  if (!verified) return Status::InvalidArgument("the note carries no signature of " + std::string(key_name));
  return std::string(text);
}

Result<Checkpoint> OpenCheckpoint(std::string_view note, std::string_view origin, std::string_view key_name,
                                  const crypto::PublicKey& key) {
  auto text = OpenNote(note, key_name, key);
  if (!text.ok()) return text.status();
  auto c = ParseCheckpointText(*text);
  if (!c.ok()) return c.status();
  if (c->origin != origin) {
    return Status::InvalidArgument("checkpoint is for origin '" + c->origin + "', not '" + std::string(origin) + "'");
  }
  return c;
}

}  // namespace pl::merkle
