#include "ledger/node/receipt.h"

#include <nlohmann/json.hpp>

#include "ledger/domain/admission.h"

namespace pl::node {

const char* ReceiptStatusName(Receipt::Status status) {
  switch (status) {
    case Receipt::Status::kAccepted: return "accepted";
    case Receipt::Status::kRejected: return "rejected";
    case Receipt::Status::kBusy: return "busy";
    case Receipt::Status::kError: return "error";
  }
  return "error";
}

std::string Receipt::ToJson() const {
  nlohmann::ordered_json j;
  j["status"] = ReceiptStatusName(status);
  j["submission_id"] = submission_id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(submission_id);
  if (status == Status::kAccepted) {
    j["partition"] = partition;
    j["seq"] = seq;
    j["stream_version"] = stream_version;
    j["leaf_hash"] = HexEncode(leaf_hash);
    auto flag_names = nlohmann::ordered_json::array();
    if (flags & domain::kFlagLateFiling) flag_names.push_back("late_filing");
    j["flags"] = flag_names;
    if (replayed) j["replayed"] = true;
  } else {
    if (status == Status::kRejected) j["code"] = domain::RejectCodeName(code);
    j["message"] = message;
  }
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace pl::node
