#include <variant>

#include "ledger/domain/types.h"

namespace pl::domain {
namespace {

struct KindNamer {
  const char* operator()(const PatentRecorded&) const { return "PatentRecorded"; }
  const char* operator()(const PatentStatusChanged&) const { return "PatentStatusChanged"; }
  const char* operator()(const OwnershipTransferred&) const { return "OwnershipTransferred"; }
  const char* operator()(const LicenceRecorded&) const { return "LicenceRecorded"; }
  const char* operator()(const LicenceTerminated&) const { return "LicenceTerminated"; }
  const char* operator()(const OpenLicenceDeclared&) const { return "OpenLicenceDeclared"; }
  const char* operator()(const OpenLicenceWithdrawn&) const { return "OpenLicenceWithdrawn"; }
  const char* operator()(const OpenLicenceTaken&) const { return "OpenLicenceTaken"; }
  const char* operator()(const PledgeRegistered&) const { return "PledgeRegistered"; }
  const char* operator()(const PledgeReleased&) const { return "PledgeReleased"; }
  const char* operator()(const KeyEnrolled&) const { return "KeyEnrolled"; }
  const char* operator()(const KeyRevoked&) const { return "KeyRevoked"; }
};

}  // namespace

const char* KindName(const Body& body) { return std::visit(KindNamer{}, body); }

}  // namespace pl::domain
