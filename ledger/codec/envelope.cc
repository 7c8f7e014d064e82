// The signed envelope (SignedSubmission) and the sealed event (SealedEvent):
// both embed earlier bytes verbatim as nested FlatBuffers. Layouts are in
// schemas/FORMAT.md.
#include <algorithm>
#include <string>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/codec/fb_util.h"
#include "ledger/domain/admission.h"
#include "schemas/ledger_generated.h"

namespace pl::codec {
namespace {

namespace fb = patentledger::fb;

static_assert(domain::kFlagLateFiling == static_cast<std::uint32_t>(fb::EventFlag::LateFiling),
              "sealed event flag bits follow EventFlag in ledger.fbs");

Status BadEnvelope(const std::string& what) { return Status::InvalidArgument("envelope: " + what); }
Status BadSealed(const std::string& what) { return Status::Corruption("sealed event: " + what); }

std::string Ordinal(flatbuffers::uoffset_t index) { return std::to_string(index + 1); }

// Maps a pointer into the (possibly copied) verified buffer back into the
// caller's bytes; offsets are equal in both.
class Rebase {
 public:
  Rebase(ByteSpan original, const internal::AlignedBuffer& verified)
      : original_(original.data()), verified_(verified.data()) {}
  const std::uint8_t* operator()(const void* p) const {
    return original_ + (static_cast<const std::uint8_t*>(p) - verified_);
  }

 private:
  const std::uint8_t* original_;
  const std::uint8_t* verified_;
};

Status CheckSignatures(const fb::SignedSubmission& e) {
  const auto* signatures = e.signatures();
  if (signatures == nullptr || signatures->size() == 0) return BadEnvelope("no signatures");
  if (signatures->size() > limits::kSignaturesPerEnvelopeMax) {
    return BadEnvelope(std::to_string(signatures->size()) + " signatures, at most " +
                       std::to_string(limits::kSignaturesPerEnvelopeMax));
  }
  for (flatbuffers::uoffset_t i = 0; i < signatures->size(); ++i) {
    const fb::Signature* s = signatures->Get(i);
    const std::string_view key_id = internal::View(s->key_id());
    if (key_id.empty()) return BadEnvelope("signature " + Ordinal(i) + " has no key_id");
    if (key_id.size() > limits::kIdentifierBytesMax) {
      return BadEnvelope("signature " + Ordinal(i) + " key_id is " + std::to_string(key_id.size()) +
                         " bytes, at most " + std::to_string(limits::kIdentifierBytesMax));
    }
    if (s->signature() == nullptr || s->signature()->size() == 0) {
      return BadEnvelope("signature " + Ordinal(i) + " has no signature bytes");
    }
    // One key signs once: a repeated key would count twice as a consent.
    for (flatbuffers::uoffset_t k = 0; k < i; ++k) {
      if (internal::View(signatures->Get(k)->key_id()) == key_id) {
        return BadEnvelope("signatures " + Ordinal(k) + " and " + Ordinal(i) + " have the same key_id");
      }
    }
  }
  return Status::Ok();
}

// Embeds a nested buffer as the FIRST object of an empty builder, so that
// it ends the finished buffer with no padding after it (FlatBuffers builds
// back to front): cutting any byte off the outer buffer then cuts into the
// nested vector, and the Verifier rejects every truncation. The data start
// is 8-aligned when the length is a multiple of 8 (any buffer finished with
// an 8-byte scalar in it), so the nested root can be read in place; other
// lengths get the vector's natural 4-byte alignment rather than padding.
flatbuffers::Offset<flatbuffers::Vector<std::uint8_t>> NestedVector(flatbuffers::FlatBufferBuilder& b,
                                                                     ByteSpan bytes) {
  PL_ASSERT(b.GetSize() == 0);
  if (bytes.size() % internal::kNestedBufferAlignment == 0) {
    b.ForceVectorAlignment(bytes.size(), 1, internal::kNestedBufferAlignment);
  }
  return b.CreateVector(bytes.data(), bytes.size());
}

}  // namespace

namespace {

// VerifyEnvelope; when `decode_into` is set, also decodes the submission
// from the buffer just verified (one verification instead of two).
Result<EnvelopeView> VerifyEnvelopeAndDecode(ByteSpan envelope, domain::Submission* decode_into) {
  const internal::AlignedBuffer buffer(envelope);
  Status verified = internal::VerifyWireBuffer<fb::SignedSubmission>(buffer.data(), buffer.size());
  if (!verified.ok()) return verified.WithContext("envelope");
  const fb::SignedSubmission& e = *flatbuffers::GetRoot<fb::SignedSubmission>(buffer.data());

  const auto* nested = e.submission();
  if (nested == nullptr || nested->size() == 0) return BadEnvelope("submission missing");
  const internal::AlignedBuffer submission(ByteSpan(nested->data(), nested->size()));
  verified = internal::VerifyWireBuffer<fb::Submission>(submission.data(), submission.size());
  if (!verified.ok()) return verified.WithContext("envelope: submission");
  PL_RETURN_IF_ERROR(CheckSignatures(e));
  if (decode_into != nullptr) {
    auto decoded = internal::DecodeVerifiedSubmission(submission.data());
    if (!decoded.ok()) return decoded.status().WithContext("envelope: submission");
    *decode_into = std::move(*decoded);
  }

  const Rebase rebase(envelope, buffer);
  EnvelopeView view;
  view.submission_bytes = ByteSpan(rebase(nested->data()), nested->size());
  view.signatures.reserve(e.signatures()->size());
  for (const fb::Signature* s : *e.signatures()) {
    const auto* key_id = reinterpret_cast<const char*>(rebase(s->key_id()->c_str()));
    view.signatures.push_back(SignatureView{std::string_view(key_id, s->key_id()->size()),
                                            ByteSpan(rebase(s->signature()->data()), s->signature()->size())});
  }
  return view;
}

}  // namespace

Result<EnvelopeView> VerifyEnvelope(ByteSpan envelope) { return VerifyEnvelopeAndDecode(envelope, nullptr); }

Bytes EncodeEnvelope(ByteSpan submission_bytes, const std::vector<EncodedSignature>& signatures) {
  flatbuffers::FlatBufferBuilder b(submission_bytes.size() + 128 * (signatures.size() + 1));
  // The submission bytes are copied verbatim (they are what was signed).
  const auto submission = NestedVector(b, submission_bytes);
  std::vector<flatbuffers::Offset<fb::Signature>> offsets;
  offsets.reserve(signatures.size());
  for (const EncodedSignature& s : signatures) {
    const auto key_id = b.CreateString(s.key_id);
    const auto signature = b.CreateVector(s.signature.data(), s.signature.size());
    offsets.push_back(fb::CreateSignature(b, key_id, signature));
  }
  const auto signature_list = b.CreateVector(offsets);
  b.Finish(fb::CreateSignedSubmission(b, submission, signature_list), internal::kWireFileIdentifier);
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

Bytes EncodeSealedEvent(ByteSpan envelope, const SealedHeader& header) {
  flatbuffers::FlatBufferBuilder b(envelope.size() + 256);
  // Verbatim: the signatures inside cover the submission bytes within.
  const auto envelope_offset = NestedVector(b, envelope);
  const auto prev_hash = b.CreateVector(header.prev_hash.data(), header.prev_hash.size());
  const auto stream_prev_hash = b.CreateVector(header.stream_prev_hash.data(), header.stream_prev_hash.size());
  const auto root = fb::CreateSealedEvent(b, envelope_offset, header.partition, header.seq, header.stream_version,
                                          header.recorded_at_us, prev_hash, stream_prev_hash,
                                          static_cast<fb::EventFlag>(header.flags));
  b.Finish(root, internal::kWireFileIdentifier);
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

namespace {

// DecodeSealedEvent; with `decoded` set, also fills its envelope and
// submission from the buffers verified on the way.
Result<SealedView> DecodeSealed(ByteSpan sealed, DecodedEvent* decoded) {
  const internal::AlignedBuffer buffer(sealed);
  const Status verified = internal::VerifyWireBuffer<fb::SealedEvent>(buffer.data(), buffer.size());
  if (!verified.ok()) return BadSealed(verified.message());
  const fb::SealedEvent& e = *flatbuffers::GetRoot<fb::SealedEvent>(buffer.data());

  SealedView view;
  const auto copy_hash = [](const flatbuffers::Vector<std::uint8_t>* v, const char* name, Hash256* out) {
    const std::size_t size = v == nullptr ? 0 : v->size();
    if (size != out->size()) {
      return BadSealed(std::string(name) + " is " + std::to_string(size) + " bytes, want " +
                       std::to_string(out->size()));
    }
    std::copy(v->begin(), v->end(), out->begin());
    return Status::Ok();
  };
  PL_RETURN_IF_ERROR(copy_hash(e.prev_hash(), "prev_hash", &view.header.prev_hash));
  PL_RETURN_IF_ERROR(copy_hash(e.stream_prev_hash(), "stream_prev_hash", &view.header.stream_prev_hash));
  view.header.partition = e.partition();
  view.header.seq = e.seq();
  view.header.stream_version = e.stream_version();
  view.header.recorded_at_us = e.recorded_at_us();
  view.header.flags = static_cast<std::uint32_t>(e.flags());

  const auto* envelope = e.envelope();
  if (envelope == nullptr || envelope->size() == 0) return BadSealed("envelope missing");
  const Rebase rebase(sealed, buffer);
  view.envelope = ByteSpan(rebase(envelope->data()), envelope->size());
  auto nested = VerifyEnvelopeAndDecode(view.envelope, decoded == nullptr ? nullptr : &decoded->submission);
  if (!nested.ok()) return BadSealed(nested.status().message());
  if (decoded != nullptr) {
    decoded->header = view.header;
    decoded->envelope = std::move(*nested);
  }
  return view;
}

}  // namespace

Result<SealedView> DecodeSealedEvent(ByteSpan sealed) { return DecodeSealed(sealed, nullptr); }

Status DecodeSealedEventFully(ByteSpan sealed, DecodedEvent* out) {
  auto view = DecodeSealed(sealed, out);
  return view.ok() ? Status::Ok() : view.status();
}

}  // namespace pl::codec
