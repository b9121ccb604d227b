#include "base/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>

#include <mutex>

#include "base/error.h"

namespace zhifa::crypto {
namespace {

void sodium_ready() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw Error::internal("libsodium init failed");
  });
}

}  // namespace

Hash hash_from_name(std::string_view name) {
  if (name == "sm3") return Hash::sm3;
  if (name == "sha256") return Hash::sha256;
  throw Error::invalid("hash", "哈希算法只能是 sm3 或 sha256", "crypto.hash_unknown");
}

const char* hash_name(Hash h) { return h == Hash::sm3 ? "sm3" : "sha256"; }

namespace {
const EVP_MD* md_of(Hash h) {
  // Fetched once: OpenSSL 3 looks algorithms up under a global lock, too slow for every call.
  static EVP_MD* const sm3 = EVP_MD_fetch(nullptr, "SM3", nullptr);
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  const EVP_MD* md = h == Hash::sm3 ? sm3 : sha256;
  if (!md) throw Error::internal("OpenSSL lacks the digest");
  return md;
}
}  // namespace

Hasher::Hasher(Hash h) : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || !EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), md_of(h), nullptr)) {
    EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_));
    throw Error::internal("digest init failed");
  }
}
Hasher::~Hasher() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
void Hasher::update(std::string_view data) {
  if (!EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size())) throw Error::internal("digest failed");
}
Digester::Digester(Hash h) : ctx_(EVP_MD_CTX_new()), md_(md_of(h)) {
  if (!ctx_) throw Error::internal("digest init failed");
}
Digester::~Digester() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }
Digester::Out Digester::operator()(std::initializer_list<std::string_view> parts) {
  auto* ctx = static_cast<EVP_MD_CTX*>(ctx_);
  // Init with the same EVP_MD again reuses the context's allocated state.
  if (!EVP_DigestInit_ex2(ctx, static_cast<const EVP_MD*>(md_), nullptr)) throw Error::internal("digest init failed");
  for (auto p : parts)
    if (!EVP_DigestUpdate(ctx, p.data(), p.size())) throw Error::internal("digest failed");
  Out out;
  unsigned len = 0;
  if (!EVP_DigestFinal_ex(ctx, out.data(), &len) || len != out.size()) throw Error::internal("digest failed");
  return out;
}

std::string Hasher::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (!EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), out, &len)) throw Error::internal("digest failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string digest(Hash h, std::string_view data) {
  const EVP_MD* md = md_of(h);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  if (!EVP_Digest(data.data(), data.size(), out, &len, md, nullptr)) throw Error::internal("digest failed");
  return std::string(reinterpret_cast<char*>(out), len);
}

std::string sha256_hex(std::string_view data) { return hex(digest(Hash::sha256, data)); }

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1) throw Error::internal("CSPRNG failed");
  return out;
}

std::string hex(std::string_view raw) {
  static const char* d = "0123456789abcdef";
  std::string out(raw.size() * 2, '\0');
  for (size_t i = 0; i < raw.size(); ++i) {
    auto c = static_cast<unsigned char>(raw[i]);
    out[2 * i] = d[c >> 4];
    out[2 * i + 1] = d[c & 15];
  }
  return out;
}

std::string base64(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(raw.data()),
                          int(raw.size()));
  out.resize(size_t(n));
  return out;
}

std::string base64url(std::string_view raw) {
  std::string s = base64(raw);
  for (auto& c : s) {
    if (c == '+') c = '-';
    else if (c == '/') c = '_';
  }
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

std::string password_hash(std::string_view password) {
  sodium_ready();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error::internal("password hashing ran out of memory");
  }
  return out;
}

bool password_verify(std::string_view phc, std::string_view password) {
  sodium_ready();
  std::string s(phc);
  return crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) == 0;
}

bool equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zhifa::crypto
