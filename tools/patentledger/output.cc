#include "tools/patentledger/output.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ledger/base/assert.h"

namespace pl::cli {
namespace {

std::string TmpPath(const std::string& path) { return path + ".tmp"; }

}  // namespace

Output::Output(std::string path, Kind kind, std::FILE* file) : path_(std::move(path)), kind_(kind), file_(file) {}

Result<std::unique_ptr<Output>> Output::Open(const std::string& path, Kind kind) {
  if (path == "-") return std::unique_ptr<Output>(new Output(path, Kind::kStream, stdout));
  // Through a symbolic link the document is the file it names: replaced
  // there, whole, and the link kept.
  std::string file = path;
  struct stat st{};
  if (::lstat(file.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const auto named = std::filesystem::canonical(file, ec);
    if (!ec) file = named.string();
  }
  // Anything else but a regular file or nothing (/dev/null, a pipe, a
  // dangling link) is written in place: renaming over it would replace it.
  if (::lstat(file.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) kind = Kind::kStream;
  const std::string target = kind == Kind::kDocument ? TmpPath(file) : file;
  std::FILE* f = std::fopen(target.c_str(), "wb");
  if (f == nullptr) return Status::IoError("cannot open output file '" + target + "': " + std::strerror(errno));
  return std::unique_ptr<Output>(new Output(file, kind, f));
}

Output::~Output() {
  if (closed_ || file_ == stdout) return;
  std::fclose(file_);
  if (kind_ == Kind::kDocument) ::unlink(TmpPath(path_).c_str());
}

std::string Output::Name() const { return path_ == "-" ? "standard output" : "'" + path_ + "'"; }

void Output::Write(std::string_view bytes) {
  if (error_ != 0 || bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) error_ = errno != 0 ? errno : EIO;
}

bool Output::ok() const { return error_ == 0 && file_ != nullptr && !std::ferror(file_); }

Status Output::Close() {
  PL_ASSERT(!closed_);
  closed_ = true;
  auto failed = [&](int e) {
    if (error_ == 0) error_ = e != 0 ? e : EIO;
  };
  if (std::fflush(file_) != 0) failed(errno);
  if (std::ferror(file_)) failed(EIO);
  if (file_ == stdout) {
    return error_ == 0 ? Status::Ok() : Status::IoError("writing " + Name() + ": " + std::strerror(error_));
  }
  // A document is synced before the rename: after a power loss FILE is the
  // old one or the new one, whole.
  if (kind_ == Kind::kDocument && error_ == 0 && ::fsync(::fileno(file_)) != 0) failed(errno);
  if (std::fclose(file_) != 0) failed(errno);
  file_ = nullptr;
  const std::string tmp = TmpPath(path_);
  if (error_ != 0) {
    if (kind_ == Kind::kDocument) ::unlink(tmp.c_str());
    return Status::IoError("writing " + Name() + ": " + std::strerror(error_));
  }
  if (kind_ == Kind::kDocument && std::rename(tmp.c_str(), path_.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return Status::IoError("renaming '" + tmp + "' to " + Name() + ": " + std::strerror(e));
  }
  return Status::Ok();
}

}  // namespace pl::cli
