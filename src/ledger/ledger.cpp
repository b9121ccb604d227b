#include "ledger/ledger.h"

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

std::string entry_bytes(const Entry& e) {
  nlohmann::json j = {{"seq", e.seq},
                      {"at", e.at},
                      {"actor_id", e.actor_id},
                      {"bureau_id", e.bureau_id},
                      {"action", e.action},
                      {"subject_kind", e.subject_kind},
                      {"subject_id", e.subject_id},
                      {"change_hash", e.change_hash},
                      {"corrects", e.corrects ? nlohmann::json(*e.corrects) : nlohmann::json(nullptr)}};
  return canonical_json(j);
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

int64_t record(db::Connection& c, const Actor& actor, std::string_view action, std::string_view subject_kind,
               std::string_view subject_id, const nlohmann::json& change, std::optional<int64_t> corrects) {
  if (!c.in_transaction()) throw Error::internal("ledger::record outside a transaction");
  if (c.dialect() == db::Dialect::postgres) {
    // Entries get gap-free sequence numbers in commit order: one appender at a time.
    c.exec_script("SELECT pg_advisory_xact_lock(7312)");
  }
  auto hash = store_hash(c);
  Entry e;
  e.seq = size(c) + 1;
  e.at = time::to_iso(time::now());
  e.actor_id = actor.user_id;
  e.bureau_id = actor.bureau_id;
  e.action = action;
  e.subject_kind = subject_kind;
  e.subject_id = subject_id;
  e.change = canonical_json(change);
  e.change_hash = crypto::hex(crypto::digest(hash, e.change));
  e.corrects = corrects;
  auto ins = c.prepare(
      "INSERT INTO ledger_entries(seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, change_hash, "
      "corrects) VALUES (?,?,?,?,?,?,?,?,?,?)");
  ins->bind(e.seq).bind(e.at).bind(e.actor_id).bind(e.bureau_id).bind(e.action).bind(e.subject_kind).bind(e.subject_id)
      .bind(e.change).bind(e.change_hash).bind(e.corrects).exec();
  StoredNodes nodes(c);
  auto leaf = merkle::leaf_hash(hash, entry_bytes(e));
  for (const auto& n : merkle::nodes_completed(hash, nodes, uint64_t(e.seq - 1), leaf)) nodes.put(n);
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
  extra["table"] = table;
  extra["key_column"] = key_column;
  extra["key"] = key;
  extra["row"] = row;
  int64_t seq = record(c, actor, action, subject_kind, subject_id.empty() ? std::string_view(key) : subject_id, extra);
  c.prepare("UPDATE " + table + " SET ledger_seq = ? WHERE " + key_column + " = ?")->bind(seq).bind(key).exec();
  return seq;
}

}  // namespace zhifa::ledger
