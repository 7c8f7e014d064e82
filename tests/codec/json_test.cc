// JsonCodec: FlatBuffers' JSON parser and generator with the embedded schema.
#include <string>

#include <boost/test/unit_test.hpp>
#include <flatbuffers/idl.h>
#include <nlohmann/json.hpp>

#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "schemas/ledger_generated.h"
#include "tests/codec/samples.h"

namespace pl::codec {

extern const char kLedgerSchemaText[];  // schemas/CMakeLists.txt

namespace {

namespace fb = patentledger::fb;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct Fixture {
  Fixture() {
    auto created = JsonCodec::Create();
    BOOST_TEST_REQUIRE(created.ok(), created.status().ToString());
    json = std::move(*created);
  }
  std::unique_ptr<JsonCodec> json;
};

constexpr char kStatusChangeJson[] =
    R"({"submission_id": "00112233445566778899aabbccddeeff", "patent": "201710601862.3",
        "effective_date": 20240301, "submitted_at_us": 1709251200000000,
        "body_type": "PatentStatusChanged", "body": {"change": "Lapsed", "reason": "未缴年费"}})";

BOOST_FIXTURE_TEST_SUITE(json_codec, Fixture)

BOOST_AUTO_TEST_CASE(json_to_bytes_to_json_is_stable) {
  auto bytes = json->SubmissionFromJson(kStatusChangeJson);
  BOOST_TEST_REQUIRE(bytes.ok(), bytes.status().ToString());
  BOOST_TEST(std::string(bytes->begin() + 4, bytes->begin() + 8) == "PLS1");
  auto decoded = DecodeSubmission(*bytes);
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  BOOST_TEST(decoded->effective_date == 20240301);
  BOOST_TEST((std::get<domain::PatentStatusChanged>(decoded->body).reason == "未缴年费"));

  auto text = json->SubmissionToJson(*bytes);
  BOOST_TEST_REQUIRE(text.ok(), text.status().ToString());
  BOOST_TEST(!Contains(*text, "\n"));
  BOOST_TEST(Contains(*text, R"("body_type": "PatentStatusChanged")"));
  BOOST_TEST(Contains(*text, R"("change": "Lapsed")"));  // default-valued enum still shown, by name
  BOOST_TEST(Contains(*text, "未缴年费"));                 // natural UTF-8, not \u escapes
  BOOST_TEST(nlohmann::json::parse(*text).is_object());

  auto again = json->SubmissionFromJson(*text);
  BOOST_TEST_REQUIRE(again.ok(), again.status().ToString());
  BOOST_TEST((*again == *bytes));
  auto text_again = json->SubmissionToJson(*again);
  BOOST_TEST_REQUIRE(text_again.ok());
  BOOST_TEST(*text_again == *text);
}

BOOST_AUTO_TEST_CASE(every_kind_survives_json_both_ways) {
  for (const auto& s : testing::OneOfEachKind()) {
    BOOST_TEST_CONTEXT("kind " << domain::KindName(s.body)) {
      auto text = json->SubmissionToJson(EncodeSubmission(s));
      BOOST_TEST_REQUIRE(text.ok(), text.status().ToString());
      auto bytes = json->SubmissionFromJson(*text);
      BOOST_TEST_REQUIRE(bytes.ok(), bytes.status().ToString());
      auto decoded = DecodeSubmission(*bytes);
      BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
      testing::ExpectSameSubmission(s, *decoded);
    }
  }
}

BOOST_AUTO_TEST_CASE(writes_bit_flag_roles_by_name) {
  auto key = testing::OneOfEachKind().at(10);
  auto text = json->SubmissionToJson(EncodeSubmission(key));
  BOOST_TEST_REQUIRE(text.ok());
  BOOST_TEST(Contains(*text, R"("roles": "RegistryOperator Bank")"), *text);
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_line) {
  const std::string text = "{\n  \"submission_id\": \"00112233445566778899aabbccddeeff\",\n"
                           "  \"effective_date\": \"soon\"\n}";
  auto bytes = json->SubmissionFromJson(text);
  BOOST_TEST_REQUIRE(!bytes.ok());
  BOOST_TEST((bytes.status().code() == Status::Code::kInvalidArgument));
  BOOST_TEST(Contains(bytes.status().message(), "json: 3: "), bytes.status().message());

  bytes = json->SubmissionFromJson("{\n\n\n\n  \"colour\": \"blue\"\n}");
  BOOST_TEST(Contains(bytes.status().message(), "json: 5: "), bytes.status().message());
  BOOST_TEST(Contains(bytes.status().message(), "unknown field: colour"), bytes.status().message());

  bytes = json->SubmissionFromJson(R"({"body_type": "PatentStatusChanged", "body": {"change": "Nope"}})");
  BOOST_TEST(Contains(bytes.status().message(), "Nope"), bytes.status().message());
}

BOOST_AUTO_TEST_CASE(accepts_only_one_json_object) {
  for (const char* bad : {"", "table Evil { x: int; }", "root_type Party;", "[1, 2]", "{} trailing", "{",
                          R"({"effective_date": 1, "effective_date": 2})"}) {
    auto bytes = json->SubmissionFromJson(bad);
    BOOST_TEST(!bytes.ok(), bad);
  }
  // The parser still works after errors, with Submission as its root.
  BOOST_TEST(json->SubmissionFromJson(kStatusChangeJson).ok());
  BOOST_TEST(!json->SubmissionFromJson(std::string("{}\0{}", 5)).ok());
  BOOST_TEST(!json->SubmissionFromJson(std::string(limits::kInputLineBytesMax + 1, ' ')).ok());
}

BOOST_AUTO_TEST_CASE(accepts_the_body_before_its_type_in_strict_json) {
  // What a JSON library that sorts keys writes (nlohmann::json does).
  auto bytes = json->SubmissionFromJson(
      R"({"body": {"change": "Restored"}, "body_type": "PatentStatusChanged",)"
      R"( "effective_date": 20240301, "submission_id": "00112233445566778899aabbccddeeff"})");
  BOOST_TEST_REQUIRE(bytes.ok(), bytes.status().ToString());
  auto decoded = DecodeSubmission(*bytes);
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  BOOST_TEST((std::get<domain::PatentStatusChanged>(decoded->body).change == domain::StatusChange::kRestored));
}

BOOST_AUTO_TEST_CASE(parses_what_decoding_later_rejects) {
  // The parser checks syntax and types only; DecodeSubmission checks values.
  auto bytes = json->SubmissionFromJson(R"({"submission_id": "x", "body_type": 200})");
  BOOST_TEST_REQUIRE(bytes.ok(), bytes.status().ToString());
  BOOST_TEST(!DecodeSubmission(*bytes).ok());
  auto text = json->SubmissionToJson(*bytes);
  BOOST_TEST(!text.ok());
}

BOOST_AUTO_TEST_CASE(refuses_to_write_submissions_it_could_not_decode) {
  // A union value whose type is NONE passes the Verifier but makes
  // FlatBuffers 2.0.8's text generator abort; the codec must refuse first.
  flatbuffers::FlatBufferBuilder b;
  const auto id = b.CreateString("00112233445566778899aabbccddeeff");
  const auto body = fb::CreateLicenceTerminated(b, id, id);
  fb::SubmissionBuilder sb(b);
  sb.add_submission_id(id);
  sb.add_effective_date(20240101);
  sb.add_body(body.Union());
  b.Finish(sb.Finish(), "PLS1");
  auto text = json->SubmissionToJson(ByteSpan(b.GetBufferPointer(), b.GetSize()));
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.status().message() == "submission: body: missing");
  BOOST_TEST(!json->SubmissionToJson(Bytes(64, 0xAB)).ok());
}

BOOST_AUTO_TEST_CASE(writes_a_sealed_event_as_one_json_object) {
  const Bytes envelope = testing::SampleEnvelope(2);
  const SealedHeader header = testing::SampleHeader();
  auto text = json->SealedEventToJson(EncodeSealedEvent(envelope, header));
  BOOST_TEST_REQUIRE(text.ok(), text.status().ToString());
  BOOST_TEST(!Contains(*text, "\n"));
  const auto j = nlohmann::ordered_json::parse(*text);
  std::vector<std::string> keys;
  for (const auto& item : j.items()) keys.push_back(item.key());
  const std::vector<std::string> expected_keys = {"partition", "seq",   "stream_version", "recorded_at_us", "prev_hash",
                                                  "stream_prev_hash", "flags", "signatures", "submission"};
  BOOST_TEST(keys == expected_keys, boost::test_tools::per_element());
  BOOST_TEST(j["partition"].get<std::uint32_t>() == header.partition);
  BOOST_TEST(j["seq"].get<std::uint64_t>() == header.seq);
  BOOST_TEST(j["stream_version"].get<std::uint64_t>() == header.stream_version);
  BOOST_TEST(j["recorded_at_us"].get<std::int64_t>() == header.recorded_at_us);
  BOOST_TEST(j["prev_hash"].get<std::string>() == HexEncode(header.prev_hash));
  BOOST_TEST(j["stream_prev_hash"].get<std::string>() == HexEncode(header.stream_prev_hash));
  BOOST_TEST(j["flags"].dump() == R"(["late_filing"])");
  BOOST_TEST_REQUIRE(j["signatures"].size() == 2u);
  BOOST_TEST(j["signatures"][1]["key_id"].get<std::string>() == "key1" + std::string(29, 'a'));
  BOOST_TEST(j["signatures"][1]["signature_b64"].get<std::string>() == Base64Encode(Bytes(64, 0x41)));
  BOOST_TEST(j["submission"]["submission_id"].get<std::string>() == testing::SampleLicence().submission_id);
  BOOST_TEST(j["submission"]["body_type"].get<std::string>() == "LicenceRecorded");
  BOOST_TEST(j["submission"]["body"]["territory"].dump() == R"(["35","44","CN"])");
}

BOOST_AUTO_TEST_CASE(names_flag_bits_it_does_not_know) {
  SealedHeader header = testing::SampleHeader();
  header.flags = 0x1u | 0x80000000u;
  auto text = json->SealedEventToJson(EncodeSealedEvent(testing::SampleEnvelope(1), header));
  BOOST_TEST_REQUIRE(text.ok(), text.status().ToString());
  BOOST_TEST(nlohmann::json::parse(*text)["flags"].dump() == R"(["late_filing","bit_31"])");
  header.flags = 0;
  text = json->SealedEventToJson(EncodeSealedEvent(testing::SampleEnvelope(1), header));
  BOOST_TEST_REQUIRE(text.ok());
  BOOST_TEST(nlohmann::json::parse(*text)["flags"].dump() == "[]");
}

BOOST_AUTO_TEST_CASE(refuses_sealed_events_with_undecodable_submissions) {
  // Structurally valid all the way down, but the submission has no body.
  flatbuffers::FlatBufferBuilder b;
  const auto id = b.CreateString("00112233445566778899aabbccddeeff");
  b.Finish(fb::CreateSubmission(b, id, 0, 0, 20240101), "PLS1");
  const Bytes submission(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
  const Bytes envelope = EncodeEnvelope(submission, {{"k", Bytes(64, 1)}});
  auto text = json->SealedEventToJson(EncodeSealedEvent(envelope, testing::SampleHeader()));
  BOOST_TEST_REQUIRE(!text.ok());
  BOOST_TEST(text.status().message() == "sealed event: submission: body: missing");
}

BOOST_AUTO_TEST_SUITE_END()

// Pins what FlatBuffers 2.0.8 does with nested_flatbuffer fields in JSON, the
// reason envelopes are never built from JSON with flatc (FORMAT.md).
BOOST_AUTO_TEST_CASE(flatc_json_builds_nested_buffers_without_the_identifier) {
  flatbuffers::IDLOptions options;
  flatbuffers::Parser parser(options);
  BOOST_TEST_REQUIRE(parser.Parse(kLedgerSchemaText), parser.error_);
  BOOST_TEST_REQUIRE(parser.SetRootType("patentledger.fb.SignedSubmission"));
  const bool parsed = parser.ParseJson(
      R"({"submission": {"submission_id": "00112233445566778899aabbccddeeff", "effective_date": 20240101,)"
      R"( "body_type": "LicenceTerminated", "body": {"licence_id": "L"}},)"
      R"( "signatures": [{"key_id": "k", "signature": [1, 2, 3]}]})");
  BOOST_TEST_REQUIRE(parsed, parser.error_);
  const Bytes envelope(parser.builder_.GetBufferPointer(),
                       parser.builder_.GetBufferPointer() + parser.builder_.GetSize());
  BOOST_TEST(std::string(envelope.begin() + 4, envelope.begin() + 8) == "PLS1");  // outer: yes
  auto view = VerifyEnvelope(envelope);
  BOOST_TEST_REQUIRE(!view.ok());
  BOOST_TEST(view.status().message() == "envelope: submission: file identifier is not \"PLS1\"");
  // Nested bytes as a number array need an opt-in flag.
  BOOST_TEST(!parser.ParseJson(R"({"submission": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]})"));
}

}  // namespace
}  // namespace pl::codec
