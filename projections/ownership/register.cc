#include "projections/ownership/register.h"

#include "ledger/domain/admission.h"
#include "ledger/domain/rules.h"
#include "projections/framework/record_io.h"

namespace pl::projections::ownership {
namespace {

DeclarationEntry* FindDeclaration(RegisterState& st, const std::string& id) {
  for (auto& d : st.declarations) {
    if (d.declaration_id == id) return &d;
  }
  return nullptr;
}

struct Folder {
  RegisterState& st;
  const domain::Submission& s;
  const FoldContext& ctx;

  void operator()(const domain::PatentRecorded& b) {
    st.recorded = true;
    st.patent_type = b.patent_type;
    st.title = b.title;
    st.ipc_main_class = b.ipc_main_class;
    st.grant_date = b.grant_date;
    st.expiry_date = b.expiry_date;
    st.publicly_funded = b.publicly_funded;
    st.owners = domain::NormaliseShares(b.owners);
  }
  void operator()(const domain::PatentStatusChanged& b) {
    st.Apply(b.change);
    st.status_marks.push_back(domain::StatusMark{b.change, s.effective_date});
  }
  void operator()(const domain::OwnershipTransferred& b) { st.owners = domain::NormaliseShares(b.assignees); }
  void operator()(const domain::LicenceRecorded& b) {
    st.licences.push_back(LicenceEntry{b.licence_id, b.kind, b.licensors, b.licensee, b.territory, b.term,
                                       b.lump_sum, b.royalty_rate_bp, b.contract_date, s.effective_date,
                                       (ctx.flags & domain::kFlagLateFiling) != 0, 0, {}});
  }
  void operator()(const domain::LicenceTerminated& b) {
    for (auto& l : st.licences) {
      if (l.licence_id == b.licence_id && l.terminated_on == 0) {
        l.terminated_on = s.effective_date;
        l.termination_reason = b.reason;
      }
    }
  }
  void operator()(const domain::OpenLicenceDeclared& b) {
    DeclarationEntry d;
    d.declaration_id = s.submission_id;
    d.declarants = b.declarants;
    d.terms = b.terms;
    d.term = b.term;
    d.declared_on = s.effective_date;
    st.declarations.push_back(std::move(d));
  }
  void operator()(const domain::OpenLicenceWithdrawn&) {
    for (auto& d : st.declarations) {
      if (!d.withdrawn) {
        d.withdrawn = true;
        d.withdrawn_on = s.effective_date;
      }
    }
  }
  void operator()(const domain::OpenLicenceTaken& b) {
    DeclarationEntry* d = FindDeclaration(st, b.declaration);
    if (d == nullptr) return;  // an as-of fold may not have reached the declaration
    d->takings.push_back(TakingEntry{s.submission_id, b.licensee, b.payment, s.effective_date});
  }
  void operator()(const domain::PledgeRegistered& b) {
    PledgeEntry p;
    p.pledge_id = b.pledge_id;
    p.pledgors = b.pledgors;
    p.pledgee = b.pledgee;
    p.secured_amount = b.secured_amount;
    p.debt_term = b.debt_term;
    p.contract_id = b.contract_id;
    p.registered_on = s.effective_date;
    p.registered_at_us = ctx.recorded_at_us;
    st.pledges.push_back(std::move(p));
  }
  void operator()(const domain::PledgeReleased& b) {
    for (auto& p : st.pledges) {
      if (p.pledge_id == b.pledge_id && !p.released) {
        p.released = true;
        p.released_on = s.effective_date;
        p.release_reason = b.reason;
      }
    }
  }
  void operator()(const domain::KeyEnrolled&) {}
  void operator()(const domain::KeyRevoked&) {}
};

void PutRange(RecordWriter& w, const domain::DateRange& r) {
  w.Int(r.start);
  w.Int(r.end);
}
domain::DateRange GetRange(RecordReader& r) {
  domain::DateRange d;
  d.start = std::int32_t(r.Int());
  d.end = std::int32_t(r.Int());
  return d;
}

void PutLicence(RecordWriter& w, const LicenceEntry& l) {
  w.Str(l.licence_id);
  w.U8(std::uint8_t(l.kind));
  w.Parties(l.licensors);
  w.Party(l.licensee);
  w.Strings(l.territory);
  PutRange(w, l.term);
  w.Money(l.lump_sum);
  w.Varint(l.royalty_rate_bp);
  w.Int(l.contract_date);
  w.Int(l.recorded_on);
  w.Bool(l.late_filing);
  w.Int(l.terminated_on);
  w.Str(l.termination_reason);
}

LicenceEntry GetLicence(RecordReader& r) {
  LicenceEntry l;
  l.licence_id = r.Str();
  l.kind = domain::LicenceKind(r.U8());
  l.licensors = r.Parties();
  l.licensee = r.Party();
  l.territory = r.Strings();
  l.term = GetRange(r);
  l.lump_sum = r.Money();
  l.royalty_rate_bp = std::uint32_t(r.Varint());
  l.contract_date = std::int32_t(r.Int());
  l.recorded_on = std::int32_t(r.Int());
  l.late_filing = r.Bool();
  l.terminated_on = std::int32_t(r.Int());
  l.termination_reason = r.Str();
  return l;
}

void PutPledge(RecordWriter& w, const PledgeEntry& p) {
  w.Str(p.pledge_id);
  w.Parties(p.pledgors);
  w.Party(p.pledgee);
  w.Money(p.secured_amount);
  PutRange(w, p.debt_term);
  w.Str(p.contract_id);
  w.Int(p.registered_on);
  w.Int(p.registered_at_us);
  w.Bool(p.released);
  w.Int(p.released_on);
  w.U8(std::uint8_t(p.release_reason));
}

PledgeEntry GetPledge(RecordReader& r) {
  PledgeEntry p;
  p.pledge_id = r.Str();
  p.pledgors = r.Parties();
  p.pledgee = r.Party();
  p.secured_amount = r.Money();
  p.debt_term = GetRange(r);
  p.contract_id = r.Str();
  p.registered_on = std::int32_t(r.Int());
  p.registered_at_us = r.Int();
  p.released = r.Bool();
  p.released_on = std::int32_t(r.Int());
  p.release_reason = domain::ReleaseReason(r.U8());
  return p;
}

void PutDeclaration(RecordWriter& w, const DeclarationEntry& d) {
  w.Str(d.declaration_id);
  w.Parties(d.declarants);
  w.U8(std::uint8_t(d.terms.method));
  w.Varint(d.terms.rate_bp);
  w.Money(d.terms.amount);
  PutRange(w, d.term);
  w.Int(d.declared_on);
  w.Bool(d.withdrawn);
  w.Int(d.withdrawn_on);
  w.Varint(d.takings.size());
  for (const auto& t : d.takings) {
    w.Str(t.submission_id);
    w.Party(t.licensee);
    w.Money(t.payment);
    w.Int(t.taken_on);
  }
}

DeclarationEntry GetDeclaration(RecordReader& r) {
  DeclarationEntry d;
  d.declaration_id = r.Str();
  d.declarants = r.Parties();
  d.terms.method = domain::RoyaltyMethod(r.U8());
  d.terms.rate_bp = std::uint32_t(r.Varint());
  d.terms.amount = r.Money();
  d.term = GetRange(r);
  d.declared_on = std::int32_t(r.Int());
  d.withdrawn = r.Bool();
  d.withdrawn_on = std::int32_t(r.Int());
  std::uint64_t n = r.Varint();
  for (std::uint64_t i = 0; i < n && r.ok(); ++i) {
    TakingEntry t;
    t.submission_id = r.Str();
    t.licensee = r.Party();
    t.payment = r.Money();
    t.taken_on = std::int32_t(r.Int());
    d.takings.push_back(std::move(t));
  }
  return d;
}

constexpr std::uint8_t kRegisterFormat = 2;  // 2: status changes with their dates

}  // namespace

const PledgeEntry* RegisterState::ActivePledge() const {
  for (auto it = pledges.rbegin(); it != pledges.rend(); ++it) {
    if (!it->released) return &*it;
  }
  return nullptr;
}

const DeclarationEntry* RegisterState::OpenDeclaration() const {
  if (declarations.empty() || declarations.back().withdrawn) return nullptr;
  return &declarations.back();
}

const DeclarationEntry* RegisterState::OpenDeclarationOn(std::int32_t yyyymmdd) const {
  const DeclarationEntry* d = OpenDeclaration();
  if (d == nullptr || yyyymmdd < d->term.start || d->term.end < yyyymmdd) return nullptr;
  return d;
}

void Fold(RegisterState& state, const domain::Submission& submission, const FoldContext& context) {
  if (domain::IsKeyEvent(submission.body)) return;
  std::visit(Folder{state, submission, context}, submission.body);
  ++state.events;
  state.last_effective_date = std::max(state.last_effective_date, submission.effective_date);
  state.last_recorded_at_us = std::max(state.last_recorded_at_us, context.recorded_at_us);
}

std::string EncodeRegister(const RegisterState& st) {
  RecordWriter w;
  w.U8(kRegisterFormat);
  w.Bool(st.recorded);
  w.U8(std::uint8_t(st.patent_type));
  w.Str(st.title);
  w.Str(st.ipc_main_class);
  w.Int(st.grant_date);
  w.Int(st.expiry_date);
  w.Bool(st.publicly_funded);
  w.Parties(st.owners);
  w.U8(std::uint8_t(st.lapsed | st.invalidated << 1 | st.partially_invalidated << 2 | st.expired << 3 |
                    st.preservation_order << 4 | st.ownership_dispute << 5));
  w.Varint(st.status_marks.size());
  for (const auto& m : st.status_marks) {
    w.U8(std::uint8_t(m.change));
    w.Int(m.effective_date);
  }
  w.Varint(st.pledges.size());
  for (const auto& p : st.pledges) PutPledge(w, p);
  w.Varint(st.licences.size());
  for (const auto& l : st.licences) PutLicence(w, l);
  w.Varint(st.declarations.size());
  for (const auto& d : st.declarations) PutDeclaration(w, d);
  w.Varint(st.events);
  w.Int(st.last_effective_date);
  w.Int(st.last_recorded_at_us);
  return w.Take();
}

Result<RegisterState> DecodeRegister(std::string_view bytes) {
  RecordReader r(bytes);
  RegisterState st;
  if (r.U8() != kRegisterFormat) return Status::Corruption("ownership register record: unknown format");
  st.recorded = r.Bool();
  st.patent_type = domain::PatentType(r.U8());
  st.title = r.Str();
  st.ipc_main_class = r.Str();
  st.grant_date = std::int32_t(r.Int());
  st.expiry_date = std::int32_t(r.Int());
  st.publicly_funded = r.Bool();
  st.owners = r.Parties();
  std::uint8_t flags = r.U8();
  st.lapsed = flags & 1;
  st.invalidated = flags & 2;
  st.partially_invalidated = flags & 4;
  st.expired = flags & 8;
  st.preservation_order = flags & 16;
  st.ownership_dispute = flags & 32;
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) {
    domain::StatusMark m;
    const std::uint8_t change = r.U8();
    if (change > std::uint8_t(domain::StatusChange::kDisputeOff)) {
      return Status::Corruption("ownership register record: unknown status change " + std::to_string(change));
    }
    m.change = domain::StatusChange(change);
    m.effective_date = std::int32_t(r.Int());
    st.status_marks.push_back(m);
  }
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) st.pledges.push_back(GetPledge(r));
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) st.licences.push_back(GetLicence(r));
  for (std::uint64_t i = 0, n = r.Varint(); i < n && r.ok(); ++i) st.declarations.push_back(GetDeclaration(r));
  st.events = r.Varint();
  st.last_effective_date = std::int32_t(r.Int());
  st.last_recorded_at_us = r.Int();
  if (!r.done()) return Status::Corruption("ownership register record is malformed");
  return st;
}

}  // namespace pl::projections::ownership
