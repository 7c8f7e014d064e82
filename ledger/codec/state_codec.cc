// Admission state <-> state.fbs bytes (RocksDB values). The round trip is
// exact for every domain value: nothing is omitted that the decoder could
// not restore. Anything that fails to decode is Corruption: the node wrote
// these bytes itself.
#include <algorithm>
#include <string>
#include <type_traits>

#include "ledger/codec/codec.h"
#include "ledger/codec/fb_util.h"
#include "schemas/state_generated.h"

namespace pl::codec {
namespace {

namespace st = patentledger::state;
using flatbuffers::Offset;

#define PL_SAME_VALUE(domain_value, state_value) \
  static_assert(static_cast<int>(domain_value) == static_cast<int>(state_value), #domain_value)
PL_SAME_VALUE(domain::PatentType::kDesign, st::PatentType::MAX);
PL_SAME_VALUE(domain::PartyKind::kForeign, st::PartyKind::MAX);
PL_SAME_VALUE(domain::HolderType::kOther, st::HolderType::MAX);
PL_SAME_VALUE(domain::LicenceKind::kOrdinary, st::LicenceKind::MAX);
PL_SAME_VALUE(domain::RoyaltyMethod::kRateAndLumpSum, st::RoyaltyMethod::MAX);
PL_SAME_VALUE(domain::KeyAlgorithm::kEcdsaP256Sha256, st::KeyAlgorithm::MAX);
PL_SAME_VALUE(domain::StatusChange::kDisputeOff, st::StatusChange::MAX);
#undef PL_SAME_VALUE

template <typename To, typename From>
To Cast(From value) {
  return static_cast<To>(static_cast<std::underlying_type_t<To>>(value));
}

// ---- encoding ----

class StateEncoder {
 public:
  explicit StateEncoder(flatbuffers::FlatBufferBuilder& b) : b_(b) {}

  Offset<flatbuffers::String> Str(const std::string& s) { return s.empty() ? 0 : b_.CreateString(s); }

  Offset<st::Party> Party(const domain::Party& p) {
    const auto id = Str(p.id);
    const auto country = Str(p.country);
    const auto name = Str(p.name);
    return st::CreateParty(b_, Cast<st::PartyKind>(p.kind), id, country, name,
                           Cast<st::HolderType>(p.holder_type), p.division_code, p.share_bp);
  }

  Offset<flatbuffers::Vector<Offset<st::Party>>> Parties(const std::vector<domain::Party>& parties) {
    std::vector<Offset<st::Party>> offsets;
    offsets.reserve(parties.size());
    for (const auto& p : parties) offsets.push_back(Party(p));
    return b_.CreateVector(offsets);
  }

  Offset<st::Money> Money(const domain::Money& m) {
    const auto currency = Str(m.currency);
    return st::CreateMoney(b_, m.amount_minor, currency);
  }

  Offset<st::DateRange> Range(const domain::DateRange& r) { return st::CreateDateRange(b_, r.start, r.end); }

  Offset<st::RoyaltyTerms> Terms(const domain::RoyaltyTerms& t) {
    const auto amount = Money(t.amount);
    return st::CreateRoyaltyTerms(b_, Cast<st::RoyaltyMethod>(t.method), t.rate_bp, amount);
  }

  Offset<st::ActivePledge> Pledge(const domain::ActivePledge& p) {
    const auto pledge_id = Str(p.pledge_id);
    const auto pledgors = Parties(p.pledgors);
    const auto pledgee = Party(p.pledgee);
    const auto secured = Money(p.secured_amount);
    const auto term = Range(p.debt_term);
    const auto contract_id = Str(p.contract_id);
    return st::CreateActivePledge(b_, pledge_id, pledgors, pledgee, secured, term, contract_id, p.registered_on);
  }

  Offset<st::LicenceState> Licence(const domain::LicenceState& l) {
    const auto licence_id = Str(l.licence_id);
    const auto licensee = Party(l.licensee);
    const auto territory = b_.CreateVectorOfStrings(l.territory);
    const auto term = Range(l.term);
    return st::CreateLicenceState(b_, licence_id, Cast<st::LicenceKind>(l.kind), licensee, territory, term,
                                  l.terminated, l.late_filing, l.terminated_on);
  }

  Offset<st::OpenLicenceState> OpenLicence(const domain::OpenLicenceState& o) {
    const auto declaration_id = Str(o.declaration_id);
    const auto terms = Terms(o.terms);
    const auto term = Range(o.term);
    return st::CreateOpenLicenceState(b_, declaration_id, terms, term, o.withdrawn, o.takings);
  }

 private:
  flatbuffers::FlatBufferBuilder& b_;
};

// ---- decoding (after the Verifier) ----

Status Corrupt(std::string_view what) { return Status::Corruption("admission state: " + std::string(what)); }

template <typename StateEnum, typename DomainEnum>
Status ReadEnum(StateEnum value, std::string_view field, DomainEnum* out) {
  const int raw = static_cast<int>(value);
  if (raw < static_cast<int>(StateEnum::MIN) || raw > static_cast<int>(StateEnum::MAX)) {
    return Corrupt(std::string(field) + ": unknown value " + std::to_string(raw));
  }
  *out = static_cast<DomainEnum>(raw);
  return Status::Ok();
}

Status ReadParty(const st::Party* p, domain::Party* out) {
  *out = domain::Party{};
  if (p == nullptr) return Status::Ok();  // the encoder always writes one; tolerate absence
  PL_RETURN_IF_ERROR(ReadEnum(p->kind(), "party.kind", &out->kind));
  out->id = internal::ToString(p->id());
  out->country = internal::ToString(p->country());
  out->name = internal::ToString(p->name());
  PL_RETURN_IF_ERROR(ReadEnum(p->holder_type(), "party.holder_type", &out->holder_type));
  out->division_code = p->division_code();
  out->share_bp = p->share_bp();
  return Status::Ok();
}

Status ReadParties(const flatbuffers::Vector<Offset<st::Party>>* list, std::vector<domain::Party>* out) {
  out->clear();
  if (list == nullptr) return Status::Ok();
  out->resize(list->size());
  for (flatbuffers::uoffset_t i = 0; i < list->size(); ++i) {
    PL_RETURN_IF_ERROR(ReadParty(list->Get(i), &(*out)[i]));
  }
  return Status::Ok();
}

domain::Money ReadMoney(const st::Money* m) {
  if (m == nullptr) return domain::Money{};
  return domain::Money{m->amount_minor(), internal::ToString(m->currency())};
}

domain::DateRange ReadRange(const st::DateRange* r) {
  if (r == nullptr) return domain::DateRange{};
  return domain::DateRange{r->start(), r->end()};
}

Status ReadTerms(const st::RoyaltyTerms* t, domain::RoyaltyTerms* out) {
  *out = domain::RoyaltyTerms{};
  if (t == nullptr) return Status::Ok();
  PL_RETURN_IF_ERROR(ReadEnum(t->method(), "royalty_terms.method", &out->method));
  out->rate_bp = t->rate_bp();
  out->amount = ReadMoney(t->amount());
  return Status::Ok();
}

Status ReadPledge(const st::ActivePledge& p, domain::ActivePledge* out) {
  out->pledge_id = internal::ToString(p.pledge_id());
  PL_RETURN_IF_ERROR(ReadParties(p.pledgors(), &out->pledgors));
  PL_RETURN_IF_ERROR(ReadParty(p.pledgee(), &out->pledgee));
  out->secured_amount = ReadMoney(p.secured_amount());
  out->debt_term = ReadRange(p.debt_term());
  out->contract_id = internal::ToString(p.contract_id());
  out->registered_on = p.registered_on();
  return Status::Ok();
}

Status ReadLicence(const st::LicenceState& l, domain::LicenceState* out) {
  out->licence_id = internal::ToString(l.licence_id());
  PL_RETURN_IF_ERROR(ReadEnum(l.kind(), "licence.kind", &out->kind));
  PL_RETURN_IF_ERROR(ReadParty(l.licensee(), &out->licensee));
  out->territory.clear();
  if (l.territory() != nullptr) {
    for (const flatbuffers::String* region : *l.territory()) out->territory.push_back(internal::ToString(region));
  }
  out->term = ReadRange(l.term());
  out->terminated = l.terminated();
  out->late_filing = l.late_filing();
  out->terminated_on = l.terminated_on();
  return Status::Ok();
}

Status ReadOpenLicence(const st::OpenLicenceState& o, domain::OpenLicenceState* out) {
  out->declaration_id = internal::ToString(o.declaration_id());
  PL_RETURN_IF_ERROR(ReadTerms(o.terms(), &out->terms));
  out->term = ReadRange(o.term());
  out->withdrawn = o.withdrawn();
  out->takings = o.takings();
  return Status::Ok();
}

// Verifies `bytes` as a state buffer of root type T; `out` points at the
// root inside `buffer` on success.
template <typename T>
Status VerifyState(const internal::AlignedBuffer& buffer, const char* what, const T** out) {
  if (!internal::FitsVerifier(buffer.size()) ||
      !flatbuffers::BufferHasIdentifier(buffer.data(), internal::kStateFileIdentifier)) {
    return Corrupt(std::string(what) + " is not a state buffer");
  }
  flatbuffers::Verifier verifier(buffer.data(), buffer.size(), internal::StateVerifierOptions());
  if (!verifier.VerifyBuffer<T>(internal::kStateFileIdentifier)) {
    return Corrupt(std::string(what) + " fails the FlatBuffers verifier");
  }
  *out = flatbuffers::GetRoot<T>(buffer.data());
  return Status::Ok();
}

Status ReadPatentState(const st::PatentState& s, domain::PatentState* out) {
  out->event_count = s.event_count();
  PL_RETURN_IF_ERROR(ReadEnum(s.patent_type(), "patent_type", &out->patent_type));
  out->title = internal::ToString(s.title());
  out->ipc_main_class = internal::ToString(s.ipc_main_class());
  out->grant_date = s.grant_date();
  out->expiry_date = s.expiry_date();
  out->publicly_funded = s.publicly_funded();
  PL_RETURN_IF_ERROR(ReadParties(s.owners(), &out->owners));
  out->lapsed = s.lapsed();
  out->invalidated = s.invalidated();
  out->partially_invalidated = s.partially_invalidated();
  out->expired = s.expired();
  out->preservation_order = s.preservation_order();
  out->ownership_dispute = s.ownership_dispute();
  if (s.pledge() != nullptr) {
    out->pledge.emplace();
    PL_RETURN_IF_ERROR(ReadPledge(*s.pledge(), &*out->pledge));
  }
  if (s.licences() != nullptr) {
    out->licences.resize(s.licences()->size());
    for (flatbuffers::uoffset_t i = 0; i < s.licences()->size(); ++i) {
      PL_RETURN_IF_ERROR(ReadLicence(*s.licences()->Get(i), &out->licences[i]));
    }
  }
  if (s.open_licence() != nullptr) {
    out->open_licence.emplace();
    PL_RETURN_IF_ERROR(ReadOpenLicence(*s.open_licence(), &*out->open_licence));
  }
  const auto* hash = s.last_leaf_hash();
  const std::size_t hash_size = hash == nullptr ? 0 : hash->size();
  if (hash_size != out->last_leaf_hash.size()) {
    return Corrupt("last_leaf_hash is " + std::to_string(hash_size) + " bytes, want 32");
  }
  std::copy(hash->begin(), hash->end(), out->last_leaf_hash.begin());
  out->status_dated = s.status_dated();
  if (s.status_marks() != nullptr) {
    out->status_marks.resize(s.status_marks()->size());
    for (flatbuffers::uoffset_t i = 0; i < s.status_marks()->size(); ++i) {
      const st::StatusMark* m = s.status_marks()->Get(i);
      out->status_marks[i].effective_date = m->effective_date();
      PL_RETURN_IF_ERROR(ReadEnum(m->change(), "status_marks.change", &out->status_marks[i].change));
    }
  }
  return Status::Ok();
}

}  // namespace

Bytes EncodePatentState(const domain::PatentState& state) {
  flatbuffers::FlatBufferBuilder b;
  StateEncoder e(b);
  // First, so that it ends the buffer without padding: a truncated value
  // then always fails verification.
  const auto hash = b.CreateVector(state.last_leaf_hash.data(), state.last_leaf_hash.size());
  const auto title = e.Str(state.title);
  const auto ipc = e.Str(state.ipc_main_class);
  const auto owners = e.Parties(state.owners);
  Offset<st::ActivePledge> pledge;
  if (state.pledge) pledge = e.Pledge(*state.pledge);
  std::vector<Offset<st::LicenceState>> licence_offsets;
  licence_offsets.reserve(state.licences.size());
  for (const auto& l : state.licences) licence_offsets.push_back(e.Licence(l));
  const auto licences = b.CreateVector(licence_offsets);
  Offset<st::OpenLicenceState> open_licence;
  if (state.open_licence) open_licence = e.OpenLicence(*state.open_licence);
  std::vector<st::StatusMark> marks;
  marks.reserve(state.status_marks.size());
  for (const auto& m : state.status_marks) marks.emplace_back(m.effective_date, Cast<st::StatusChange>(m.change));
  const auto status_marks = b.CreateVectorOfStructs(marks);

  st::PatentStateBuilder root(b);
  root.add_event_count(state.event_count);
  root.add_patent_type(Cast<st::PatentType>(state.patent_type));
  root.add_title(title);
  root.add_ipc_main_class(ipc);
  root.add_grant_date(state.grant_date);
  root.add_expiry_date(state.expiry_date);
  root.add_publicly_funded(state.publicly_funded);
  root.add_owners(owners);
  root.add_lapsed(state.lapsed);
  root.add_invalidated(state.invalidated);
  root.add_partially_invalidated(state.partially_invalidated);
  root.add_expired(state.expired);
  root.add_preservation_order(state.preservation_order);
  root.add_ownership_dispute(state.ownership_dispute);
  if (!pledge.IsNull()) root.add_pledge(pledge);
  root.add_licences(licences);
  if (!open_licence.IsNull()) root.add_open_licence(open_licence);
  root.add_last_leaf_hash(hash);
  root.add_status_marks(status_marks);
  root.add_status_dated(state.status_dated);
  b.Finish(root.Finish(), internal::kStateFileIdentifier);
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

Result<domain::PatentState> DecodePatentState(ByteSpan bytes) {
  const internal::AlignedBuffer buffer(bytes);
  const st::PatentState* root = nullptr;
  PL_RETURN_IF_ERROR(VerifyState(buffer, "patent state", &root));
  domain::PatentState state;
  PL_RETURN_IF_ERROR(ReadPatentState(*root, &state));
  return state;
}

Bytes EncodeKeyRecord(const domain::KeyRecord& record) {
  flatbuffers::FlatBufferBuilder b;
  StateEncoder e(b);
  const auto public_key = b.CreateVector(record.public_key.data(), record.public_key.size());
  const auto key_id = e.Str(record.key_id);
  const auto organisation = e.Str(record.organisation);
  const auto root = st::CreateKeyRecord(b, key_id, Cast<st::KeyAlgorithm>(record.algorithm), public_key,
                                        organisation, record.roles, record.revoked, record.revoked_at_us);
  b.Finish(root, internal::kStateFileIdentifier);
  return Bytes(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

Result<domain::KeyRecord> DecodeKeyRecord(ByteSpan bytes) {
  const internal::AlignedBuffer buffer(bytes);
  const st::KeyRecord* root = nullptr;
  PL_RETURN_IF_ERROR(VerifyState(buffer, "key record", &root));
  domain::KeyRecord record;
  record.key_id = internal::ToString(root->key_id());
  PL_RETURN_IF_ERROR(ReadEnum(root->algorithm(), "key record algorithm", &record.algorithm));
  if (root->public_key() != nullptr) {
    record.public_key.assign(root->public_key()->begin(), root->public_key()->end());
  }
  record.organisation = internal::ToString(root->organisation());
  record.roles = root->roles();
  record.revoked = root->revoked();
  record.revoked_at_us = root->revoked_at_us();
  return record;
}

}  // namespace pl::codec
