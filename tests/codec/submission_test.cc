// EncodeSubmission / DecodeSubmission: round trips and every rejection.
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
using testing::ExpectSameSubmission;
using testing::OneOfEachKind;

bool Contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Encodes `s`, decodes, and returns the error message ("" when accepted).
std::string DecodeError(const domain::Submission& s) {
  auto decoded = DecodeSubmission(EncodeSubmission(s));
  if (decoded.ok()) return "";
  BOOST_TEST((decoded.status().code() == Status::Code::kInvalidArgument));
  return decoded.status().message();
}

template <typename T>
T& BodyOf(domain::Submission& s) {
  return std::get<T>(s.body);
}

domain::Submission Sample(std::size_t kind_index) { return OneOfEachKind().at(kind_index); }
constexpr std::size_t kPatentRecorded = 0, kLicenceRecorded = 3, kOpenLicenceTaken = 7, kPledgeRegistered = 8,
                      kKeyEnrolled = 10;

// A Submission built directly with the generated API, for shapes the domain
// types cannot express.
Bytes RawSubmission(fb::Body type, bool with_body, const char* submission_id = "00112233445566778899aabbccddeeff") {
  flatbuffers::FlatBufferBuilder b;
  const auto id = b.CreateString(submission_id);
  const auto reason = b.CreateString("r");
  const auto body = fb::CreateLicenceTerminated(b, reason, reason);
  fb::SubmissionBuilder sb(b);
  sb.add_submission_id(id);
  sb.add_effective_date(20240101);
  sb.add_body_type(type);
  if (with_body) sb.add_body(body.Union());
  b.Finish(sb.Finish(), "PLS1");
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

BOOST_AUTO_TEST_SUITE(submission_codec)

BOOST_AUTO_TEST_CASE(round_trips_every_body_kind_field_by_field) {
  const auto all = OneOfEachKind();
  BOOST_TEST(all.size() == std::variant_size_v<domain::Body>);
  for (std::size_t i = 0; i < all.size(); ++i) {
    BOOST_TEST_CONTEXT("kind " << domain::KindName(all[i].body)) {
      BOOST_TEST(all[i].body.index() == i);
      const Bytes bytes = EncodeSubmission(all[i]);
      auto decoded = DecodeSubmission(bytes);
      BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
      ExpectSameSubmission(all[i], *decoded);
      BOOST_TEST((EncodeSubmission(*decoded) == bytes), "re-encoding changes the bytes");
    }
  }
}

BOOST_AUTO_TEST_CASE(round_trips_absent_optional_parts_as_defaults) {
  domain::Submission s = Sample(kLicenceRecorded);
  s.expected_version = domain::ExpectedVersion{};  // Any: not written
  auto& licence = BodyOf<domain::LicenceRecorded>(s);
  licence.lump_sum = domain::Money{};  // {0, ""}: not written
  licence.licensors.clear();
  licence.territory.clear();
  licence.export_certificate.clear();
  auto decoded = DecodeSubmission(EncodeSubmission(s));
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  ExpectSameSubmission(s, *decoded);

  s.expected_version = domain::ExpectedVersion{domain::ExpectedVersion::Kind::kNoStream, 0};
  decoded = DecodeSubmission(EncodeSubmission(s));
  BOOST_TEST_REQUIRE(decoded.ok());
  ExpectSameSubmission(s, *decoded);
}

BOOST_AUTO_TEST_CASE(encoding_is_deterministic_and_carries_the_file_identifier) {
  for (const auto& s : OneOfEachKind()) {
    const Bytes a = EncodeSubmission(s);
    BOOST_TEST((a == EncodeSubmission(s)));
    BOOST_TEST_REQUIRE(a.size() > 8u);
    BOOST_TEST(std::string(a.begin() + 4, a.begin() + 8) == "PLS1");
  }
}

BOOST_AUTO_TEST_CASE(decodes_from_a_misaligned_copy) {
  const Bytes bytes = EncodeSubmission(Sample(kPledgeRegistered));
  Bytes shifted(bytes.size() + 1);
  std::memcpy(shifted.data() + 1, bytes.data(), bytes.size());
  auto decoded = DecodeSubmission(ByteSpan(shifted).subspan(1));
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  ExpectSameSubmission(Sample(kPledgeRegistered), *decoded);
}

BOOST_AUTO_TEST_CASE(rejects_a_missing_or_malformed_submission_id) {
  domain::Submission s = Sample(kPatentRecorded);
  s.submission_id.clear();
  BOOST_TEST(DecodeError(s) == "submission: submission_id: missing");
  for (const char* bad : {"0123456789ABCDEF0123456789abcdef", "0123456789abcdef0123456789abcde",
                          "0123456789abcdef0123456789abcdef0", "0123456789abcdef0123456789abcdeg"}) {
    s.submission_id = bad;
    BOOST_TEST(Contains(DecodeError(s), "submission_id: must be 32 lowercase hex"), bad);
  }
  s.submission_id = "0123456789abcdef0123456789abcdef";
  BOOST_TEST(DecodeError(s) == "");
}

BOOST_AUTO_TEST_CASE(rejects_a_missing_body) {
  auto decoded = DecodeSubmission(RawSubmission(fb::Body::NONE, false));
  BOOST_TEST_REQUIRE(!decoded.ok());
  BOOST_TEST(decoded.status().message() == "submission: body: missing");
  // A body table without a type, and a type without a table.
  decoded = DecodeSubmission(RawSubmission(fb::Body::NONE, true));
  BOOST_TEST(decoded.status().message() == "submission: body: missing");
  decoded = DecodeSubmission(RawSubmission(fb::Body::LicenceTerminated, false));
  BOOST_TEST(decoded.status().message() == "submission: body: missing");
  BOOST_TEST(DecodeSubmission(RawSubmission(fb::Body::LicenceTerminated, true)).ok());
}

BOOST_AUTO_TEST_CASE(rejects_a_union_type_unknown_to_this_schema) {
  for (int type : {13, 99, 255}) {
    auto decoded = DecodeSubmission(RawSubmission(static_cast<fb::Body>(type), true));
    BOOST_TEST_REQUIRE(!decoded.ok());
    BOOST_TEST(decoded.status().message() == "submission: body: unknown body kind " + std::to_string(type));
  }
}

BOOST_AUTO_TEST_CASE(rejects_dates_that_are_not_calendar_days) {
  domain::Submission s = Sample(kPatentRecorded);
  for (std::int32_t bad : {0, 20230229, 20231301, 20240431, 2024011, -20240101}) {
    s.effective_date = bad;
    BOOST_TEST(DecodeError(s) == "submission: effective_date: " + std::to_string(bad) +
                                     " is not a calendar day (YYYYMMDD)");
  }
  s.effective_date = 20240229;  // leap day: fine
  BOOST_TEST(DecodeError(s) == "");

  BodyOf<domain::PatentRecorded>(s).grant_date = 20190229;
  BOOST_TEST(Contains(DecodeError(s), "PatentRecorded.grant_date: 20190229"));
  BodyOf<domain::PatentRecorded>(s).grant_date = 20190301;
  BodyOf<domain::PatentRecorded>(s).expiry_date = 0;
  BOOST_TEST(Contains(DecodeError(s), "PatentRecorded.expiry_date: 0"));

  domain::Submission licence = Sample(kLicenceRecorded);
  BodyOf<domain::LicenceRecorded>(licence).term.end = 20290230;
  BOOST_TEST(Contains(DecodeError(licence), "LicenceRecorded.term.end: 20290230"));
  BodyOf<domain::LicenceRecorded>(licence).term.end = 20290228;
  BodyOf<domain::LicenceRecorded>(licence).contract_date = 0;
  BOOST_TEST(Contains(DecodeError(licence), "LicenceRecorded.contract_date: 0"));

  domain::Submission pledge = Sample(kPledgeRegistered);
  BodyOf<domain::PledgeRegistered>(pledge).debt_term.start = 20241301;
  BOOST_TEST(Contains(DecodeError(pledge), "PledgeRegistered.debt_term.start: 20241301"));
}

BOOST_AUTO_TEST_CASE(bounds_party_lists_at_the_limit) {
  domain::Submission s = Sample(kPatentRecorded);
  BodyOf<domain::PatentRecorded>(s).owners = testing::SampleParties(limits::kPartiesPerListMax);
  BOOST_TEST(DecodeError(s) == "");
  BodyOf<domain::PatentRecorded>(s).owners = testing::SampleParties(limits::kPartiesPerListMax + 1);
  BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.owners: 33 parties, at most 32");
}

BOOST_AUTO_TEST_CASE(bounds_the_territory_at_the_limit) {
  domain::Submission s = Sample(kLicenceRecorded);
  auto& territory = BodyOf<domain::LicenceRecorded>(s).territory;
  territory.assign(limits::kTerritoryRegionsMax, "35");
  BOOST_TEST(DecodeError(s) == "");
  territory.push_back("36");
  BOOST_TEST(DecodeError(s) == "submission: LicenceRecorded.territory: 41 regions, at most 40");
}

BOOST_AUTO_TEST_CASE(bounds_text_and_identifiers_in_bytes) {
  domain::Submission s = Sample(kPatentRecorded);
  auto& recorded = BodyOf<domain::PatentRecorded>(s);
  recorded.title = std::string(limits::kTextBytesMax, 'x');
  BOOST_TEST(DecodeError(s) == "");
  recorded.title.push_back('x');
  BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.title: 1025 bytes, at most 1024");
  recorded.title = "t";
  recorded.owners[1].id = std::string(limits::kIdentifierBytesMax, '1');
  BOOST_TEST(DecodeError(s) == "");
  recorded.owners[1].id.push_back('1');
  BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.owners[1].id: 129 bytes, at most 128");
  recorded.owners[1].id = "ok";
  s.patent = std::string(limits::kIdentifierBytesMax + 1, '2');
  BOOST_TEST(Contains(DecodeError(s), "submission: patent: 129 bytes"));
}

BOOST_AUTO_TEST_CASE(rejects_text_that_is_not_utf8_or_holds_control_characters) {
  domain::Submission s = Sample(kPatentRecorded);
  auto& recorded = BodyOf<domain::PatentRecorded>(s);
  for (const char* bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "abc\xe4\xb8", "\xf4\x90\x80\x80"}) {
    recorded.title = bad;
    BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.title: not valid UTF-8");
  }
  recorded.title = "专利 ✓ 𝄞";
  BOOST_TEST(DecodeError(s) == "");
  for (std::string bad : {std::string("a\nb"), std::string("tab\t"), std::string("nul\0x", 5), std::string("\x7f")}) {
    recorded.owners[0].name = bad;
    BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.owners[0].name: contains a control character");
  }
}

BOOST_AUTO_TEST_CASE(requires_three_upper_case_letters_when_money_is_present) {
  domain::Submission s = Sample(kLicenceRecorded);
  auto& money = BodyOf<domain::LicenceRecorded>(s).lump_sum;
  for (const char* bad : {"cny", "CN", "CNYY", "C1Y", ""}) {
    money = domain::Money{100, bad};
    BOOST_TEST(DecodeError(s) == "submission: LicenceRecorded.lump_sum.currency: must be three upper-case "
                                 "letters (ISO 4217)",
               bad);
  }
  money = domain::Money{0, "USD"};
  BOOST_TEST(DecodeError(s) == "");
  domain::Submission taken = Sample(kOpenLicenceTaken);
  BodyOf<domain::OpenLicenceTaken>(taken).terms.amount.currency = "rmb";
  BOOST_TEST(Contains(DecodeError(taken), "OpenLicenceTaken.terms.amount.currency"));
}

BOOST_AUTO_TEST_CASE(rejects_enum_values_unknown_to_this_schema) {
  domain::Submission s = Sample(kPatentRecorded);
  BodyOf<domain::PatentRecorded>(s).owners[2].kind = static_cast<domain::PartyKind>(3);
  BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.owners[2].kind: unknown value 3");
  s = Sample(kPatentRecorded);
  BodyOf<domain::PatentRecorded>(s).patent_type = static_cast<domain::PatentType>(200);
  BOOST_TEST(DecodeError(s) == "submission: PatentRecorded.patent_type: unknown value -56");
  s = Sample(kLicenceRecorded);
  BodyOf<domain::LicenceRecorded>(s).kind = static_cast<domain::LicenceKind>(3);
  BOOST_TEST(DecodeError(s) == "submission: LicenceRecorded.kind: unknown value 3");
  s = Sample(kPatentRecorded);
  s.expected_version.kind = static_cast<domain::ExpectedVersion::Kind>(3);
  BOOST_TEST(DecodeError(s) == "submission: expected_version.kind: unknown value 3");
  s = Sample(kKeyEnrolled);
  BodyOf<domain::KeyEnrolled>(s).roles = 0x10;
  BOOST_TEST(DecodeError(s) == "submission: KeyEnrolled.roles: unknown role bits in 16");
  BodyOf<domain::KeyEnrolled>(s).roles = 0x0f;
  BOOST_TEST(DecodeError(s) == "");
}

BOOST_AUTO_TEST_CASE(rejects_a_missing_required_party_term_or_terms) {
  flatbuffers::FlatBufferBuilder b;
  const auto id = b.CreateString("00112233445566778899aabbccddeeff");
  const auto term = fb::CreateDateRange(b, 20240101, 20250101);
  const auto licence = fb::CreateLicenceRecorded(b, 0, 0, /*licensee=*/0, fb::LicenceKind::Ordinary, 0, term, 0, 0,
                                                 20240101);
  b.Finish(fb::CreateSubmission(b, id, 0, 0, 20240101, 0, fb::Body::LicenceRecorded, licence.Union()), "PLS1");
  auto decoded = DecodeSubmission(ByteSpan(b.GetBufferPointer(), b.GetSize()));
  BOOST_TEST(decoded.status().message() == "submission: LicenceRecorded.licensee: missing");

  b.Clear();
  const auto id2 = b.CreateString("00112233445566778899aabbccddeeff");
  const auto declared = fb::CreateOpenLicenceDeclared(b, 0, /*terms=*/0, 0);
  b.Finish(fb::CreateSubmission(b, id2, 0, 0, 20240101, 0, fb::Body::OpenLicenceDeclared, declared.Union()),
           "PLS1");
  decoded = DecodeSubmission(ByteSpan(b.GetBufferPointer(), b.GetSize()));
  BOOST_TEST(decoded.status().message() == "submission: OpenLicenceDeclared.terms: missing");
}

BOOST_AUTO_TEST_CASE(leaves_check_characters_to_the_domain) {
  domain::Submission s = Sample(kPatentRecorded);
  s.patent = "201710601862.4";                                            // wrong check character
  BodyOf<domain::PatentRecorded>(s).owners[0].id = "91350100M000100Y40";  // wrong check character
  BOOST_TEST(DecodeError(s) == "");
}

BOOST_AUTO_TEST_CASE(rejects_bytes_that_are_not_a_submission_buffer) {
  Bytes bytes = EncodeSubmission(Sample(kPatentRecorded));
  Bytes renamed = bytes;
  std::memcpy(renamed.data() + 4, "XXXX", 4);
  auto decoded = DecodeSubmission(renamed);
  BOOST_TEST(decoded.status().message() == "submission: file identifier is not \"PLS1\"");
  decoded = DecodeSubmission(ByteSpan());
  BOOST_TEST(decoded.status().message() == "submission: 0 bytes is not a FlatBuffer size");
  Bytes broken = bytes;
  broken[2] = 0x7F;  // root offset far outside the buffer
  decoded = DecodeSubmission(broken);
  BOOST_TEST(decoded.status().message() == "submission: fails the FlatBuffers verifier");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::codec
