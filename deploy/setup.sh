#!/usr/bin/env bash
# Installs every build and test dependency from Debian 12 packages.
# Idempotent: when everything is present it changes nothing and is quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  librocksdb-dev librdkafka-dev libflatbuffers-dev flatbuffers-compiler
  libssl-dev openssl libboost-test-dev libcli11-dev nlohmann-json3-dev
  libjemalloc-dev                   # the programs' allocator (decision 0024)
  clang libclang-rt-14-dev          # libFuzzer target
  kcat                              # reading the Kafka topic by hand
  jq                                # JSON in scripts and tests
  chromium nodejs                   # the report's browser test (headless Chromium over DevTools)
  openjdk-17-jre-headless maven     # the Kafka broker of the `kafka` tests (deploy/kafka)
  iproute2                          # ss: free ports and loopback-only checks of the broker
)

# The Kafka broker jars (pinned in deploy/kafka/pom.xml) from Maven Central;
# fetch.sh does nothing when they are already there.
fetch_kafka() { bash "$(cd "$(dirname "$0")" && pwd)/kafka/fetch.sh"; }

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep "install ok installed" >/dev/null || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  fetch_kafka
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fetch_kafka
