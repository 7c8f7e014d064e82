// Helpers for tests that run a real node on a real RocksDB in a temp dir.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "ledger/node/node.h"
#include "ledger/sample/generator.h"
#include "ledger/store/store.h"

namespace pl::testing {

// A fresh directory removed at scope exit.
class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = (std::filesystem::temp_directory_path() /
             ("pl-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++)))
                .string();
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::string path_;
};

// A ledger whose trust anchor is the generator's authority.
inline void CreateLedgerFor(const sample::Generator& g, const std::string& dir, std::uint32_t partitions = 1) {
  const auto& a = g.authority();
  store::LedgerConfig config;
  config.origin = "test";
  config.partitions = partitions;
  config.anchor = {a.key.public_key().key_id(), a.key.public_key().algorithm(), a.key.public_key().raw(),
                   a.organisation, domain::kRoleAuthority, false, 0};
  auto store = store::Store::Create(dir, config);
  if (!store.ok()) throw std::runtime_error(store.status().ToString());
}

inline std::vector<node::Receipt> SubmitAll(node::Node& n, const std::vector<Bytes>& envelopes) {
  std::vector<std::future<node::Receipt>> futures;
  for (const auto& e : envelopes) futures.push_back(n.Submit(e));
  std::vector<node::Receipt> out;
  for (auto& f : futures) out.push_back(f.get());
  return out;
}

inline std::unique_ptr<node::Node> OpenNode(const std::string& dir) {
  node::NodeOptions o;
  o.dir = dir;
  auto n = node::Node::Open(o);
  if (!n.ok()) throw std::runtime_error(n.status().ToString());
  return std::move(*n);
}

}  // namespace pl::testing
