#include "projections/statistics/facts.h"

#include <algorithm>

#include "projections/framework/record_io.h"

namespace pl::projections::statistics {
namespace {

constexpr std::size_t kCellKeyBytes = 4 + 1 + 2 + 4 + 1 + 1 + 2;

std::string Fixed(const std::string& s, std::size_t n, char pad) {
  std::string out = s.substr(0, n);
  while (out.size() < n) out.push_back(pad);
  return out;
}

void PutDates(RecordWriter& w, const std::vector<std::int32_t>& dates) {
  w.Varint(dates.size());
  for (auto d : dates) w.Int(d);
}

std::vector<std::int32_t> GetDates(RecordReader& r) {
  std::vector<std::int32_t> out;
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) out.push_back(std::int32_t(r.Int()));
  return out;
}

}  // namespace

const char* ActName(Act act) {
  static constexpr const char* kNames[kActCount] = {
      "patent_recorded",      "transfer_contract",    "transfer_merger",   "transfer_inheritance",
      "transfer_court",       "transfer_pledge_enforcement", "licence_exclusive", "licence_sole",
      "licence_ordinary",     "licence_terminated",   "open_licence_declared", "open_licence_withdrawn",
      "open_licence_taken",   "pledge_registered",    "pledge_released"};
  int i = int(act);
  return i >= 0 && i < kActCount ? kNames[i] : "unknown";
}

bool IsTransfer(Act act) { return act >= Act::kTransferContract && act <= Act::kTransferPledgeEnforcement; }
bool IsLicence(Act act) { return act >= Act::kLicenceExclusive && act <= Act::kLicenceOrdinary; }

std::string EncodeCellKey(const CellKey& k) {
  std::string out = KeyU32(std::uint32_t(k.date));
  out.push_back(char(k.act));
  out += Fixed(k.region, 2, '0');
  out += Fixed(k.ipc_class, 4, '?');
  out.push_back(char(k.holder));
  out.push_back(char(k.flow));
  out += Fixed(k.counterpart, 2, '-');
  return out;
}

bool DecodeCellKey(std::string_view b, CellKey* k) {
  if (b.size() != kCellKeyBytes) return false;
  k->date = std::int32_t(ReadBigEndian32(b.data()));
  k->act = Act(std::uint8_t(b[4]));
  k->region = std::string(b.substr(5, 2));
  k->ipc_class = std::string(b.substr(7, 4));
  k->holder = domain::HolderType(std::uint8_t(b[11]));
  k->flow = Flow(std::uint8_t(b[12]));
  k->counterpart = std::string(b.substr(13, 2));
  return int(k->act) < kActCount;
}

std::string EncodeCellValue(const CellValue& v) {
  RecordWriter w;
  w.Varint(v.count);
  w.Int(v.amount_cny_minor);
  w.Varint(v.other_currency);
  w.Varint(v.late_filings);
  return w.Take();
}

Result<CellValue> DecodeCellValue(std::string_view bytes) {
  RecordReader r(bytes);
  CellValue v;
  v.count = r.Varint();
  v.amount_cny_minor = r.Int();
  v.other_currency = r.Varint();
  v.late_filings = r.Varint();
  if (!r.done()) return Status::Corruption("statistics cell is malformed");
  return v;
}

bool PatentFacts::InForceOn(std::int32_t date) const {
  if (date < grant_date || date > expiry_date) return false;
  return domain::StatusOn(status, date).InForce();  // `status` is in stream order, as StatusOn wants
}

bool PatentFacts::DealBetween(std::int32_t from, std::int32_t to) const {
  return std::any_of(deal_dates.begin(), deal_dates.end(), [&](std::int32_t d) { return d >= from && d <= to; });
}

std::string EncodePatentFacts(const PatentFacts& f) {
  RecordWriter w;
  w.U8(std::uint8_t(f.patent_type));
  w.Str(f.ipc_main_class);
  w.Int(f.grant_date);
  w.Int(f.expiry_date);
  w.Bool(f.publicly_funded);
  w.Str(f.original_region);
  w.U8(std::uint8_t(f.original_holder));
  w.Str(f.region);
  w.U8(std::uint8_t(f.holder));
  w.Varint(f.status.size());
  for (const auto& m : f.status) {
    w.Int(m.effective_date);
    w.U8(std::uint8_t(m.change));
  }
  PutDates(w, f.deal_dates);
  w.Str(f.active_pledge_key);
  w.Str(f.open_declaration_key);
  return w.Take();
}

Result<PatentFacts> DecodePatentFacts(std::string_view bytes) {
  RecordReader r(bytes);
  PatentFacts f;
  f.patent_type = domain::PatentType(r.U8());
  f.ipc_main_class = r.Str();
  f.grant_date = std::int32_t(r.Int());
  f.expiry_date = std::int32_t(r.Int());
  f.publicly_funded = r.Bool();
  f.original_region = r.Str();
  f.original_holder = domain::HolderType(r.U8());
  f.region = r.Str();
  f.holder = domain::HolderType(r.U8());
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) {
    domain::StatusMark m;
    m.effective_date = std::int32_t(r.Int());
    m.change = domain::StatusChange(r.U8());
    f.status.push_back(m);
  }
  f.deal_dates = GetDates(r);
  f.active_pledge_key = r.Str();
  f.open_declaration_key = r.Str();
  if (!r.done()) return Status::Corruption("statistics patent record is malformed");
  return f;
}

std::string EncodePledgeFacts(const PledgeFacts& f) {
  RecordWriter w;
  w.Str(f.patent);
  w.Int(f.registered_on);
  w.Money(f.secured_amount);
  w.Str(f.pledgee_id);
  w.Str(f.pledgee_name);
  w.Str(f.region);
  w.U8(std::uint8_t(f.holder));
  w.Str(f.ipc_class);
  w.Int(f.released_on);
  return w.Take();
}

Result<PledgeFacts> DecodePledgeFacts(std::string_view bytes) {
  RecordReader r(bytes);
  PledgeFacts f;
  f.patent = r.Str();
  f.registered_on = std::int32_t(r.Int());
  f.secured_amount = r.Money();
  f.pledgee_id = r.Str();
  f.pledgee_name = r.Str();
  f.region = r.Str();
  f.holder = domain::HolderType(r.U8());
  f.ipc_class = r.Str();
  f.released_on = std::int32_t(r.Int());
  if (!r.done()) return Status::Corruption("statistics pledge record is malformed");
  return f;
}

std::string EncodeDeclarationFacts(const DeclarationFacts& f) {
  RecordWriter w;
  w.Str(f.patent);
  w.Int(f.declared_on);
  w.Int(f.term.start);
  w.Int(f.term.end);
  w.Int(f.withdrawn_on);
  PutDates(w, f.taking_dates);
  w.Int(f.takings_amount_cny_minor);
  w.Str(f.region);
  w.U8(std::uint8_t(f.holder));
  w.Str(f.ipc_class);
  return w.Take();
}

Result<DeclarationFacts> DecodeDeclarationFacts(std::string_view bytes) {
  RecordReader r(bytes);
  DeclarationFacts f;
  f.patent = r.Str();
  f.declared_on = std::int32_t(r.Int());
  f.term.start = std::int32_t(r.Int());
  f.term.end = std::int32_t(r.Int());
  f.withdrawn_on = std::int32_t(r.Int());
  f.taking_dates = GetDates(r);
  f.takings_amount_cny_minor = r.Int();
  f.region = r.Str();
  f.holder = domain::HolderType(r.U8());
  f.ipc_class = r.Str();
  if (!r.done()) return Status::Corruption("statistics declaration record is malformed");
  return f;
}

}  // namespace pl::projections::statistics
