// Pieces shared by the store audit and the archive audit (audit.cc,
// audit_archive.cc). Not part of the node's API.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/node/audit.h"

namespace pl::node {

using KeyMap = std::unordered_map<std::string, std::unique_ptr<crypto::PublicKey>>;

struct StreamTip {
  std::uint64_t count = 0;
  Hash256 last{};
};

// Checks an event's envelope, signatures (against `keys`) and stream chain
// (against `streams`, not advanced). Returns the problem, or "" when none
// (then `*stream` is the event's stream: canonical patent, "" for keys).
std::string CheckEventBody(ByteSpan envelope, const codec::SealedHeader& header, const KeyMap& keys,
                           std::unordered_map<std::string, StreamTip>& streams, AuditReport& report,
                           std::string* stream);

// Checks the sealed event stored as `seq` of `partition`, whose predecessor's
// leaf hash is `prev` (zero for seq 0): it decodes, claims that position,
// chains to `prev`, and passes CheckEventBody. Returns the problem or "".
std::string CheckSealedEvent(ByteSpan sealed, std::uint32_t partition, std::uint64_t seq, const Hash256& prev,
                             const KeyMap& keys, std::unordered_map<std::string, StreamTip>& streams,
                             AuditReport& report, std::string* stream);

}  // namespace pl::node
