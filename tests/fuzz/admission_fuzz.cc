// libFuzzer target for the admission path: size limit, FlatBuffers Verifier,
// decoding, signature checks and the admission decision (Decide + Apply),
// without the store. Two modes, chosen by the first byte:
//   even: the rest is a signed envelope, checked as the node checks it;
//   odd:  the rest is a Submission, wrapped and signed here by an enrolled
//         operator key so the fuzzer reaches the rules past the signature.
// Anything may be rejected; nothing may crash, hang or trip an assert.
#include <cstddef>
#include <cstdint>
#include <memory>

#include "ledger/codec/codec.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/admission.h"
#include "ledger/node/precheck.h"

namespace {

struct World {
  std::unique_ptr<pl::crypto::PrivateKey> key;
  pl::node::KeyCache cache;
  pl::domain::KeyRegistry registry;
  pl::domain::PatentState state;  // a recorded, pledged, licensed patent
};

World& TheWorld() {
  static World* w = [] {
    auto* world = new World;
    pl::Bytes seed(32, 7);
    auto key = pl::crypto::PrivateKey::FromEd25519Seed(seed);
    world->key = std::make_unique<pl::crypto::PrivateKey>(std::move(*key));
    const auto& pub = world->key->public_key();
    auto copy = pl::crypto::PublicKey::FromRaw(pub.algorithm(), pub.raw());
    world->cache.Add(pub.key_id(), std::make_shared<const pl::crypto::PublicKey>(std::move(copy.value())));
    world->registry.Put({pub.key_id(), pub.algorithm(), pub.raw(), "91110108MA01ABCD1X",
                         pl::domain::kRoleRegistryOperator | pl::domain::kRoleAuthority, false, 0});
    pl::domain::PatentState& st = world->state;
    st.event_count = 3;
    st.grant_date = 20150101;
    st.expiry_date = 20350101;
    pl::domain::Party owner;
    owner.id = "91110108MA01ABCD1X";
    owner.division_code = 110108;
    owner.share_bp = 10000;
    st.owners = {owner};
    st.pledge = pl::domain::ActivePledge{"P-1", {owner}, owner, {1000, "CNY"}, {20200101, 20300101}, "C-1", 20200101};
    st.licences.push_back({"L-1", pl::domain::LicenceKind::kSole, owner, {"11"}, {20200101, 20300101}, false, false});
    return world;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  World& w = TheWorld();
  pl::ByteSpan rest(data + 1, size - 1);
  pl::Bytes envelope;
  if (data[0] % 2 == 1) {
    envelope = pl::codec::EncodeEnvelope(rest, {{w.key->public_key().key_id(), w.key->SignSubmission(rest)}});
  } else {
    envelope.assign(rest.begin(), rest.end());
  }
  pl::node::Prechecked pc = pl::node::Precheck(envelope, w.cache);
  if (pc.reject) return 0;
  pl::domain::AdmissionInput input;
  input.submission = &pc.submission;
  input.signatures = pc.outcomes;
  input.submission_digest = pc.digest;
  bool known = !pc.canonical_patent.empty() && (data[0] & 2) != 0;
  pl::domain::Verdict v = pl::domain::Decide(input, w.registry, known ? &w.state : nullptr);
  if (v.accepted()) {
    if (pl::domain::IsKeyEvent(pc.submission.body)) {
      pl::domain::KeyRegistry copy = w.registry;
      pl::domain::ApplyKeyEvent(copy, pc.submission);
    } else {
      pl::domain::PatentState copy = known ? w.state : pl::domain::PatentState{};
      pl::domain::Apply(copy, pc.submission, v.flags, pl::Hash256{});
    }
  }
  return 0;
}
