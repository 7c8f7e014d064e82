#!/usr/bin/env bash
# Quick start, command 2: install, build, and run the whole test suite.
#  1. a libFuzzer run on the admission path (clang, bounded in time);
#  2. the unit tests under AddressSanitizer + UBSan;
#  3. every test (unit, conformance, crash with kill -9, CLI) on the release
#     build -- its CTest summary closes the output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/deploy/setup.sh"
jobs=$(nproc)

echo "== fuzz: admission path (libFuzzer)"
cmake -S "$root" -B "$root/build-fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DPL_FUZZ=ON >/dev/null
cmake --build "$root/build-fuzz" --parallel "$jobs" --target admission_fuzz
mkdir -p "$root/build-fuzz/corpus"
"$root/build-fuzz/tests/fuzz/admission_fuzz" -max_total_time="${PL_FUZZ_SECONDS:-60}" -max_len=70000 \
  -print_final_stats=1 "$root/build-fuzz/corpus" 2>&1 | tail -n 12

echo "== unit tests under ASan/UBSan"
cmake -S "$root" -B "$root/build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPL_SANITIZE=ON >/dev/null
cmake --build "$root/build-asan" --parallel "$jobs"
(cd "$root/build-asan" && ctest -L unit --output-on-failure -j "$jobs")

echo "== all tests (release build)"
bash "$root/deploy/build.sh"
cd "$root/build" && ctest --output-on-failure -j "$jobs"
