// Generator API and the engine's line loop: key enrolments first, then a
// timeline of acts with refusals and replays mixed in; signing; folding
// accepted lines into the model.
#include "ledger/sample/generator.h"

#include <algorithm>
#include <cmath>

#include "ledger/base/date.h"
#include "ledger/codec/codec.h"
#include "ledger/domain/admission.h"
#include "ledger/sample/engine.h"

namespace pl::sample {

Generator::Generator(std::unique_ptr<internal::Engine> engine) : engine_(std::move(engine)) {}
Generator::~Generator() = default;

Result<std::unique_ptr<Generator>> Generator::Create(const Options& options) {
  auto engine = internal::Engine::Create(options);
  if (!engine.ok()) return engine.status();
  return std::unique_ptr<Generator>(new Generator(std::move(*engine)));
}

const std::vector<Actor>& Generator::actors() const { return engine_->actors(); }
const Actor& Generator::authority() const { return engine_->actors().front(); }
bool Generator::Next(Generated* out) { return engine_->Next(out); }

namespace internal {
namespace {

constexpr int kYearMin = 2000;  // application numbers start in 1985; grants reach 15 years back
constexpr int kYearMax = 2150;
constexpr double kRejectShareMax = 0.5;
constexpr std::size_t kOperatorsMin = 2;
constexpr std::size_t kOperatorsMax = 3;
// One consent key per keyed owner organisation, scaled with the run.
constexpr std::size_t kSubmissionsPerOwnerKey = 100;
constexpr std::size_t kOwnerKeysMin = 24;
constexpr std::size_t kOwnerKeysMax = 160;
// Share of lines that resubmit an accepted envelope unchanged.
constexpr double kReplayShare = 0.004;
// The retired operator key is revoked this far into the activity.
constexpr double kRevocationAt = 0.1;
// Every accepted line with this period is kept for replays.
constexpr std::size_t kRecentPeriod = 4;
// Acts drawn once the working set has this many patents (before: records).
constexpr std::size_t kWarmupPatents = 40;
// Submission times: 09:00 Beijing (01:00 UTC) on the effective date, one
// second apart, never past 23:59 UTC.
constexpr std::int64_t kMicrosPerSecond = 1000000;
constexpr std::int64_t kOfficeOpensUtcUs = 3600 * kMicrosPerSecond;
constexpr std::int64_t kSubmissionSpacingUs = kMicrosPerSecond;
constexpr std::int64_t kLastOffsetUs = 22 * 3600 * kMicrosPerSecond;
// Attempts at finding a dead patent to retire before retiring any.
constexpr int kRetireAttempts = 8;

enum class Act { kRecord, kTransfer, kLicence, kTerminate, kStatus, kDeclare, kTake, kWithdraw, kPledge, kRelease };
// Relative weights of the acts above among accepted lines.
constexpr std::array<int, 10> kActWeights{24, 12, 16, 4, 12, 4, 8, 2, 10, 8};

bool Dead(const domain::PatentState& st, std::int32_t today) {
  return st.expired || st.invalidated || today > st.expiry_date;
}

}  // namespace

Engine::Engine(const Options& options)
    : options_(options),
      rng_(options.seed),
      world_(rng_, std::clamp(options.submissions / kSubmissionsPerOwnerKey, kOwnerKeysMin, kOwnerKeysMax)) {}

Result<std::unique_ptr<Engine>> Engine::Create(const Options& options) {
  if (options.first_year < kYearMin || options.last_year > kYearMax || options.first_year > options.last_year) {
    return Status::InvalidArgument("sample: activity years must lie within " + std::to_string(kYearMin) + ".." +
                                   std::to_string(kYearMax) + ", first <= last");
  }
  if (!(options.reject_share >= 0 && options.reject_share <= kRejectShareMax)) {
    return Status::InvalidArgument("sample: reject share must lie within 0..0.5");
  }
  std::unique_ptr<Engine> engine(new Engine(options));
  PL_RETURN_IF_ERROR(engine->CreateActors());
  Engine& e = *engine;
  const std::size_t n = options.submissions;
  const std::size_t enrolments = e.enrol_order_.size();
  e.first_day_ = options.first_year * 10000 + 101;
  e.days_total_ = DaysBetween(e.first_day_, options.last_year * 10000 + 1231) + 1;
  e.date_ = e.first_day_;
  if (n > enrolments) {
    e.activity_reject_share_ = std::min(1.0, options.reject_share * double(n) / double(n - enrolments));
    e.revoke_line_ = enrolments + std::size_t(std::floor(double(n - enrolments) * kRevocationAt));
  } else {
    e.revoke_line_ = n;  // never
  }
  return engine;
}

Status Engine::CreateActors() {
  auto add = [&](std::string name, std::string organisation, std::uint8_t roles, bool revocable) -> Status {
    std::string material = "patentledger/sample/v1";
    material.push_back('\0');
    material += std::to_string(options_.seed);
    material.push_back('\0');
    material += name;
    const Hash256 seed = crypto::Sha256(AsBytes(material));
    auto key = crypto::PrivateKey::FromEd25519Seed(ByteSpan(seed));
    if (!key.ok()) return key.status().WithContext("sample: key for " + name);
    actors_.push_back(Actor{std::move(name), std::move(organisation), roles, std::move(*key)});
    keys_.push_back(KeyStanding{false, false, revocable});
    return Status::Ok();
  };
  const std::string& registry = world_.authority_code();
  PL_RETURN_IF_ERROR(add("authority", registry, domain::kRoleAuthority, false));
  keys_.front().enrolled = true;  // the trust anchor
  const std::size_t operators = kOperatorsMin + rng_.Index(kOperatorsMax - kOperatorsMin + 1);
  for (std::size_t i = 1; i <= operators; ++i) {
    operators_.push_back(actors_.size());
    PL_RETURN_IF_ERROR(add("operator-" + std::to_string(i), registry, domain::kRoleRegistryOperator, false));
  }
  for (const Bank& bank : world_.banks()) {
    consent_key_[bank.party.id] = actors_.size();
    PL_RETURN_IF_ERROR(add(bank.key_name, bank.party.id, domain::kRoleBank, false));
  }
  retired_operator_ = actors_.size();
  PL_RETURN_IF_ERROR(add("operator-retired", registry, domain::kRoleRegistryOperator, true));
  // Owner organisations sign consents only: HOLDER (docs/decisions/0008).
  for (const domain::Party& owner : world_.keyed_owners()) {
    consent_key_[owner.id] = actors_.size();
    PL_RETURN_IF_ERROR(add("owner-" + owner.id, owner.id, domain::kRoleHolder, false));
  }
  unenrolled_ = actors_.size();
  PL_RETURN_IF_ERROR(add("unenrolled-operator", registry, domain::kRoleRegistryOperator, true));
  for (std::size_t i = 1; i < unenrolled_; ++i) enrol_order_.push_back(i);
  return Status::Ok();
}

bool Engine::Next(Generated* out) {
  if (produced_ >= options_.submissions) return false;
  BeginLine();
  *out = Generated{};
  if (produced_ < enrol_order_.size()) {
    EmitEnrolment(out);
  } else if (produced_ == revoke_line_) {
    EmitRevocation(out);
  } else if (RejectDue()) {
    EmitReject(out);
    ++rejects_;
  } else if (!recent_.empty() && rng_.Chance(kReplayShare)) {
    EmitReplay(out);
  } else {
    EmitAct(out);
  }
  ++produced_;
  return true;
}

// Effective dates: enrolments on the first day, then the activity spread
// evenly (non-decreasing) over the years.
void Engine::BeginLine() {
  const std::size_t enrolments = enrol_order_.size();
  std::int32_t date = first_day_;
  if (produced_ >= enrolments && options_.submissions > enrolments) {
    const std::uint64_t line = produced_ - enrolments;
    const std::uint64_t span = options_.submissions - enrolments;
    date = AddDays(first_day_, int(line * std::uint64_t(days_total_) / span));
  }
  if (date != line_date_) {
    line_date_ = date;
    day_line_ = 0;
  }
  date_ = date;
  const std::int64_t days = Date::FromYyyymmdd(date_)->days_since_epoch();
  const std::int64_t offset = std::min<std::int64_t>(day_line_ * kSubmissionSpacingUs, kLastOffsetUs);
  submitted_at_us_ = days * 86400 * kMicrosPerSecond + kOfficeOpensUtcUs + offset;
  ++day_line_;
}

bool Engine::RejectDue() const {
  const std::size_t line = produced_ - enrol_order_.size();
  return double(rejects_) < std::floor(activity_reject_share_ * double(line + 1));
}

void Engine::EmitEnrolment(Generated* out) {
  const std::size_t who = enrol_order_[produced_];
  const Actor& a = actors_[who];
  domain::KeyEnrolled e;
  e.key_id = a.key.public_key().key_id();
  e.algorithm = a.key.algorithm();
  e.public_key_hex = HexEncode(a.key.public_key().raw());
  e.organisation = a.organisation;
  e.roles = a.roles;
  Draft d = KeyDraft(std::move(e), 0);
  d.key_actor = who;
  d.note = "enrol key " + a.name;
  Accept(d, out);
}

void Engine::EmitRevocation(Generated* out) {
  domain::KeyRevoked r;
  r.key_id = actors_[retired_operator_].key.public_key().key_id();
  r.reason = "operator workstation decommissioned";
  r.revoked_at_us = submitted_at_us_;
  Draft d = KeyDraft(std::move(r), 0);
  d.key_actor = retired_operator_;
  d.note = "revoke key operator-retired";
  Accept(d, out);
}

void Engine::EmitReplay(Generated* out) {
  const Recent& r = recent_[rng_.Index(recent_.size())];
  out->envelope = r.envelope;
  out->expected.kind = Expectation::Kind::kReplay;
  out->note = std::string("exact resubmission of an accepted ") + domain::KindName(r.submission.body) +
              " (client retry)";
}

void Engine::EmitAct(Generated* out) {
  Draft d;
  bool built = false;
  if (slots_.size() >= kWarmupPatents) {
    switch (static_cast<Act>(rng_.Weighted(kActWeights))) {
      case Act::kRecord: built = ActRecord(&d); break;
      case Act::kTransfer: built = ActTransfer(&d); break;
      case Act::kLicence: built = ActLicence(&d); break;
      case Act::kTerminate: built = ActTerminate(&d); break;
      case Act::kStatus: built = ActStatus(&d); break;
      case Act::kDeclare: built = ActDeclare(&d); break;
      case Act::kTake: built = ActTake(&d); break;
      case Act::kWithdraw: built = ActWithdraw(&d); break;
      case Act::kPledge: built = ActPledge(&d); break;
      case Act::kRelease: built = ActRelease(&d); break;
    }
  }
  if (!built) built = ActRecord(&d);
  PL_ASSERT(built);  // a new patent can always be recorded
  Accept(d, out);
}

Draft Engine::NewDraft(const std::string& number, domain::Body body, std::size_t submitter) {
  // Applicants sometimes write the number with its "CN" / "ZL" prefix; the
  // ledger accepts it and keys the stream by the canonical form.
  static constexpr double kPrefixedNumberShare = 0.01;
  Draft d;
  d.submission.submission_id = rng_.Hex(32);
  d.submission.patent = number;
  if (!number.empty() && rng_.Chance(kPrefixedNumberShare)) {
    d.submission.patent = (rng_.Chance(0.5) ? "CN" : "ZL") + number;
  }
  d.submission.effective_date = date_;
  d.submission.submitted_at_us = submitted_at_us_;
  d.submission.body = std::move(body);
  d.signers = {submitter};
  d.number = number;
  return d;
}

Draft Engine::KeyDraft(domain::Body body, std::size_t submitter) { return NewDraft("", std::move(body), submitter); }

Bytes Engine::Sign(const Bytes& submission_bytes, const std::vector<std::size_t>& signers) const {
  std::vector<codec::EncodedSignature> signatures;
  signatures.reserve(signers.size());
  for (std::size_t who : signers) {
    const crypto::PrivateKey& key = actors_[who].key;
    signatures.push_back(codec::EncodedSignature{key.public_key().key_id(), key.SignSubmission(submission_bytes)});
  }
  return codec::EncodeEnvelope(submission_bytes, signatures);
}

void Engine::Accept(Draft& draft, Generated* out) {
  out->envelope = Sign(codec::EncodeSubmission(draft.submission), draft.signers);
  out->expected.kind = Expectation::Kind::kAccept;
  Fold(draft, out->envelope);
  out->note = std::move(draft.note);
}

void Engine::Refuse(const Draft& draft, domain::RejectCode code, Generated* out) const {
  out->envelope = Sign(codec::EncodeSubmission(draft.submission), draft.signers);
  out->expected.kind = Expectation::Kind::kReject;
  out->expected.code = code;
  out->note = draft.note;
}

void Engine::Fold(const Draft& draft, const Bytes& envelope) {
  const domain::Submission& s = draft.submission;
  if (domain::IsKeyEvent(s.body)) {
    PL_ASSERT(draft.key_actor.has_value());
    KeyStanding& k = keys_[*draft.key_actor];
    if (std::holds_alternative<domain::KeyEnrolled>(s.body)) {
      k.enrolled = true;
    } else {
      k.revoked = true;
    }
  } else {
    std::uint32_t flags = 0;
    if (const auto* l = std::get_if<domain::LicenceRecorded>(&s.body)) {
      if (s.effective_date > AddMonths(l->contract_date, 3)) flags |= domain::kFlagLateFiling;
    }
    if (draft.new_patent) {
      PatentSlot slot{draft.number, {}};
      domain::Apply(slot.state, s, flags, Hash256{});
      InsertPatent(std::move(slot));
    } else {
      PL_ASSERT(draft.slot.has_value());
      domain::Apply(slots_[*draft.slot].state, s, flags, Hash256{});
    }
  }
  const bool stable = std::none_of(draft.signers.begin(), draft.signers.end(),
                                   [&](std::size_t who) { return keys_[who].revocable; });
  if (stable && produced_ % kRecentPeriod == 0) {
    Recent r{envelope, s, draft.signers};
    if (recent_.size() < kRecentAcceptedMax) {
      recent_.push_back(std::move(r));
    } else {
      recent_[recent_next_] = std::move(r);
      recent_next_ = (recent_next_ + 1) % kRecentAcceptedMax;
    }
  }
}

// The working set keeps at most kActivePatentsMax patents; a new one
// replaces a dead one (expired or invalidated) when one is found quickly,
// any one otherwise. Retired patents stay in the ledger, untouched.
void Engine::InsertPatent(PatentSlot slot) {
  if (slots_.size() < kActivePatentsMax) {
    slots_.push_back(std::move(slot));
    return;
  }
  std::size_t victim = rng_.Index(slots_.size());
  for (int i = 0; i < kRetireAttempts && !Dead(slots_[victim].state, date_); ++i) {
    victim = rng_.Index(slots_.size());
  }
  slots_[victim] = std::move(slot);
}

}  // namespace internal
}  // namespace pl::sample
