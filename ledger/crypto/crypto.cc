// OpenSSL 3 EVP adapter. Every OpenSSL error becomes a Status or a false
// return here; no OpenSSL type leaves this file.
//
// Performance: creating and initialising an EVP_MD_CTX costs about as much as
// an Ed25519 verification itself (algorithm fetch, context setup). A key
// object therefore keeps a small pool of initialised contexts and reuses
// them: Ed25519 contexts can run EVP_DigestVerify / EVP_DigestSign again
// after a one-shot call; ECDSA uses an EVP_PKEY_CTX over a SHA-256 we compute,
// which is reusable the same way. The pool makes Verify() and Sign() safe on
// one object from many threads (each call owns its context while it runs).
#include "ledger/crypto/crypto.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/pem.h>

#include "ledger/base/assert.h"

namespace pl::crypto {
namespace {

constexpr std::size_t kEd25519PublicKeyBytes = 32;
constexpr std::size_t kEd25519SeedBytes = 32;
constexpr std::size_t kP256PublicKeyBytes = 65;  // 04 || X || Y
constexpr std::size_t kEd25519SignatureBytes = 64;
// Contexts kept per key: one per verifier thread is plenty; more are freed.
constexpr std::size_t kPooledContextsMax = 16;
// PEM key files are small; anything larger is not a key.
constexpr std::size_t kPemFileBytesMax = 64 * 1024;
constexpr char kP256GroupName[] = "prime256v1";

std::string OpensslError(std::string_view what) {
  std::string out(what);
  unsigned long e = ERR_get_error();
  if (e != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    out += ": ";
    out += buf;
  }
  ERR_clear_error();
  return out;
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

std::string KeyIdOf(ByteSpan raw) {
  Hash256 h = Sha256(raw);
  return HexEncode(ByteSpan(h.data(), 16));
}

Result<Bytes> RawPublicKey(EVP_PKEY* pkey, domain::KeyAlgorithm algorithm) {
  if (algorithm == domain::KeyAlgorithm::kEd25519) {
    Bytes raw(kEd25519PublicKeyBytes);
    std::size_t len = raw.size();
    if (EVP_PKEY_get_raw_public_key(pkey, raw.data(), &len) != 1 || len != raw.size()) {
      return Status::Internal(OpensslError("reading Ed25519 public key"));
    }
    return raw;
  }
  Bytes raw(kP256PublicKeyBytes);
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, raw.data(), raw.size(), &len) != 1 ||
      len != raw.size() || raw[0] != 0x04) {
    return Status::Internal(OpensslError("reading P-256 public key"));
  }
  return raw;
}

// Which of our algorithms an OpenSSL key is; error for any other key type.
Result<domain::KeyAlgorithm> AlgorithmOf(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "ED25519")) return domain::KeyAlgorithm::kEd25519;
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[64] = {0};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1 &&
        std::string_view(group, len) == kP256GroupName) {
      return domain::KeyAlgorithm::kEcdsaP256Sha256;
    }
    return Status::InvalidArgument("EC key is not on P-256 (prime256v1)");
  }
  return Status::InvalidArgument("key type is neither Ed25519 nor ECDSA P-256");
}

// A pool of contexts for one key and one operation (verify or sign).
// Each context is initialised once and reused.
class ContextPool {
 public:
  ContextPool(EVP_PKEY* pkey, domain::KeyAlgorithm algorithm, bool sign)
      : pkey_(pkey), algorithm_(algorithm), sign_(sign) {}
  ~ContextPool() {
    for (void* c : free_) Destroy(c);
  }

  // Runs one signature operation; false when OpenSSL fails or the signature
  // does not verify.
  bool Verify(ByteSpan message, ByteSpan signature) {
    void* ctx = Take();
    if (ctx == nullptr) return false;
    bool ok = false;
    if (algorithm_ == domain::KeyAlgorithm::kEd25519) {
      // RFC 8032 signatures are exactly 64 bytes; OpenSSL checks too, but an
      // early refusal keeps odd lengths away from the provider.
      ok = signature.size() == kEd25519SignatureBytes &&
           EVP_DigestVerify(static_cast<EVP_MD_CTX*>(ctx), signature.data(), signature.size(), message.data(),
                            message.size()) == 1;
    } else {
      Hash256 digest = Sha256(message);
      ok = EVP_PKEY_verify(static_cast<EVP_PKEY_CTX*>(ctx), signature.data(), signature.size(), digest.data(),
                           digest.size()) == 1;
    }
    ERR_clear_error();  // a failed verification leaves errors on this thread's queue
    Give(ctx);
    return ok;
  }

  Bytes Sign(ByteSpan message) {
    void* ctx = Take();
    PL_ASSERT(ctx != nullptr);  // a private key we hold always yields a context
    Bytes out;
    if (algorithm_ == domain::KeyAlgorithm::kEd25519) {
      out.resize(kEd25519SignatureBytes);
      std::size_t len = out.size();
      int rc = EVP_DigestSign(static_cast<EVP_MD_CTX*>(ctx), out.data(), &len, message.data(), message.size());
      PL_ASSERT(rc == 1 && len == kEd25519SignatureBytes);
    } else {
      Hash256 digest = Sha256(message);
      std::size_t len = 0;
      auto* pctx = static_cast<EVP_PKEY_CTX*>(ctx);
      PL_ASSERT(EVP_PKEY_sign(pctx, nullptr, &len, digest.data(), digest.size()) == 1);
      out.resize(len);
      PL_ASSERT(EVP_PKEY_sign(pctx, out.data(), &len, digest.data(), digest.size()) == 1);
      out.resize(len);
    }
    Give(ctx);
    return out;
  }

 private:
  void* Take() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        void* c = free_.back();
        free_.pop_back();
        return c;
      }
    }
    return Create();
  }
  void Give(void* ctx) {
    std::lock_guard lock(mu_);
    if (free_.size() < kPooledContextsMax) {
      free_.push_back(ctx);
      return;
    }
    Destroy(ctx);
  }

  void* Create() const {
    if (algorithm_ == domain::KeyAlgorithm::kEd25519) {
      EVP_MD_CTX* ctx = EVP_MD_CTX_new();
      if (ctx == nullptr) return nullptr;
      int rc = sign_ ? EVP_DigestSignInit_ex(ctx, nullptr, nullptr, nullptr, nullptr, pkey_, nullptr)
                     : EVP_DigestVerifyInit_ex(ctx, nullptr, nullptr, nullptr, nullptr, pkey_, nullptr);
      if (rc != 1) {
        ERR_clear_error();
        EVP_MD_CTX_free(ctx);
        return nullptr;
      }
      return ctx;
    }
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey_, nullptr);
    if (ctx == nullptr) return nullptr;
    int rc = sign_ ? EVP_PKEY_sign_init(ctx) : EVP_PKEY_verify_init(ctx);
    if (rc != 1 || EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256()) != 1) {
      ERR_clear_error();
      EVP_PKEY_CTX_free(ctx);
      return nullptr;
    }
    return ctx;
  }
  void Destroy(void* ctx) const {
    if (algorithm_ == domain::KeyAlgorithm::kEd25519) {
      EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx));
    } else {
      EVP_PKEY_CTX_free(static_cast<EVP_PKEY_CTX*>(ctx));
    }
  }

  EVP_PKEY* pkey_;  // owned by the key object, outlives the pool
  domain::KeyAlgorithm algorithm_;
  bool sign_;
  std::mutex mu_;
  std::vector<void*> free_;
};

Bytes SubmissionMessage(ByteSpan submission_bytes) {
  Bytes message(kSubmissionContext.size() + submission_bytes.size());
  std::memcpy(message.data(), kSubmissionContext.data(), kSubmissionContext.size());
  if (!submission_bytes.empty()) {
    std::memcpy(message.data() + kSubmissionContext.size(), submission_bytes.data(), submission_bytes.size());
  }
  return message;
}

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot open key file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  if (s.size() > kPemFileBytesMax) return Status::InvalidArgument("key file '" + path + "' is too large to be a key");
  return s;
}

}  // namespace

Hash256 Sha256(ByteSpan data) { return Sha256({data}); }

Hash256 Sha256(std::initializer_list<ByteSpan> parts) {
  // One hasher per thread: EVP_MD_CTX_new per hash would cost more than
  // hashing a small event.
  thread_local Sha256Hasher hasher;
  for (ByteSpan p : parts) hasher.Update(p);
  return hasher.Finish();
}

namespace {

// SHA-256 fetched from the default provider once. With EVP_sha256()
// OpenSSL 3 fetches the implementation again at every EVP_DigestInit_ex,
// which took about as long as hashing a sealed event (2 % of a replay's CPU).
const EVP_MD* FetchedSha256() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  PL_ASSERT(md != nullptr);
  return md;
}

}  // namespace

Sha256Hasher::Sha256Hasher() : ctx_(EVP_MD_CTX_new()) {
  PL_ASSERT(ctx_ != nullptr);
  PL_ASSERT(EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), FetchedSha256(), nullptr) == 1);
}
Sha256Hasher::~Sha256Hasher() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256Hasher::Update(ByteSpan data) {
  PL_ASSERT(EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size()) == 1);
}

Hash256 Sha256Hasher::Finish() {
  Hash256 out{};
  unsigned int len = 0;
  auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
  PL_ASSERT(EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == out.size());
  PL_ASSERT(EVP_DigestInit_ex(ctx, FetchedSha256(), nullptr) == 1);
  return out;
}

// ---- PublicKey ------------------------------------------------------------

struct PublicKey::Impl {
  Impl(PkeyPtr key, domain::KeyAlgorithm alg, Bytes raw_bytes)
      : pkey(std::move(key)), algorithm(alg), raw(std::move(raw_bytes)), key_id(KeyIdOf(raw)),
        verifiers(pkey.get(), alg, /*sign=*/false) {}
  PkeyPtr pkey;
  domain::KeyAlgorithm algorithm;
  Bytes raw;
  std::string key_id;
  ContextPool verifiers;
};

PublicKey::PublicKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PublicKey::PublicKey(PublicKey&&) noexcept = default;
PublicKey& PublicKey::operator=(PublicKey&&) noexcept = default;
PublicKey::~PublicKey() = default;

Result<PublicKey> PublicKey::FromRaw(domain::KeyAlgorithm algorithm, ByteSpan raw) {
  if (algorithm == domain::KeyAlgorithm::kEd25519) {
    if (raw.size() != kEd25519PublicKeyBytes) {
      return Status::InvalidArgument("Ed25519 public key is " + std::to_string(raw.size()) + " bytes, want 32");
    }
    PkeyPtr pkey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw.size()));
    if (!pkey) return Status::InvalidArgument(OpensslError("Ed25519 public key"));
    return PublicKey(std::make_unique<Impl>(std::move(pkey), algorithm, Bytes(raw.begin(), raw.end())));
  }
  if (algorithm != domain::KeyAlgorithm::kEcdsaP256Sha256) return Status::InvalidArgument("unknown key algorithm");
  if (raw.size() != kP256PublicKeyBytes || raw[0] != 0x04) {
    return Status::InvalidArgument("P-256 public key must be an uncompressed point of 65 bytes (04 || X || Y)");
  }
  // Decoding the point checks that it lies on the curve.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(kP256GroupName), 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<std::uint8_t*>(raw.data()), raw.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  if (ctx == nullptr) return Status::Internal(OpensslError("EC context"));
  EVP_PKEY* out = nullptr;
  int rc = EVP_PKEY_fromdata_init(ctx) == 1 ? EVP_PKEY_fromdata(ctx, &out, EVP_PKEY_PUBLIC_KEY, params) : 0;
  EVP_PKEY_CTX_free(ctx);
  if (rc != 1 || out == nullptr) return Status::InvalidArgument(OpensslError("P-256 public key is not a curve point"));
  return PublicKey(std::make_unique<Impl>(PkeyPtr(out), algorithm, Bytes(raw.begin(), raw.end())));
}

Result<PublicKey> PublicKey::FromPem(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
  if (!bio) return Status::Internal(OpensslError("BIO"));
  PkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!pkey) return Status::InvalidArgument(OpensslError("not a PEM public key"));
  auto algorithm = AlgorithmOf(pkey.get());
  if (!algorithm.ok()) return algorithm.status();
  auto raw = RawPublicKey(pkey.get(), *algorithm);
  if (!raw.ok()) return raw.status();
  // Rebuild from the raw bytes so both paths yield identical objects.
  return FromRaw(*algorithm, *raw);
}

Result<PublicKey> PublicKey::LoadPemFile(const std::string& path) {
  auto text = ReadSmallFile(path);
  if (!text.ok()) return text.status();
  auto key = FromPem(*text);
  if (!key.ok()) return key.status().WithContext("public key file '" + path + "'");
  return key;
}

domain::KeyAlgorithm PublicKey::algorithm() const { return impl_->algorithm; }
const Bytes& PublicKey::raw() const { return impl_->raw; }
const std::string& PublicKey::key_id() const { return impl_->key_id; }

std::string PublicKey::ToPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  PL_ASSERT(bio && PEM_write_bio_PUBKEY(bio.get(), impl_->pkey.get()) == 1);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, std::size_t(len));
}

bool PublicKey::Verify(ByteSpan message, ByteSpan signature) const {
  if (signature.empty()) return false;
  return impl_->verifiers.Verify(message, signature);
}

bool PublicKey::VerifySubmission(ByteSpan submission_bytes, ByteSpan signature) const {
  return Verify(SubmissionMessage(submission_bytes), signature);
}

// ---- PrivateKey -----------------------------------------------------------

struct PrivateKey::Impl {
  Impl(PkeyPtr key, PublicKey pub)
      : pkey(std::move(key)), public_key(std::move(pub)),
        signers(pkey.get(), public_key.algorithm(), /*sign=*/true) {}
  PkeyPtr pkey;
  PublicKey public_key;
  ContextPool signers;
};

PrivateKey::PrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;
PrivateKey::~PrivateKey() = default;

// Takes ownership of `evp_pkey` (an EVP_PKEY*; opaque in the header so that
// OpenSSL stays out of it) and derives the public half.
Result<PrivateKey> PrivateKey::Adopt(void* evp_pkey) {
  PkeyPtr pkey(static_cast<EVP_PKEY*>(evp_pkey));
  auto algorithm = AlgorithmOf(pkey.get());
  if (!algorithm.ok()) return algorithm.status();
  auto raw = RawPublicKey(pkey.get(), *algorithm);
  if (!raw.ok()) return raw.status();
  auto pub = PublicKey::FromRaw(*algorithm, *raw);
  if (!pub.ok()) return pub.status();
  return PrivateKey(std::make_unique<Impl>(std::move(pkey), std::move(*pub)));
}

Result<PrivateKey> PrivateKey::Generate(domain::KeyAlgorithm algorithm) {
  EVP_PKEY* pkey = algorithm == domain::KeyAlgorithm::kEd25519
                       ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                       : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", kP256GroupName);
  if (pkey == nullptr) return Status::Internal(OpensslError("generating a key"));
  return Adopt(pkey);
}

Result<PrivateKey> PrivateKey::FromEd25519Seed(ByteSpan seed) {
  if (seed.size() != kEd25519SeedBytes) return Status::InvalidArgument("Ed25519 seed must be 32 bytes");
  PkeyPtr pkey(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
  if (!pkey) return Status::Internal(OpensslError("Ed25519 key from seed"));
  return Adopt(pkey.release());
}

Result<PrivateKey> PrivateKey::LoadPemFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::InvalidArgument("cannot open private key file '" + path + "': " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", unsigned(st.st_mode & 07777));
    return Status::InvalidArgument("private key file '" + path + "' has mode " + mode +
                                   "; it must be readable by its owner only (chmod 600 '" + path + "')");
  }
  auto text = ReadSmallFile(path);
  if (!text.ok()) return text.status();
  BioPtr bio(BIO_new_mem_buf(text->data(), int(text->size())));
  if (!bio) return Status::Internal(OpensslError("BIO"));
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  // Never echo the file's contents into an error message.
  std::fill(text->begin(), text->end(), '\0');
  if (!pkey) return Status::InvalidArgument(OpensslError("private key file '" + path + "' is not a PEM private key"));
  auto key = Adopt(pkey.release());
  if (!key.ok()) return key.status().WithContext("private key file '" + path + "'");
  return key;
}

Status PrivateKey::SavePemFile(const std::string& path) const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal(OpensslError("encoding the private key"));
  }
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  // O_EXCL: never overwrite a key; mode 0600 from the first byte written.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::InvalidArgument("key file '" + path + "' already exists; not overwriting it");
    return Status::IoError("creating key file '" + path + "': " + std::strerror(errno));
  }
  // The umask may have removed bits but never adds any; make it exact.
  bool ok = ::fchmod(fd, 0600) == 0;
  long written = 0;
  while (ok && written < len) {
    ssize_t n = ::write(fd, data + written, std::size_t(len - written));
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += n;
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    ::unlink(path.c_str());
    return Status::IoError("writing key file '" + path + "': " + std::strerror(errno));
  }
  return Status::Ok();
}

domain::KeyAlgorithm PrivateKey::algorithm() const { return impl_->public_key.algorithm(); }
const PublicKey& PrivateKey::public_key() const { return impl_->public_key; }

Bytes PrivateKey::Sign(ByteSpan message) const { return impl_->signers.Sign(message); }

Bytes PrivateKey::SignSubmission(ByteSpan submission_bytes) const {
  return Sign(SubmissionMessage(submission_bytes));
}

}  // namespace pl::crypto
