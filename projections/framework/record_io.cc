#include "projections/framework/record_io.h"

#include "ledger/base/limits.h"

namespace pl::projections {
namespace {
// A list longer than any the codec accepts is damage, not data.
constexpr std::uint64_t kListItemsMax = 1u << 24;
}  // namespace

void RecordWriter::Varint(std::uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(char((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out_.push_back(char(v));
}

void RecordWriter::Str(std::string_view s) {
  Varint(s.size());
  out_.append(s);
}

// Party: kind u8 | id | country | name | holder_type u8 | division varint | share varint
void RecordWriter::Party(const domain::Party& p) {
  U8(std::uint8_t(p.kind));
  Str(p.id);
  Str(p.country);
  Str(p.name);
  U8(std::uint8_t(p.holder_type));
  Varint(p.division_code);
  Varint(p.share_bp);
}

void RecordWriter::Parties(const std::vector<domain::Party>& ps) {
  Varint(ps.size());
  for (const auto& p : ps) Party(p);
}

void RecordWriter::Money(const domain::Money& m) {
  Int(m.amount_minor);
  Str(m.currency);
}

void RecordWriter::Strings(const std::vector<std::string>& v) {
  Varint(v.size());
  for (const auto& s : v) Str(s);
}

std::uint8_t RecordReader::U8() {
  if (in_.empty()) return Fail(), 0;
  std::uint8_t v = std::uint8_t(in_.front());
  in_.remove_prefix(1);
  return v;
}

std::uint64_t RecordReader::Varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in_.empty()) return Fail(), 0;
    std::uint8_t b = std::uint8_t(in_.front());
    in_.remove_prefix(1);
    v |= std::uint64_t(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return v;
  }
  return Fail(), 0;
}

std::string RecordReader::Str() {
  std::uint64_t n = Varint();
  if (n > in_.size()) return Fail(), std::string();
  std::string s(in_.substr(0, n));
  in_.remove_prefix(n);
  return s;
}

domain::Party RecordReader::Party() {
  domain::Party p;
  p.kind = domain::PartyKind(U8());
  p.id = Str();
  p.country = Str();
  p.name = Str();
  p.holder_type = domain::HolderType(U8());
  p.division_code = std::uint32_t(Varint());
  p.share_bp = std::uint16_t(Varint());
  return p;
}

std::vector<domain::Party> RecordReader::Parties() {
  std::uint64_t n = Varint();
  if (n > kListItemsMax) return Fail(), std::vector<domain::Party>();
  std::vector<domain::Party> out;
  for (std::uint64_t i = 0; i < n && ok_; ++i) out.push_back(Party());
  return out;
}

domain::Money RecordReader::Money() {
  domain::Money m;
  m.amount_minor = Int();
  m.currency = Str();
  return m;
}

std::vector<std::string> RecordReader::Strings() {
  std::uint64_t n = Varint();
  if (n > kListItemsMax) return Fail(), std::vector<std::string>();
  std::vector<std::string> out;
  for (std::uint64_t i = 0; i < n && ok_; ++i) out.push_back(Str());
  return out;
}

std::string KeyU32(std::uint32_t v) {
  std::string s;
  AppendBigEndian32(s, v);
  return s;
}

std::string KeyU64(std::uint64_t v) {
  std::string s;
  AppendBigEndian64(s, v);
  return s;
}

}  // namespace pl::projections
