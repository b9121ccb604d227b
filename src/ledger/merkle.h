// RFC 6962 / RFC 9162 Merkle tree hashing over zhifa's ledger, with the hash the store fixed at
// init (SM3 or SHA-256): leaf = H(0x00 || entry), node = H(0x01 || left || right).
//
// The tree is stored as its perfect subtrees: node (level L, index i) is the root of leaves
// [i * 2^L, (i + 1) * 2^L). Every such node is written once, when its last leaf arrives, and never
// changes, so a root, an inclusion proof or a consistency proof is O(log n) node reads, not a
// recomputation. Callers supply the nodes through NodeSource (the store, or memory in tests).
// Thread-safety: pure functions; a NodeSource is used from the calling thread only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/crypto.h"

namespace zhifa::ledger::merkle {

using crypto::Hash;

std::string leaf_hash(Hash h, std::string_view entry);
std::string node_hash(Hash h, std::string_view left, std::string_view right);
std::string empty_root(Hash h);

// leaf_hash and node_hash for loops over a whole tree (ledger verify): fixed 32-byte results on
// one reused digest context. Thread-safety: one object per thread.
class TreeHasher {
public:
  using Hash32 = crypto::Digester::Out;
  explicit TreeHasher(Hash h) : d_(h) {}
  Hash32 leaf(std::string_view entry);
  Hash32 node(const Hash32& left, const Hash32& right);

private:
  crypto::Digester d_;
};

class NodeSource {
public:
  virtual ~NodeSource() = default;
  // The stored hash of a perfect subtree. Requires: the subtree is complete.
  virtual std::string node(int level, uint64_t index) = 0;
};

struct Node {
  int level;
  uint64_t index;
  std::string hash;
};

// The nodes that become complete when the leaf at `index` (hash `leaf`) is appended: the leaf
// itself, then each parent whose right child it completes.
std::vector<Node> nodes_completed(Hash h, NodeSource& src, uint64_t index, const std::string& leaf);

// The root of the first `size` leaves.
std::string root(Hash h, NodeSource& src, uint64_t size);
// RFC 9162 §2.1.3.1. Requires index < size.
std::vector<std::string> inclusion_proof(Hash h, NodeSource& src, uint64_t index, uint64_t size);
// RFC 9162 §2.1.4.1. Requires 0 < m <= n.
std::vector<std::string> consistency_proof(Hash h, NodeSource& src, uint64_t m, uint64_t n);

// RFC 9162 §2.1.3.2 and §2.1.4.2: independent of any store.
bool verify_inclusion(Hash h, uint64_t index, uint64_t size, const std::string& leaf, const std::vector<std::string>& proof,
                      const std::string& root);
bool verify_consistency(Hash h, uint64_t m, uint64_t n, const std::string& root_m, const std::string& root_n,
                        const std::vector<std::string>& proof);

}  // namespace zhifa::ledger::merkle
