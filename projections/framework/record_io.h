// Value encoding of projection tables: a compact, deterministic byte format
// (varints, zigzag integers, length-prefixed strings) with a reader that
// fails softly. Layouts of each record are written beside its Encode/Decode.
// Same value -> same bytes, always: digests compare these bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/domain/types.h"

namespace pl::projections {

class RecordWriter {
 public:
  RecordWriter() = default;
  // Reserves room for a record of about `bytes_expected` bytes.
  explicit RecordWriter(std::size_t bytes_expected) { out_.reserve(bytes_expected); }
  // Goes on writing after `bytes` (records back to back in one value).
  explicit RecordWriter(std::string bytes) : out_(std::move(bytes)) {}
  void U8(std::uint8_t v) { out_.push_back(char(v)); }
  void Bool(bool v) { U8(v ? 1 : 0); }
  void Varint(std::uint64_t v);
  void Int(std::int64_t v) { Varint((std::uint64_t(v) << 1) ^ std::uint64_t(v >> 63)); }  // zigzag
  void Str(std::string_view s);
  void Party(const domain::Party& p);
  void Parties(const std::vector<domain::Party>& ps);
  void Money(const domain::Money& m);
  void Strings(const std::vector<std::string>& v);

  const std::string& bytes() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what RecordWriter wrote. After the first malformed read every read
// returns a zero value and ok() is false: check ok() once at the end.
class RecordReader {
 public:
  explicit RecordReader(std::string_view in) : in_(in) {}
  std::uint8_t U8();
  bool Bool() { return U8() != 0; }
  std::uint64_t Varint();
  std::int64_t Int() {
    std::uint64_t z = Varint();
    return std::int64_t(z >> 1) ^ -std::int64_t(z & 1);
  }
  std::string Str();
  domain::Party Party();
  std::vector<domain::Party> Parties();
  domain::Money Money();
  std::vector<std::string> Strings();

  bool ok() const { return ok_; }
  bool done() const { return ok_ && in_.empty(); }

 private:
  bool Fail() {
    ok_ = false;
    in_ = {};
    return false;
  }
  std::string_view in_;
  bool ok_ = true;
};

// Big-endian fixed-width pieces of table keys (keys sort as numbers).
std::string KeyU32(std::uint32_t v);
std::string KeyU64(std::uint64_t v);

}  // namespace pl::projections
