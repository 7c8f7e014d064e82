#include "tools/patentledger/cli.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include <random>

#include "ledger/base/bytes.h"
#include "ledger/base/date.h"
#include "ledger/base/limits.h"

namespace pl::cli {
namespace {

long long NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

std::string RandomSubmissionId() {
  std::random_device rd;
  Bytes id(16);
  for (auto& b : id) b = std::uint8_t(rd());
  return HexEncode(id);
}

long long NowUtcUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int TodayYyyymmdd() {
  auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromDays(std::int32_t(days.time_since_epoch().count())).yyyymmdd();
}

Result<int> ParseDate(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c != '-') digits.push_back(c);
  }
  bool dashed = text.size() == 10 && text[4] == '-' && text[7] == '-';
  if ((dashed || text.size() == 8) && digits.size() == 8 &&
      digits.find_first_not_of("0123456789") == std::string::npos) {
    if (auto d = Date::FromYyyymmdd(std::stoi(digits))) return d->yyyymmdd();
  }
  return Status::InvalidArgument("'" + text + "' is not a date (YYYY-MM-DD)");
}

int& ExitStatus() {
  static int status = kExitOk;
  return status;
}

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "patentledger: %s\n", message.c_str());
  ExitStatus() = code;
  return code;
}

int Fail(const Status& status) {
  return Fail(status.code() == Status::Code::kInvalidArgument ? kExitBadInput : kExitFailure, status.ToString());
}

Result<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path) {
  auto r = std::make_unique<LineReader>();
  if (path == "-") {
    r->name_ = "<stdin>";
    r->in_ = &std::cin;
  } else {
    auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
    if (!*file) return Status::InvalidArgument("cannot open input file '" + path + "'");
    r->name_ = path;
    r->in_ = file.get();
    r->owned_ = std::move(file);
  }
  return r;
}

bool LineReader::Next(std::string* line) {
  while (std::getline(*in_, *line)) {
    ++line_number_;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    if (line->size() > limits::kInputLineBytesMax) {
      status_ = Status::InvalidArgument(Where() + ": line is longer than " +
                                        std::to_string(limits::kInputLineBytesMax) + " bytes");
      return false;
    }
    if (!line->empty()) return true;
  }
  if (in_->bad()) status_ = Status::IoError("reading " + name_);
  return false;
}

Progress::Progress(std::string label)
    : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1), start_us_(NowUs()), last_us_(start_us_) {}

void Progress::Tick(std::size_t done) {
  if (!enabled_) return;
  long long now = NowUs();
  if (now - last_us_ < 1000000) return;
  last_us_ = now;
  double rate = double(done) * 1e6 / double(now - start_us_);
  std::fprintf(stderr, "\r%s: %zu done (%.0f/s)   ", label_.c_str(), done, rate);
  std::fflush(stderr);
}

void Progress::Finish(std::size_t done) {
  if (!enabled_) return;
  std::fprintf(stderr, "\r%s: %zu done            \n", label_.c_str(), done);
}

}  // namespace pl::cli
