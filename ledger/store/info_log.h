// RocksDB's informational LOG, written by us. Debian's RocksDB 7.8 is built
// with assertions on, and its own file logger asserts (aborting the
// process) when it writes a line after a failed write -- which is what a
// full disk does to it. A store must report a full disk as an error, never
// crash (tests/projections/rebuild_faults_test.sh), so every RocksDB we
// open logs through this: one write(2) per line, failures ignored (a lost
// log line is harmless). Shared by the ledger's store and the projections'
// stores (header only, like settle.h).
//
// DIR/LOG is opened on the first line (RocksDB creates DIR first) and
// appended to; at that open a LOG past kInfoLogBytesMax becomes LOG.old.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <string>

#include <rocksdb/env.h>

namespace pl::store {

inline constexpr off_t kInfoLogBytesMax = off_t(16) << 20;

class InfoLog final : public rocksdb::Logger {
 public:
  explicit InfoLog(std::string dir) : Logger(rocksdb::InfoLogLevel::INFO_LEVEL), path_(std::move(dir) + "/LOG") {}
  ~InfoLog() override {
    if (fd_ >= 0) ::close(fd_);
  }

  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char line[4096];
    timespec now{};
    ::clock_gettime(CLOCK_REALTIME, &now);
    tm utc{};
    ::gmtime_r(&now.tv_sec, &utc);
    int n = int(std::strftime(line, sizeof line, "%Y/%m/%d-%H:%M:%S", &utc));
    n += std::snprintf(line + n, sizeof line - std::size_t(n), ".%06ld ", long(now.tv_nsec / 1000));
    const int body = std::vsnprintf(line + n, sizeof line - std::size_t(n), format, ap);
    if (body > 0) n = std::min(n + body, int(sizeof line) - 1);  // a longer line is cut
    line[n++] = '\n';
    std::lock_guard lock(mu_);
    if (fd_ < 0 && !Open()) return;
    (void)!::write(fd_, line, std::size_t(n));
  }

 private:
  bool Open() {
    struct stat st{};
    if (::stat(path_.c_str(), &st) == 0 && st.st_size > kInfoLogBytesMax) {
      (void)::rename(path_.c_str(), (path_ + ".old").c_str());
    }
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    return fd_ >= 0;
  }

  const std::string path_;
  std::mutex mu_;
  int fd_ = -1;  // guarded by mu_
};

// The info log of the RocksDB in `dir`.
inline std::shared_ptr<rocksdb::Logger> MakeInfoLog(const std::string& dir) { return std::make_shared<InfoLog>(dir); }

}  // namespace pl::store
