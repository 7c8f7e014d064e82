// Private helpers shared by the codec's .cc files. Not part of the API: only
// files in ledger/codec/ include this (it names FlatBuffers types).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <flatbuffers/flatbuffers.h>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/domain/types.h"

namespace pl::codec::internal {

// File identifier of every wire buffer (Submission, SignedSubmission,
// SealedEvent): ledger.fbs declares one identifier and flatc writes it
// whatever the root type, so the codec does the same. See FORMAT.md.
inline constexpr char kWireFileIdentifier[] = "PLS1";
// File identifier of the persisted state (state.fbs: PatentState, KeyRecord).
inline constexpr char kStateFileIdentifier[] = "PLST";

// Verifier bounds for wire buffers. The deepest path in ledger.fbs is four
// tables (Submission > OpenLicenceTaken > RoyaltyTerms > Money); nested
// buffers are verified separately with the same bounds. A valid submission
// holds at most about 70 tables (two party lists of kPartiesPerListMax plus a
// few), an envelope 1 + kSignaturesPerEnvelopeMax. The table bound stops a
// hostile buffer from pointing thousands of offsets at one table to
// multiply the verifier's work, and leaves room for schema growth.
inline constexpr flatbuffers::uoffset_t kWireVerifierDepthMax = 8;
inline constexpr flatbuffers::uoffset_t kWireVerifierTablesMax = 1024;

// Verifier bounds for the persisted state, which is the node's own data:
// the verifier there guards against corruption, not amplification, and a
// patent may hold up to kLicencesPerPatentMax licences of three tables each.
inline constexpr flatbuffers::uoffset_t kStateVerifierDepthMax = 8;
inline constexpr flatbuffers::uoffset_t kStateVerifierTablesMax = 1000000;

// Alignment forced on embedded (nested) buffers so that the nested root can
// be read in place: the largest scalar in the schemas is 8 bytes.
inline constexpr std::size_t kNestedBufferAlignment = 8;

flatbuffers::Verifier::Options WireVerifierOptions();
flatbuffers::Verifier::Options StateVerifierOptions();

// FlatBuffers reads scalars in place, so a buffer must sit at an address
// aligned for its largest scalar. AlignedBuffer points at the caller's bytes
// when they are aligned and at a private copy otherwise. Offsets into data()
// equal offsets into the original bytes. Not copyable (data() may point into
// the object); lives on the stack of one decode call.
class AlignedBuffer {
 public:
  explicit AlignedBuffer(ByteSpan bytes);
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::vector<std::uint64_t> copy_;
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
};

// True when `bytes` can be handed to a flatbuffers::Verifier at all (its
// constructor asserts the size) and are at least a minimal buffer.
bool FitsVerifier(std::size_t size);

// A FlatBuffers string as a string_view; absent strings are empty.
inline std::string_view View(const flatbuffers::String* s) {
  return s == nullptr ? std::string_view() : std::string_view(s->c_str(), s->size());
}
inline std::string ToString(const flatbuffers::String* s) { return std::string(View(s)); }

// Checks that `size` bytes at `data` form a wire buffer of root type T: a
// usable size, the "PLS1" identifier, and the Verifier (wire options).
// `data` must be aligned (see AlignedBuffer). kInvalidArgument without
// context; callers prefix what the buffer is.
template <typename T>
Status VerifyWireBuffer(const std::uint8_t* data, std::size_t size) {
  if (!FitsVerifier(size)) {
    return Status::InvalidArgument(std::to_string(size) + " bytes is not a FlatBuffer size");
  }
  if (!flatbuffers::BufferHasIdentifier(data, kWireFileIdentifier)) {
    return Status::InvalidArgument(std::string("file identifier is not \"") + kWireFileIdentifier + "\"");
  }
  flatbuffers::Verifier verifier(data, size, WireVerifierOptions());
  if (!verifier.VerifyBuffer<T>(kWireFileIdentifier)) {
    return Status::InvalidArgument("fails the FlatBuffers verifier");
  }
  return Status::Ok();
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, at most U+10FFFF.
bool IsValidUtf8(std::string_view s);

// True when `s` holds an ASCII control character (U+0000..U+001F, U+007F).
bool HasControlCharacter(std::string_view s);

// DecodeSubmission's field checks over a buffer that VerifyWireBuffer<
// fb::Submission> has already accepted (aligned, as AlignedBuffer gives).
Result<domain::Submission> DecodeVerifiedSubmission(const std::uint8_t* verified);

}  // namespace pl::codec::internal
