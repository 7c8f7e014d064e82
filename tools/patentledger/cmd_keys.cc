// keygen, init, enrolment: keys and the creation of a ledger.
#include <cstdio>
#include <random>

#include "ledger/base/bytes.h"
#include "ledger/crypto/crypto.h"
#include "ledger/domain/identifiers.h"
#include "ledger/store/store.h"
#include "tools/patentledger/cli.h"
#include "tools/patentledger/output.h"

namespace pl::cli {
namespace {

Result<domain::KeyAlgorithm> ParseAlgorithm(const std::string& name) {
  if (name == "ed25519") return domain::KeyAlgorithm::kEd25519;
  if (name == "p256") return domain::KeyAlgorithm::kEcdsaP256Sha256;
  return Status::InvalidArgument("unknown algorithm '" + name + "' (ed25519 or p256)");
}

Result<std::uint8_t> ParseRoles(const std::string& list) {
  std::uint8_t roles = 0;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    std::string r = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (r == "authority" || r == "AUTHORITY") roles |= domain::kRoleAuthority;
    else if (r == "operator" || r == "REGISTRY_OPERATOR") roles |= domain::kRoleRegistryOperator;
    else if (r == "bank" || r == "BANK") roles |= domain::kRoleBank;
    else if (r == "holder" || r == "HOLDER") roles |= domain::kRoleHolder;
    else return Status::InvalidArgument("unknown role '" + r + "' (authority, operator, bank, holder)");
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return roles;
}

void RegisterKeygen(CLI::App& app) {
  auto* cmd = app.add_subcommand("keygen", "Create a key pair: NAME.key (private, mode 0600) and NAME.pub");
  static std::string out, algorithm = "ed25519";
  cmd->add_option("--out", out, "Path prefix of the key files")->required();
  cmd->add_option("--algorithm", algorithm, "ed25519 (default) or p256");
  cmd->callback([] {
    auto alg = ParseAlgorithm(algorithm);
    if (!alg.ok()) return (void)Fail(alg.status());
    auto key = crypto::PrivateKey::Generate(*alg);
    if (!key.ok()) return (void)Fail(key.status());
    if (Status s = key->SavePemFile(out + ".key"); !s.ok()) return (void)Fail(s);
    auto pub = Output::Open(out + ".pub");
    if (!pub.ok()) return (void)Fail(pub.status());
    (*pub)->Write(key->public_key().ToPem());
    if (Status s = (*pub)->Close(); !s.ok()) return (void)Fail(s);
    std::printf("{\"key_id\":\"%s\",\"algorithm\":\"%s\",\"public_key\":\"%s\",\"private_key_file\":\"%s.key\"}\n",
                key->public_key().key_id().c_str(), algorithm.c_str(), HexEncode(key->public_key().raw()).c_str(),
                out.c_str());
  });
}

void RegisterInit(CLI::App& app) {
  auto* cmd = app.add_subcommand("init", "Create a new ledger whose trust anchor is an AUTHORITY key");
  static std::string dir, anchor, organisation, origin = "patent-ledger.example/registry", log_key;
  static std::uint32_t partitions = 1;
  cmd->add_option("--dir", dir, "Ledger directory (must not hold a ledger)")->required();
  cmd->add_option("--anchor", anchor, "Public key file (PEM) of the first AUTHORITY key")->required();
  cmd->add_option("--organisation", organisation, "Unified social credit code of the authority")->required();
  cmd->add_option("--origin", origin, "Ledger name used in checkpoints");
  cmd->add_option("--partitions", partitions, "Ledger partitions (fixed for the ledger's life)");
  cmd->add_option("--log-key", log_key, "Ed25519 private key (PEM) that signs checkpoints; default: a new DIR/log.key");
  cmd->callback([] {
    if (!domain::IsValidCreditCode(organisation)) {
      return (void)Fail(kExitBadInput, "--organisation '" + organisation + "' is not a valid unified social credit code");
    }
    // The origin names the checkpoint key in signed notes: no spaces, no '+'.
    if (origin.empty() || origin.find_first_of(" +\t\n\r") != std::string::npos) {
      return (void)Fail(kExitBadInput, "--origin '" + origin + "' must be non-empty without spaces or '+'");
    }
    auto pub = crypto::PublicKey::LoadPemFile(anchor);
    if (!pub.ok()) return (void)Fail(pub.status());
    store::LedgerConfig config;
    config.origin = origin;
    config.partitions = partitions;
    config.anchor.key_id = pub->key_id();
    config.anchor.algorithm = pub->algorithm();
    config.anchor.public_key = pub->raw();
    config.anchor.organisation = organisation;
    config.anchor.roles = domain::kRoleAuthority;
    // The log key (docs/decisions/0015): given, or created beside the store.
    std::optional<crypto::PrivateKey> signer;
    if (!log_key.empty()) {
      auto loaded = crypto::PrivateKey::LoadPemFile(log_key);
      if (!loaded.ok()) return (void)Fail(loaded.status());
      signer.emplace(std::move(*loaded));
    } else {
      auto generated = crypto::PrivateKey::Generate(domain::KeyAlgorithm::kEd25519);
      if (!generated.ok()) return (void)Fail(generated.status());
      signer.emplace(std::move(*generated));
    }
    if (signer->algorithm() != domain::KeyAlgorithm::kEd25519) {
      return (void)Fail(kExitBadInput, "--log-key must be an Ed25519 key (checkpoints are C2SP Ed25519 notes)");
    }
    auto store = store::Store::Create(dir, config);
    if (!store.ok()) return (void)Fail(store.status());
    if (Status s = (*store)->PutLogKey(signer->public_key().raw()); !s.ok()) return (void)Fail(s);
    if (log_key.empty()) {
      if (Status s = signer->SavePemFile(dir + "/log.key"); !s.ok()) return (void)Fail(s);
    }
    auto log_pub = Output::Open(dir + "/log.pub");
    if (!log_pub.ok()) return (void)Fail(log_pub.status());
    (*log_pub)->Write(signer->public_key().ToPem());
    if (Status s = (*log_pub)->Close(); !s.ok()) return (void)Fail(s);
    std::printf("{\"ledger\":\"%s\",\"origin\":\"%s\",\"partitions\":%u,\"anchor_key_id\":\"%s\",\"log_key\":\"%s\"}\n",
                dir.c_str(), origin.c_str(), partitions, pub->key_id().c_str(),
                Base64Encode(signer->public_key().raw()).c_str());
  });
}

void RegisterEnrolment(CLI::App& app) {
  auto* cmd = app.add_subcommand("enrolment", "Print the JSON of a KeyEnrolled submission for a public key (sign it with an AUTHORITY key)");
  static std::string pub_path, organisation, roles;
  cmd->add_option("--pub", pub_path, "Public key file (PEM)")->required();
  cmd->add_option("--organisation", organisation, "Party id of the organisation holding the key")->required();
  cmd->add_option("--roles", roles, "Comma-separated: authority, operator, bank, holder (signs consents only)")->required();
  cmd->callback([] {
    auto pub = crypto::PublicKey::LoadPemFile(pub_path);
    if (!pub.ok()) return (void)Fail(pub.status());
    auto r = ParseRoles(roles);
    if (!r.ok()) return (void)Fail(r.status());
    std::string role_names;
    if (*r & domain::kRoleAuthority) role_names += " Authority";
    if (*r & domain::kRoleRegistryOperator) role_names += " RegistryOperator";
    if (*r & domain::kRoleBank) role_names += " Bank";
    if (*r & domain::kRoleHolder) role_names += " Holder";
    std::printf(
        "{\"submission_id\":\"%s\",\"patent\":\"\",\"effective_date\":%d,\"body_type\":\"KeyEnrolled\","
        "\"body\":{\"key_id\":\"%s\",\"algorithm\":\"%s\",\"public_key\":\"%s\",\"organisation\":\"%s\",\"roles\":\"%s\"}}\n",
        RandomSubmissionId().c_str(), TodayYyyymmdd(), pub->key_id().c_str(),
        pub->algorithm() == domain::KeyAlgorithm::kEd25519 ? "Ed25519" : "EcdsaP256Sha256",
        HexEncode(pub->raw()).c_str(), organisation.c_str(), role_names.substr(1).c_str());
  });
}

}  // namespace

void RegisterKeyCommands(CLI::App& app) {
  RegisterKeygen(app);
  RegisterInit(app);
  RegisterEnrolment(app);
}

}  // namespace pl::cli
