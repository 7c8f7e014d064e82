// Hostile bytes: truncation at every length, every single-bit flip, and
// seeded random buffers. Every input must end in a Status or a decoded
// value, never a crash or an abort; run in the normal build (and in the
// sanitizer build, where out-of-bounds reads would also show).
//
// The seed is printed; set PL_TEST_SEED=<n> to repeat a run.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include <boost/test/unit_test.hpp>

#include "ledger/codec/codec.h"
#include "schemas/ledger_generated.h"
#include "tests/codec/samples.h"

namespace pl::codec {
namespace {

namespace fb = patentledger::fb;

std::uint64_t Seed() {
  static const std::uint64_t seed = [] {
    const char* fixed = std::getenv("PL_TEST_SEED");
    const std::uint64_t s = fixed != nullptr ? std::strtoull(fixed, nullptr, 10) : std::random_device{}();
    std::printf("codec robustness: seed %" PRIu64 " (PL_TEST_SEED=%" PRIu64 " repeats this run)\n", s, s);
    return s;
  }();
  return seed;
}

struct Counts {
  int accepted = 0;
  int rejected = 0;
};

struct Fixture {
  Fixture() {
    auto created = JsonCodec::Create();
    BOOST_TEST_REQUIRE(created.ok());
    json = std::move(*created);
  }

  // Runs `bytes` through every entry point that takes an envelope.
  void Envelope(ByteSpan bytes, Counts* counts) {
    auto view = VerifyEnvelope(bytes);
    if (!view.ok()) {
      BOOST_TEST_REQUIRE((view.status().code() == Status::Code::kInvalidArgument));
      ++counts->rejected;
      return;
    }
    auto submission = DecodeSubmission(view->submission_bytes);
    auto text = json->SubmissionToJson(view->submission_bytes);
    BOOST_TEST_REQUIRE(submission.ok() == text.ok());
    if (text.ok()) BOOST_TEST_REQUIRE(json->SubmissionFromJson(*text).ok());
    ++(submission.ok() ? counts->accepted : counts->rejected);
  }

  // Runs `bytes` through every entry point that takes a sealed event.
  void Sealed(ByteSpan bytes, Counts* counts) {
    auto view = DecodeSealedEvent(bytes);
    auto text = json->SealedEventToJson(bytes);
    if (!view.ok()) {
      BOOST_TEST_REQUIRE(view.status().IsCorruption());
      BOOST_TEST_REQUIRE(!text.ok());
      ++counts->rejected;
      return;
    }
    Envelope(view->envelope, counts);
  }

  void Submission(ByteSpan bytes, Counts* counts) {
    auto decoded = DecodeSubmission(bytes);
    auto text = json->SubmissionToJson(bytes);
    BOOST_TEST_REQUIRE(decoded.ok() == text.ok());
    ++(decoded.ok() ? counts->accepted : counts->rejected);
  }

  void State(ByteSpan bytes, Counts* counts) {
    auto state = DecodePatentState(bytes);
    auto key = DecodeKeyRecord(bytes);
    if (!state.ok()) BOOST_TEST_REQUIRE(state.status().IsCorruption());
    if (!key.ok()) BOOST_TEST_REQUIRE(key.status().IsCorruption());
    ++(state.ok() || key.ok() ? counts->accepted : counts->rejected);
  }

  std::unique_ptr<JsonCodec> json;
};

template <typename Run>
Counts FlipEveryBit(const Bytes& original, Run run) {
  Counts counts;
  Bytes bytes = original;
  for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
    bytes[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
    run(ByteSpan(bytes), &counts);
    bytes[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
  }
  BOOST_TEST_MESSAGE("bit flips: " << counts.accepted << " decoded, " << counts.rejected << " rejected");
  BOOST_TEST(counts.rejected > 0);
  return counts;
}

Bytes SampleSealed() { return EncodeSealedEvent(testing::SampleEnvelope(2), testing::SampleHeader()); }

BOOST_FIXTURE_TEST_SUITE(robustness, Fixture)

BOOST_AUTO_TEST_CASE(rejects_an_envelope_truncated_at_every_length) {
  const Bytes envelope = testing::SampleEnvelope(3);
  BOOST_TEST_REQUIRE(VerifyEnvelope(envelope).ok());
  for (std::size_t length = 0; length < envelope.size(); ++length) {
    auto view = VerifyEnvelope(ByteSpan(envelope).first(length));
    BOOST_TEST_REQUIRE(!view.ok(), "accepted when truncated to " << length << " of " << envelope.size());
  }
}

BOOST_AUTO_TEST_CASE(rejects_a_sealed_event_truncated_at_every_length) {
  const Bytes sealed = SampleSealed();
  for (std::size_t length = 0; length < sealed.size(); ++length) {
    auto view = DecodeSealedEvent(ByteSpan(sealed).first(length));
    BOOST_TEST_REQUIRE(!view.ok(), "accepted when truncated to " << length << " of " << sealed.size());
    BOOST_TEST_REQUIRE(view.status().IsCorruption());
    BOOST_TEST_REQUIRE(!json->SealedEventToJson(ByteSpan(sealed).first(length)).ok());
  }
}

BOOST_AUTO_TEST_CASE(never_decodes_a_truncated_submission_to_a_different_value) {
  // Submission bytes may end in alignment padding, which carries nothing.
  for (const auto& s : testing::OneOfEachKind()) {
    const Bytes bytes = EncodeSubmission(s);
    for (std::size_t length = 0; length < bytes.size(); ++length) {
      auto decoded = DecodeSubmission(ByteSpan(bytes).first(length));
      if (decoded.ok()) {
        BOOST_TEST_CONTEXT(domain::KindName(s.body) << " truncated to " << length) {
          testing::ExpectSameSubmission(s, *decoded);
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(survives_every_bit_flip_of_an_envelope) {
  FlipEveryBit(testing::SampleEnvelope(2), [this](ByteSpan b, Counts* c) { Envelope(b, c); });
}

BOOST_AUTO_TEST_CASE(survives_every_bit_flip_of_a_sealed_event) {
  FlipEveryBit(SampleSealed(), [this](ByteSpan b, Counts* c) { Sealed(b, c); });
}

BOOST_AUTO_TEST_CASE(survives_every_bit_flip_of_each_kind_of_submission) {
  for (const auto& s : testing::OneOfEachKind()) {
    BOOST_TEST_CONTEXT(domain::KindName(s.body)) {
      FlipEveryBit(EncodeSubmission(s), [this](ByteSpan b, Counts* c) { Submission(b, c); });
    }
  }
}

BOOST_AUTO_TEST_CASE(survives_every_bit_flip_of_the_admission_state) {
  FlipEveryBit(EncodePatentState(testing::SamplePatentState()), [this](ByteSpan b, Counts* c) { State(b, c); });
  FlipEveryBit(EncodeKeyRecord(testing::SampleKeyRecord(65)), [this](ByteSpan b, Counts* c) { State(b, c); });
}

BOOST_AUTO_TEST_CASE(survives_seeded_random_bytes) {
  std::mt19937_64 rng(Seed());
  BOOST_TEST_CONTEXT("seed " << Seed()) {
    Counts counts;
    for (int i = 0; i < 4000; ++i) {
      Bytes bytes(rng() % 1024);
      for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
      // Half get a plausible start (small root offset, the identifier) so
      // that they reach the Verifier's interior checks.
      if (i % 2 == 0 && bytes.size() >= 8) {
        const std::uint32_t root = 8 + static_cast<std::uint32_t>(rng() % 64);
        std::memcpy(bytes.data(), &root, 4);
        std::memcpy(bytes.data() + 4, "PLS1", 4);
      }
      Envelope(bytes, &counts);
      Sealed(bytes, &counts);
      Submission(bytes, &counts);
      State(bytes, &counts);
    }
    BOOST_TEST_MESSAGE("random: " << counts.accepted << " decoded, " << counts.rejected << " rejected");
  }
}

BOOST_AUTO_TEST_CASE(survives_seeded_random_damage_to_valid_buffers) {
  std::mt19937_64 rng(Seed() + 1);
  BOOST_TEST_CONTEXT("seed " << Seed()) {
    const Bytes sealed = SampleSealed();
    Counts counts;
    for (int i = 0; i < 4000; ++i) {
      Bytes bytes = sealed;
      const int damage = 1 + static_cast<int>(rng() % 8);
      for (int d = 0; d < damage; ++d) {
        std::uint8_t& target = bytes[rng() % bytes.size()];
        switch (rng() % 3) {
          case 0: target = static_cast<std::uint8_t>(rng()); break;
          case 1: target = 0x00; break;
          default: target = 0xFF; break;
        }
      }
      Sealed(bytes, &counts);
    }
    BOOST_TEST_MESSAGE("damaged: " << counts.accepted << " decoded, " << counts.rejected << " rejected");
    BOOST_TEST(counts.rejected > 0);
  }
}

BOOST_AUTO_TEST_CASE(refuses_a_sealed_event_whose_submission_has_an_unknown_body_kind) {
  flatbuffers::FlatBufferBuilder b;
  const auto id = b.CreateString("00112233445566778899aabbccddeeff");
  const auto body = fb::CreateKeyRevoked(b, id, id, 1);
  b.Finish(fb::CreateSubmission(b, id, 0, 0, 20240101, 1, static_cast<fb::Body>(13), body.Union()), "PLS1");
  const Bytes submission(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
  const Bytes sealed = EncodeSealedEvent(EncodeEnvelope(submission, {{"k", Bytes(64, 1)}}), testing::SampleHeader());
  BOOST_TEST(DecodeSealedEvent(sealed).ok());  // structure is fine...
  auto text = json->SealedEventToJson(sealed);  // ...but it cannot be decoded
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.status().message() == "sealed event: submission: body: unknown body kind 13");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::codec
