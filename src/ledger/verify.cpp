#include "ledger/verify.h"

#include <map>
#include <vector>

#include "base/crypto.h"
#include "base/error.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"

namespace zhifa::ledger {
namespace {

// Every level of the recomputed tree, in memory: 32 bytes a node, about 64 MB per million entries.
struct Levels : merkle::NodeSource {
  std::vector<std::vector<std::string>> at;
  std::string node(int level, uint64_t index) override { return at.at(size_t(level)).at(index); }
  void build(crypto::Hash h) {
    while (at.back().size() > 1) {
      const auto& lower = at.back();
      std::vector<std::string> up;
      up.reserve(lower.size() / 2);
      for (size_t i = 0; i + 1 < lower.size(); i += 2) up.push_back(merkle::node_hash(h, lower[i], lower[i + 1]));
      if (up.empty()) break;
      at.push_back(std::move(up));
    }
  }
};

}  // namespace

VerifyReport verify(db::Connection& c, const std::function<void(const char*, int64_t, int64_t)>& progress) {
  VerifyReport rep;
  auto fail = [&](std::string why) {
    rep.ok = false;
    rep.problem = std::move(why);
    return rep;
  };
  auto h = store_hash(c);
  int64_t total = 0;
  {
    auto q = c.prepare("SELECT COUNT(*) FROM ledger_entries");
    q->step();
    total = q->row().i64(0);
  }
  Levels tree;
  tree.at.emplace_back();
  tree.at[0].reserve(size_t(total));
  {
    auto q = c.prepare(
        "SELECT seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, change_hash, corrects FROM "
        "ledger_entries ORDER BY seq");
    int64_t expect = 1;
    while (q->step()) {
      const auto& r = q->row();
      Entry e{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8), r.opt_i64(9)};
      if (e.seq != expect) return fail("记录 #" + std::to_string(expect) + " 缺失（下一条是 #" + std::to_string(e.seq) + "）：记录被删除");
      if (crypto::hex(crypto::digest(h, e.change)) != e.change_hash)
        return fail("记录 #" + std::to_string(e.seq) + "（" + e.action + "）的内容与其哈希不符：内容被改动");
      tree.at[0].push_back(merkle::leaf_hash(h, entry_bytes(e)));
      ++expect;
      ++rep.entries;
      if (progress && rep.entries % 4096 == 0) progress("记录", rep.entries, total);
    }
    if (progress) progress("记录", rep.entries, total);
  }
  if (!tree.at[0].empty()) tree.build(h);

  // Stored nodes against recomputed ones: a changed entry field (actor, time, action ...) shows
  // up here as a leaf that differs from the one stored when the entry was appended.
  {
    int64_t expected_nodes = 0;
    for (const auto& l : tree.at) expected_nodes += int64_t(l.size());
    auto q = c.prepare("SELECT level, idx, hash FROM ledger_nodes ORDER BY level, idx");
    while (q->step()) {
      int level = int(q->row().i64(0));
      int64_t idx = q->row().i64(1);
      std::string stored = q->row().text(2);
      if (size_t(level) >= tree.at.size() || size_t(idx) >= tree.at[size_t(level)].size())
        return fail("记录树节点 (" + std::to_string(level) + ", " + std::to_string(idx) + ") 没有对应的记录：记录被删除");
      if (crypto::hex(tree.at[size_t(level)][size_t(idx)]) != stored) {
        if (level == 0) return fail("记录 #" + std::to_string(idx + 1) + " 的字段（时间、操作人、动作或对象）与写入时不符：记录被改动");
        return fail("记录树节点 (" + std::to_string(level) + ", " + std::to_string(idx) + ") 与重算值不符");
      }
      ++rep.nodes;
      if (progress && rep.nodes % 8192 == 0) progress("记录树", rep.nodes, expected_nodes);
    }
    if (rep.nodes != expected_nodes)
      return fail("记录树缺少 " + std::to_string(expected_nodes - rep.nodes) + " 个节点：记录树被删改");
  }

  // Checkpoints: signature by the store's keys, text, and the root of the recomputed tree.
  {
    std::vector<note::Verifier> vs;
    for (const auto& k : verifier_keys(c)) vs.push_back(note::Verifier::parse(k));
    std::vector<const note::Verifier*> known;
    for (const auto& v : vs) known.push_back(&v);
    std::string o = origin(c);
    auto q = c.prepare("SELECT size, root, note FROM ledger_checkpoints ORDER BY size");
    while (q->step()) {
      int64_t n = q->row().i64(0);
      std::string where = "检查点（大小 " + std::to_string(n) + "）";
      if (n > rep.entries) return fail(where + "大于现有记录数 " + std::to_string(rep.entries) + "：已签名的记录被删除");
      std::string root = merkle::root(h, tree, uint64_t(n));
      if (crypto::hex(root) != q->row().text(1)) return fail(where + "的根哈希与重算值不符：记录被改动");
      try {
        auto opened = note::open(q->row().text(2), known);
        if (opened.text != note::checkpoint_text(o, uint64_t(n), root)) return fail(where + "的签名文本与其大小和根哈希不符");
      } catch (const Error& e) {
        return fail(where + "：" + e.message());
      }
      ++rep.checkpoints;
    }
  }
  return rep;
}

}  // namespace zhifa::ledger
