// Shared pieces of the patentledger command line: exit codes, line input
// with file/line context, terminal progress. Every subcommand registers
// itself through a Register* function (one file per command group).
#pragma once

#include <cstdio>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "ledger/base/status.h"

namespace pl::cli {

// Exit codes scripts can rely on (README.md, "Exit codes").
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,        // bad arguments
  kExitBadInput = 2,     // an input file or line is wrong (message names file, line, field)
  kExitFailure = 3,      // operating error: store, I/O, corruption
  kExitRejected = 4,     // submit: every submission answered, some rejected
  kExitRetry = 5,        // submit: some answered busy/error; resubmit them
  kExitVerifyFailed = 6  // verify: the store fails verification
};

// What a subcommand's callback sets; main() returns it.
int& ExitStatus();

// Prints "patentledger: <message>" to stderr and returns `code`.
int Fail(int code, const std::string& message);
int Fail(const Status& status);  // kExitFailure, or kExitBadInput for kInvalidArgument

// 16 random bytes as 32 lowercase hex characters: a fresh submission id.
std::string RandomSubmissionId();
// Today's UTC date as YYYYMMDD, and the time in UTC microseconds.
int TodayYyyymmdd();
// "2024-12-31" or "20241231" -> 20241231; kInvalidArgument naming the text.
Result<int> ParseDate(const std::string& text);
long long NowUtcUs();

// Reads lines from a file or "-" (stdin), tracking the line number.
class LineReader {
 public:
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path);
  // Next non-empty line; false at the end. kInvalidArgument for an over-long line.
  bool Next(std::string* line);
  const Status& status() const { return status_; }
  std::size_t line_number() const { return line_number_; }
  const std::string& name() const { return name_; }
  // "file:12"
  std::string Where() const { return name_ + ":" + std::to_string(line_number_); }

 private:
  std::string name_;
  std::unique_ptr<std::istream> owned_;
  std::istream* in_ = nullptr;
  std::size_t line_number_ = 0;
  Status status_;
};

// Output files: output.h.

// Progress on a terminal only: "label: N done (R/s)" rewritten once a second.
class Progress {
 public:
  explicit Progress(std::string label);
  void Tick(std::size_t done);
  void Finish(std::size_t done);

 private:
  std::string label_;
  bool enabled_;
  long long start_us_, last_us_;
};

void RegisterKeyCommands(CLI::App& app);
void RegisterSignCommands(CLI::App& app);
void RegisterSubmitCommand(CLI::App& app);
void RegisterQueryCommands(CLI::App& app);
void RegisterExportCommands(CLI::App& app);
void RegisterGenerateCommand(CLI::App& app);
void RegisterBenchCommands(CLI::App& app);
void RegisterProofCommands(CLI::App& app);  // checkpoint, prove, verify-proof
void RegisterCertificateCommands(CLI::App& app);  // certificate, verify-certificate
void RegisterProofBench(CLI::App& bench);           // bench proofs
void RegisterVerifyBench(CLI::App& bench);          // bench verify
void RegisterKafkaCommands(CLI::App& app);  // publish, replay --from kafka, tail

// export --archive: every event of the store (or of one partition, from a
// seq) into an archive file written with ArchiveWriter. Returns an exit code.
int ExportArchive(const std::string& ledger_dir, const std::string& path, std::optional<std::uint32_t> partition,
                  std::uint64_t from_seq);

}  // namespace pl::cli
