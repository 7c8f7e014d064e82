#include "projections/techcontract/contract.h"

#include <algorithm>
#include <map>

#include "ledger/crypto/crypto.h"
#include "projections/framework/record_io.h"
#include "projections/framework/vocabulary.h"

namespace pl::projections::techcontract {
namespace {

constexpr std::uint8_t kPartFormat = 1;
constexpr std::uint8_t kContractFormat = 1;

// Recognition rules in the order they are checked (docs/techcontract.md).
// Index 0 = recognised.
enum Rule : int { kRecognised = 0, kNonContractCause = 1, kSameParty = 2, kNoConsideration = 3 };

bool Overlap(const std::vector<domain::Party>& a, const std::vector<domain::Party>& b) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (ComparePartyIdentity(x, y) == 0) return true;
    }
  }
  return false;
}

Rule Check(const Part& p) {
  if (p.category == Category::kTransfer && p.cause != domain::TransferCause::kContract) return kNonContractCause;
  if (Overlap(p.sellers, p.buyers)) return kSameParty;
  const bool paid = p.amount.amount_minor > 0 || (p.category != Category::kTransfer && p.royalty_rate_bp > 0);
  if (!paid) return kNoConsideration;
  return kRecognised;
}

std::string ReasonText(Rule rule, const Part& p) {
  switch (rule) {
    case kRecognised: return "recognised";
    case kNonContractCause: return std::string("non_contract_cause:") + TransferCauseName(p.cause);
    case kSameParty: return "same_party";
    case kNoConsideration: return "no_consideration";
  }
  return "recognised";
}

void PutCommon(RecordWriter& w, const Part& p) {
  w.U8(std::uint8_t(p.category));
  w.Str(p.contract_number);
  w.Str(p.patent);
  w.Varint(p.version);
  w.Varint(p.partition);
  w.Varint(p.seq);
  w.Str(p.submission_id);
  w.Int(p.effective_date);
  w.Int(p.recorded_at_us);
  w.Parties(p.sellers);
  w.Parties(p.buyers);
  w.Money(p.amount);
  w.Varint(p.royalty_rate_bp);
  w.U8(std::uint8_t(p.licence_kind));
  w.U8(std::uint8_t(p.cause));
  w.Int(p.contract_date);
  w.Bool(p.late_filing);
  w.Str(p.export_certificate);
  w.U8(std::uint8_t(p.patent_type));
  w.Str(p.ipc_main_class);
  w.Int(p.terminated_on);
}

}  // namespace

const char* CategoryName(Category c) {
  return c == Category::kTransfer ? "patent_right_transfer" : "patent_licence";
}

const char* ActName(Category c) {
  switch (c) {
    case Category::kTransfer: return "transfer";
    case Category::kLicence: return "licence";
    case Category::kOpenLicenceTaking: return "open_licence_taking";
  }
  return "transfer";
}

std::string ContractKey(const Part& part) {
  std::string key(1, char('0' + int(part.category)));
  key.push_back('\0');
  for (std::size_t i = 0; i < part.sellers.size(); ++i) {
    if (i) key.push_back(',');
    key += PartyIdentity(part.sellers[i]);
  }
  key.push_back('\0');
  key += part.contract_number;
  return key;
}

std::string ContractIdOf(std::string_view contract_key) {
  Hash256 h = crypto::Sha256(AsBytes(contract_key));
  return HexEncode(ByteSpan(h.data(), 16));
}

Contract Merge(std::vector<Part> parts, std::string contract_id) {
  PL_ASSERT(!parts.empty());
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) {
    return std::tie(a.patent, a.version) < std::tie(b.patent, b.version);
  });
  const Part& first = parts.front();
  Contract c;
  c.contract_id = std::move(contract_id);
  c.category = first.category;
  c.contract_number = first.contract_number;
  c.sellers = first.sellers;
  c.licence_kind = first.licence_kind;
  c.cause = first.cause;
  c.amount.currency = first.amount.currency;
  c.effective_date = first.effective_date;
  c.contract_date = first.contract_date;
  c.first_recorded_at_us = first.recorded_at_us;
  std::map<std::string, std::int64_t> other;
  std::vector<domain::Party> buyers;
  Rule worst = kRecognised;
  const Part* worst_part = &first;
  bool all_terminated = true;
  for (const Part& p : parts) {
    if (c.patents.empty() || c.patents.back() != p.patent) {
      c.patents.push_back(p.patent);
      c.ipc_classes.push_back(IpcClass(p.ipc_main_class));
    }
    buyers.insert(buyers.end(), p.buyers.begin(), p.buyers.end());
    if (p.amount.currency == c.amount.currency) c.amount.amount_minor += p.amount.amount_minor;
    else other[p.amount.currency] += p.amount.amount_minor;
    c.royalty_rate_bp = std::max(c.royalty_rate_bp, p.royalty_rate_bp);
    c.effective_date = std::min(c.effective_date, p.effective_date);
    if (p.contract_date != 0 && (c.contract_date == 0 || p.contract_date < c.contract_date)) c.contract_date = p.contract_date;
    c.first_recorded_at_us = std::min(c.first_recorded_at_us, p.recorded_at_us);
    c.late_filing = c.late_filing || p.late_filing;
    if (p.terminated_on == 0) all_terminated = false;
    else c.terminated_on = std::max(c.terminated_on, p.terminated_on);
    Rule r = Check(p);
    if (r != kRecognised && (worst == kRecognised || r < worst)) {
      worst = r;
      worst_part = &p;
    }
  }
  if (!all_terminated) c.terminated_on = 0;
  for (const auto& [currency, amount] : other) c.other_amounts.push_back(domain::Money{amount, currency});
  c.buyers = CanonicalParties(std::move(buyers));
  c.flow = FlowOf(c.sellers, c.buyers);
  c.recognised = worst == kRecognised;
  c.reason = ReasonText(worst, *worst_part);
  c.parts = std::uint32_t(parts.size());
  return c;
}

std::string EncodePart(const Part& p) {
  RecordWriter w;
  w.U8(kPartFormat);
  PutCommon(w, p);
  return w.Take();
}

Result<Part> DecodePart(std::string_view bytes) {
  RecordReader r(bytes);
  if (r.U8() != kPartFormat) return Status::Corruption("contract part: unknown format");
  Part p;
  p.category = Category(r.U8());
  p.contract_number = r.Str();
  p.patent = r.Str();
  p.version = r.Varint();
  p.partition = std::uint32_t(r.Varint());
  p.seq = r.Varint();
  p.submission_id = r.Str();
  p.effective_date = std::int32_t(r.Int());
  p.recorded_at_us = r.Int();
  p.sellers = r.Parties();
  p.buyers = r.Parties();
  p.amount = r.Money();
  p.royalty_rate_bp = std::uint32_t(r.Varint());
  p.licence_kind = domain::LicenceKind(r.U8());
  p.cause = domain::TransferCause(r.U8());
  p.contract_date = std::int32_t(r.Int());
  p.late_filing = r.Bool();
  p.export_certificate = r.Str();
  p.patent_type = domain::PatentType(r.U8());
  p.ipc_main_class = r.Str();
  p.terminated_on = std::int32_t(r.Int());
  if (!r.done()) return Status::Corruption("contract part is malformed");
  return p;
}

std::string EncodeContract(const Contract& c) {
  RecordWriter w;
  w.U8(kContractFormat);
  w.Str(c.contract_id);
  w.U8(std::uint8_t(c.category));
  w.Str(c.contract_number);
  w.Strings(c.patents);
  w.Strings(c.ipc_classes);
  w.Parties(c.sellers);
  w.Parties(c.buyers);
  w.Money(c.amount);
  w.Varint(c.other_amounts.size());
  for (const auto& m : c.other_amounts) w.Money(m);
  w.Varint(c.royalty_rate_bp);
  w.U8(std::uint8_t(c.licence_kind));
  w.U8(std::uint8_t(c.cause));
  w.U8(std::uint8_t(c.flow));
  w.Int(c.contract_date);
  w.Int(c.effective_date);
  w.Int(c.first_recorded_at_us);
  w.Bool(c.late_filing);
  w.Int(c.terminated_on);
  w.Bool(c.recognised);
  w.Str(c.reason);
  w.Varint(c.parts);
  return w.Take();
}

Result<Contract> DecodeContract(std::string_view bytes) {
  RecordReader r(bytes);
  if (r.U8() != kContractFormat) return Status::Corruption("contract record: unknown format");
  Contract c;
  c.contract_id = r.Str();
  c.category = Category(r.U8());
  c.contract_number = r.Str();
  c.patents = r.Strings();
  c.ipc_classes = r.Strings();
  c.sellers = r.Parties();
  c.buyers = r.Parties();
  c.amount = r.Money();
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) c.other_amounts.push_back(r.Money());
  c.royalty_rate_bp = std::uint32_t(r.Varint());
  c.licence_kind = domain::LicenceKind(r.U8());
  c.cause = domain::TransferCause(r.U8());
  c.flow = Flow(r.U8());
  c.contract_date = std::int32_t(r.Int());
  c.effective_date = std::int32_t(r.Int());
  c.first_recorded_at_us = r.Int();
  c.late_filing = r.Bool();
  c.terminated_on = std::int32_t(r.Int());
  c.recognised = r.Bool();
  c.reason = r.Str();
  c.parts = std::uint32_t(r.Varint());
  if (!r.done()) return Status::Corruption("contract record is malformed");
  return c;
}

}  // namespace pl::projections::techcontract
