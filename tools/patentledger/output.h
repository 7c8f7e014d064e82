// Where a command writes a file the user named (--out FILE, or "-" for
// standard output).
//
// A document (the default) is written to FILE.tmp, synced, and renamed to
// FILE once it is complete. An error such as a full disk therefore never
// leaves a partial FILE, and an older FILE stays as it was. A stream
// (submit's receipts) is written to FILE as it goes, so that what was
// written survives a crash; so is a FILE that exists and is not a regular
// file (/dev/null, a pipe, a dangling link), which a rename would replace.
// A symbolic link to a file is followed: that file is the document.
// Either way a write error is reported, naming the file and the cause:
// output that could not be written is never reported as done.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "ledger/base/status.h"

namespace pl::cli {

class Output {
 public:
  enum class Kind { kDocument, kStream };
  static Result<std::unique_ptr<Output>> Open(const std::string& path, Kind kind = Kind::kDocument);
  // Without a successful Close(), a document's FILE.tmp is removed.
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  // For writers that take a FILE*. Their errors surface in Close().
  std::FILE* file() const { return file_; }
  // Appends `bytes`; after a failure, does nothing (ok() is false).
  void Write(std::string_view bytes);
  // False once a write has failed (a stream's writer should stop).
  bool ok() const;
  // Flushes and closes; a document is synced and renamed into place.
  // REQUIRES: called once.
  Status Close();

 private:
  Output(std::string path, Kind kind, std::FILE* file);
  std::string Name() const;

  const std::string path_;
  const Kind kind_;
  std::FILE* file_;
  int error_ = 0;  // errno of the first failure
  bool closed_ = false;
};

}  // namespace pl::cli
