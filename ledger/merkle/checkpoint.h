// Checkpoints: C2SP tlog-checkpoint texts signed as C2SP signed notes
// (https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note).
//
//   <origin>\n<tree size, decimal>\n<base64 root hash>\n
//   \n
//   — <key name> <base64(key id (4 bytes, big-endian) || Ed25519 signature)>\n
//
// The signature is RFC 8032 Ed25519 over the note text (the three lines,
// final newline included). key id = SHA-256(key name || 0x0A || 0x01 ||
// 32-byte public key)[:4]. Pure functions over crypto keys; no storage.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"

namespace pl::merkle {

struct Checkpoint {
  std::string origin;
  std::uint64_t size = 0;
  Hash256 root{};
};

// The note text. kInvalidArgument for an origin that is empty or holds a
// control character (it would frame a different checkpoint).
Result<std::string> CheckpointText(const Checkpoint& checkpoint);
// Parses a note text of exactly three lines (extension lines are refused:
// this ledger writes none).
Result<Checkpoint> ParseCheckpointText(std::string_view text);

// The signed-note key id of an Ed25519 key under `key_name`.
std::uint32_t NoteKeyId(std::string_view key_name, ByteSpan ed25519_public_key);

// Text + blank line + one signature line. REQUIRES: an Ed25519 key.
// kInvalidArgument for a key name with a space or '+', or a text that does
// not end in a newline.
Result<std::string> SignNote(std::string_view text, std::string_view key_name, const crypto::PrivateKey& key);

// Checks a signed note against one known key and returns its text: ok only
// when a signature line with this key's name and id verifies and no line
// with them fails. Lines of other keys are ignored (signed-note rules).
Result<std::string> OpenNote(std::string_view note, std::string_view key_name, const crypto::PublicKey& key);

// OpenNote + ParseCheckpointText, and the origin must be `origin`.
Result<Checkpoint> OpenCheckpoint(std::string_view note, std::string_view origin, std::string_view key_name,
                                  const crypto::PublicKey& key);

}  // namespace pl::merkle
