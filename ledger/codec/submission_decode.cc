// DecodeSubmission: verified Submission bytes -> domain::Submission, with
// every structural check that needs no ledger state (see README.md for the
// list). Identifier check characters are NOT checked here: that is the
// domain's job, later in the admission order.
#include <string>
#include <utility>

#include "ledger/base/date.h"
#include "ledger/base/limits.h"
#include "ledger/codec/codec.h"
#include "ledger/codec/fb_util.h"
#include "schemas/ledger_generated.h"

namespace pl::codec {
namespace {

namespace fb = patentledger::fb;
using PartyList = flatbuffers::Vector<flatbuffers::Offset<fb::Party>>;

// Where a field is, for messages: a chain of names on the stack, spelled
// out ("OwnershipTransferred.assignors[0].id") only when an error names it,
// so a valid submission decodes without building a path per field.
class Path {
 public:
  Path(const char* root) : name_(root) {}  // NOLINT: a literal is a root path
  Path(const Path& parent, const char* field) : parent_(&parent), name_(field) {}
  Path(const Path& parent, std::size_t index) : parent_(&parent), index_(index) {}

  std::string str() const {
    std::string out = parent_ == nullptr ? std::string() : parent_->str();
    if (name_ == nullptr) return out + "[" + std::to_string(index_) + "]";
    return out.empty() ? std::string(name_) : out + "." + name_;
  }

 private:
  const Path* parent_ = nullptr;
  const char* name_ = nullptr;  // null: a list item
  std::size_t index_ = 0;
};

Path Join(const Path& where, const char* field) { return Path(where, field); }

Status Invalid(const Path& where, std::string_view what) {
  return Status::InvalidArgument("submission: " + where.str() + ": " + std::string(what));
}

Status ReadString(const flatbuffers::String* s, const Path& where, std::size_t bytes_max,
                  std::string* out) {
  const std::string_view text = internal::View(s);
  if (text.size() > bytes_max) {
    return Invalid(where, std::to_string(text.size()) + " bytes, at most " + std::to_string(bytes_max));
  }
  if (!internal::IsValidUtf8(text)) return Invalid(where, "not valid UTF-8");
  // Every string of a submission is a one-line value. Control characters
  // would also reach FlatBuffers' JSON writer, which (with natural_utf8)
  // copies them unescaped and so writes invalid JSON.
  if (internal::HasControlCharacter(text)) return Invalid(where, "contains a control character");
  *out = std::string(text);
  return Status::Ok();
}

Status ReadDate(std::int32_t yyyymmdd, const Path& where, std::int32_t* out) {
  if (!Date::FromYyyymmdd(yyyymmdd)) {
    return Invalid(where, std::to_string(yyyymmdd) + " is not a calendar day (YYYYMMDD)");
  }
  *out = yyyymmdd;
  return Status::Ok();
}

// Generated enums carry MIN and MAX; a value outside is unknown to this
// version of the schema (a newer writer, or a forged buffer).
template <typename FbEnum, typename DomainEnum>
Status ReadEnum(FbEnum value, const Path& where, DomainEnum* out) {
  const int raw = static_cast<int>(value);
  if (raw < static_cast<int>(FbEnum::MIN) || raw > static_cast<int>(FbEnum::MAX)) {
    return Invalid(where, "unknown value " + std::to_string(raw));
  }
  *out = static_cast<DomainEnum>(raw);
  return Status::Ok();
}

Status ReadParty(const fb::Party* p, const Path& where, domain::Party* out) {
  if (p == nullptr) return Invalid(where, "missing");
  PL_RETURN_IF_ERROR(ReadEnum(p->kind(), Join(where, "kind"), &out->kind));
  PL_RETURN_IF_ERROR(ReadString(p->id(), Join(where, "id"), limits::kIdentifierBytesMax, &out->id));
  PL_RETURN_IF_ERROR(
      ReadString(p->country(), Join(where, "country"), limits::kIdentifierBytesMax, &out->country));
  PL_RETURN_IF_ERROR(ReadString(p->name(), Join(where, "name"), limits::kTextBytesMax, &out->name));
  PL_RETURN_IF_ERROR(ReadEnum(p->holder_type(), Join(where, "holder_type"), &out->holder_type));
  out->division_code = p->division_code();
  out->share_bp = p->share_bp();
  return Status::Ok();
}

Status ReadParties(const PartyList* list, const Path& where, std::vector<domain::Party>* out) {
  out->clear();
  if (list == nullptr) return Status::Ok();
  if (list->size() > limits::kPartiesPerListMax) {
    return Invalid(where, std::to_string(list->size()) + " parties, at most " +
                              std::to_string(limits::kPartiesPerListMax));
  }
  out->resize(list->size());
  for (flatbuffers::uoffset_t i = 0; i < list->size(); ++i) {
    const Path item(where, std::size_t(i));
    PL_RETURN_IF_ERROR(ReadParty(list->Get(i), item, &(*out)[i]));
  }
  return Status::Ok();
}

bool IsCurrencyCode(std::string_view code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

// An absent Money is "no amount": {0, ""}.
Status ReadMoney(const fb::Money* m, const Path& where, domain::Money* out) {
  *out = domain::Money{};
  if (m == nullptr) return Status::Ok();
  const std::string_view currency = internal::View(m->currency());
  if (!IsCurrencyCode(currency)) {
    return Invalid(Join(where, "currency"), "must be three upper-case letters (ISO 4217)");
  }
  out->amount_minor = m->amount_minor();
  out->currency = std::string(currency);
  return Status::Ok();
}

Status ReadTerm(const fb::DateRange* r, const Path& where, domain::DateRange* out) {
  if (r == nullptr) return Invalid(where, "missing");
  PL_RETURN_IF_ERROR(ReadDate(r->start(), Join(where, "start"), &out->start));
  return ReadDate(r->end(), Join(where, "end"), &out->end);
}

Status ReadRoyaltyTerms(const fb::RoyaltyTerms* t, const Path& where, domain::RoyaltyTerms* out) {
  if (t == nullptr) return Invalid(where, "missing");
  PL_RETURN_IF_ERROR(ReadEnum(t->method(), Join(where, "method"), &out->method));
  out->rate_bp = t->rate_bp();
  return ReadMoney(t->amount(), Join(where, "amount"), &out->amount);
}

// One overload per body kind; `where` names the kind in messages.
Status ReadBody(const fb::PatentRecorded& t, domain::Body* body) {
  const Path w = "PatentRecorded";
  domain::PatentRecorded v;
  PL_RETURN_IF_ERROR(ReadEnum(t.patent_type(), Join(w, "patent_type"), &v.patent_type));
  PL_RETURN_IF_ERROR(ReadString(t.title(), Join(w, "title"), limits::kTextBytesMax, &v.title));
  PL_RETURN_IF_ERROR(ReadString(t.ipc_main_class(), Join(w, "ipc_main_class"),
                                limits::kIdentifierBytesMax, &v.ipc_main_class));
  PL_RETURN_IF_ERROR(ReadParties(t.owners(), Join(w, "owners"), &v.owners));
  PL_RETURN_IF_ERROR(ReadDate(t.grant_date(), Join(w, "grant_date"), &v.grant_date));
  PL_RETURN_IF_ERROR(ReadDate(t.expiry_date(), Join(w, "expiry_date"), &v.expiry_date));
  v.publicly_funded = t.publicly_funded();
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::PatentStatusChanged& t, domain::Body* body) {
  const Path w = "PatentStatusChanged";
  domain::PatentStatusChanged v;
  PL_RETURN_IF_ERROR(ReadEnum(t.change(), Join(w, "change"), &v.change));
  PL_RETURN_IF_ERROR(ReadString(t.reason(), Join(w, "reason"), limits::kTextBytesMax, &v.reason));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::OwnershipTransferred& t, domain::Body* body) {
  const Path w = "OwnershipTransferred";
  domain::OwnershipTransferred v;
  PL_RETURN_IF_ERROR(ReadParties(t.assignors(), Join(w, "assignors"), &v.assignors));
  PL_RETURN_IF_ERROR(ReadParties(t.assignees(), Join(w, "assignees"), &v.assignees));
  PL_RETURN_IF_ERROR(
      ReadString(t.contract_id(), Join(w, "contract_id"), limits::kIdentifierBytesMax, &v.contract_id));
  PL_RETURN_IF_ERROR(ReadMoney(t.consideration(), Join(w, "consideration"), &v.consideration));
  PL_RETURN_IF_ERROR(ReadEnum(t.cause(), Join(w, "cause"), &v.cause));
  PL_RETURN_IF_ERROR(ReadString(t.export_certificate(), Join(w, "export_certificate"),
                                limits::kIdentifierBytesMax, &v.export_certificate));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadTerritory(const flatbuffers::Vector<flatbuffers::Offset<flatbuffers::String>>* list,
                     const Path& where, std::vector<std::string>* out) {
  out->clear();
  if (list == nullptr) return Status::Ok();
  if (list->size() > limits::kTerritoryRegionsMax) {
    return Invalid(where, std::to_string(list->size()) + " regions, at most " +
                              std::to_string(limits::kTerritoryRegionsMax));
  }
  out->resize(list->size());
  for (flatbuffers::uoffset_t i = 0; i < list->size(); ++i) {
    const Path item(where, std::size_t(i));
    PL_RETURN_IF_ERROR(ReadString(list->Get(i), item, limits::kIdentifierBytesMax, &(*out)[i]));
  }
  return Status::Ok();
}

Status ReadBody(const fb::LicenceRecorded& t, domain::Body* body) {
  const Path w = "LicenceRecorded";
  domain::LicenceRecorded v;
  PL_RETURN_IF_ERROR(
      ReadString(t.licence_id(), Join(w, "licence_id"), limits::kIdentifierBytesMax, &v.licence_id));
  PL_RETURN_IF_ERROR(ReadParties(t.licensors(), Join(w, "licensors"), &v.licensors));
  PL_RETURN_IF_ERROR(ReadParty(t.licensee(), Join(w, "licensee"), &v.licensee));
  PL_RETURN_IF_ERROR(ReadEnum(t.kind(), Join(w, "kind"), &v.kind));
  PL_RETURN_IF_ERROR(ReadTerritory(t.territory(), Join(w, "territory"), &v.territory));
  PL_RETURN_IF_ERROR(ReadTerm(t.term(), Join(w, "term"), &v.term));
  PL_RETURN_IF_ERROR(ReadMoney(t.lump_sum(), Join(w, "lump_sum"), &v.lump_sum));
  v.royalty_rate_bp = t.royalty_rate_bp();
  PL_RETURN_IF_ERROR(ReadDate(t.contract_date(), Join(w, "contract_date"), &v.contract_date));
  PL_RETURN_IF_ERROR(ReadString(t.export_certificate(), Join(w, "export_certificate"),
                                limits::kIdentifierBytesMax, &v.export_certificate));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::LicenceTerminated& t, domain::Body* body) {
  const Path w = "LicenceTerminated";
  domain::LicenceTerminated v;
  PL_RETURN_IF_ERROR(
      ReadString(t.licence_id(), Join(w, "licence_id"), limits::kIdentifierBytesMax, &v.licence_id));
  PL_RETURN_IF_ERROR(ReadString(t.reason(), Join(w, "reason"), limits::kTextBytesMax, &v.reason));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::OpenLicenceDeclared& t, domain::Body* body) {
  const Path w = "OpenLicenceDeclared";
  domain::OpenLicenceDeclared v;
  PL_RETURN_IF_ERROR(ReadParties(t.declarants(), Join(w, "declarants"), &v.declarants));
  PL_RETURN_IF_ERROR(ReadRoyaltyTerms(t.terms(), Join(w, "terms"), &v.terms));
  PL_RETURN_IF_ERROR(ReadTerm(t.term(), Join(w, "term"), &v.term));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::OpenLicenceWithdrawn& t, domain::Body* body) {
  const Path w = "OpenLicenceWithdrawn";
  domain::OpenLicenceWithdrawn v;
  PL_RETURN_IF_ERROR(ReadParties(t.declarants(), Join(w, "declarants"), &v.declarants));
  PL_RETURN_IF_ERROR(ReadString(t.reason(), Join(w, "reason"), limits::kTextBytesMax, &v.reason));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::OpenLicenceTaken& t, domain::Body* body) {
  const Path w = "OpenLicenceTaken";
  domain::OpenLicenceTaken v;
  PL_RETURN_IF_ERROR(ReadParty(t.licensee(), Join(w, "licensee"), &v.licensee));
  PL_RETURN_IF_ERROR(
      ReadString(t.declaration(), Join(w, "declaration"), limits::kIdentifierBytesMax, &v.declaration));
  PL_RETURN_IF_ERROR(ReadRoyaltyTerms(t.terms(), Join(w, "terms"), &v.terms));
  PL_RETURN_IF_ERROR(ReadMoney(t.payment(), Join(w, "payment"), &v.payment));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::PledgeRegistered& t, domain::Body* body) {
  const Path w = "PledgeRegistered";
  domain::PledgeRegistered v;
  PL_RETURN_IF_ERROR(
      ReadString(t.pledge_id(), Join(w, "pledge_id"), limits::kIdentifierBytesMax, &v.pledge_id));
  PL_RETURN_IF_ERROR(ReadParties(t.pledgors(), Join(w, "pledgors"), &v.pledgors));
  PL_RETURN_IF_ERROR(ReadParty(t.pledgee(), Join(w, "pledgee"), &v.pledgee));
  PL_RETURN_IF_ERROR(ReadMoney(t.secured_amount(), Join(w, "secured_amount"), &v.secured_amount));
  PL_RETURN_IF_ERROR(ReadTerm(t.debt_term(), Join(w, "debt_term"), &v.debt_term));
  PL_RETURN_IF_ERROR(
      ReadString(t.contract_id(), Join(w, "contract_id"), limits::kIdentifierBytesMax, &v.contract_id));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::PledgeReleased& t, domain::Body* body) {
  const Path w = "PledgeReleased";
  domain::PledgeReleased v;
  PL_RETURN_IF_ERROR(
      ReadString(t.pledge_id(), Join(w, "pledge_id"), limits::kIdentifierBytesMax, &v.pledge_id));
  PL_RETURN_IF_ERROR(ReadParty(t.pledgee(), Join(w, "pledgee"), &v.pledgee));
  PL_RETURN_IF_ERROR(ReadEnum(t.reason(), Join(w, "reason"), &v.reason));
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::KeyEnrolled& t, domain::Body* body) {
  const Path w = "KeyEnrolled";
  domain::KeyEnrolled v;
  PL_RETURN_IF_ERROR(ReadString(t.key_id(), Join(w, "key_id"), limits::kIdentifierBytesMax, &v.key_id));
  PL_RETURN_IF_ERROR(ReadEnum(t.algorithm(), Join(w, "algorithm"), &v.algorithm));
  // Hex of a raw public key (130 characters for P-256): text-sized, not an
  // identifier. Its format is checked with the key itself, above the codec.
  PL_RETURN_IF_ERROR(
      ReadString(t.public_key(), Join(w, "public_key"), limits::kTextBytesMax, &v.public_key_hex));
  PL_RETURN_IF_ERROR(ReadString(t.organisation(), Join(w, "organisation"), limits::kIdentifierBytesMax,
                                &v.organisation));
  const auto roles = static_cast<std::uint8_t>(t.roles());
  if ((roles & ~static_cast<std::uint8_t>(fb::Role::ANY)) != 0) {
    return Invalid(Join(w, "roles"), "unknown role bits in " + std::to_string(roles));
  }
  v.roles = roles;
  *body = std::move(v);
  return Status::Ok();
}

Status ReadBody(const fb::KeyRevoked& t, domain::Body* body) {
  const Path w = "KeyRevoked";
  domain::KeyRevoked v;
  PL_RETURN_IF_ERROR(ReadString(t.key_id(), Join(w, "key_id"), limits::kIdentifierBytesMax, &v.key_id));
  PL_RETURN_IF_ERROR(ReadString(t.reason(), Join(w, "reason"), limits::kTextBytesMax, &v.reason));
  v.revoked_at_us = t.revoked_at_us();
  *body = std::move(v);
  return Status::Ok();
}

template <typename T>
Status ReadBodyAs(const void* table, domain::Body* body) {
  if (table == nullptr) return Invalid("body", "missing");
  return ReadBody(*static_cast<const T*>(table), body);
}

Status ReadUnion(const fb::Submission& s, domain::Body* body) {
  const void* t = s.body();
  switch (s.body_type()) {
    case fb::Body::NONE: return Invalid("body", "missing");
    case fb::Body::PatentRecorded: return ReadBodyAs<fb::PatentRecorded>(t, body);
    case fb::Body::PatentStatusChanged: return ReadBodyAs<fb::PatentStatusChanged>(t, body);
    case fb::Body::OwnershipTransferred: return ReadBodyAs<fb::OwnershipTransferred>(t, body);
    case fb::Body::LicenceRecorded: return ReadBodyAs<fb::LicenceRecorded>(t, body);
    case fb::Body::LicenceTerminated: return ReadBodyAs<fb::LicenceTerminated>(t, body);
    case fb::Body::OpenLicenceDeclared: return ReadBodyAs<fb::OpenLicenceDeclared>(t, body);
    case fb::Body::OpenLicenceWithdrawn: return ReadBodyAs<fb::OpenLicenceWithdrawn>(t, body);
    case fb::Body::OpenLicenceTaken: return ReadBodyAs<fb::OpenLicenceTaken>(t, body);
    case fb::Body::PledgeRegistered: return ReadBodyAs<fb::PledgeRegistered>(t, body);
    case fb::Body::PledgeReleased: return ReadBodyAs<fb::PledgeReleased>(t, body);
    case fb::Body::KeyEnrolled: return ReadBodyAs<fb::KeyEnrolled>(t, body);
    case fb::Body::KeyRevoked: return ReadBodyAs<fb::KeyRevoked>(t, body);
  }
  // The generated verifier accepts union types it does not know (they may be
  // from a newer schema); this version cannot decode them.
  return Invalid("body", "unknown body kind " + std::to_string(static_cast<int>(s.body_type())));
}

Status ReadExpectedVersion(const fb::ExpectedVersion* e, domain::ExpectedVersion* out) {
  *out = domain::ExpectedVersion{};
  if (e == nullptr) return Status::Ok();  // absent means Any
  PL_RETURN_IF_ERROR(ReadEnum(e->kind(), "expected_version.kind", &out->kind));
  out->version = e->version();
  return Status::Ok();
}

}  // namespace

Result<domain::Submission> DecodeSubmission(ByteSpan submission_bytes) {
  const internal::AlignedBuffer buffer(submission_bytes);
  Status verified = internal::VerifyWireBuffer<fb::Submission>(buffer.data(), buffer.size());
  if (!verified.ok()) return verified.WithContext("submission");
  return internal::DecodeVerifiedSubmission(buffer.data());
}

Result<domain::Submission> internal::DecodeVerifiedSubmission(const std::uint8_t* verified) {
  const fb::Submission& s = *fb::GetSubmission(verified);

  domain::Submission out;
  const std::string_view id = internal::View(s.submission_id());
  if (s.submission_id() == nullptr) return Invalid("submission_id", "missing");
  if (!IsLowerHex(id, 32)) return Invalid("submission_id", "must be 32 lowercase hex characters");
  out.submission_id = std::string(id);
  PL_RETURN_IF_ERROR(ReadString(s.patent(), "patent", limits::kIdentifierBytesMax, &out.patent));
  PL_RETURN_IF_ERROR(ReadExpectedVersion(s.expected_version(), &out.expected_version));
  PL_RETURN_IF_ERROR(ReadDate(s.effective_date(), "effective_date", &out.effective_date));
  out.submitted_at_us = s.submitted_at_us();
  PL_RETURN_IF_ERROR(ReadUnion(s, &out.body));
  return out;
}

}  // namespace pl::codec
