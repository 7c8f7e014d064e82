#include "projections/techcontract/techcontract.h"

#include "ledger/domain/admission.h"
#include "projections/framework/limits.h"
#include "projections/framework/record_io.h"
#include "projections/framework/vocabulary.h"

namespace pl::projections::techcontract {
namespace {

constexpr std::uint32_t kContracts = 0;
constexpr std::uint32_t kParts = 1;
constexpr std::uint32_t kPatents = 2;
constexpr std::uint32_t kRefs = 3;

std::string Sep() { return std::string(1, '\0'); }
std::string RefKey(const std::string& patent, char type, const std::string& id) {
  return patent + Sep() + std::string(1, type) + id;
}

}  // namespace

void TechContractProjection::Attach(Tables* tables) {
  tables_ = tables;
  // Flush() scans a contract's parts: a part's key is its contract's key
  // (two NULs inside), a NUL, the patent, a NUL and the version.
  tables_->KeepGrouped(kParts, 3);
  dirty_.clear();
  patents_.clear();
}

void TechContractProjection::AfterCommit() {
  if (patents_.size() > limits::kCacheEntriesMax) patents_.clear();
}

Result<const std::string*> TechContractProjection::PatentOf(const std::string& patent) {
  auto it = patents_.find(patent);
  if (it != patents_.end()) return &it->second;
  auto stored = tables_->Get(kPatents, patent);
  if (!stored.ok()) return stored.status();
  if (!*stored || (*stored)->empty()) return Status::Corruption(patent + ": contract act before PatentRecorded");
  return &patents_.emplace(patent, std::move(**stored)).first->second;
}

Status TechContractProjection::PutPart(Part part, const Event& e) {
  part.patent = e.submission.patent;
  part.version = e.header.stream_version;
  part.partition = e.header.partition;
  part.seq = e.header.seq;
  part.submission_id = e.submission.submission_id;
  part.effective_date = e.submission.effective_date;
  part.recorded_at_us = e.header.recorded_at_us;
  if (part.contract_date == 0) part.contract_date = e.submission.effective_date;
  auto patent = PatentOf(part.patent);
  if (!patent.ok()) return patent.status();
  part.patent_type = domain::PatentType((**patent)[0]);
  part.ipc_main_class = (*patent)->substr(1);
  std::string key = ContractKey(part);
  std::string part_key = key + Sep() + part.patent + Sep() + KeyU64(part.version);
  if (part.category == Category::kLicence) {
    tables_->Put(kRefs, RefKey(part.patent, 'L', part.contract_number), part_key);
  }
  tables_->Put(kParts, std::move(part_key), EncodePart(part));
  dirty_.insert(std::move(key));
  return Status::Ok();
}

Status TechContractProjection::OnLicenceTerminated(const Event& e, const domain::LicenceTerminated& t) {
  auto part_key = tables_->Get(kRefs, RefKey(e.submission.patent, 'L', t.licence_id));
  if (!part_key.ok()) return part_key.status();
  if (!*part_key) return Status::Corruption(e.submission.patent + ": termination of unknown licence " + t.licence_id);
  auto stored = tables_->Get(kParts, **part_key);
  if (!stored.ok()) return stored.status();
  if (!*stored) return Status::Corruption("licence part missing for " + t.licence_id);
  auto part = DecodePart(**stored);
  if (!part.ok()) return part.status();
  if (part->terminated_on == 0) part->terminated_on = e.submission.effective_date;
  dirty_.insert(ContractKey(*part));
  tables_->Put(kParts, **part_key, EncodePart(*part));
  return Status::Ok();
}

Status TechContractProjection::OnTaking(const Event& e, const domain::OpenLicenceTaken& t) {
  auto declaration = tables_->Get(kRefs, RefKey(e.submission.patent, 'D', t.declaration));
  if (!declaration.ok()) return declaration.status();
  if (!*declaration) return Status::Corruption(e.submission.patent + ": taking of unknown declaration");
  RecordReader r(**declaration);
  Part part;
  part.category = Category::kOpenLicenceTaking;
  part.contract_number = e.submission.submission_id;
  part.sellers = r.Parties();
  part.royalty_rate_bp = std::uint32_t(r.Varint());
  if (!r.done()) return Status::Corruption("declaration reference is malformed");
  part.buyers = {t.licensee};
  part.amount = t.payment;
  return PutPart(std::move(part), e);
}

Status TechContractProjection::Apply(const Event& e) {
  const domain::Submission& s = e.submission;
  if (const auto* r = std::get_if<domain::PatentRecorded>(&s.body)) {
    std::string value = std::string(1, char(r->patent_type)) + r->ipc_main_class;
    patents_[s.patent] = value;
    tables_->Put(kPatents, s.patent, std::move(value));
  } else if (const auto* t = std::get_if<domain::OwnershipTransferred>(&s.body)) {
    Part part;
    part.category = Category::kTransfer;
    part.contract_number = t->contract_id.empty() ? s.submission_id : t->contract_id;
    part.sellers = CanonicalParties(t->assignors);
    part.buyers = CanonicalParties(t->assignees);
    part.amount = t->consideration;
    part.cause = t->cause;
    part.export_certificate = t->export_certificate;
    return PutPart(std::move(part), e);
  } else if (const auto* l = std::get_if<domain::LicenceRecorded>(&s.body)) {
    Part part;
    part.category = Category::kLicence;
    part.contract_number = l->licence_id;
    part.sellers = CanonicalParties(l->licensors);
    part.buyers = {l->licensee};
    part.amount = l->lump_sum;
    part.royalty_rate_bp = l->royalty_rate_bp;
    part.licence_kind = l->kind;
    part.contract_date = l->contract_date;
    part.late_filing = (e.header.flags & domain::kFlagLateFiling) != 0;
    part.export_certificate = l->export_certificate;
    return PutPart(std::move(part), e);
  } else if (const auto* lt = std::get_if<domain::LicenceTerminated>(&s.body)) {
    return OnLicenceTerminated(e, *lt);
  } else if (const auto* d = std::get_if<domain::OpenLicenceDeclared>(&s.body)) {
    RecordWriter w;
    w.Parties(CanonicalParties(d->declarants));
    w.Varint(d->terms.rate_bp);
    tables_->Put(kRefs, RefKey(s.patent, 'D', s.submission_id), w.Take());
  } else if (const auto* ot = std::get_if<domain::OpenLicenceTaken>(&s.body)) {
    return OnTaking(e, *ot);
  }
  return Status::Ok();
}

Status TechContractProjection::Flush() {
  for (const std::string& key : dirty_) {
    std::vector<Part> parts;
    Status bad;
    auto collect = [&](std::string_view, std::string_view value) {
      auto part = DecodePart(value);
      if (!part.ok()) {
        bad = part.status();
        return false;
      }
      parts.push_back(std::move(*part));
      return parts.size() < limits::kPartsPerContractMax;
    };
    // A contract with no committed record has no committed parts (every
    // commit writes the record of every contract it touched): its parts
    // are all pending, and no store scan is needed.
    std::string id = ContractIdOf(key);
    auto stored = tables_->Get(kContracts, id);
    if (!stored.ok()) return stored.status();
    const std::string group = key + Sep();
    if (*stored) {
      PL_RETURN_IF_ERROR(tables_->Scan(kParts, group, collect));
    } else {
      tables_->ScanPending(kParts, group, collect);
    }
    PL_RETURN_IF_ERROR(bad);
    PL_ASSERT(!parts.empty());  // a dirty key always has the part that dirtied it
    Contract c = Merge(std::move(parts), std::move(id));
    tables_->Put(kContracts, c.contract_id, EncodeContract(c));
  }
  dirty_.clear();
  return Status::Ok();
}

Status ForEachContract(const Tables& tables, const std::function<bool(const Contract&)>& fn) {
  Status bad;
  Status s = tables.Scan(kContracts, "", [&](std::string_view, std::string_view value) {
    auto c = DecodeContract(value);
    if (!c.ok()) {
      bad = c.status();
      return false;
    }
    return fn(*c);
  });
  PL_RETURN_IF_ERROR(s);
  return bad;
}

}  // namespace pl::projections::techcontract
