#include "ledger/verify.h"

#include <array>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <optional>
#include <regex>
#include <set>
#include <vector>

#include "base/crypto.h"
#include "base/error.h"
#include "ledger/blobs.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"

namespace zhifa::ledger {
namespace {

using Hash32 = merkle::TreeHasher::Hash32;

std::string_view bytes(const Hash32& x) { return {reinterpret_cast<const char*>(x.data()), x.size()}; }

// Every level of the recomputed tree, in memory: 32 bytes a node in place (no allocation per
// node), about 64 MB per million entries.
struct Levels : merkle::NodeSource {
  std::vector<std::vector<Hash32>> at;
  std::string node(int level, uint64_t index) override { return std::string(bytes(at.at(size_t(level)).at(index))); }
  void build(crypto::Hash h) {
    while (at.back().size() > 1) {
      const auto& lower = at.back();
      std::vector<Hash32> up(lower.size() / 2);
      if (up.empty()) break;
      auto pairs = [&](size_t from, size_t to) {
        merkle::TreeHasher th(h);
        for (size_t i = from; i < to; ++i) up[i] = th.node(lower[2 * i], lower[2 * i + 1]);
      };
      // The lowest levels hold most of the work: split them over two cores.
      if (up.size() >= 32768) {
        std::thread other(pairs, up.size() / 2, up.size());
        pairs(0, up.size() / 2);
        other.join();
      } else {
        pairs(0, up.size());
      }
      at.push_back(std::move(up));
    }
  }
};

// The latest entry that recorded each covered row (ledger::record_row), by table and key.
struct RowRecord {
  int64_t seq;
  nlohmann::json row;
  nlohmann::json sets;     // {name: {table, key_column, column, values}} or null
  nlohmann::json digests;  // {content_column: hash_column} or null
};
struct TableRecords {
  std::string key_column;
  std::set<std::string> columns;
  std::map<std::string, RowRecord> rows;
};

std::string shown(const nlohmann::json& v) { return v.is_null() ? "空" : "“" + v.get<std::string>() + "”"; }

bool identifier(const std::string& s) {
  static const std::regex ident("^[a-z_][a-z0-9_]*$");
  return std::regex_match(s, ident);
}

// The child values a row's entry snapshotted (ledger::record_row "sets") against the store now.
std::optional<std::string> check_sets(db::Connection& c, const nlohmann::json& sets, const std::string& key,
                                      const std::string& where, int64_t seq) {
  if (!sets.is_object()) return std::nullopt;
  for (const auto& [name, spec] : sets.items()) {
    std::string table = spec.value("table", ""), key_column = spec.value("key_column", ""), column = spec.value("column", "");
    if (!identifier(table) || !identifier(key_column) || !identifier(column)) return "记录 #" + std::to_string(seq) + " 中的表名无效";
    auto q = c.prepare("SELECT " + column + " FROM " + table + " WHERE " + key_column + " = ? ORDER BY 1");
    q->bind(key);
    nlohmann::json now = nlohmann::json::array();
    while (q->step()) now.push_back(q->row().text(0));
    if (now != spec["values"])
      return where + "的 " + name + "（表 " + table + "）为 " + now.dump() + "，与记录 #" + std::to_string(seq) + " 中的 " +
             spec["values"].dump() + " 不符：行被改动";
  }
  return std::nullopt;
}

// A large column kept out of the entry (a draw's pool file) against the hash of it the entry
// recorded (ledger::record_row "digests").
std::optional<std::string> check_digests(db::Connection& c, crypto::Hash h, const std::string& table, const std::string& key_column,
                                         const RowRecord& rec, const std::string& key, const std::string& where) {
  if (!rec.digests.is_object()) return std::nullopt;
  for (const auto& [column, hash_column] : rec.digests.items()) {
    if (!identifier(column) || !hash_column.is_string() || !rec.row.contains(hash_column.get<std::string>()))
      return "记录 #" + std::to_string(rec.seq) + " 中的列名无效";
    auto q = c.prepare("SELECT " + column + " FROM " + table + " WHERE " + key_column + " = ?");
    q->bind(key);
    if (!q->step()) return where + "已不存在";
    std::string now = crypto::hex(crypto::digest(h, q->row().is_null(0) ? std::string() : q->row().text(0)));
    const auto& want = rec.row[hash_column.get<std::string>()];
    if (!want.is_string() || now != want.get<std::string>())
      return where + "的 " + column + " 的哈希为 " + now + "，与记录 #" + std::to_string(rec.seq) + " 中的 " + shown(want) + " 不符：内容被改动";
  }
  return std::nullopt;
}

// The hex form of a 32-byte hash, in place.
std::array<char, 64> hex32(const Hash32& x) {
  // Two digits per byte from one table: verify compares three hashes per entry.
  static const auto pairs = [] {
    std::array<char, 512> t{};
    const char* d = "0123456789abcdef";
    for (int b = 0; b < 256; ++b) {
      t[size_t(2 * b)] = d[b >> 4];
      t[size_t(2 * b + 1)] = d[b & 15];
    }
    return t;
  }();
  std::array<char, 64> out;
  for (size_t i = 0; i < x.size(); ++i) std::memcpy(&out[2 * i], &pairs[2 * size_t(x[i])], 2);
  return out;
}
bool hex_equals(const Hash32& x, std::string_view hex) {
  auto h = hex32(x);
  return hex.size() == h.size() && std::equal(h.begin(), h.end(), hex.begin());
}

// Entries read from the store by a second thread, in chunks, while this one hashes them and
// parses the row snapshots: reading (SQLite's b-tree or libpq) is about half of verify's work,
// and the two cores of a small server can do both halves at once. A chunk holds its entries'
// text in one buffer, so reading costs no allocation per field.
struct Chunk {
  struct Item {
    int64_t seq, actor_id, bureau_id;
    std::optional<int64_t> corrects;
    uint32_t off[6], len[6];  // at, action, subject_kind, subject_id, change, change_hash
  };
  std::vector<Item> items;
  std::string text;
  std::string_view field(const Item& e, int k) const { return {text.data() + e.off[k], e.len[k]}; }
};
class EntryReader {
public:
  explicit EntryReader(db::Connection& c) : c_(c), thread_([this] { run(); }) {}
  ~EntryReader() {
    {
      std::lock_guard lock(m_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  // The next chunk; empty at the end. Rethrows what the reader threw.
  Chunk next() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !chunks_.empty() || done_; });
    if (chunks_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return {};
    }
    auto out = std::move(chunks_.front());
    chunks_.pop_front();
    cv_.notify_all();
    return out;
  }

private:
  static constexpr size_t kChunk = 2048, kQueued = 8;
  void run() {
    try {
      auto q = c_.stream(
          "SELECT seq, actor_id, bureau_id, corrects, at, action, subject_kind, subject_id, change, change_hash FROM "
          "ledger_entries ORDER BY seq");
      Chunk chunk;
      auto fresh = [&] {
        chunk = {};
        chunk.items.reserve(kChunk);
        chunk.text.reserve(kChunk * 320);
      };
      fresh();
      auto push = [&] {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return chunks_.size() < kQueued || stop_; });
        if (stop_) return false;
        chunks_.push_back(std::move(chunk));
        fresh();
        cv_.notify_all();
        return true;
      };
      while (q->step()) {
        const auto& r = q->row();
        Chunk::Item e{r.i64(0), r.i64(1), r.i64(2), r.opt_i64(3), {}, {}};
        for (int k = 0; k < 6; ++k) {
          auto v = r.view(4 + k);
          e.off[k] = uint32_t(chunk.text.size());
          e.len[k] = uint32_t(v.size());
          chunk.text.append(v);
        }
        chunk.items.push_back(e);
        if (chunk.items.size() == kChunk && !push()) return;
      }
      if (!chunk.items.empty() && !push()) return;
    } catch (...) {
      std::lock_guard lock(m_);
      error_ = std::current_exception();
    }
    std::lock_guard lock(m_);
    done_ = true;
    cv_.notify_all();
  }
  db::Connection& c_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Chunk> chunks_;
  bool stop_ = false, done_ = false;
  std::exception_ptr error_;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace

VerifyReport verify(db::Connection& c, const std::string& data_dir,
                    const std::function<void(const char*, int64_t, int64_t)>& progress) {
  VerifyReport rep;
  auto fail = [&](std::string why) {
    rep.ok = false;
    rep.problem = std::move(why);
    return rep;
  };
  auto h = store_hash(c);
  // Reading the whole store through mmap spares a copy of every page out of the kernel's cache.
  if (c.dialect() == db::Dialect::sqlite) c.exec_script("PRAGMA mmap_size = 1073741824");
  int64_t total = 0;
  {
    auto q = c.prepare("SELECT COUNT(*) FROM ledger_entries");
    q->step();
    total = q->row().i64(0);
  }
  Levels tree;
  std::map<std::string, TableRecords> tables;
  tree.at.emplace_back();
  tree.at[0].reserve(size_t(total));
  {
    EntryReader reader(c);
    crypto::Digester digest(h);
    merkle::TreeHasher th(h);
    std::string leaf;
    static constexpr std::string_view kRowKey = "\"row\":";
    int64_t expect = 1;
    for (auto chunk = reader.next(); !chunk.items.empty(); chunk = reader.next()) {
      for (const auto& it : chunk.items) {
        const EntryRef e{it.seq,
                         chunk.field(it, 0),
                         it.actor_id,
                         it.bureau_id,
                         chunk.field(it, 1),
                         chunk.field(it, 2),
                         chunk.field(it, 3),
                         chunk.field(it, 5),
                         it.corrects};
        const auto change = chunk.field(it, 4);
        if (e.seq != expect) return fail("记录 #" + std::to_string(expect) + " 缺失（下一条是 #" + std::to_string(e.seq) + "）：记录被删除");
        if (!hex_equals(digest({change}), e.change_hash))
          return fail("记录 #" + std::to_string(e.seq) + "（" + std::string(e.action) + "）的内容与其哈希不符：内容被改动");
        leaf.clear();
        append_entry_bytes(leaf, e);
        tree.at[0].push_back(th.leaf(leaf));
        // memmem: std::string::find stops at every quote of the JSON, a tenth of verify's time.
        if (memmem(change.data(), change.size(), kRowKey.data(), kRowKey.size())) {
          auto j = nlohmann::json::parse(change, nullptr, false);
          if (j.is_object() && j.contains("table") && j.contains("key") && j.contains("row") && j.contains("key_column")) {
            auto& t = tables[j["table"].get<std::string>()];
            t.key_column = j["key_column"];
            for (auto& [col, _] : j["row"].items()) t.columns.insert(col);
            t.rows[j["key"].get<std::string>()] = {e.seq, std::move(j["row"]), j.contains("sets") ? std::move(j["sets"]) : nlohmann::json(nullptr),
                                                   j.contains("digests") ? std::move(j["digests"]) : nlohmann::json(nullptr)};
          }
        }
        ++expect;
        ++rep.entries;
        if (progress && rep.entries % 4096 == 0) progress("记录", rep.entries, total);
      }
    }
    if (progress) progress("记录", rep.entries, total);
  }
  if (!tree.at[0].empty()) tree.build(h);

  // Stored nodes against recomputed ones: a changed entry field (actor, time, action ...) shows
  // up here as a leaf that differs from the one stored when the entry was appended.
  {
    int64_t expected_nodes = 0;
    for (const auto& l : tree.at) expected_nodes += int64_t(l.size());
    // In the order written, not by key: a scan without a lookup per row. A node is written
    // after the nodes below it, so a changed leaf is still named before its parents.
    auto q = c.stream("SELECT level, idx, hash FROM ledger_nodes");
    while (q->step()) {
      int level = int(q->row().i64(0));
      int64_t idx = q->row().i64(1);
      if (size_t(level) >= tree.at.size() || size_t(idx) >= tree.at[size_t(level)].size())
        return fail("记录树节点 (" + std::to_string(level) + ", " + std::to_string(idx) + ") 没有对应的记录：记录被删除");
      if (!hex_equals(tree.at[size_t(level)][size_t(idx)], q->row().view(2))) {
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
  // Rows: each row of a covered table must equal the snapshot in the latest entry that recorded
  // it and point at that entry; no such row may be missing, and none may exist without an entry.
  static const std::regex ident("^[a-z_][a-z0-9_]*$");
  for (auto& [table, t] : tables) {
    if (!std::regex_match(table, ident) || !std::regex_match(t.key_column, ident)) return fail("记录中的表名无效：" + table);
    std::vector<std::string> cols(t.columns.begin(), t.columns.end());
    std::string sql = "SELECT " + t.key_column + ", ledger_seq";
    for (const auto& col : cols) {
      if (!std::regex_match(col, ident)) return fail("记录中的列名无效：" + col);
      sql += ", " + col;
    }
    auto q = c.prepare(sql + " FROM " + table);
    std::set<std::string> seen;
    while (q->step()) {
      const auto& r = q->row();
      std::string key = r.text(0);
      std::string where = "表 " + table + " 中 " + t.key_column + " = " + key + " 的行";
      auto it = t.rows.find(key);
      if (it == t.rows.end()) return fail(where + "没有对应的记录：未经记录写入");
      seen.insert(key);
      if (r.is_null(1) || r.i64(1) != it->second.seq)
        return fail(where + "指向记录 #" + (r.is_null(1) ? std::string("空") : std::to_string(r.i64(1))) + "，但记录它的是 #" +
                    std::to_string(it->second.seq) + "：行被替换或交换");
      for (size_t i = 0; i < cols.size(); ++i) {
        nlohmann::json now = r.is_null(int(i) + 2) ? nlohmann::json(nullptr) : nlohmann::json(r.text(int(i) + 2));
        const auto& want = it->second.row.contains(cols[i]) ? it->second.row[cols[i]] : nlohmann::json(nullptr);
        if (now != want)
          return fail(where + "的 " + cols[i] + " 为 " + shown(now) + "，与记录 #" + std::to_string(it->second.seq) + " 中的 " +
                      shown(want) + " 不符：行被改动");
      }
      if (auto why = check_sets(c, it->second.sets, key, where, it->second.seq)) return fail(*why);
      if (auto why = check_digests(c, h, table, t.key_column, it->second, key, where)) return fail(*why);
      ++rep.rows;
    }
    for (const auto& [key, rec] : t.rows)
      if (!seen.count(key))
        return fail("表 " + table + " 中 " + t.key_column + " = " + key + " 的行已不存在（最近的记录是 #" + std::to_string(rec.seq) + "）：行被删除");
  }
  // Files: every blob not disposed of must be on disk with its recorded size and hash. The rows
  // of ledger_blobs were compared with their entries above, so the hash here is the recorded one.
  std::vector<std::pair<std::string, int64_t>> blobs;
  {
    auto q = c.prepare(
        "SELECT b.hash, b.size FROM ledger_blobs b WHERE NOT EXISTS (SELECT 1 FROM ledger_blob_disposals d WHERE d.hash = b.hash) "
        "ORDER BY b.hash");
    while (q->step()) blobs.emplace_back(q->row().text(0), q->row().i64(1));
  }
  if (!blobs.empty() && data_dir.empty()) return fail("存有证据文件，但未指定数据目录，无法校验文件");
  if (!blobs.empty()) {
    BlobStore store(data_dir, h);
    for (const auto& [hash, size] : blobs) {
      if (auto bad = store.check(hash, size)) return fail(*bad);
      ++rep.files;
      if (progress) progress("证据文件", rep.files, int64_t(blobs.size()));
    }
  }
  return rep;
}

}  // namespace zhifa::ledger
