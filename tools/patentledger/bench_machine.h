// The machine's figures every benchmark prints beside its own, measured in
// the same run (the machine is shared: only ratios and the load average
// make figures comparable).
#pragma once

#include <chrono>

namespace pl::cli {

double SecondsSince(std::chrono::steady_clock::time_point since);

// Ed25519 verifications per second on one thread (our crypto::PublicKey,
// OpenSSL underneath), over a message the size of a typical submission,
// for about `seconds`.
double SingleCoreVerifyRate(double seconds);

// `openssl speed [-multi N] -seconds 2 ed25519` verify/s (all N processes
// together), or 0 when openssl is unavailable.
double OpensslVerifyRate(unsigned processes = 1);

// The 1-minute load average.
double LoadAverage();

// This process's peak resident set.
long PeakRssKib();

}  // namespace pl::cli
