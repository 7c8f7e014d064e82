// Admission state codec: exact round trips; anything else is Corruption.
#include <cstring>

#include <boost/test/unit_test.hpp>

#include "ledger/codec/codec.h"
#include "tests/codec/samples.h"

namespace pl::codec {
namespace {

BOOST_AUTO_TEST_SUITE(state_codec)

BOOST_AUTO_TEST_CASE(round_trips_a_full_patent_state) {
  const domain::PatentState state = testing::SamplePatentState();
  const Bytes bytes = EncodePatentState(state);
  BOOST_TEST(std::string(bytes.begin() + 4, bytes.begin() + 8) == "PLST");
  auto decoded = DecodePatentState(bytes);
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  testing::ExpectSamePatentState(state, *decoded);
  BOOST_TEST((EncodePatentState(*decoded) == bytes));
}

BOOST_AUTO_TEST_CASE(round_trips_an_empty_patent_state) {
  const domain::PatentState state;  // no pledge, no licences, no open licence
  auto decoded = DecodePatentState(EncodePatentState(state));
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  testing::ExpectSamePatentState(state, *decoded);
  BOOST_TEST(!decoded->pledge.has_value());
  BOOST_TEST(!decoded->open_licence.has_value());
}

BOOST_AUTO_TEST_CASE(round_trips_empty_values_inside_optional_parts) {
  domain::PatentState state;
  state.pledge.emplace();        // present but all defaults
  state.open_licence.emplace();  // likewise
  state.licences.emplace_back();
  auto decoded = DecodePatentState(EncodePatentState(state));
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  testing::ExpectSamePatentState(state, *decoded);
}

BOOST_AUTO_TEST_CASE(round_trips_key_records_of_both_algorithms) {
  for (std::size_t key_bytes : {32u, 65u}) {
    const domain::KeyRecord record = testing::SampleKeyRecord(key_bytes);
    auto decoded = DecodeKeyRecord(EncodeKeyRecord(record));
    BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
    testing::ExpectSameKeyRecord(record, *decoded);
  }
  const domain::KeyRecord empty;
  auto decoded = DecodeKeyRecord(EncodeKeyRecord(empty));
  BOOST_TEST_REQUIRE(decoded.ok());
  testing::ExpectSameKeyRecord(empty, *decoded);
}

BOOST_AUTO_TEST_CASE(decodes_from_a_misaligned_copy) {
  const Bytes bytes = EncodePatentState(testing::SamplePatentState());
  Bytes shifted(bytes.size() + 5);
  std::memcpy(shifted.data() + 5, bytes.data(), bytes.size());
  auto decoded = DecodePatentState(ByteSpan(shifted).subspan(5));
  BOOST_TEST_REQUIRE(decoded.ok(), decoded.status().ToString());
  testing::ExpectSamePatentState(testing::SamplePatentState(), *decoded);
}

BOOST_AUTO_TEST_CASE(reports_corruption_for_anything_else) {
  BOOST_TEST(DecodePatentState(ByteSpan()).status().IsCorruption());
  BOOST_TEST(DecodeKeyRecord(Bytes(3, 0)).status().IsCorruption());
  // Wire bytes are not state bytes.
  BOOST_TEST(DecodePatentState(EncodeSubmission(testing::SampleLicence())).status().IsCorruption());
  Bytes bytes = EncodePatentState(testing::SamplePatentState());
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    auto decoded = DecodePatentState(ByteSpan(bytes).first(length));
    BOOST_TEST_REQUIRE(!decoded.ok(), "truncated to " << length);
    BOOST_TEST_REQUIRE(decoded.status().IsCorruption());
  }
  Bytes key = EncodeKeyRecord(testing::SampleKeyRecord(32));
  for (std::size_t length = 0; length < key.size(); ++length) {
    BOOST_TEST_REQUIRE(DecodeKeyRecord(ByteSpan(key).first(length)).status().IsCorruption());
  }
}

BOOST_AUTO_TEST_CASE(an_unknown_status_change_is_corruption_naming_the_field) {
  domain::PatentState state = testing::SamplePatentState();
  state.status_marks.push_back(domain::StatusMark{static_cast<domain::StatusChange>(9), 20250101});
  auto decoded = DecodePatentState(EncodePatentState(state));
  BOOST_TEST_REQUIRE(decoded.status().IsCorruption());
  BOOST_TEST(decoded.status().message().find("status_marks.change: unknown value 9") != std::string::npos,
             decoded.status().ToString());
}

BOOST_AUTO_TEST_CASE(never_decodes_a_truncated_key_record_to_a_different_value) {
  // A 65-byte key leaves alignment padding at the end of the buffer; cutting
  // only padding may still verify, but must then yield the same record.
  const domain::KeyRecord record = testing::SampleKeyRecord(65);
  const Bytes key = EncodeKeyRecord(record);
  for (std::size_t length = 0; length < key.size(); ++length) {
    auto decoded = DecodeKeyRecord(ByteSpan(key).first(length));
    if (decoded.ok()) {
      BOOST_TEST_CONTEXT("truncated to " << length) { testing::ExpectSameKeyRecord(record, *decoded); }
    } else {
      BOOST_TEST_REQUIRE(decoded.status().IsCorruption());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace pl::codec
