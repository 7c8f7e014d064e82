#include "ledger/base/status.h"

namespace pl {

std::string_view Status::CodeName(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kNotFound: return "not found";
    case Code::kCorruption: return "corruption";
    case Code::kIoError: return "I/O error";
    case Code::kBusy: return "busy, retry";
    case Code::kFailedPrecondition: return "failed precondition";
    case Code::kInternal: return "internal error";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace pl
