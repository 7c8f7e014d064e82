#include "ledger/base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace pl::internal {

void AssertFail(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "assertion failed: %s:%d: %s\n", file, line, condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace pl::internal
