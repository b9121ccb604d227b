// Thin wrappers over OpenSSL 3 and libsodium for what zhifa needs: the CSPRNG, SM3 and SHA-256,
// hex and base64, and argon2id password hashes. Thread-safety: all functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::crypto {

enum class Hash { sm3, sha256 };

// "sm3" | "sha256"; throws zhifa::Error (422 `crypto.hash_unknown`) otherwise.
Hash hash_from_name(std::string_view name);
const char* hash_name(Hash h);

std::string digest(Hash h, std::string_view data);  // raw 32 bytes
std::string sha256_hex(std::string_view data);

// A digest computed piece by piece, for data too large to hold (evidence files while they are
// received). Thread-safety: one object per thread.
class Hasher {
public:
  explicit Hasher(Hash h);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void update(std::string_view data);
  std::string finish();  // raw 32 bytes; the Hasher is then spent

private:
  void* ctx_;  // EVP_MD_CTX
};

// Many small digests one after another into a caller's buffer on one reused OpenSSL context: for
// loops over millions of inputs (ledger verify), where a context per call (EVP_Digest) and a
// std::string per result cost as much as the hashing. Thread-safety: one object per thread.
class Digester {
public:
  using Out = std::array<unsigned char, 32>;
  explicit Digester(Hash h);
  ~Digester();
  Digester(const Digester&) = delete;
  Digester& operator=(const Digester&) = delete;
  // The digest of the concatenation of the parts.
  Out operator()(std::initializer_list<std::string_view> parts);

private:
  void* ctx_;  // EVP_MD_CTX
  const void* md_;
};

std::string random_bytes(size_t n);
std::string hex(std::string_view raw);
std::string base64(std::string_view raw);
std::string base64url(std::string_view raw);  // no padding

// argon2id, libsodium's interactive limits. The result is a self-describing PHC string.
std::string password_hash(std::string_view password);
bool password_verify(std::string_view phc, std::string_view password);

// Constant-time comparison of two equal-length strings.
bool equal(std::string_view a, std::string_view b);

}  // namespace zhifa::crypto
