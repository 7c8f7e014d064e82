// The monitoring-statistics projection.
//
// Tables (digest order):
//   cells         CellKey (facts.h) -> CellValue: additive counts and
//                 amounts by effective date x act x region x IPC class x
//                 holder type x flow x counterpart region
//   patents       patent -> PatentFacts
//   pledges       patent 0x00 pledge id 0x00 version(u64 BE) -> PledgeFacts
//   declarations  patent 0x00 declaration id -> DeclarationFacts
//
// Nothing here depends on a cut-off: periods, the cut-off date and every
// "as at period end" figure are computed at report time (report/), so one
// caught-up state answers any --as-of. Cells are sums (order-independent);
// the other tables are per patent, hence per partition, and folded in seq
// order.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "projections/framework/projection.h"
#include "projections/statistics/facts.h"

namespace pl::projections::statistics {

inline constexpr char kName[] = "statistics";
inline constexpr std::uint32_t kCellsTable = 0;
inline constexpr std::uint32_t kPatentsTable = 1;
inline constexpr std::uint32_t kPledgesTable = 2;
inline constexpr std::uint32_t kDeclarationsTable = 3;

class StatisticsProjection : public Projection {
 public:
  const char* name() const override { return kName; }
  // 2 (2026-12-03): declaration records carry the declared term; the lead
  // of all-zero shares is the smallest identity, whatever the list order.
  std::uint32_t format_version() const override { return 3; }  // 3: status marks without versions
  std::vector<std::string> table_names() const override { return {"cells", "patents", "pledges", "declarations"}; }
  void Attach(Tables* tables) override;
  Status Apply(const Event& event) override;
  Status Flush() override;
  void AfterCommit() override;

 private:
  struct Ctx;
  // A patent's facts and whether Flush() must write them.
  struct Cached {
    PatentFacts facts;
    bool dirty = false;
  };
  using CacheEntry = std::pair<const std::string, Cached>;
  // The patent's facts, marked dirty.
  Result<PatentFacts*> Load(const std::string& patent);
  void MarkDirty(CacheEntry* entry);
  void AddCell(const CellKey& key, const CellValue& value);
  Status OnRecorded(const Event& e, const domain::PatentRecorded& r);
  void OnTransfer(Ctx& c, const domain::OwnershipTransferred& t);
  void OnLicence(Ctx& c, const domain::LicenceRecorded& l);
  Status OnDeclaration(Ctx& c, const domain::Body& body);
  Status OnTaking(Ctx& c, const domain::OpenLicenceTaken& t);
  Status OnPledge(Ctx& c, const domain::Body& body);

  Tables* tables_ = nullptr;
  std::unordered_map<std::string, Cached> cache_;
  std::vector<CacheEntry*> dirty_;  // entries of cache_ (nodes: stable)
  std::unordered_map<std::string, CellValue> deltas_;  // encoded CellKey -> increment
};

// Readers for the report (nothing pending).
Status ForEachCell(const Tables& tables, const std::function<bool(const CellKey&, const CellValue&)>& fn);
Status ForEachPatent(const Tables& tables, const std::function<bool(const std::string&, const PatentFacts&)>& fn);
Status ForEachPledge(const Tables& tables, const std::function<bool(const PledgeFacts&)>& fn);
Status ForEachDeclaration(const Tables& tables, const std::function<bool(const DeclarationFacts&)>& fn);

}  // namespace pl::projections::statistics
