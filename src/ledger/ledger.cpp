#include "ledger/ledger.h"

#include <any>
#include <charconv>
#include <map>

#include "base/canonical_json.h"
#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"
#include "ledger/merkle.h"
#include "ledger/tree.h"

namespace zhifa::ledger {

crypto::Hash store_hash(db::Connection& c) {
  auto q = c.prepare("SELECT value FROM store_meta WHERE key = 'ledger_hash'");
  if (q->step()) return crypto::hash_from_name(q->row().text(0));
  return crypto::Hash::sm3;
}

namespace {
// A JSON string exactly as canonical_json (nlohmann's dump, ensure_ascii off) writes it: the
// entry's short ASCII fields take the quick path; anything else goes through the library.
void put_string(std::string& out, std::string_view v) {
  // One branch-free pass over the bytes, which the compiler vectorises (find_first_of would
  // call memchr once per byte of `v`; verify puts every entry's fields through here).
  unsigned other = 0, escaped = 0;
  for (unsigned char ch : v) {
    other |= unsigned(ch < 0x20) | unsigned(ch >= 0x80);
    escaped |= unsigned(ch == '"') | unsigned(ch == '\\');
  }
  if (other) {
    out += canonical_json(nlohmann::json(std::string(v)));
    return;
  }
  out += '"';
  if (!escaped) {
    out.append(v);
  } else {
    for (char ch : v) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
  }
  out += '"';
}
}  // namespace

// Written by hand rather than through nlohmann::json because verify builds it for every entry
// of the log; keys in canonical (sorted) order. tests/unit/ledger_test.cpp holds it equal to
// canonical_json of the same object.
std::string entry_bytes(const Entry& e) {
  std::string out;
  out.reserve(160 + e.action.size() + e.subject_kind.size() + e.subject_id.size() + e.change_hash.size());
  append_entry_bytes(out, EntryRef{e.seq, e.at, e.actor_id, e.bureau_id, e.action, e.subject_kind, e.subject_id, e.change_hash, e.corrects});
  return out;
}

void append_entry_bytes(std::string& out, const EntryRef& e) {
  char num[24];
  auto put_int = [&](int64_t v) { out.append(num, size_t(std::to_chars(num, num + sizeof num, v).ptr - num)); };
  out += "{\"action\":";
  put_string(out, e.action);
  out += ",\"actor_id\":";
  put_int(e.actor_id);
  out += ",\"at\":";
  put_string(out, e.at);
  out += ",\"bureau_id\":";
  put_int(e.bureau_id);
  out += ",\"change_hash\":";
  put_string(out, e.change_hash);
  out += ",\"corrects\":";
  if (e.corrects) put_int(*e.corrects);
  else out += "null";
  out += ",\"seq\":";
  put_int(e.seq);
  out += ",\"subject_id\":";
  put_string(out, e.subject_id);
  out += ",\"subject_kind\":";
  put_string(out, e.subject_kind);
  out += '}';
}

int64_t size(db::Connection& c) {
  auto q = c.prepare("SELECT COALESCE(MAX(seq), 0) FROM ledger_entries");
  q->step();
  return q->row().i64(0);
}

std::optional<Entry> find_entry(db::Connection& c, int64_t seq) {
  auto q = c.prepare(
      "SELECT seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, change_hash, corrects FROM "
      "ledger_entries WHERE seq = ?");
  q->bind(seq);
  if (!q->step()) return std::nullopt;
  const auto& r = q->row();
  return Entry{r.i64(0), r.text(1), r.i64(2), r.i64(3), r.text(4), r.text(5), r.text(6), r.text(7), r.text(8), r.opt_i64(9)};
}

namespace {

// What a transaction knows about the log once it has appended to it: the store's hash, the
// next sequence number and the right edge of the tree (the perfect subtree at each level that a
// new leaf may complete). Valid only inside the transaction that filled it
// (Connection::transaction_state), so a batch of B appends reads the log's state once, not B
// times; on PostgreSQL that is most of an append's round trips.
struct AppendState {
  crypto::Hash hash = crypto::Hash::sm3;
  int64_t size = 0;
  std::map<int, std::pair<uint64_t, std::string>> edge;  // level -> (index, raw hash)
};

// Subtree hashes for merkle::nodes_completed: the edge this transaction wrote, else the store.
class EdgeNodes : public merkle::NodeSource {
public:
  EdgeNodes(AppendState& st, StoredNodes& stored) : st_(st), stored_(stored) {}
  std::string node(int level, uint64_t index) override {
    auto it = st_.edge.find(level);
    if (it != st_.edge.end() && it->second.first == index) return it->second.second;
    return stored_.node(level, index);
  }

private:
  AppendState& st_;
  StoredNodes& stored_;
};

AppendState& append_state(db::Connection& c) {
  auto& slot = c.transaction_state();
  if (auto* st = std::any_cast<AppendState>(&slot)) return *st;
  if (c.dialect() == db::Dialect::postgres) {
    // Entries get gap-free sequence numbers in commit order: one appender at a time. Taken
    // before the size is read, so the size is the committed one.
    c.exec_script("SELECT pg_advisory_xact_lock(7312)");
  }
  AppendState st;
  st.hash = store_hash(c);
  st.size = size(c);
  slot = std::move(st);
  return std::any_cast<AppendState&>(slot);
}

}  // namespace

int64_t record(db::Connection& c, const Actor& actor, std::string_view action, std::string_view subject_kind,
               std::string_view subject_id, const nlohmann::json& change, std::optional<int64_t> corrects) {
  if (!c.in_transaction()) throw Error::internal("ledger::record outside a transaction");
  auto& st = append_state(c);
  Entry e;
  e.seq = st.size + 1;
  e.at = time::to_iso(time::now());
  e.actor_id = actor.user_id;
  e.bureau_id = actor.bureau_id;
  e.action = action;
  e.subject_kind = subject_kind;
  e.subject_id = subject_id;
  e.change = canonical_json(change);
  e.change_hash = crypto::hex(crypto::digest(st.hash, e.change));
  e.corrects = corrects;
  StoredNodes stored(c);
  EdgeNodes edge(st, stored);
  auto nodes = merkle::nodes_completed(st.hash, edge, uint64_t(e.seq - 1), merkle::leaf_hash(st.hash, entry_bytes(e)));
  static constexpr const char* kEntry =
      "INSERT INTO ledger_entries(seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, change_hash, "
      "corrects) VALUES (?,?,?,?,?,?,?,?,?,?)";
  if (c.dialect() == db::Dialect::postgres) {
    // The entry and the subtrees it completes in one statement: one round trip per append.
    std::string sql = std::string("WITH e AS (") + kEntry + ") INSERT INTO ledger_nodes(level, idx, hash) VALUES ";
    for (size_t i = 0; i < nodes.size(); ++i) sql += i ? ",(?,?,?)" : "(?,?,?)";
    auto ins = c.prepare(sql);
    ins->bind(e.seq).bind(e.at).bind(e.actor_id).bind(e.bureau_id).bind(e.action).bind(e.subject_kind).bind(e.subject_id)
        .bind(e.change).bind(e.change_hash).bind(e.corrects);
    for (const auto& n : nodes) ins->bind(n.level).bind(int64_t(n.index)).bind(crypto::hex(n.hash));
    ins->exec();
  } else {
    c.prepare(kEntry)
        ->bind(e.seq).bind(e.at).bind(e.actor_id).bind(e.bureau_id).bind(e.action).bind(e.subject_kind).bind(e.subject_id)
        .bind(e.change).bind(e.change_hash).bind(e.corrects).exec();
    for (const auto& n : nodes) stored.put(n);
  }
  // Only once every write of the append has succeeded: a failed append leaves the state as the
  // store has it.
  for (const auto& n : nodes) st.edge[n.level] = {n.index, n.hash};
  st.size = e.seq;
  return e.seq;
}

int64_t record_row(db::Connection& c, const Actor& actor, std::string_view action, std::string_view subject_kind,
                   const std::string& table, const std::string& key_column, const std::string& key,
                   const std::vector<std::string>& columns, nlohmann::json extra, std::string_view subject_id) {
  std::string cols;
  for (const auto& col : columns) cols += (cols.empty() ? "" : ", ") + col;
  auto q = c.prepare("SELECT " + cols + " FROM " + table + " WHERE " + key_column + " = ?");
  q->bind(key);
  if (!q->step()) throw Error::internal("record_row: no row " + table + "/" + key);
  nlohmann::json row = nlohmann::json::object();
  for (size_t i = 0; i < columns.size(); ++i)
    row[columns[i]] = q->row().is_null(int(i)) ? nlohmann::json(nullptr) : nlohmann::json(q->row().text(int(i)));
  q.reset();
  if (extra.contains("sets")) {
    for (auto& [name, spec] : extra["sets"].items()) {
      auto v = c.prepare("SELECT " + spec["column"].get<std::string>() + " FROM " + spec["table"].get<std::string>() + " WHERE " +
                         spec["key_column"].get<std::string>() + " = ? ORDER BY 1");
      v->bind(key);
      nlohmann::json values = nlohmann::json::array();
      while (v->step()) values.push_back(v->row().text(0));
      spec["values"] = std::move(values);
    }
  }
  extra["table"] = table;
  extra["key_column"] = key_column;
  extra["key"] = key;
  extra["row"] = row;
  int64_t seq = record(c, actor, action, subject_kind, subject_id.empty() ? std::string_view(key) : subject_id, extra);
  c.prepare("UPDATE " + table + " SET ledger_seq = ? WHERE " + key_column + " = ?")->bind(seq).bind(key).exec();
  return seq;
}

}  // namespace zhifa::ledger
