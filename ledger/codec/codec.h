// The wire codec: the only layer that includes the FlatBuffers-generated
// header (schemas/ledger.fbs). Everything above sees domain types and bytes.
// Byte layouts are specified in schemas/FORMAT.md; the checks made here are
// listed in ledger/codec/README.md.
//
// Thread safety: the free functions are pure and may run concurrently.
// Input spans may have any alignment (misaligned input is copied first).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/domain/state.h"
#include "ledger/domain/types.h"

namespace pl::codec {

struct SignatureView {
  std::string_view key_id;
  ByteSpan signature;
};

// Views into a verified envelope; valid while the envelope bytes live.
struct EnvelopeView {
  ByteSpan submission_bytes;
  std::vector<SignatureView> signatures;
};

// Runs the FlatBuffers Verifier over a SignedSubmission and its nested
// Submission, and checks the envelope's shape: 1..kSignaturesPerEnvelopeMax
// signatures, each with a key id and signature bytes. kInvalidArgument names
// what is wrong. Does NOT check the size limit (the caller does, first).
// The returned views point into `envelope` (lifetime: as long as it lives).
Result<EnvelopeView> VerifyEnvelope(ByteSpan envelope);

// Decodes verified submission bytes. kInvalidArgument naming the field when a
// required field is missing or out of range (bad submission_id, unknown
// body, list longer than its limit, date that is not a calendar day, ...).
// Runs the Verifier itself as well, so it is safe on any bytes. Does NOT
// check identifier check characters (the domain does, later).
Result<domain::Submission> DecodeSubmission(ByteSpan submission_bytes);

// Inverse of DecodeSubmission: for every `s` that DecodeSubmission accepts
// after encoding, Decode(Encode(s)) == s field by field. Deterministic.
// Validates nothing.
Bytes EncodeSubmission(const domain::Submission& submission);

struct EncodedSignature {
  std::string key_id;
  Bytes signature;
};
// Wraps `submission_bytes` verbatim with `signatures` (in order; the first
// is the submitter's). Validates nothing: VerifyEnvelope does.
Bytes EncodeEnvelope(ByteSpan submission_bytes, const std::vector<EncodedSignature>& signatures);

struct SealedHeader {
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
  std::uint64_t stream_version = 0;
  std::int64_t recorded_at_us = 0;
  Hash256 prev_hash{};
  Hash256 stream_prev_hash{};
  std::uint32_t flags = 0;
};

// Builds the sealed event around the exact envelope bytes (never re-encoded).
Bytes EncodeSealedEvent(ByteSpan envelope, const SealedHeader& header);

struct SealedView {
  SealedHeader header;
  ByteSpan envelope;  // points into the sealed bytes
};
// Verifies and decodes a sealed event (and its nested envelope, as
// VerifyEnvelope). kCorruption naming what is wrong; prev_hash and
// stream_prev_hash must be exactly 32 bytes. The submission itself is not
// decoded. Unknown flag bits are returned as they are.
Result<SealedView> DecodeSealedEvent(ByteSpan sealed);

// A sealed event with its envelope and submission decoded.
struct DecodedEvent {
  SealedHeader header;
  EnvelopeView envelope;  // views into the sealed bytes
  domain::Submission submission;
};
// DecodeSealedEvent, then DecodeSubmission of the submission inside, with
// each FlatBuffer verified once (replays decode every event). kCorruption
// naming what is wrong; `out` is unspecified then.
Status DecodeSealedEventFully(ByteSpan sealed, DecodedEvent* out);

// Admission state persisted by the store (schemas/state.fbs). Exact round
// trips; a decode failure is kCorruption.
Bytes EncodePatentState(const domain::PatentState& state);
Result<domain::PatentState> DecodePatentState(ByteSpan bytes);
Bytes EncodeKeyRecord(const domain::KeyRecord& record);
Result<domain::KeyRecord> DecodeKeyRecord(ByteSpan bytes);

// JSON through FlatBuffers' own parser and generator with the schema compiled
// into the binary. Not thread-safe: one JsonCodec per thread.
class JsonCodec {
 public:
  static Result<std::unique_ptr<JsonCodec>> Create();
  ~JsonCodec();

  // One JSON object (as `flatc --json` reads) -> Submission bytes.
  // kInvalidArgument carries the parser's message (line and field). Checks
  // syntax and types only: call DecodeSubmission for the values. At most
  // limits::kInputLineBytesMax bytes.
  Result<Bytes> SubmissionFromJson(std::string_view json);
  // Submission bytes -> JSON on one line. Only for bytes DecodeSubmission
  // accepts (its error otherwise).
  Result<std::string> SubmissionToJson(ByteSpan submission_bytes);
  // A sealed event as one JSON line: header fields, hashes in hex, the
  // submission as an object and signatures (key id, base64).
  Result<std::string> SealedEventToJson(ByteSpan sealed);

 private:
  JsonCodec();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::codec
