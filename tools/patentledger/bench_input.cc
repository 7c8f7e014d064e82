#include "tools/patentledger/bench_input.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "ledger/crypto/crypto.h"

namespace pl::cli {

Result<BenchInput> GenerateBenchInput(const std::string& work, std::size_t count, std::uint64_t seed,
                                      const std::string& origin, std::uint32_t partitions) {
  std::error_code ec;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  if (self.empty()) return Status::Internal("cannot find this program (/proc/self/exe): " + ec.message());
  const std::string sample = work + "/sample";
  const std::string gen = "'" + self + "' generate --out '" + sample + "' --seed " + std::to_string(seed) +
                          " --count " + std::to_string(count) + " >/dev/null 2>&1";
  if (std::system(gen.c_str()) != 0) return Status::Internal("generating the input failed: " + gen);
  std::ifstream anchor_file(sample + "/anchor.json");
  nlohmann::json anchor = nlohmann::json::parse(anchor_file, nullptr, false);
  if (anchor.is_discarded() || !anchor["public_key_file"].is_string() || !anchor["organisation"].is_string()) {
    return Status::Internal("cannot read " + sample + "/anchor.json");
  }
  auto pub = crypto::PublicKey::LoadPemFile(sample + "/" + anchor["public_key_file"].get<std::string>());
  if (!pub.ok()) return pub.status();
  BenchInput input;
  input.submissions = sample + "/submissions.b64";
  input.ledger.origin = origin;
  input.ledger.partitions = partitions;
  input.ledger.anchor = {pub->key_id(),  pub->algorithm(), pub->raw(), anchor["organisation"].get<std::string>(),
                         domain::kRoleAuthority, false, 0};
  return input;
}

}  // namespace pl::cli
