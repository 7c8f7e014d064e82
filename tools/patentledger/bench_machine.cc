#include "tools/patentledger/bench_machine.h"

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "ledger/base/bytes.h"
#include "ledger/crypto/crypto.h"

namespace pl::cli {

double SecondsSince(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

double SingleCoreVerifyRate(double seconds) {
  auto key = crypto::PrivateKey::Generate(domain::KeyAlgorithm::kEd25519);
  Bytes message(600, 0x5a);
  Bytes signature = key->SignSubmission(message);
  const crypto::PublicKey& pub = key->public_key();
  std::size_t n = 0;
  auto start = std::chrono::steady_clock::now();
  while (true) {
    for (int i = 0; i < 256; ++i) {
      if (!pub.VerifySubmission(message, signature)) std::abort();
    }
    n += 256;
    if (SecondsSince(start) >= seconds) break;
  }
  return double(n) / SecondsSince(start);
}

double OpensslVerifyRate(unsigned processes) {
  const std::string command = "openssl speed " + (processes > 1 ? "-multi " + std::to_string(processes) + " " : "") +
                              "-seconds 2 ed25519 2>/dev/null";
  std::FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return 0;
  char buf[512];
  double rate = 0;
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
    std::string line(buf);
    // " 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  29000.0  10700.0" (with
    // -multi the table has the same shape, rates summed over processes)
    if (line.find("Ed25519)") == std::string::npos || line.find("bits") == std::string::npos) continue;
    std::size_t end = line.find_last_not_of(" \n");
    std::size_t start = line.find_last_of(' ', end);
    rate = std::atof(line.substr(start + 1, end - start).c_str());
  }
  ::pclose(p);
  return rate;
}

double LoadAverage() {
  double load[1] = {0};
  return ::getloadavg(load, 1) == 1 ? load[0] : 0;
}

long PeakRssKib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace pl::cli
