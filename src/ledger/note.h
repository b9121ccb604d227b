// Signed notes (c2sp.org/signed-note) and checkpoints (c2sp.org/tlog-checkpoint) for the ledger.
// A checkpoint is the text "<origin>\n<size>\n<base64 root>\n", signed by the store's Ed25519 key
// (signature type 0x01) and its SM2 key (type 0xff followed by the identifier "zhifa-sm2-sm3":
// SM2 over SM3 with the distinguishing ID 1234567812345678, GB/T 32918 / GM/T 0009). Key IDs are
// the first four bytes of SHA-256(key name || 0x0A || type bytes || public key) as the spec
// recommends; the public keys are published as verifier keys "<name>+<hex id>+<base64(type ||
// public key)>" (the SM2 public key as DER SubjectPublicKeyInfo).
// Thread-safety: Signer and Verifier are immutable after construction; share them freely.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zhifa::ledger::note {

enum class KeyType { ed25519, sm2 };

// The SM2 distinguishing ID, set explicitly on every SM2 signature and verification.
inline constexpr std::string_view kSm2Id = "1234567812345678";

class Signer {
public:
  static Signer generate(KeyType type, std::string name);
  // Throws zhifa::Error `ledger.key_invalid` when the PEM is not a private key of that type.
  static Signer from_pem(KeyType type, std::string name, const std::string& private_pem);
  ~Signer();
  Signer(Signer&&) noexcept;
  Signer& operator=(Signer&&) noexcept;

  KeyType type() const { return type_; }
  const std::string& name() const { return name_; }
  std::string private_pem() const;
  std::string verifier_key() const;  // "<name>+<hex id>+<base64(type || public key)>"
  uint32_t key_id() const { return id_; }
  // The raw signature over `text` (without the key ID).
  std::string sign_raw(std::string_view text) const;
  // A whole signature line: "— <name> <base64(id || signature)>\n".
  std::string signature_line(std::string_view text) const;

private:
  Signer() = default;
  KeyType type_ = KeyType::ed25519;
  std::string name_;
  uint32_t id_ = 0;
  void* pkey_ = nullptr;  // EVP_PKEY*
};

class Verifier {
public:
  // Parses a verifier key as Signer::verifier_key() writes it. Throws `ledger.key_invalid`.
  static Verifier parse(const std::string& vkey);
  ~Verifier();
  Verifier(Verifier&&) noexcept;
  Verifier(const Verifier&) = delete;
  const std::string& name() const { return name_; }
  uint32_t key_id() const { return id_; }
  KeyType type() const { return type_; }
  bool verify_raw(std::string_view text, std::string_view signature) const;

private:
  Verifier() = default;
  KeyType type_ = KeyType::ed25519;
  std::string name_;
  uint32_t id_ = 0;
  void* pkey_ = nullptr;
};

// text must end with a newline and contain no control characters other than newlines.
std::string sign(std::string_view text, const std::vector<const Signer*>& signers);

struct Opened {
  std::string text;
  std::vector<std::string> verified_by;  // names of the known keys whose signatures verified
};
// Splits a signed note, verifies every signature from a known key (name and ID both match),
// ignores unknown ones. Throws zhifa::Error 422 `ledger.note_invalid` for a malformed note or a
// known signature that fails, and when no known signature verifies.
Opened open(std::string_view note, const std::vector<const Verifier*>& known);

// "<origin>\n<size>\n<base64(root)>\n"
std::string checkpoint_text(const std::string& origin, uint64_t size, const std::string& root);

}  // namespace zhifa::ledger::note
