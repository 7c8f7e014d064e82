#include "projections/statistics/statistics.h"

#include "ledger/domain/admission.h"
#include "ledger/domain/rules.h"
#include "projections/framework/limits.h"
#include "projections/framework/record_io.h"
#include "projections/framework/vocabulary.h"

namespace pl::projections::statistics {
namespace {

std::string Sep() { return std::string(1, '\0'); }

// Amount of one act: CNY in the sum, anything else counted apart.
CellValue One(const domain::Money& amount) {
  CellValue v;
  v.count = 1;
  if (amount.currency == "CNY" || amount.currency.empty()) v.amount_cny_minor = amount.amount_minor;
  else v.other_currency = 1;
  return v;
}

Act TransferAct(domain::TransferCause cause) {
  switch (cause) {
    case domain::TransferCause::kContract: return Act::kTransferContract;
    case domain::TransferCause::kMerger: return Act::kTransferMerger;
    case domain::TransferCause::kInheritance: return Act::kTransferInheritance;
    case domain::TransferCause::kCourt: return Act::kTransferCourt;
    case domain::TransferCause::kPledgeEnforcement: return Act::kTransferPledgeEnforcement;
  }
  return Act::kTransferContract;
}

Act LicenceAct(domain::LicenceKind kind) {
  switch (kind) {
    case domain::LicenceKind::kExclusive: return Act::kLicenceExclusive;
    case domain::LicenceKind::kSole: return Act::kLicenceSole;
    case domain::LicenceKind::kOrdinary: return Act::kLicenceOrdinary;
  }
  return Act::kLicenceOrdinary;
}

Flow FlowByForeign(bool seller_foreign, bool buyer_foreign) {
  if (seller_foreign) return buyer_foreign ? Flow::kForeign : Flow::kImport;
  return buyer_foreign ? Flow::kExport : Flow::kDomestic;
}

}  // namespace

// What every act of one event shares.
struct StatisticsProjection::Ctx {
  const Event& e;
  PatentFacts& facts;
  CellKey Key(Act act, const std::string& region, domain::HolderType holder) const {
    CellKey k;
    k.date = e.submission.effective_date;
    k.act = act;
    k.region = region;
    k.ipc_class = IpcClass(facts.ipc_main_class);
    k.holder = holder;
    return k;
  }
  CellKey SellerKey(Act act, const std::vector<domain::Party>& sellers, const std::vector<domain::Party>& buyers) const {
    const domain::Party& lead = LeadParty(sellers);
    CellKey k = Key(act, RegionOf(lead), lead.holder_type);
    if (!buyers.empty()) k.counterpart = RegionOf(LeadParty(buyers));
    k.flow = FlowOf(sellers, buyers);
    return k;
  }
  CellKey OwnerKey(Act act) const { return Key(act, facts.region, facts.holder); }
};

void StatisticsProjection::Attach(Tables* tables) {
  tables_ = tables;
  cache_.clear();
  dirty_.clear();
  deltas_.clear();
}

void StatisticsProjection::MarkDirty(CacheEntry* entry) {
  if (entry->second.dirty) return;
  entry->second.dirty = true;
  dirty_.push_back(entry);
}

Result<PatentFacts*> StatisticsProjection::Load(const std::string& patent) {
  auto it = cache_.find(patent);
  if (it == cache_.end()) {
    auto stored = tables_->Get(kPatentsTable, patent);
    if (!stored.ok()) return stored.status();
    if (!*stored) return Status::Corruption(patent + ": event before PatentRecorded");
    auto facts = DecodePatentFacts(**stored);
    if (!facts.ok()) return facts.status();
    it = cache_.emplace(patent, Cached{std::move(*facts)}).first;
  }
  MarkDirty(&*it);
  return &it->second.facts;
}

void StatisticsProjection::AddCell(const CellKey& key, const CellValue& value) {
  deltas_[EncodeCellKey(key)].Add(value);
}

Status StatisticsProjection::OnRecorded(const Event& e, const domain::PatentRecorded& r) {
  auto [it, fresh] = cache_.try_emplace(e.submission.patent);
  if (!fresh) return Status::Corruption(e.submission.patent + ": recorded twice");
  PatentFacts& f = it->second.facts;
  f.patent_type = r.patent_type;
  f.ipc_main_class = r.ipc_main_class;
  f.grant_date = r.grant_date;
  f.expiry_date = r.expiry_date;
  f.publicly_funded = r.publicly_funded;
  if (!r.owners.empty()) {
    const domain::Party& lead = LeadParty(r.owners);
    f.original_region = f.region = RegionOf(lead);
    f.original_holder = f.holder = lead.holder_type;
  }
  MarkDirty(&*it);
  Ctx c{e, f};
  AddCell(c.OwnerKey(Act::kPatentRecorded), One({}));
  return Status::Ok();
}

void StatisticsProjection::OnTransfer(Ctx& c, const domain::OwnershipTransferred& t) {
  if (t.assignors.empty() || t.assignees.empty()) return;  // the domain refuses these
  AddCell(c.SellerKey(TransferAct(t.cause), t.assignors, t.assignees), One(t.consideration));
  if (t.cause == domain::TransferCause::kContract) c.facts.deal_dates.push_back(c.e.submission.effective_date);
  const domain::Party& lead = LeadParty(t.assignees);
  c.facts.region = RegionOf(lead);
  c.facts.holder = lead.holder_type;
}

void StatisticsProjection::OnLicence(Ctx& c, const domain::LicenceRecorded& l) {
  if (l.licensors.empty()) return;
  CellValue v = One(l.lump_sum);
  if (c.e.header.flags & domain::kFlagLateFiling) v.late_filings = 1;
  AddCell(c.SellerKey(LicenceAct(l.kind), l.licensors, {l.licensee}), v);
  c.facts.deal_dates.push_back(c.e.submission.effective_date);
}

Status StatisticsProjection::OnDeclaration(Ctx& c, const domain::Body& body) {
  const std::string& patent = c.e.submission.patent;
  if (const auto* d = std::get_if<domain::OpenLicenceDeclared>(&body)) {
    if (d->declarants.empty()) return Status::Ok();
    CellKey key = c.SellerKey(Act::kOpenLicenceDeclared, d->declarants, {});
    AddCell(key, One({}));
    DeclarationFacts f;
    f.patent = patent;
    f.declared_on = c.e.submission.effective_date;
    f.term = d->term;
    f.region = key.region;
    f.holder = key.holder;
    f.ipc_class = key.ipc_class;
    c.facts.open_declaration_key = patent + Sep() + c.e.submission.submission_id;
    tables_->Put(kDeclarationsTable, c.facts.open_declaration_key, EncodeDeclarationFacts(f));
    return Status::Ok();
  }
  AddCell(c.OwnerKey(Act::kOpenLicenceWithdrawn), One({}));
  if (c.facts.open_declaration_key.empty()) return Status::Corruption(patent + ": withdrawal without a declaration");
  auto stored = tables_->Get(kDeclarationsTable, c.facts.open_declaration_key);
  if (!stored.ok()) return stored.status();
  if (!*stored) return Status::Corruption(patent + ": declaration record missing");
  auto f = DecodeDeclarationFacts(**stored);
  if (!f.ok()) return f.status();
  f->withdrawn_on = c.e.submission.effective_date;
  tables_->Put(kDeclarationsTable, c.facts.open_declaration_key, EncodeDeclarationFacts(*f));
  c.facts.open_declaration_key.clear();
  return Status::Ok();
}

Status StatisticsProjection::OnTaking(Ctx& c, const domain::OpenLicenceTaken& t) {
  const std::string key = c.e.submission.patent + Sep() + t.declaration;
  auto stored = tables_->Get(kDeclarationsTable, key);
  if (!stored.ok()) return stored.status();
  if (!*stored) return Status::Corruption(c.e.submission.patent + ": taking of an unknown declaration");
  auto f = DecodeDeclarationFacts(**stored);
  if (!f.ok()) return f.status();
  CellKey cell = c.Key(Act::kOpenLicenceTaken, f->region, f->holder);
  cell.counterpart = RegionOf(t.licensee);
  cell.flow = FlowByForeign(IsForeignRegion(f->region), !t.licensee.IsDomestic());
  CellValue v = One(t.payment);
  AddCell(cell, v);
  f->taking_dates.push_back(c.e.submission.effective_date);
  f->takings_amount_cny_minor += v.amount_cny_minor;
  tables_->Put(kDeclarationsTable, key, EncodeDeclarationFacts(*f));
  c.facts.deal_dates.push_back(c.e.submission.effective_date);
  return Status::Ok();
}

Status StatisticsProjection::OnPledge(Ctx& c, const domain::Body& body) {
  const std::string& patent = c.e.submission.patent;
  if (const auto* p = std::get_if<domain::PledgeRegistered>(&body)) {
    if (p->pledgors.empty()) return Status::Ok();
    CellKey key = c.SellerKey(Act::kPledgeRegistered, p->pledgors, {p->pledgee});
    AddCell(key, One(p->secured_amount));
    PledgeFacts f{patent, c.e.submission.effective_date, p->secured_amount, p->pledgee.id, p->pledgee.name,
                  key.region, key.holder, key.ipc_class, 0};
    c.facts.active_pledge_key = patent + Sep() + p->pledge_id + Sep() + KeyU64(c.e.header.stream_version);
    tables_->Put(kPledgesTable, c.facts.active_pledge_key, EncodePledgeFacts(f));
    return Status::Ok();
  }
  if (c.facts.active_pledge_key.empty()) return Status::Corruption(patent + ": release without a pledge");
  auto stored = tables_->Get(kPledgesTable, c.facts.active_pledge_key);
  if (!stored.ok()) return stored.status();
  if (!*stored) return Status::Corruption(patent + ": pledge record missing");
  auto f = DecodePledgeFacts(**stored);
  if (!f.ok()) return f.status();
  f->released_on = c.e.submission.effective_date;
  CellKey key = c.Key(Act::kPledgeReleased, f->region, f->holder);
  AddCell(key, One(f->secured_amount));
  tables_->Put(kPledgesTable, c.facts.active_pledge_key, EncodePledgeFacts(*f));
  c.facts.active_pledge_key.clear();
  return Status::Ok();
}

Status StatisticsProjection::Apply(const Event& e) {
  const domain::Body& body = e.submission.body;
  if (domain::IsKeyEvent(body)) return Status::Ok();
  if (const auto* r = std::get_if<domain::PatentRecorded>(&body)) return OnRecorded(e, *r);
  auto facts = Load(e.submission.patent);
  if (!facts.ok()) return facts.status();
  Ctx c{e, **facts};
  if (const auto* s = std::get_if<domain::PatentStatusChanged>(&body)) {
    c.facts.status.push_back(domain::StatusMark{s->change, e.submission.effective_date});
  } else if (const auto* t = std::get_if<domain::OwnershipTransferred>(&body)) {
    OnTransfer(c, *t);
  } else if (const auto* l = std::get_if<domain::LicenceRecorded>(&body)) {
    OnLicence(c, *l);
  } else if (std::holds_alternative<domain::LicenceTerminated>(body)) {
    AddCell(c.OwnerKey(Act::kLicenceTerminated), One({}));
  } else if (std::holds_alternative<domain::OpenLicenceDeclared>(body) ||
             std::holds_alternative<domain::OpenLicenceWithdrawn>(body)) {
    return OnDeclaration(c, body);
  } else if (const auto* ot = std::get_if<domain::OpenLicenceTaken>(&body)) {
    return OnTaking(c, *ot);
  } else if (std::holds_alternative<domain::PledgeRegistered>(body) ||
             std::holds_alternative<domain::PledgeReleased>(body)) {
    return OnPledge(c, body);
  }
  return Status::Ok();
}

Status StatisticsProjection::Flush() {
  for (CacheEntry* entry : dirty_) {
    tables_->Put(kPatentsTable, entry->first, EncodePatentFacts(entry->second.facts));
    entry->second.dirty = false;
  }
  dirty_.clear();
  for (const auto& [key, delta] : deltas_) {
    auto stored = tables_->Get(kCellsTable, key);
    if (!stored.ok()) return stored.status();
    CellValue v;
    if (*stored) {
      auto decoded = DecodeCellValue(**stored);
      if (!decoded.ok()) return decoded.status();
      v = *decoded;
    }
    v.Add(delta);
    tables_->Put(kCellsTable, key, EncodeCellValue(v));
  }
  deltas_.clear();
  return Status::Ok();
}

void StatisticsProjection::AfterCommit() {
  if (cache_.size() > limits::kCacheEntriesMax) cache_.clear();
}

Status ForEachCell(const Tables& tables, const std::function<bool(const CellKey&, const CellValue&)>& fn) {
  Status bad;
  Status s = tables.Scan(kCellsTable, "", [&](std::string_view key, std::string_view value) {
    CellKey k;
    auto v = DecodeCellValue(value);
    if (!DecodeCellKey(key, &k) || !v.ok()) {
      bad = Status::Corruption("statistics cell is malformed");
      return false;
    }
    return fn(k, *v);
  });
  PL_RETURN_IF_ERROR(s);
  return bad;
}

Status ForEachPatent(const Tables& tables, const std::function<bool(const std::string&, const PatentFacts&)>& fn) {
  Status bad;
  Status s = tables.Scan(kPatentsTable, "", [&](std::string_view key, std::string_view value) {
    auto f = DecodePatentFacts(value);
    if (!f.ok()) {
      bad = f.status();
      return false;
    }
    return fn(std::string(key), *f);
  });
  PL_RETURN_IF_ERROR(s);
  return bad;
}

Status ForEachPledge(const Tables& tables, const std::function<bool(const PledgeFacts&)>& fn) {
  Status bad;
  Status s = tables.Scan(kPledgesTable, "", [&](std::string_view, std::string_view value) {
    auto f = DecodePledgeFacts(value);
    if (!f.ok()) {
      bad = f.status();
      return false;
    }
    return fn(*f);
  });
  PL_RETURN_IF_ERROR(s);
  return bad;
}

Status ForEachDeclaration(const Tables& tables, const std::function<bool(const DeclarationFacts&)>& fn) {
  Status bad;
  Status s = tables.Scan(kDeclarationsTable, "", [&](std::string_view, std::string_view value) {
    auto f = DecodeDeclarationFacts(value);
    if (!f.ok()) {
      bad = f.status();
      return false;
    }
    return fn(*f);
  });
  PL_RETURN_IF_ERROR(s);
  return bad;
}

}  // namespace pl::projections::statistics
