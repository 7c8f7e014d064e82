// Invariant checks that stay on in release builds. A failed PL_ASSERT is a
// bug in this program, never a reaction to bad input: input is validated and
// rejected with a Status or a RejectCode before any assert relies on it.
#pragma once

namespace pl::internal {
[[noreturn]] void AssertFail(const char* file, int line, const char* condition);
}  // namespace pl::internal

#define PL_ASSERT(condition)                                       \
  do {                                                             \
    if (!(condition)) [[unlikely]]                                 \
      ::pl::internal::AssertFail(__FILE__, __LINE__, #condition);  \
  } while (0)
