// The technology-contract recognition projection.
//
// Tables (digest order):
//   contracts  contract id (32 hex) -> Contract, merged from its parts
//   parts      contract key 0x00 patent 0x00 version(u64 BE) -> Part
//   patents    patent -> patent type u8 | IPC main class
//   refs       patent 0x00 'L' licence id -> the licence's part key
//              patent 0x00 'D' declaration id -> declarants, royalty rate
//
// Determinism: parts are keyed by (contract key, patent, version), so the
// set of parts does not depend on the order events arrive in; every
// contract touched in a batch is re-merged from all its parts at Flush().
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "projections/framework/projection.h"
#include "projections/techcontract/contract.h"

namespace pl::projections::techcontract {

inline constexpr char kName[] = "techcontract";

class TechContractProjection : public Projection {
 public:
  const char* name() const override { return kName; }
  std::uint32_t format_version() const override { return 1; }
  std::vector<std::string> table_names() const override { return {"contracts", "parts", "patents", "refs"}; }
  void Attach(Tables* tables) override;
  Status Apply(const Event& event) override;
  Status Flush() override;
  void AfterCommit() override;

 private:
  // The patents record (type u8 | IPC main class), cached.
  Result<const std::string*> PatentOf(const std::string& patent);
  Status PutPart(Part part, const Event& e);
  Status OnLicenceTerminated(const Event& e, const domain::LicenceTerminated& t);
  Status OnTaking(const Event& e, const domain::OpenLicenceTaken& t);
  Tables* tables_ = nullptr;
  std::unordered_set<std::string> dirty_;  // contract keys to re-merge (each on its own)
  std::unordered_map<std::string, std::string> patents_;
};

// Calls fn for every contract in contract-id order until it returns false.
Status ForEachContract(const Tables& tables, const std::function<bool(const Contract&)>& fn);

}  // namespace pl::projections::techcontract
