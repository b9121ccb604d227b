// RFC 6962/9162 Merkle tree: stored perfect subtrees give the same roots as the RFC's recursive
// definition, and every inclusion and consistency proof verifies (and a wrong one does not).
// R: REC-21 — any alteration of the record is detectable.
#include <gtest/gtest.h>

#include <map>

#include "ledger/merkle.h"

using namespace zhifa;
using namespace zhifa::ledger::merkle;

namespace {

struct MemTree : NodeSource {
  Hash h;
  std::map<std::pair<int, uint64_t>, std::string> nodes;
  uint64_t size = 0;
  explicit MemTree(Hash hh) : h(hh) {}
  std::string node(int level, uint64_t index) override { return nodes.at({level, index}); }
  void append(const std::string& entry) {
    for (auto& n : nodes_completed(h, *this, size, leaf_hash(h, entry))) nodes[{n.level, n.index}] = n.hash;
    ++size;
  }
};

// The RFC's definition, straight: MTH(D[n]).
std::string mth(Hash h, const std::vector<std::string>& d, size_t a, size_t b) {
  if (b - a == 1) return leaf_hash(h, d[a]);
  size_t k = 1;
  while (k * 2 < b - a) k *= 2;
  return node_hash(h, mth(h, d, a, a + k), mth(h, d, a + k, b));
}

}  // namespace

TEST(Merkle, Sha256MatchesTheKnownEmptyRoot) {
  EXPECT_EQ(crypto::hex(empty_root(Hash::sha256)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Merkle, RootsProofsAndConsistencyForEverySizeUpTo70) {
  for (Hash h : {Hash::sha256, Hash::sm3}) {
    MemTree t(h);
    std::vector<std::string> data;
    std::vector<std::string> roots{empty_root(h)};
    for (int i = 0; i < 70; ++i) {
      data.push_back("entry-" + std::to_string(i));
      t.append(data.back());
      roots.push_back(root(h, t, t.size));
      ASSERT_EQ(roots.back(), mth(h, data, 0, data.size())) << "size " << data.size();
    }
    for (uint64_t n = 1; n <= 70; ++n) {
      for (uint64_t i = 0; i < n; ++i) {
        auto p = inclusion_proof(h, t, i, n);
        ASSERT_TRUE(verify_inclusion(h, i, n, leaf_hash(h, data[i]), p, roots[n])) << i << "/" << n;
        ASSERT_FALSE(verify_inclusion(h, i, n, leaf_hash(h, "forged"), p, roots[n]));
        if (n > 1 && data[(i + 1) % n] != data[i]) {
          ASSERT_FALSE(verify_inclusion(h, (i + 1) % n, n, leaf_hash(h, data[i]), p, roots[n]));
        }
      }
      for (uint64_t m = 1; m <= n; ++m) {
        auto p = consistency_proof(h, t, m, n);
        ASSERT_TRUE(verify_consistency(h, m, n, roots[m], roots[n], p)) << m << "->" << n;
        if (m < n) {
          ASSERT_FALSE(verify_consistency(h, m, n, roots[m] + "x", roots[n], p));
          ASSERT_FALSE(verify_consistency(h, m, n, roots[m], roots[n - 1], p)) << m << "->" << n;
        }
      }
    }
  }
}

TEST(Merkle, ProofsAreLogarithmic) {
  MemTree t(Hash::sha256);
  for (int i = 0; i < 1000; ++i) t.append(std::to_string(i));
  EXPECT_LE(inclusion_proof(Hash::sha256, t, 517, 1000).size(), 10u);
  EXPECT_LE(consistency_proof(Hash::sha256, t, 333, 1000).size(), 20u);
}
