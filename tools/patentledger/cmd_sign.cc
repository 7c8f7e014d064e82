// sign: JSON submissions in, signed envelopes (one base64 line each) out;
// with --consent, adds a consent signature to envelopes already signed.
#include <nlohmann/json.hpp>

#include "ledger/base/bytes.h"
#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/output.h"

namespace pl::cli {
namespace {

// Fills the fields a person should not have to type: a fresh submission id
// and the submission time. Returns the JSON text to hand to the schema parser.
Result<std::string> CompleteSubmissionJson(const std::string& line) {
  nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("not a JSON object");
  if (!j.contains("submission_id")) j["submission_id"] = RandomSubmissionId();
  if (!j.contains("submitted_at_us")) j["submitted_at_us"] = NowUtcUs();
  return j.dump();
}

Result<Bytes> SignJsonLine(codec::JsonCodec& json, const crypto::PrivateKey& key, const std::string& line) {
  auto text = CompleteSubmissionJson(line);
  if (!text.ok()) return text.status();
  auto submission = json.SubmissionFromJson(*text);
  if (!submission.ok()) return submission.status();
  // Refuse to sign what the ledger could not decode: the error names the field.
  auto decoded = codec::DecodeSubmission(*submission);
  if (!decoded.ok()) return decoded.status();
  Bytes signature = key.SignSubmission(*submission);
  return codec::EncodeEnvelope(*submission, {{key.public_key().key_id(), std::move(signature)}});
}

Result<Bytes> AddConsent(const crypto::PrivateKey& key, const std::string& line) {
  auto envelope = Base64Decode(line);
  if (!envelope) return Status::InvalidArgument("not a base64 envelope");
  auto view = codec::VerifyEnvelope(*envelope);
  if (!view.ok()) return view.status();
  std::vector<codec::EncodedSignature> signatures;
  for (const auto& s : view->signatures) {
    if (s.key_id == key.public_key().key_id()) return Status::InvalidArgument("key already signed this envelope");
    signatures.push_back({std::string(s.key_id), Bytes(s.signature.begin(), s.signature.end())});
  }
  signatures.push_back({key.public_key().key_id(), key.SignSubmission(view->submission_bytes)});
  return codec::EncodeEnvelope(view->submission_bytes, signatures);
}

}  // namespace

void RegisterSignCommands(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "sign",
      "Sign JSON submissions (one object per line) into envelopes (one base64 line each); "
      "--consent adds a consent signature to existing envelopes");
  static std::string key_path, in = "-", out = "-";
  static bool consent = false;
  cmd->add_option("--key", key_path, "Private key file (PEM, mode 0600)")->required();
  cmd->add_option("--in", in, "Input file, - for stdin");
  cmd->add_option("--out", out, "Output file, - for stdout");
  cmd->add_flag("--consent", consent, "Input is envelopes; append this key's consent signature");
  cmd->callback([] {
    auto key = crypto::PrivateKey::LoadPemFile(key_path);
    if (!key.ok()) return (void)Fail(key.status());
    auto json = codec::JsonCodec::Create();
    if (!json.ok()) return (void)Fail(json.status());
    auto reader = LineReader::Open(in);
    if (!reader.ok()) return (void)Fail(reader.status());
    auto output = Output::Open(out);
    if (!output.ok()) return (void)Fail(output.status());
    std::string line;
    std::size_t signed_count = 0;
    while ((*reader)->Next(&line)) {
      auto envelope = consent ? AddConsent(*key, line) : SignJsonLine(**json, *key, line);
      if (!envelope.ok()) {  // no output file is left
        return (void)Fail(kExitBadInput, (*reader)->Where() + ": " + envelope.status().message());
      }
      std::string b64 = Base64Encode(*envelope);
      b64.push_back('\n');
      (*output)->Write(b64);
      ++signed_count;
    }
    if (!(*reader)->status().ok()) return (void)Fail((*reader)->status());
    if (Status s = (*output)->Close(); !s.ok()) return (void)Fail(s);
    std::fprintf(stderr, "signed %zu submission(s) with key %s\n", signed_count, key->public_key().key_id().c_str());
  });
}

}  // namespace pl::cli
