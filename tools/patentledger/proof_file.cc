#include "tools/patentledger/proof_file.h"

#include "ledger/codec/codec.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"

namespace pl::cli {
namespace {

std::string N(std::uint64_t v) { return std::to_string(v); }

// Field access that names the field instead of throwing.
template <typename T>
Result<T> Field(const nlohmann::json& doc, const char* name) {
  if (!doc.is_object() || !doc.contains(name)) return Status::InvalidArgument("proof has no \"" + std::string(name) + "\"");
  const auto& v = doc[name];
  if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) return Status::InvalidArgument("\"" + std::string(name) + "\" is not a string");
  } else {
    if (!v.is_number_unsigned()) return Status::InvalidArgument("\"" + std::string(name) + "\" is not a non-negative integer");
  }
  return v.get<T>();
}

}  // namespace

nlohmann::json HashList(const std::vector<Hash256>& hashes) {
  auto list = nlohmann::json::array();
  for (const auto& h : hashes) list.push_back(Base64Encode(h));
  return list;
}

Result<std::vector<Hash256>> ParseHashList(const nlohmann::json& list, const std::string& what) {
  if (!list.is_array()) return Status::InvalidArgument(what + " is not a list");
  std::vector<Hash256> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto b = list[i].is_string() ? Base64Decode(list[i].get<std::string>()) : std::nullopt;
    if (!b || b->size() != 32) return Status::InvalidArgument(what + "[" + N(i) + "] is not the base64 of 32 bytes");
    Hash256 h;
    std::copy(b->begin(), b->end(), h.begin());
    out.push_back(h);
  }
  return out;
}

Result<std::pair<std::uint64_t, std::string>> FindCheckpoint(const store::Store& store, std::uint32_t partition,
                                                            std::optional<std::uint64_t> tree_size) {
  if (tree_size) {
    auto note = store.GetCheckpoint(partition, *tree_size);
    if (!note.ok()) return note.status();
    if (!*note) {
      return Status::NotFound("partition " + N(partition) + " has no checkpoint at tree size " + N(*tree_size) +
                              " (issue one with `patentledger checkpoint`)");
    }
    return std::make_pair(*tree_size, **note);
  }
  auto latest = store.GetLatestCheckpoint(partition);
  if (!latest.ok()) return latest.status();
  if (!*latest) {
    return Status::NotFound("partition " + N(partition) + " has no checkpoint yet (issue one with `patentledger checkpoint`)");
  }
  return **latest;
}

Result<nlohmann::ordered_json> BuildInclusionProof(const store::Store& store, std::uint32_t partition,
                                                   std::uint64_t seq, std::optional<std::uint64_t> tree_size) {
  auto cp = FindCheckpoint(store, partition, tree_size);
  if (!cp.ok()) return cp.status();
  const std::uint64_t size = cp->first;
  if (seq >= size) {
    return Status::InvalidArgument("seq " + N(seq) + " is not covered by the checkpoint of tree size " + N(size) +
                                   " (issue a newer checkpoint)");
  }
  auto event = store.GetEvent(partition, seq);
  if (!event.ok()) return event.status();
  if (!*event) return Status::NotFound("partition " + N(partition) + " has no event at seq " + N(seq));
  auto proof = node::StoredInclusionProof(store, partition, seq, size);
  if (!proof.ok()) return proof.status();
  nlohmann::ordered_json j;
  j["type"] = "inclusion";
  j["origin"] = store.config().origin;
  j["partition"] = partition;
  j["seq"] = seq;
  j["tree_size"] = size;
  j["leaf_hash"] = Base64Encode(merkle::LeafHash(**event));
  j["proof"] = HashList(*proof);
  j["sealed_event"] = Base64Encode(**event);
  j["checkpoint"] = cp->second;
  return j;
}

Result<nlohmann::ordered_json> BuildConsistencyProof(const store::Store& store, std::uint32_t partition,
                                                     std::uint64_t from, std::uint64_t to) {
  auto cp_from = FindCheckpoint(store, partition, from);
  if (!cp_from.ok()) return cp_from.status();
  auto cp_to = FindCheckpoint(store, partition, to);
  if (!cp_to.ok()) return cp_to.status();
  auto proof = node::StoredConsistencyProof(store, partition, from, to);
  if (!proof.ok()) return proof.status();
  nlohmann::ordered_json j;
  j["type"] = "consistency";
  j["origin"] = store.config().origin;
  j["partition"] = partition;
  j["from"] = from;
  j["to"] = to;
  j["proof"] = HashList(*proof);
  j["checkpoint_from"] = cp_from->second;
  j["checkpoint_to"] = cp_to->second;
  return j;
}

namespace {

Result<merkle::Checkpoint> OpenChecked(const nlohmann::json& doc, const char* field, const std::string& given,
                                       const std::string& origin, std::uint32_t partition,
                                       const crypto::PublicKey& key) {
  std::string note = given;
  if (note.empty()) {
    auto n = Field<std::string>(doc, field);
    if (!n.ok()) return n.status();
    note = *n;
  }
  auto c = node::OpenPartitionCheckpoint(note, origin, partition, key);
  if (!c.ok()) return c.status().WithContext(std::string(field));
  return c;
}

}  // namespace

Result<VerifiedProof> VerifyProofDocument(const nlohmann::json& doc, const crypto::PublicKey& log_key,
                                          const std::string& trusted_origin, const std::string& checkpoint) {
  auto type = Field<std::string>(doc, "type");
  if (!type.ok()) return type.status();
  auto doc_origin = Field<std::string>(doc, "origin");
  if (!doc_origin.ok()) return doc_origin.status();
  const std::string origin = trusted_origin.empty() ? *doc_origin : trusted_origin;
  if (*doc_origin != origin) return Status::InvalidArgument("proof is for ledger '" + *doc_origin + "', not '" + origin + "'");
  auto partition = Field<std::uint32_t>(doc, "partition");
  if (!partition.ok()) return partition.status();
  if (!doc.contains("proof")) return Status::InvalidArgument("proof has no \"proof\"");
  auto path = ParseHashList(doc["proof"], "proof");
  if (!path.ok()) return path.status();

  if (*type == "inclusion") {
    auto seq = Field<std::uint64_t>(doc, "seq");
    auto size = Field<std::uint64_t>(doc, "tree_size");
    auto sealed_b64 = Field<std::string>(doc, "sealed_event");
    if (!seq.ok()) return seq.status();
    if (!size.ok()) return size.status();
    if (!sealed_b64.ok()) return sealed_b64.status();
    auto cp = OpenChecked(doc, "checkpoint", checkpoint, origin, *partition, log_key);
    if (!cp.ok()) return cp.status();
    if (cp->size != *size) return Status::InvalidArgument("checkpoint is of tree size " + N(cp->size) + ", the proof of " + N(*size));
    auto sealed = Base64Decode(*sealed_b64);
    if (!sealed) return Status::InvalidArgument("\"sealed_event\" is not base64");
    auto view = codec::DecodeSealedEvent(*sealed);
    if (!view.ok()) return view.status().WithContext("sealed_event");
    if (view->header.partition != *partition || view->header.seq != *seq) {
      return Status::InvalidArgument("the sealed event is partition " + N(view->header.partition) + " seq " +
                                     N(view->header.seq) + ", the proof names partition " + N(*partition) + " seq " + N(*seq));
    }
    const Hash256 leaf = merkle::LeafHash(*sealed);
    PL_RETURN_IF_ERROR(merkle::VerifyInclusion(*seq, *size, leaf, *path, cp->root));
    return VerifiedProof{"event partition " + N(*partition) + " seq " + N(*seq) + " (leaf " + HexEncode(leaf) +
                         ") is in the log " + node::PartitionOrigin(origin, *partition) + " of size " + N(*size)};
  }
  if (*type == "consistency") {
    auto from = Field<std::uint64_t>(doc, "from");
    auto to = Field<std::uint64_t>(doc, "to");
    if (!from.ok()) return from.status();
    if (!to.ok()) return to.status();
    auto cp1 = OpenChecked(doc, "checkpoint_from", "", origin, *partition, log_key);
    if (!cp1.ok()) return cp1.status();
    auto cp2 = OpenChecked(doc, "checkpoint_to", checkpoint, origin, *partition, log_key);
    if (!cp2.ok()) return cp2.status();
    if (cp1->size != *from || cp2->size != *to) {
      return Status::InvalidArgument("checkpoint sizes " + N(cp1->size) + " and " + N(cp2->size) + " differ from the proof's " +
                                     N(*from) + " and " + N(*to));
    }
    PL_RETURN_IF_ERROR(merkle::VerifyConsistency(*from, *to, *path, cp1->root, cp2->root));
    return VerifiedProof{"the log " + node::PartitionOrigin(origin, *partition) + " at size " + N(*to) +
                         " extends its checkpoint at size " + N(*from)};
  }
  return Status::InvalidArgument("unknown proof type '" + *type + "'");
}

}  // namespace pl::cli
