// Checkpoints: the store's signing keys (Ed25519 and SM2, generated at init, private keys in
// files of mode 0600 under the data directory) and the signed tree heads made from them. The log
// never signs a checkpoint that a consistency proof cannot join to the previous one: each new
// checkpoint is checked against the last before it is signed.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/db.h"
#include "ledger/note.h"

namespace zhifa::ledger {

struct Keys {
  std::string origin;
  note::Signer ed25519;
  note::Signer sm2;
};

// Generates the keys under DATA/keys/ when the store has none yet and records the origin and the
// verifier keys in store_meta; loads them when they exist. Throws `ledger.keys_mismatch` when the
// files do not match the store. Requires a transaction (first run writes store_meta).
Keys init_keys(db::Connection& c, const std::string& data_dir, const std::string& root_code);
// Loads existing keys; nullopt when the store has none yet.
std::optional<Keys> load_keys(db::Connection& c, const std::string& data_dir);

std::string origin(db::Connection& c);
// The published verifier keys, one per line.
std::vector<std::string> verifier_keys(db::Connection& c);

struct Checkpoint {
  int64_t size = 0;
  std::string root;  // raw
  std::string note;  // the signed note
  std::string at;
};

// Signs a checkpoint of the current tree when it grew since the last one; returns the latest
// checkpoint either way (nullopt for an empty log). Requires a transaction.
std::optional<Checkpoint> make_checkpoint(db::Connection& c, const Keys& keys);
std::optional<Checkpoint> latest_checkpoint(db::Connection& c);
// The smallest checkpoint whose size is at least `size`.
std::optional<Checkpoint> checkpoint_covering(db::Connection& c, int64_t size);
std::vector<Checkpoint> checkpoints(db::Connection& c, int64_t offset, int64_t limit);

// The offline proof (c2sp.org/tlog-proof@v1) of an entry against a checkpoint that covers it:
// extra = the entry bytes, index = seq - 1, the inclusion path, the checkpoint.
std::string tlog_proof(db::Connection& c, int64_t seq);

}  // namespace zhifa::ledger
