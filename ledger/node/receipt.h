// What a submitter gets back for every submission: accepted (with its log
// position) or rejected (with a stable code and a message for a person), or
// -- when the node could not decide -- busy or error, both meaning "nothing
// was recorded; retry".
#pragma once

#include <cstdint>
#include <string>

#include "ledger/base/bytes.h"
#include "ledger/domain/reject_code.h"

namespace pl::node {

struct Receipt {
  enum class Status : std::uint8_t { kAccepted, kRejected, kBusy, kError };
  Status status = Status::kError;
  std::string submission_id;  // empty when the envelope could not be decoded
  // kAccepted:
  std::uint32_t partition = 0;
  std::uint64_t seq = 0;
  std::uint64_t stream_version = 0;
  Hash256 leaf_hash{};
  std::uint32_t flags = 0;
  bool replayed = false;  // the original receipt of an earlier identical submission
  // kRejected:
  domain::RejectCode code = domain::RejectCode::kMalformed;
  // kRejected, kBusy, kError: what a person should know.
  std::string message;

  bool accepted() const { return status == Status::kAccepted; }

  static Receipt Rejected(std::string submission_id, domain::RejectCode code, std::string message) {
    Receipt r;
    r.status = Status::kRejected;
    r.submission_id = std::move(submission_id);
    r.code = code;
    r.message = std::move(message);
    return r;
  }
  static Receipt Failed(Status status, std::string submission_id, std::string message) {
    Receipt r;
    r.status = status;
    r.submission_id = std::move(submission_id);
    r.message = std::move(message);
    return r;
  }

  // One JSON object on one line, e.g.
  // {"status":"accepted","submission_id":"…","partition":0,"seq":12,
  //  "stream_version":3,"leaf_hash":"…","flags":["late_filing"]}
  // {"status":"rejected","submission_id":"…","code":"NOT_OWNER","message":"…"}
  std::string ToJson() const;
};

const char* ReceiptStatusName(Receipt::Status status);

}  // namespace pl::node
