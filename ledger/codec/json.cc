// JSON through FlatBuffers' own parser and text generator (the dialect of
// `flatc --json`), with ledger.fbs compiled into the binary. Sealed events
// are composed with nlohmann-json around the generated submission text.
//
// FlatBuffers 2.0.8 facts this file relies on (pinned by tests):
// - Parser::ParseJson accepts only a JSON value, never schema declarations.
// - The parser writes the schema's file identifier ("PLS1") into the buffer.
// - A union's `body` may precede `body_type` only when the body's values are
//   quoted JSON (the parser skips over it, then comes back).
// - GenerateText does not verify and asserts (aborts) on some shapes a
//   Verifier accepts (a union value whose type is NONE), and with
//   natural_utf8 copies control characters unescaped. So bytes are only
//   handed to it after DecodeSubmission accepted them, which rules out both.
// - nested_flatbuffer fields (SignedSubmission.submission,
//   SealedEvent.envelope) are read and written as nested JSON objects; the
//   parser does not put a file identifier into the nested buffer. This codec
//   never converts those roots with FlatBuffers: a sealed event's JSON is
//   composed here from decoded parts.
#include <exception>
#include <string>

#include <flatbuffers/idl.h>
#include <nlohmann/json.hpp>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/codec/fb_util.h"
#include "ledger/domain/admission.h"

namespace pl::codec {

// Defined in <build>/generated/schemas/schema_text.cc (schemas/CMakeLists.txt).
extern const char kLedgerSchemaText[];

namespace {

constexpr char kSubmissionRootType[] = "patentledger.fb.Submission";

struct FlagName {
  std::uint32_t bit;
  const char* name;
};
constexpr FlagName kFlagNames[] = {{domain::kFlagLateFiling, "late_filing"}};

nlohmann::ordered_json FlagList(std::uint32_t flags) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const FlagName& f : kFlagNames) {
    if ((flags & f.bit) != 0) list.push_back(f.name);
    flags &= ~f.bit;
  }
  for (int bit = 0; bit < 32; ++bit) {  // bits unknown to this version
    if ((flags >> bit) & 1u) list.push_back("bit_" + std::to_string(bit));
  }
  return list;
}

}  // namespace

struct JsonCodec::Impl {
  explicit Impl(const flatbuffers::IDLOptions& options) : parser(options) {}
  flatbuffers::Parser parser;
};

JsonCodec::JsonCodec() = default;
JsonCodec::~JsonCodec() = default;

Result<std::unique_ptr<JsonCodec>> JsonCodec::Create() {
  flatbuffers::IDLOptions options;
  options.strict_json = false;  // input may use flatc's relaxed syntax; output switches it on
  options.indent_step = -1;     // one line
  options.output_enum_identifiers = true;
  options.output_default_scalars_in_json = true;  // show every enum, e.g. "change": "Lapsed"
  options.natural_utf8 = true;
  options.allow_non_utf8 = false;
  options.skip_unexpected_fields_in_json = false;  // an unknown field is an error
  options.json_nested_flatbuffers = true;
  options.json_nested_legacy_flatbuffers = false;
  std::unique_ptr<JsonCodec> codec(new JsonCodec());
  codec->impl_ = std::make_unique<Impl>(options);
  flatbuffers::Parser& parser = codec->impl_->parser;
  if (!parser.Parse(kLedgerSchemaText)) {
    return Status::Internal("json: embedded schema does not parse: " + parser.error_);
  }
  if (!parser.SetRootType(kSubmissionRootType)) {
    return Status::Internal("json: embedded schema has no Submission table");
  }
  return codec;
}

Result<Bytes> JsonCodec::SubmissionFromJson(std::string_view json) {
  if (json.size() > limits::kInputLineBytesMax) {
    return Status::InvalidArgument("json: " + std::to_string(json.size()) + " bytes, at most " +
                                   std::to_string(limits::kInputLineBytesMax));
  }
  // The parser reads a NUL-terminated string: an embedded NUL would hide
  // whatever follows it.
  if (json.find('\0') != std::string_view::npos) return Status::InvalidArgument("json: contains a NUL byte");
  const std::string text(json);
  flatbuffers::Parser& parser = impl_->parser;
  parser.opts.strict_json = false;
  if (!parser.SetRootType(kSubmissionRootType)) return Status::Internal("json: Submission root type lost");
  if (!parser.ParseJson(text.c_str())) return Status::InvalidArgument("json: " + parser.error_);
  const std::uint8_t* data = parser.builder_.GetBufferPointer();
  return Bytes(data, data + parser.builder_.GetSize());
}

Result<std::string> JsonCodec::SubmissionToJson(ByteSpan submission_bytes) {
  // Full validation first: see the GenerateText notes at the top.
  const auto decoded = DecodeSubmission(submission_bytes);
  if (!decoded.ok()) return decoded.status();
  const internal::AlignedBuffer buffer(submission_bytes);
  flatbuffers::Parser& parser = impl_->parser;
  if (!parser.SetRootType(kSubmissionRootType)) return Status::Internal("json: Submission root type lost");
  std::string text;
  parser.opts.strict_json = true;  // quoted keys: real JSON
  const bool generated = flatbuffers::GenerateText(parser, buffer.data(), &text);
  parser.opts.strict_json = false;
  if (!generated) return Status::Internal("json: FlatBuffers could not write a decodable submission");
  return text;
}

Result<std::string> JsonCodec::SealedEventToJson(ByteSpan sealed) {
  const auto view = DecodeSealedEvent(sealed);
  if (!view.ok()) return view.status();
  const auto envelope = VerifyEnvelope(view->envelope);
  if (!envelope.ok()) return Status::Corruption("sealed event: " + envelope.status().message());
  const auto submission = SubmissionToJson(envelope->submission_bytes);
  if (!submission.ok()) return submission.status().WithContext("sealed event");

  const SealedHeader& h = view->header;
  try {
    nlohmann::ordered_json j;
    j["partition"] = h.partition;
    j["seq"] = h.seq;
    j["stream_version"] = h.stream_version;
    j["recorded_at_us"] = h.recorded_at_us;
    j["prev_hash"] = HexEncode(h.prev_hash);
    j["stream_prev_hash"] = HexEncode(h.stream_prev_hash);
    j["flags"] = FlagList(h.flags);
    nlohmann::ordered_json signatures = nlohmann::ordered_json::array();
    for (const SignatureView& s : envelope->signatures) {
      signatures.push_back({{"key_id", std::string(s.key_id)}, {"signature_b64", Base64Encode(s.signature)}});
    }
    j["signatures"] = std::move(signatures);
    j["submission"] = nlohmann::ordered_json::parse(*submission);
    // key_id bytes are not validated as UTF-8 by the envelope verifier.
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  } catch (const nlohmann::ordered_json::exception& e) {
    return Status::Internal(std::string("json: composing a sealed event: ") + e.what());
  }
}

}  // namespace pl::codec
