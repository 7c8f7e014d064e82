// A seeded synthetic registry: key holders, signed submissions and the
// outcome each submission is built to get. Used by `patentledger generate`,
// the benchmark and the end-to-end tests. See README.md for the mix of
// submissions and the decisions behind it.
//
// Determinism: the same Options give the same actors and the same envelope
// bytes, byte for byte, on every run (no clock, no std::random_device, no
// library distribution whose output is implementation-defined).
//
// Memory stays bounded however many submissions are drawn: the generator
// keeps a working set of at most a few thousand live patents and retires
// older ones.
//
// Thread safety: none; one Generator per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/reject_code.h"

namespace pl::sample {

struct Options {
  std::uint64_t seed = 1;
  std::size_t submissions = 10000;  // total lines produced, including key enrolments
  double reject_share = 0.08;       // share of submissions built to be refused
  int first_year = 2016;            // activity years (effective dates)
  int last_year = 2024;
};

// A key holder.
struct Actor {
  std::string name;          // file-name safe: "authority", "operator-1", "bank-icbc-beijing", "owner-<code>"
  std::string organisation;  // party id (credit code) of its organisation
  std::uint8_t roles = 0;    // domain::Role bits it is (or would be) enrolled with
  crypto::PrivateKey key;    // Ed25519, derived from the seed and the name
};

struct Expectation {
  enum class Kind { kAccept, kReplay, kReject };
  Kind kind = Kind::kAccept;
  domain::RejectCode code = domain::RejectCode::kMalformed;  // kReject only
};

struct Generated {
  Bytes envelope;        // signed envelope bytes (codec::EncodeEnvelope)
  Expectation expected;  // the answer of a fresh ledger whose trust anchor is authority(),
                         // when every line is submitted in order
  std::string note;      // short description for a person
};

namespace internal {
class Engine;
}  // namespace internal

class Generator {
 public:
  // kInvalidArgument for options out of range (years outside 2000..2150 or
  // reversed, reject_share outside [0, 0.5]).
  static Result<std::unique_ptr<Generator>> Create(const Options& options);
  ~Generator();

  // Every key holder, the authority first. Includes keys that are enrolled
  // and later revoked, and one key that is never enrolled.
  const std::vector<Actor>& actors() const;
  // The trust anchor (AUTHORITY role); it signs every key event.
  const Actor& authority() const;

  // Fills `out` with the next line; false once options.submissions lines
  // have been produced.
  bool Next(Generated* out);

 private:
  explicit Generator(std::unique_ptr<internal::Engine> engine);
  std::unique_ptr<internal::Engine> engine_;
};

}  // namespace pl::sample
