// Status and Result<T>: how operating errors (I/O, corruption, overload,
// bad arguments) travel in ledger/ and projections/. No exceptions cross a
// module boundary. Business rejections are NOT Status values: they are
// domain::RejectCode values carried in a receipt.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "ledger/base/assert.h"

namespace pl {

class [[nodiscard]] Status {
 public:
  // The code tells the caller what to do.
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // caller's input is wrong: fix it, do not retry
    kNotFound,         // the named thing does not exist
    kCorruption,       // stored or received bytes fail verification: stop
    kIoError,          // the environment failed: may retry later
    kBusy,             // overloaded: retry after a pause
    kFailedPrecondition,  // wrong state for this call (e.g. no ledger here)
    kInternal,         // a bug; should not happen
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return Status(Code::kInvalidArgument, std::move(m)); }
  static Status NotFound(std::string m) { return Status(Code::kNotFound, std::move(m)); }
  static Status Corruption(std::string m) { return Status(Code::kCorruption, std::move(m)); }
  static Status IoError(std::string m) { return Status(Code::kIoError, std::move(m)); }
  static Status Busy(std::string m) { return Status(Code::kBusy, std::move(m)); }
  static Status FailedPrecondition(std::string m) { return Status(Code::kFailedPrecondition, std::move(m)); }
  static Status Internal(std::string m) { return Status(Code::kInternal, std::move(m)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsBusy() const { return code_ == Code::kBusy; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }

  // Adds the caller's context in front: "opening store: <inner message>".
  Status WithContext(std::string_view context) const {
    if (ok()) return *this;
    return Status(code_, std::string(context) + ": " + message_);
  }

  std::string ToString() const;
  static std::string_view CodeName(Code code);

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    PL_ASSERT(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { PL_ASSERT(ok()); return *value_; }
  const T& value() const& { PL_ASSERT(ok()); return *value_; }
  T&& value() && { PL_ASSERT(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace pl

// Returns early from the enclosing function when `expr` is not ok.
#define PL_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::pl::Status pl_status_ = (expr);         \
    if (!pl_status_.ok()) return pl_status_;  \
  } while (0)
