// The scenario engine behind Generator: a model of the ledger's state (key
// registry and a bounded working set of live patents), builders of accepted
// acts (acts.cc, acts_finance.cc) and of submissions built to be refused
// (rejects.cc, rejects_rules.cc, rejects_kinds.cc). Internal to ledger/sample.
//
// Model discipline: builders only read the model and draw from the RNG; the
// model changes in Fold(), and only for accepted lines, with the domain's own
// fold (domain::Apply). Expectations come from how each line was built,
// never from domain::Decide.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/domain/state.h"
#include "ledger/domain/types.h"
#include "ledger/sample/generator.h"
#include "ledger/sample/rng.h"
#include "ledger/sample/world.h"

namespace pl::sample::internal {

// Bounds of the model: memory does not grow with the number of lines.
inline constexpr std::size_t kActivePatentsMax = 4000;   // live patents kept in the working set
inline constexpr std::size_t kRecentAcceptedMax = 64;    // accepted envelopes kept for replays
inline constexpr std::size_t kLicencesPerPatentModelMax = 10;  // licences generated per patent

struct PatentSlot {
  std::string number;  // canonical application number
  domain::PatentState state;
};

// A key holder's standing in the model's key registry.
struct KeyStanding {
  bool enrolled = false;
  bool revoked = false;
  bool revocable = false;  // its envelopes are never replayed: the key may be revoked later
};

// Small facts about states and parties (acts.cc), shared by acts and refusals.
bool IsExclusiveOrSole(domain::LicenceKind kind);
// What the licence rules would find against `l` on `st`: a reused licence id
// or an overlap (territory x term) that the kinds do not allow.
bool LicenceConflicts(const domain::PatentState& st, const domain::LicenceRecorded& l);
// An open-licence declaration, not withdrawn, whose term ends on or after `from`.
bool DeclarationLive(const domain::PatentState& st, std::int32_t from);
// A declaration, not withdrawn, whose term overlaps `term`.
bool DeclarationOverlaps(const domain::PatentState& st, const domain::DateRange& term);
// A declaration that can be taken on `day`.
bool DeclarationOpenOn(const domain::PatentState& st, std::int32_t day);
// An exclusive or sole licence, not terminated, whose term ends on or after `from`.
bool ExclusiveOrSoleLive(const domain::PatentState& st, std::int32_t from);
bool AnyDomestic(const std::vector<domain::Party>& parties);
const char* HolderName(domain::HolderType holder);
const char* LicenceKindName(domain::LicenceKind kind);
domain::Money Cny(std::int64_t yuan);

// Acts by the owners that refusal builders start from (rejects_rules.cc).
enum class OwnerAct { kTransfer, kLicence, kDeclaration, kPledge };

// A submission being built, with its signers (actor indices; [0] submits).
struct Draft {
  domain::Submission submission;
  std::vector<std::size_t> signers;
  std::string note;
  std::string number;                // canonical patent number; empty for key events
  std::optional<std::size_t> slot;   // the working-set patent acted on
  bool new_patent = false;           // a PatentRecorded of `number`
  std::optional<std::size_t> key_actor;  // the actor a key event enrols or revokes
};

// An accepted line kept for exact replays and reused submission ids.
struct Recent {
  Bytes envelope;
  domain::Submission submission;
  std::vector<std::size_t> signers;
};

class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(const Options& options);

  const std::vector<Actor>& actors() const { return actors_; }
  bool Next(Generated* out);

 private:
  explicit Engine(const Options& options);

  // generator.cc: lines, dates, signing, folding.
  Status CreateActors();
  void BeginLine();
  bool RejectDue() const;
  void EmitEnrolment(Generated* out);
  void EmitRevocation(Generated* out);
  void EmitReplay(Generated* out);
  void EmitAct(Generated* out);
  void EmitReject(Generated* out);
  Draft NewDraft(const std::string& number, domain::Body body, std::size_t submitter);
  Draft KeyDraft(domain::Body body, std::size_t submitter);
  Bytes Sign(const Bytes& submission_bytes, const std::vector<std::size_t>& signers) const;
  void Accept(Draft& draft, Generated* out);
  void Refuse(const Draft& draft, domain::RejectCode code, Generated* out) const;
  void Fold(const Draft& draft, const Bytes& envelope);
  void InsertPatent(PatentSlot slot);

  // acts.cc: helpers and the acts on ownership, status and licences.
  std::size_t Operator();
  // The key of a bank or keyed owner organisation. REQUIRES: it has one.
  std::size_t ConsentKey(const std::string& organisation) const;
  std::vector<std::size_t> Consents(const domain::PatentState& st, bool with_pledgee) const;
  bool InForceToday(const PatentSlot& p) const;
  void MaybeGuardVersion(Draft& d, const domain::PatentState& st);
  std::string ExportCertificate();
  template <typename Pred> std::optional<std::size_t> PickSlot(Pred pred);
  template <typename Pred> std::optional<std::size_t> ScanSlot(Pred pred);
  domain::Party Counterparty(const domain::PatentState& st);
  bool ActRecord(Draft* d);
  Draft RecordDraft();  // ActRecord, which always succeeds
  bool ActTransfer(Draft* d);
  bool ActLicence(Draft* d);
  bool ActTerminate(Draft* d);
  bool ActStatus(Draft* d);
  domain::LicenceRecorded NewLicence(const PatentSlot& p, domain::LicenceKind kind);

  // acts_finance.cc: open licences and pledges.
  bool ActDeclare(Draft* d);
  bool ActTake(Draft* d);
  bool ActWithdraw(Draft* d);
  bool ActPledge(Draft* d);
  bool ActRelease(Draft* d);
  domain::RoyaltyTerms NewRoyaltyTerms();
  domain::PledgeRegistered NewPledge(const PatentSlot& p);

  // rejects.cc: envelope, signer, identifier, idempotency and key codes.
  bool BuildReject(domain::RejectCode code, Generated* out);
  Draft ValidDraft();
  bool RejectTooLarge(Generated* out);
  bool RejectMalformed(Generated* out);
  bool RejectUnknownSigner(Generated* out);
  bool RejectBadSignature(Generated* out);
  bool RejectRevokedSigner(Generated* out);
  bool RejectUnauthorized(Generated* out);
  bool RejectInvalidPatentNumber(Generated* out);
  bool RejectInvalidPartyId(Generated* out);
  bool RejectDuplicate(Generated* out);
  bool RejectWrongVersion(Generated* out);
  bool RejectKeyAlreadyEnrolled(Generated* out);
  bool RejectKeyUnknown(Generated* out);

  // rejects_rules.cc and rejects_kinds.cc: domain rules.
  bool RejectPatentUnknown(Generated* out);
  bool RejectAlreadyRecorded(Generated* out);
  bool RejectInvalidDates(Generated* out);
  bool RejectNotInForce(Generated* out);
  bool RejectNotOwner(Generated* out);
  bool RejectCoOwnerConsent(Generated* out);
  bool RejectPledgeeConsent(Generated* out);
  bool RejectAlreadyPledged(Generated* out);
  bool RejectPledgeTerm(Generated* out);
  bool RejectLicenceTerm(Generated* out);
  bool RejectPledgeNotFound(Generated* out);
  bool RejectLicenceConflict(Generated* out);
  bool RejectOpenLicenceBlocked(Generated* out);
  bool RejectExclusiveForbidden(Generated* out);
  bool RejectNotDeclared(Generated* out);
  bool RejectTermsMismatch(Generated* out);
  bool RejectExportCertificate(Generated* out);
  bool RejectLicenceNotFound(Generated* out);
  // An act by the current owners of working-set patent `slot`, with every
  // consent it needs, valid in form and dates when the patent is in force
  // today. Refusal builders then break exactly one thing in it.
  Draft OwnersAct(std::size_t slot, OwnerAct act);
  OwnerAct FaultableAct(const domain::PatentState& st, bool with_pledge);
  // A party that does not own `st`'s patent.
  domain::Party Stranger(const domain::PatentState& st);

  Options options_;
  Rng rng_;
  World world_;
  PatentFactory patents_;
  std::vector<Actor> actors_;
  std::vector<KeyStanding> keys_;  // parallel to actors_
  std::vector<std::size_t> operators_;
  std::size_t retired_operator_ = 0;  // enrolled, later revoked
  std::size_t unenrolled_ = 0;        // never enrolled
  std::map<std::string, std::size_t> consent_key_;  // organisation -> actor (banks, keyed owners)
  std::vector<std::size_t> enrol_order_;

  std::vector<PatentSlot> slots_;
  std::vector<Recent> recent_;
  std::size_t recent_next_ = 0;
  std::vector<domain::RejectCode> pending_codes_;  // codes still to build in this round
  std::uint64_t serial_ = 0;                       // licence, pledge and contract numbers
  std::uint64_t variant_ = 0;                      // rotates the variants of each reject kind

  std::size_t produced_ = 0;
  std::size_t rejects_ = 0;
  std::size_t revoke_line_ = 0;
  double activity_reject_share_ = 0;
  std::int32_t first_day_ = 0;
  int days_total_ = 1;
  std::int32_t date_ = 0;
  std::int32_t line_date_ = 0;
  std::uint32_t day_line_ = 0;
  std::int64_t submitted_at_us_ = 0;
};

// Tries this many random patents before giving an act up.
inline constexpr int kPickAttempts = 48;

template <typename Pred>
std::optional<std::size_t> Engine::PickSlot(Pred pred) {
  if (slots_.empty()) return std::nullopt;
  for (int i = 0; i < kPickAttempts; ++i) {
    const std::size_t k = rng_.Index(slots_.size());
    if (pred(slots_[k])) return k;
  }
  return std::nullopt;
}

// Every patent of the working set, from a random one on (used where a
// suitable patent is rare: refusals need particular states).
template <typename Pred>
std::optional<std::size_t> Engine::ScanSlot(Pred pred) {
  if (slots_.empty()) return std::nullopt;
  const std::size_t start = rng_.Index(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const std::size_t k = (start + i) % slots_.size();
    if (pred(slots_[k])) return k;
  }
  return std::nullopt;
}

}  // namespace pl::sample::internal
