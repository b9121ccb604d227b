#include "ledger/merkle.h"

#include <bit>

#include "base/error.h"

namespace zhifa::ledger::merkle {
namespace {

uint64_t largest_pow2_below(uint64_t n) {  // requires n > 1
  return std::bit_floor(n - 1);
}

// MTH(D[a:b]) from stored perfect subtrees. Requires a to be aligned to the largest power of two
// not above b - a, which holds for every range the RFC recursions produce.
std::string range(Hash h, NodeSource& src, uint64_t a, uint64_t b) {
  uint64_t n = b - a;
  if (std::has_single_bit(n) && a % n == 0) return src.node(std::countr_zero(n), a >> std::countr_zero(n));
  uint64_t k = largest_pow2_below(n);
  return node_hash(h, range(h, src, a, a + k), range(h, src, a + k, b));
}

void path(Hash h, NodeSource& src, uint64_t m, uint64_t a, uint64_t b, std::vector<std::string>& out) {
  uint64_t n = b - a;
  if (n <= 1) return;
  uint64_t k = largest_pow2_below(n);
  if (m < k) {
    path(h, src, m, a, a + k, out);
    out.push_back(range(h, src, a + k, b));
  } else {
    path(h, src, m - k, a + k, b, out);
    out.push_back(range(h, src, a, a + k));
  }
}

void subproof(Hash h, NodeSource& src, uint64_t m, uint64_t a, uint64_t b, bool complete, std::vector<std::string>& out) {
  uint64_t n = b - a;
  if (m == n) {
    if (!complete) out.push_back(range(h, src, a, b));
    return;
  }
  uint64_t k = largest_pow2_below(n);
  if (m <= k) {
    subproof(h, src, m, a, a + k, complete, out);
    out.push_back(range(h, src, a + k, b));
  } else {
    subproof(h, src, m - k, a + k, b, false, out);
    out.push_back(range(h, src, a, a + k));
  }
}

}  // namespace

// RFC 6962 §2.1: the domain-separation bytes of leaves and interior nodes.
constexpr std::string_view kLeafPrefix("\0", 1), kNodePrefix("\x01", 1);

std::string leaf_hash(Hash h, std::string_view entry) {
  std::string buf;
  buf.reserve(entry.size() + 1);
  buf += kLeafPrefix;
  buf += entry;
  return crypto::digest(h, buf);
}

std::string node_hash(Hash h, std::string_view left, std::string_view right) {
  std::string buf;
  buf.reserve(1 + left.size() + right.size());
  buf += kNodePrefix;
  buf += left;
  buf += right;
  return crypto::digest(h, buf);
}

TreeHasher::Hash32 TreeHasher::leaf(std::string_view entry) { return d_({kLeafPrefix, entry}); }

TreeHasher::Hash32 TreeHasher::node(const Hash32& left, const Hash32& right) {
  auto sv = [](const Hash32& x) { return std::string_view(reinterpret_cast<const char*>(x.data()), x.size()); };
  return d_({kNodePrefix, sv(left), sv(right)});
}

std::string empty_root(Hash h) { return crypto::digest(h, ""); }

std::vector<Node> nodes_completed(Hash h, NodeSource& src, uint64_t index, const std::string& leaf) {
  std::vector<Node> out{{0, index, leaf}};
  std::string cur = leaf;
  uint64_t i = index;
  int level = 0;
  while (i & 1) {
    cur = node_hash(h, src.node(level, i - 1), cur);
    i >>= 1;
    ++level;
    out.push_back({level, i, cur});
  }
  return out;
}

std::string root(Hash h, NodeSource& src, uint64_t size) {
  if (size == 0) return empty_root(h);
  return range(h, src, 0, size);
}

std::vector<std::string> inclusion_proof(Hash h, NodeSource& src, uint64_t index, uint64_t size) {
  if (index >= size) throw Error::invalid("index", "记录序号超出日志大小", "ledger.index_out_of_range");
  std::vector<std::string> out;
  path(h, src, index, 0, size, out);
  return out;
}

std::vector<std::string> consistency_proof(Hash h, NodeSource& src, uint64_t m, uint64_t n) {
  if (m == 0 || m > n) throw Error::invalid("from", "一致性证明要求 0 < 旧大小 ≤ 新大小", "ledger.size_invalid");
  std::vector<std::string> out;
  if (m == n) return out;
  subproof(h, src, m, 0, n, true, out);
  return out;
}

bool verify_inclusion(Hash h, uint64_t index, uint64_t size, const std::string& leaf, const std::vector<std::string>& proof,
                      const std::string& root_hash) {
  if (index >= size) return false;
  uint64_t fn = index, sn = size - 1;
  std::string r = leaf;
  for (const auto& p : proof) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(h, p, r);
      if (!(fn & 1)) {
        while (fn != 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = node_hash(h, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root_hash;
}

bool verify_consistency(Hash h, uint64_t m, uint64_t n, const std::string& root_m, const std::string& root_n,
                        const std::vector<std::string>& proof) {
  if (m == 0 || m > n) return false;
  if (m == n) return proof.empty() && root_m == root_n;
  std::vector<std::string> path = proof;
  if (std::has_single_bit(m)) path.insert(path.begin(), root_m);
  if (path.empty()) return false;
  uint64_t fn = m - 1, sn = n - 1;
  while (fn & 1) {
    fn >>= 1;
    sn >>= 1;
  }
  std::string fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const auto& c = path[i];
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(h, c, fr);
      sr = node_hash(h, c, sr);
      if (!(fn & 1)) {
        while (fn != 0 && !(fn & 1)) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = node_hash(h, sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && fr == root_m && sr == root_n;
}

}  // namespace zhifa::ledger::merkle
