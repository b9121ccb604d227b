#include "ledger/ledger.h"

#include "base/canonical_json.h"
#include "base/crypto.h"
#include "base/error.h"
#include "base/time.h"

namespace zhifa::ledger {

crypto::Hash store_hash(db::Connection& c) {
  auto q = c.prepare("SELECT value FROM store_meta WHERE key = 'ledger_hash'");
  if (q->step()) return crypto::hash_from_name(q->row().text(0));
  return crypto::Hash::sm3;
}

int64_t record(db::Connection& c, const Actor& actor, std::string_view action, std::string_view subject_kind,
               std::string_view subject_id, const nlohmann::json& change, std::optional<int64_t> corrects) {
  if (!c.in_transaction()) throw Error::internal("ledger::record outside a transaction");
  if (c.dialect() == db::Dialect::postgres) {
    // Entries get gap-free sequence numbers in commit order: one appender at a time.
    c.exec_script("SELECT pg_advisory_xact_lock(7312)");
  }
  int64_t seq = 1;
  {
    auto q = c.prepare("SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_entries");
    if (q->step()) seq = q->row().i64(0);
  }
  std::string body = canonical_json(change);
  std::string h = crypto::hex(crypto::digest(store_hash(c), body));
  auto ins = c.prepare(
      "INSERT INTO ledger_entries(seq, at, actor_id, bureau_id, action, subject_kind, subject_id, change, change_hash, "
      "corrects) VALUES (?,?,?,?,?,?,?,?,?,?)");
  ins->bind(seq)
      .bind(time::to_iso(time::now()))
      .bind(actor.user_id)
      .bind(actor.bureau_id)
      .bind(action)
      .bind(subject_kind)
      .bind(subject_id)
      .bind(body)
      .bind(h)
      .bind(corrects)
      .exec();
  return seq;
}

}  // namespace zhifa::ledger
