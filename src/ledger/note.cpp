#include "ledger/note.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "base/crypto.h"
#include "base/error.h"

namespace zhifa::ledger::note {
namespace {

EVP_PKEY* pk(void* p) { return static_cast<EVP_PKEY*>(p); }

[[noreturn]] void key_error(const std::string& what) { throw Error(422, "ledger.key_invalid", "密钥无效：" + what); }

const std::string kSm2TypeId = std::string("\xff", 1) + "zhifa-sm2-sm3";
std::string type_bytes(KeyType t) { return t == KeyType::ed25519 ? std::string("\x01", 1) : kSm2TypeId; }

std::string public_bytes(KeyType t, EVP_PKEY* key) {
  if (t == KeyType::ed25519) {
    unsigned char buf[32];
    size_t len = sizeof buf;
    if (EVP_PKEY_get_raw_public_key(key, buf, &len) != 1) key_error("Ed25519 公钥");
    return std::string(reinterpret_cast<char*>(buf), len);
  }
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) key_error("SM2 公钥");
  std::string out(reinterpret_cast<char*>(der), size_t(len));
  OPENSSL_free(der);
  return out;
}

uint32_t compute_id(const std::string& name, KeyType t, const std::string& pub) {
  std::string h = crypto::digest(crypto::Hash::sha256, name + "\n" + type_bytes(t) + pub);
  return (uint32_t(uint8_t(h[0])) << 24) | (uint32_t(uint8_t(h[1])) << 16) | (uint32_t(uint8_t(h[2])) << 8) | uint8_t(h[3]);
}

std::string id_bytes(uint32_t id) {
  return {char(id >> 24), char(id >> 16), char(id >> 8), char(id)};
}

bool valid_name(const std::string& n) {
  return !n.empty() && n.find_first_of(" +\n\t") == std::string::npos;
}

std::string base64_decode(std::string_view s) {
  if (s.size() % 4 != 0) return {};
  std::string out(s.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(s.data()), int(s.size()));
  if (n < 0) return {};
  size_t pad = (s.size() && s.back() == '=') + (s.size() > 1 && s[s.size() - 2] == '=');
  out.resize(size_t(n) - pad);
  return out;
}

// One EVP_MD_CTX for a sign or verify, with the SM2 ID set where the key is SM2.
struct DigestCtx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  DigestCtx(KeyType t, EVP_PKEY* key, bool signing) {
    if (t == KeyType::sm2) {
      pctx = EVP_PKEY_CTX_new(key, nullptr);
      if (!pctx || EVP_PKEY_CTX_set1_id(pctx, kSm2Id.data(), kSm2Id.size()) != 1) key_error("SM2 ID");
      EVP_MD_CTX_set_pkey_ctx(md, pctx);
    }
    const EVP_MD* digest = t == KeyType::sm2 ? EVP_sm3() : nullptr;
    int ok = signing ? EVP_DigestSignInit(md, nullptr, digest, nullptr, key) : EVP_DigestVerifyInit(md, nullptr, digest, nullptr, key);
    if (ok != 1) key_error("签名初始化失败");
  }
  ~DigestCtx() {
    EVP_MD_CTX_free(md);
    EVP_PKEY_CTX_free(pctx);
  }
};

}  // namespace

Signer::~Signer() { EVP_PKEY_free(pk(pkey_)); }
Signer::Signer(Signer&& o) noexcept : type_(o.type_), name_(std::move(o.name_)), id_(o.id_), pkey_(o.pkey_) { o.pkey_ = nullptr; }
Signer& Signer::operator=(Signer&& o) noexcept {
  std::swap(type_, o.type_);
  std::swap(name_, o.name_);
  std::swap(id_, o.id_);
  std::swap(pkey_, o.pkey_);
  return *this;
}

Signer Signer::generate(KeyType type, std::string name) {
  if (!valid_name(name)) key_error("密钥名称不能为空，且不能含空格或 +");
  Signer s;
  s.type_ = type;
  s.name_ = std::move(name);
  s.pkey_ = EVP_PKEY_Q_keygen(nullptr, nullptr, type == KeyType::ed25519 ? "ED25519" : "SM2");
  if (!s.pkey_) key_error("无法生成密钥");
  s.id_ = compute_id(s.name_, type, public_bytes(type, pk(s.pkey_)));
  return s;
}

Signer Signer::from_pem(KeyType type, std::string name, const std::string& pem) {
  if (!valid_name(name)) key_error("密钥名称不能为空，且不能含空格或 +");
  BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (!key) key_error("不是 PEM 私钥");
  bool right = type == KeyType::ed25519 ? EVP_PKEY_is_a(key, "ED25519") : (EVP_PKEY_is_a(key, "SM2") || EVP_PKEY_is_a(key, "EC"));
  if (!right) {
    EVP_PKEY_free(key);
    key_error("密钥类型不符");
  }
  Signer s;
  s.type_ = type;
  s.name_ = std::move(name);
  s.pkey_ = key;
  s.id_ = compute_id(s.name_, type, public_bytes(type, key));
  return s;
}

std::string Signer::private_pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, pk(pkey_), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, size_t(len));
  BIO_free(bio);
  return out;
}

std::string Signer::verifier_key() const {
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", id_);
  return name_ + "+" + hex + "+" + crypto::base64(type_bytes(type_) + public_bytes(type_, pk(pkey_)));
}

std::string Signer::sign_raw(std::string_view text) const {
  DigestCtx ctx(type_, pk(pkey_), true);
  size_t len = 0;
  if (EVP_DigestSign(ctx.md, nullptr, &len, reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1) key_error("签名失败");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.md, reinterpret_cast<unsigned char*>(sig.data()), &len, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size()) != 1)
    key_error("签名失败");
  sig.resize(len);
  return sig;
}

std::string Signer::signature_line(std::string_view text) const {
  return "\xE2\x80\x94 " + name_ + " " + crypto::base64(id_bytes(id_) + sign_raw(text)) + "\n";
}

Verifier::~Verifier() { EVP_PKEY_free(pk(pkey_)); }
Verifier::Verifier(Verifier&& o) noexcept : type_(o.type_), name_(std::move(o.name_)), id_(o.id_), pkey_(o.pkey_) { o.pkey_ = nullptr; }

Verifier Verifier::parse(const std::string& vkey) {
  size_t a = vkey.find('+'), b = a == std::string::npos ? a : vkey.find('+', a + 1);
  if (b == std::string::npos) key_error("验证密钥格式应为 名称+编号+公钥");
  Verifier v;
  v.name_ = vkey.substr(0, a);
  std::string blob = base64_decode(vkey.substr(b + 1));
  if (!valid_name(v.name_) || blob.empty()) key_error("验证密钥格式错误");
  const unsigned char* p = nullptr;
  if (blob[0] == '\x01' && blob.size() == 33) {
    v.type_ = KeyType::ed25519;
    v.pkey_ = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(blob.data() + 1), 32);
  } else if (blob.rfind(kSm2TypeId, 0) == 0) {
    v.type_ = KeyType::sm2;
    p = reinterpret_cast<const unsigned char*>(blob.data() + kSm2TypeId.size());
    v.pkey_ = d2i_PUBKEY(nullptr, &p, long(blob.size() - kSm2TypeId.size()));
  }
  if (!v.pkey_) key_error("无法解析公钥");
  std::string pub = v.type_ == KeyType::ed25519 ? blob.substr(1) : blob.substr(kSm2TypeId.size());
  v.id_ = compute_id(v.name_, v.type_, pub);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", v.id_);
  if (vkey.substr(a + 1, b - a - 1) != hex) key_error("密钥编号与公钥不符");
  return v;
}

bool Verifier::verify_raw(std::string_view text, std::string_view sig) const {
  DigestCtx ctx(type_, pk(pkey_), false);
  return EVP_DigestVerify(ctx.md, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                          reinterpret_cast<const unsigned char*>(text.data()), text.size()) == 1;
}

std::string sign(std::string_view text, const std::vector<const Signer*>& signers) {
  if (text.empty() || text.back() != '\n') throw Error::internal("note text must end with a newline");
  std::string out(text);
  out += "\n";
  for (const auto* s : signers) out += s->signature_line(text);
  return out;
}

Opened open(std::string_view note, const std::vector<const Verifier*>& known) {
  auto bad = [](const std::string& why) { return Error(422, "ledger.note_invalid", "签名文本无效：" + why); };
  for (unsigned char ch : note)
    if (ch < 0x20 && ch != '\n') throw bad("含有控制字符");
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) throw bad("缺少正文与签名之间的空行");
  Opened out;
  out.text = std::string(note.substr(0, split + 1));
  std::string_view sigs = note.substr(split + 2);
  const std::string dash = "\xE2\x80\x94 ";
  while (!sigs.empty()) {
    size_t nl = sigs.find('\n');
    if (nl == std::string_view::npos) throw bad("签名行须以换行结束");
    std::string line(sigs.substr(0, nl));
    sigs = sigs.substr(nl + 1);
    if (line.rfind(dash, 0) != 0) throw bad("签名行须以破折号开头");
    line = line.substr(dash.size());
    size_t sp = line.find(' ');
    if (sp == std::string::npos) throw bad("签名行缺少签名");
    std::string name = line.substr(0, sp);
    std::string blob = base64_decode(line.substr(sp + 1));
    if (blob.size() < 5) throw bad("签名编码错误");
    uint32_t id = (uint32_t(uint8_t(blob[0])) << 24) | (uint32_t(uint8_t(blob[1])) << 16) | (uint32_t(uint8_t(blob[2])) << 8) | uint8_t(blob[3]);
    for (const auto* v : known) {
      if (v->name() != name || v->key_id() != id) continue;
      if (!v->verify_raw(out.text, std::string_view(blob).substr(4))) throw bad("密钥 " + name + " 的签名验证失败");
      out.verified_by.push_back(name);
    }
  }
  if (out.verified_by.empty()) throw bad("没有可信密钥的有效签名");
  return out;
}

std::string checkpoint_text(const std::string& origin, uint64_t size, const std::string& root) {
  return origin + "\n" + std::to_string(size) + "\n" + crypto::base64(root) + "\n";
}

}  // namespace zhifa::ledger::note
