// Signing, verification and hashing through OpenSSL 3 EVP. The only layer
// that includes OpenSSL headers. Key objects are created once per signer and
// reused; Verify() and Sign() are const and safe to call from many threads at
// once on the same object.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "ledger/base/bytes.h"
#include "ledger/base/status.h"
#include "ledger/domain/types.h"

namespace pl::crypto {

Hash256 Sha256(ByteSpan data);
// SHA-256 over the concatenation of `parts`.
Hash256 Sha256(std::initializer_list<ByteSpan> parts);

// Incremental SHA-256 for data that arrives in pieces (files, streams).
// Not thread-safe; one per stream.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;
  void Update(ByteSpan data);
  // The digest of everything updated so far; the hasher then starts over.
  Hash256 Finish();

 private:
  void* ctx_;  // EVP_MD_CTX (OpenSSL stays out of headers)
};

// Domain separation for submission signatures (schemas/FORMAT.md):
// the signed message is kSubmissionContext (with its trailing NUL) followed by
// the exact submission bytes.
inline constexpr std::string_view kSubmissionContext{"patent-ledger/v1/submission\0", 28};

class PublicKey {
 public:
  // From raw bytes: 32 for Ed25519; 65 (uncompressed point) for P-256.
  static Result<PublicKey> FromRaw(domain::KeyAlgorithm algorithm, ByteSpan raw);
  // From a PEM SubjectPublicKeyInfo file.
  static Result<PublicKey> LoadPemFile(const std::string& path);
  static Result<PublicKey> FromPem(std::string_view pem);

  domain::KeyAlgorithm algorithm() const;
  const Bytes& raw() const;
  // Lowercase hex of the first 16 bytes of SHA-256(raw()): 32 characters.
  const std::string& key_id() const;
  std::string ToPem() const;

  // Ed25519: pure EdDSA over `message`. P-256: ECDSA over SHA-256(message)
  // with a DER-encoded signature. False on any failure.
  bool Verify(ByteSpan message, ByteSpan signature) const;
  // Verifies a signature over kSubmissionContext || submission_bytes.
  bool VerifySubmission(ByteSpan submission_bytes, ByteSpan signature) const;

  PublicKey(PublicKey&&) noexcept;
  PublicKey& operator=(PublicKey&&) noexcept;
  ~PublicKey();

 private:
  struct Impl;
  explicit PublicKey(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend class PrivateKey;
};

class PrivateKey {
 public:
  static Result<PrivateKey> Generate(domain::KeyAlgorithm algorithm);
  // Ed25519 only: the key whose 32-byte seed is `seed` (deterministic keys for
  // reproducible sample data and tests).
  static Result<PrivateKey> FromEd25519Seed(ByteSpan seed);
  // Reads a PEM PKCS#8 private key. Refuses (kInvalidArgument, naming the
  // path and the mode) a file readable or writable by group or others.
  static Result<PrivateKey> LoadPemFile(const std::string& path);
  // Writes PEM PKCS#8, creating the file with mode 0600; refuses to
  // overwrite an existing file.
  Status SavePemFile(const std::string& path) const;

  domain::KeyAlgorithm algorithm() const;
  const PublicKey& public_key() const;

  Bytes Sign(ByteSpan message) const;
  // Signs kSubmissionContext || submission_bytes.
  Bytes SignSubmission(ByteSpan submission_bytes) const;

  PrivateKey(PrivateKey&&) noexcept;
  PrivateKey& operator=(PrivateKey&&) noexcept;
  ~PrivateKey();

 private:
  struct Impl;
  explicit PrivateKey(std::unique_ptr<Impl> impl);
  // Takes ownership of an OpenSSL EVP_PKEY (opaque here: OpenSSL types stay
  // out of headers).
  static Result<PrivateKey> Adopt(void* evp_pkey);
  std::unique_ptr<Impl> impl_;
};

}  // namespace pl::crypto
