// VerifyEnvelope / EncodeEnvelope and the sealed event.
#include <cstring>
#include <string>

#include <boost/test/unit_test.hpp>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "schemas/ledger_generated.h"
#include "tests/codec/samples.h"

namespace pl::codec {
namespace {

namespace fb = patentledger::fb;

bool Inside(ByteSpan part, ByteSpan whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

std::vector<EncodedSignature> Signatures(int count) {
  std::vector<EncodedSignature> out;
  for (int i = 0; i < count; ++i) {
    out.push_back({"k" + std::to_string(i), Bytes(64, static_cast<std::uint8_t>(i))});
  }
  return out;
}

std::string EnvelopeError(ByteSpan submission, const std::vector<EncodedSignature>& signatures) {
  const Bytes envelope = EncodeEnvelope(submission, signatures);
  auto view = VerifyEnvelope(envelope);
  if (view.ok()) return "";
  BOOST_TEST((view.status().code() == Status::Code::kInvalidArgument));
  return view.status().message();
}

BOOST_AUTO_TEST_SUITE(envelope)

BOOST_AUTO_TEST_CASE(carries_the_exact_submission_bytes_and_signatures) {
  const Bytes submission = EncodeSubmission(testing::SampleLicence());
  const auto signatures = Signatures(3);
  const Bytes envelope = EncodeEnvelope(submission, signatures);
  BOOST_TEST(std::string(envelope.begin() + 4, envelope.begin() + 8) == "PLS1");
  auto view = VerifyEnvelope(envelope);
  BOOST_TEST_REQUIRE(view.ok(), view.status().ToString());
  BOOST_TEST(Inside(view->submission_bytes, envelope));
  BOOST_TEST((Bytes(view->submission_bytes.begin(), view->submission_bytes.end()) == submission));
  // Nested bytes sit 8-aligned, so the submission is read in place.
  BOOST_TEST((view->submission_bytes.data() - envelope.data()) % 8 == 0);
  BOOST_TEST_REQUIRE(view->signatures.size() == 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(view->signatures[i].key_id == signatures[i].key_id);
    BOOST_TEST((Bytes(view->signatures[i].signature.begin(), view->signatures[i].signature.end()) ==
                signatures[i].signature));
    BOOST_TEST(Inside(view->signatures[i].signature, envelope));
  }
}

BOOST_AUTO_TEST_CASE(embeds_submission_bytes_without_reencoding_them) {
  // Bytes that EncodeSubmission would lay out differently (from the JSON
  // parser, or another FlatBuffers implementation) stay as they are.
  flatbuffers::FlatBufferBuilder b;
  const auto reason = b.CreateString("r");
  const auto id = b.CreateString("00112233445566778899aabbccddeeff");
  const auto body = fb::CreateLicenceTerminated(b, reason, reason);
  b.Finish(fb::CreateSubmission(b, id, 0, 0, 20240101, 0, fb::Body::LicenceTerminated, body.Union()), "PLS1");
  const Bytes submission(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
  const Bytes envelope = EncodeEnvelope(submission, Signatures(1));
  auto view = VerifyEnvelope(envelope);
  BOOST_TEST_REQUIRE(view.ok(), view.status().ToString());
  BOOST_TEST((Bytes(view->submission_bytes.begin(), view->submission_bytes.end()) == submission));
}

BOOST_AUTO_TEST_CASE(verifies_from_a_misaligned_copy_with_views_into_it) {
  const Bytes envelope = testing::SampleEnvelope(2);
  Bytes shifted(envelope.size() + 3);
  std::memcpy(shifted.data() + 3, envelope.data(), envelope.size());
  const ByteSpan span = ByteSpan(shifted).subspan(3);
  auto view = VerifyEnvelope(span);
  BOOST_TEST_REQUIRE(view.ok(), view.status().ToString());
  BOOST_TEST(Inside(view->submission_bytes, span));
  BOOST_TEST(view->signatures[1].key_id.data() >= reinterpret_cast<const char*>(span.data()));
  BOOST_TEST(DecodeSubmission(view->submission_bytes).ok());
}

BOOST_AUTO_TEST_CASE(requires_one_to_sixteen_signatures) {
  const Bytes submission = EncodeSubmission(testing::SampleLicence());
  BOOST_TEST(EnvelopeError(submission, {}) == "envelope: no signatures");
  BOOST_TEST(EnvelopeError(submission, Signatures(1)) == "");
  BOOST_TEST(EnvelopeError(submission, Signatures(limits::kSignaturesPerEnvelopeMax)) == "");
  BOOST_TEST(EnvelopeError(submission, Signatures(limits::kSignaturesPerEnvelopeMax + 1)) ==
             "envelope: 17 signatures, at most 16");
}

BOOST_AUTO_TEST_CASE(names_the_signature_that_is_incomplete) {
  const Bytes submission = EncodeSubmission(testing::SampleLicence());
  auto signatures = Signatures(3);
  signatures[1].key_id.clear();
  BOOST_TEST(EnvelopeError(submission, signatures) == "envelope: signature 2 has no key_id");
  signatures = Signatures(3);
  signatures[2].signature.clear();
  BOOST_TEST(EnvelopeError(submission, signatures) == "envelope: signature 3 has no signature bytes");
  signatures = Signatures(3);
  signatures[0].key_id = std::string(limits::kIdentifierBytesMax + 1, 'k');
  BOOST_TEST(EnvelopeError(submission, signatures) == "envelope: signature 1 key_id is 129 bytes, at most 128");
  signatures = Signatures(3);
  signatures[2].key_id = signatures[0].key_id;
  BOOST_TEST(EnvelopeError(submission, signatures) == "envelope: signatures 1 and 3 have the same key_id");
}

BOOST_AUTO_TEST_CASE(rejects_a_missing_or_broken_nested_submission) {
  BOOST_TEST(EnvelopeError(ByteSpan(), Signatures(1)) == "envelope: submission missing");
  const Bytes junk(40, 0x11);
  BOOST_TEST(EnvelopeError(junk, Signatures(1)) == "envelope: submission: file identifier is not \"PLS1\"");
  Bytes submission = EncodeSubmission(testing::SampleLicence());
  submission[2] = 0x7F;  // root offset far outside the nested buffer
  BOOST_TEST(EnvelopeError(submission, Signatures(1)) == "envelope: submission: fails the FlatBuffers verifier");
}

BOOST_AUTO_TEST_CASE(rejects_other_buffers) {
  auto view = VerifyEnvelope(ByteSpan());
  BOOST_TEST(view.status().message() == "envelope: 0 bytes is not a FlatBuffer size");
  // A submission is not an envelope even though it has the same identifier.
  view = VerifyEnvelope(EncodeSubmission(testing::SampleLicence()));
  BOOST_TEST(!view.ok());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sealed_event)

BOOST_AUTO_TEST_CASE(round_trips_the_header_around_the_exact_envelope_bytes) {
  const Bytes envelope = testing::SampleEnvelope(2);
  const SealedHeader header = testing::SampleHeader();
  const Bytes sealed = EncodeSealedEvent(envelope, header);
  BOOST_TEST(std::string(sealed.begin() + 4, sealed.begin() + 8) == "PLS1");
  auto view = DecodeSealedEvent(sealed);
  BOOST_TEST_REQUIRE(view.ok(), view.status().ToString());
  BOOST_TEST(view->header.partition == header.partition);
  BOOST_TEST(view->header.seq == header.seq);
  BOOST_TEST(view->header.stream_version == header.stream_version);
  BOOST_TEST(view->header.recorded_at_us == header.recorded_at_us);
  BOOST_TEST((view->header.prev_hash == header.prev_hash));
  BOOST_TEST((view->header.stream_prev_hash == header.stream_prev_hash));
  BOOST_TEST(view->header.flags == header.flags);
  BOOST_TEST(Inside(view->envelope, sealed));
  BOOST_TEST((view->envelope.data() - sealed.data()) % 8 == 0);
  BOOST_TEST((Bytes(view->envelope.begin(), view->envelope.end()) == envelope));
  // And through the envelope to the submission, still in place.
  auto inner = VerifyEnvelope(view->envelope);
  BOOST_TEST_REQUIRE(inner.ok());
  BOOST_TEST(Inside(inner->submission_bytes, sealed));
  BOOST_TEST((inner->submission_bytes.data() - sealed.data()) % 8 == 0);
}

BOOST_AUTO_TEST_CASE(round_trips_a_first_event_with_zero_header_fields) {
  const Bytes envelope = testing::SampleEnvelope(1);
  const SealedHeader header;  // seq 0, zero hashes, no flags
  const Bytes sealed = EncodeSealedEvent(envelope, header);
  auto view = DecodeSealedEvent(sealed);
  BOOST_TEST_REQUIRE(view.ok(), view.status().ToString());
  BOOST_TEST(view->header.seq == 0u);
  BOOST_TEST((view->header.prev_hash == Hash256{}));
  BOOST_TEST(view->header.flags == 0u);
}

Bytes RawSealed(ByteSpan envelope, std::size_t prev_hash_bytes, std::size_t stream_prev_hash_bytes) {
  flatbuffers::FlatBufferBuilder b;
  const Bytes prev(prev_hash_bytes, 1), stream_prev(stream_prev_hash_bytes, 2);
  const auto p = prev_hash_bytes ? b.CreateVector(prev) : 0;
  const auto s = stream_prev_hash_bytes ? b.CreateVector(stream_prev) : 0;
  const auto e = envelope.empty() ? 0 : b.CreateVector(envelope.data(), envelope.size());
  b.Finish(fb::CreateSealedEvent(b, e, 0, 1, 0, 5, p, s), "PLS1");
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

BOOST_AUTO_TEST_CASE(requires_32_byte_hashes_and_an_envelope) {
  const Bytes envelope = testing::SampleEnvelope(1);
  BOOST_TEST(DecodeSealedEvent(RawSealed(envelope, 32, 32)).ok());
  auto view = DecodeSealedEvent(RawSealed(envelope, 31, 32));
  BOOST_TEST(view.status().IsCorruption());
  BOOST_TEST(view.status().message() == "sealed event: prev_hash is 31 bytes, want 32");
  view = DecodeSealedEvent(RawSealed(envelope, 32, 33));
  BOOST_TEST(view.status().message() == "sealed event: stream_prev_hash is 33 bytes, want 32");
  view = DecodeSealedEvent(RawSealed(envelope, 0, 32));
  BOOST_TEST(view.status().message() == "sealed event: prev_hash is 0 bytes, want 32");
  view = DecodeSealedEvent(RawSealed(ByteSpan(), 32, 32));
  BOOST_TEST(view.status().message() == "sealed event: envelope missing");
}

BOOST_AUTO_TEST_CASE(verifies_the_nested_envelope) {
  const Bytes submission = EncodeSubmission(testing::SampleLicence());
  const Bytes unsigned_envelope = EncodeEnvelope(submission, {});
  auto view = DecodeSealedEvent(EncodeSealedEvent(unsigned_envelope, testing::SampleHeader()));
  BOOST_TEST(view.status().IsCorruption());
  BOOST_TEST(view.status().message() == "sealed event: envelope: no signatures");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::codec
