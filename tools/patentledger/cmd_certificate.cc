// certificate and verify-certificate: one patent's status as of a signed
// checkpoint, with the sealed events it rests on and their inclusion
// proofs; checked offline with the log key alone (docs/proofs.md).
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ledger/base/murmur2.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/admission.h"
#include "ledger/domain/identifiers.h"
#include "ledger/merkle/tree.h"
#include "ledger/node/checkpoints.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/output.h"
#include "tools/patentledger/proof_file.h"
#include "tools/patentledger/status_json.h"

namespace pl::cli {
namespace {

using nlohmann::ordered_json;

std::string N(std::uint64_t v) { return std::to_string(v); }

// Folds one sealed event of `patent`'s stream into `state`, checking that
// it is the stream's next event. kInvalidArgument naming what is wrong.
Status FoldEvent(const std::string& patent, ByteSpan sealed, std::uint32_t partition, domain::PatentState& state) {
  auto view = codec::DecodeSealedEvent(sealed);
  if (!view.ok()) return view.status();
  const auto& h = view->header;
  if (h.partition != partition) return Status::InvalidArgument("event is in partition " + N(h.partition));
  if (h.stream_version != state.event_count) {
    return Status::InvalidArgument("stream version " + N(h.stream_version) + ", expected " + N(state.event_count) +
                                   " (an event of the stream is missing or out of order)");
  }
  const Hash256 prev = state.event_count == 0 ? Hash256{} : state.last_leaf_hash;
  if (h.stream_prev_hash != prev) {
    return Status::InvalidArgument("stream_prev_hash does not match the previous event of the stream");
  }
  auto envelope = codec::VerifyEnvelope(view->envelope);
  if (!envelope.ok()) return envelope.status();
  auto s = codec::DecodeSubmission(envelope->submission_bytes);
  if (!s.ok()) return s.status();
  if (domain::IsKeyEvent(s->body)) return Status::InvalidArgument("a key event is not part of a patent's stream");
  auto canonical = domain::CanonicalPatentNumber(s->patent);
  if (!canonical || *canonical != patent) return Status::InvalidArgument("event is about patent " + s->patent);
  if (state.event_count == 0 && !std::holds_alternative<domain::PatentRecorded>(s->body)) {
    return Status::InvalidArgument("the stream does not start with PatentRecorded");
  }
  domain::Apply(state, *s, h.flags, merkle::LeafHash(sealed));
  return Status::Ok();
}

Result<ordered_json> BuildCertificate(const store::Store& store, const std::string& patent, std::int32_t on) {
  const std::uint32_t partition = PartitionForKey(patent, store.config().partitions);
  auto cp = FindCheckpoint(store, partition, std::nullopt);
  if (!cp.ok()) return cp.status();
  const std::uint64_t size = cp->first;
  auto stream = store.GetStream(patent);
  if (!stream.ok()) return stream.status();
  domain::PatentState state;
  auto events = ordered_json::array();
  for (const auto& entry : *stream) {
    if (entry.seq >= size) break;  // not yet covered by the checkpoint
    auto sealed = store.GetEvent(entry.partition, entry.seq);
    if (!sealed.ok()) return sealed.status();
    if (!*sealed) return Status::Corruption("stream entry names missing event seq " + N(entry.seq));
    PL_RETURN_IF_ERROR(FoldEvent(patent, **sealed, partition, state).WithContext("seq " + N(entry.seq)));
    auto proof = node::StoredInclusionProof(store, partition, entry.seq, size);
    if (!proof.ok()) return proof.status();
    events.push_back({{"seq", entry.seq}, {"sealed_event", Base64Encode(**sealed)}, {"proof", HashList(*proof)}});
  }
  if (events.empty()) {
    return Status::NotFound("patent " + patent + " has no event covered by the latest checkpoint (size " + N(size) + ")");
  }
  ordered_json j;
  j["type"] = "patent-certificate";
  j["origin"] = store.config().origin;
  j["partition"] = partition;
  j["patent"] = patent;
  j["as_of_date"] = on;
  j["tree_size"] = size;
  j["status"] = StateJson(patent, state, on);
  j["events"] = events;
  j["checkpoint"] = cp->second;
  return j;
}

// The keys `computed` has and `stated` lacks, as paths (".status_changes",
// ".licences[0].terminated_on"): a certificate from an older version of
// the ledger, whose status had fewer fields.
void MissingKeys(const nlohmann::json& computed, const nlohmann::json& stated, const std::string& path,
                 std::vector<std::string>* out) {
  if (computed.is_object() && stated.is_object()) {
    for (const auto& [key, value] : computed.items()) {
      if (!stated.contains(key)) out->push_back(path + "." + key);
      else MissingKeys(value, stated[key], path + "." + key, out);
    }
  } else if (computed.is_array() && stated.is_array() && computed.size() == stated.size()) {
    for (std::size_t i = 0; i < computed.size(); ++i) {
      MissingKeys(computed[i], stated[i], path + "[" + std::to_string(i) + "]", out);
    }
  }
}

// Checks a certificate with the log key alone. The summary names the patent,
// the checkpoint and the events.
Result<std::string> VerifyCertificate(const nlohmann::json& doc, const crypto::PublicKey& key, const std::string& trusted) {
  auto field = [&](const char* name) -> Result<const nlohmann::json*> {
    if (!doc.is_object() || !doc.contains(name)) return Status::InvalidArgument("certificate has no \"" + std::string(name) + "\"");
    return &doc[name];
  };
  for (const char* name : {"type", "origin", "partition", "patent", "as_of_date", "tree_size", "status", "events", "checkpoint"}) {
    if (auto f = field(name); !f.ok()) return f.status();
  }
  if (doc["type"] != "patent-certificate") return Status::InvalidArgument("not a patent certificate");
  if (!doc["origin"].is_string() || !doc["patent"].is_string() || !doc["checkpoint"].is_string() ||
      !doc["partition"].is_number_unsigned() || !doc["tree_size"].is_number_unsigned() ||
      !doc["as_of_date"].is_number_integer() || !doc["events"].is_array()) {
    return Status::InvalidArgument("certificate fields have the wrong types");
  }
  const std::string origin = doc["origin"];
  if (!trusted.empty() && origin != trusted) return Status::InvalidArgument("certificate is for ledger '" + origin + "'");
  const std::string patent = doc["patent"];
  const auto partition = doc["partition"].get<std::uint32_t>();
  const auto size = doc["tree_size"].get<std::uint64_t>();
  auto cp = node::OpenPartitionCheckpoint(doc["checkpoint"].get<std::string>(), origin, partition, key);
  if (!cp.ok()) return cp.status().WithContext("checkpoint");
  if (cp->size != size) return Status::InvalidArgument("checkpoint is of tree size " + N(cp->size) + ", not " + N(size));
  domain::PatentState state;
  std::uint64_t last_seq = 0;
  for (std::size_t i = 0; i < doc["events"].size(); ++i) {
    const auto& e = doc["events"][i];
    const std::string where = "event " + N(i);
    if (!e.is_object() || !e.contains("seq") || !e["seq"].is_number_unsigned() || !e.contains("sealed_event") ||
        !e["sealed_event"].is_string() || !e.contains("proof")) {
      return Status::InvalidArgument(where + ": needs seq, sealed_event and proof");
    }
    const auto seq = e["seq"].get<std::uint64_t>();
    if (i > 0 && seq <= last_seq) return Status::InvalidArgument(where + ": seqs are not increasing");
    last_seq = seq;
    auto sealed = Base64Decode(e["sealed_event"].get<std::string>());
    if (!sealed) return Status::InvalidArgument(where + ": sealed_event is not base64");
    auto view = codec::DecodeSealedEvent(*sealed);
    if (!view.ok()) return view.status().WithContext(where);
    if (view->header.seq != seq) return Status::InvalidArgument(where + ": the event is seq " + N(view->header.seq));
    auto proof = ParseHashList(e["proof"], where + " proof");
    if (!proof.ok()) return proof.status();
    PL_RETURN_IF_ERROR(merkle::VerifyInclusion(seq, size, merkle::LeafHash(*sealed), *proof, cp->root)
                           .WithContext(where + " (seq " + N(seq) + ")"));
    PL_RETURN_IF_ERROR(FoldEvent(patent, *sealed, partition, state).WithContext(where + " (seq " + N(seq) + ")"));
  }
  if (state.event_count == 0) return Status::InvalidArgument("certificate carries no events");
  const ordered_json recomputed = StateJson(patent, state, doc["as_of_date"].get<std::int32_t>());
  if (nlohmann::json(recomputed) != doc["status"]) {
    std::vector<std::string> missing;
    MissingKeys(nlohmann::json(recomputed), doc["status"], "", &missing);
    std::string older;
    if (!missing.empty()) {
      older = "; it lacks " + missing.front() + (missing.size() > 1 ? " and " + N(missing.size() - 1) + " more" : "") +
              ", which this verifier computes: likely issued by an older version of the ledger, ask for a fresh "
              "certificate";
    }
    return Status::InvalidArgument("the stated status differs from the status the events give" + older + ": " +
                                   recomputed.dump());
  }
  return "patent " + patent + ": status as of " + N(doc["as_of_date"].get<std::int32_t>()) + " follows from " +
         N(state.event_count) + " events, all in the log " + node::PartitionOrigin(origin, partition) + " of size " +
         N(size);
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void RegisterCertificateCommands(CLI::App& app) {
  {
    auto* cmd = app.add_subcommand("certificate", "A self-contained, offline-checkable status certificate of one patent");
    static std::string dir, patent, on_text, out = "-";
    cmd->add_option("patent", patent, "Patent number")->required();
    cmd->add_option("--dir", dir, "Ledger directory")->required();
    cmd->add_option("--on", on_text, "Calendar day for term-dependent status (default today, UTC)");
    cmd->add_option("--out", out, "Certificate file (default stdout)");
    cmd->callback([] {
      auto canonical = domain::CanonicalPatentNumber(patent);
      if (!canonical) return (void)Fail(kExitBadInput, "'" + patent + "' is not a valid patent number");
      std::int32_t on = TodayYyyymmdd();
      if (!on_text.empty()) {
        auto parsed = ParseDate(on_text);
        if (!parsed.ok()) return (void)Fail(parsed.status());
        on = *parsed;
      }
      auto store = store::Store::Open(dir);
      if (!store.ok()) return (void)Fail(store.status());
      auto cert = BuildCertificate(**store, *canonical, on);
      if (!cert.ok()) return (void)Fail(cert.status());
      auto f = Output::Open(out);
      if (!f.ok()) return (void)Fail(f.status());
      (*f)->Write(cert->dump(2) + "\n");
      Status written = (*f)->Close();
      if (!written.ok()) return (void)Fail(written);
    });
  }
  {
    auto* cmd = app.add_subcommand("verify-certificate", "Check a patent certificate offline with the ledger's log public key");
    static std::string file, pub, origin;
    cmd->add_option("file", file, "Certificate (JSON)")->required();
    cmd->add_option("--pub", pub, "The ledger's log public key (PEM)")->required();
    cmd->add_option("--origin", origin, "The ledger origin you trust (default: the certificate's)");
    cmd->callback([] {
      auto key = crypto::PublicKey::LoadPemFile(pub);
      if (!key.ok()) return (void)Fail(key.status());
      auto text = ReadText(file);
      if (!text.ok()) return (void)Fail(text.status());
      auto doc = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
      if (doc.is_discarded()) return (void)Fail(kExitBadInput, file + ": not JSON");
      auto verified = VerifyCertificate(doc, *key, origin);
      if (!verified.ok()) {
        std::printf("%s\n", ordered_json{{"ok", false}, {"problem", verified.status().message()}}.dump().c_str());
        ExitStatus() = kExitVerifyFailed;
        return;
      }
      std::printf("%s\n", ordered_json{{"ok", true}, {"proves", *verified}}.dump().c_str());
    });
  }
}

}  // namespace pl::cli
