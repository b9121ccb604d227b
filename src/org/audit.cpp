#include "org/audit.h"

#include <algorithm>

#include "base/time.h"

namespace zhifa::org {

nlohmann::json audit_log(db::Connection& c, const Principal& p, const AuditFilter& f) {
  p.require("audit.read");
  // Entries of system actions (bureau_id 0) belong to the whole store: root-scope auditors see them.
  std::string where =
      "WHERE (b.path LIKE ? OR (e.bureau_id = 0 AND ? = (SELECT MIN(path) FROM bureaus WHERE parent_id IS NULL)))";
  std::vector<db::Value> args{p.bureau_path + "%", p.bureau_path};
  auto day_bound = [&](const std::string& s, const char* field, bool end) {
    auto d = time::parse_date(s);
    if (!d) throw Error::invalid(field, "日期格式应为 YYYY-MM-DD", "validation.date");
    // Shanghai midnight is 16:00 UTC the day before.
    return time::to_iso(time::Instant(std::chrono::milliseconds(((d->days() + (end ? 1 : 0)) * 86400 - 8 * 3600) * 1000)));
  };
  if (!f.from.empty()) {
    where += " AND e.at >= ?";
    args.emplace_back(day_bound(f.from, "from", false));
  }
  if (!f.to.empty()) {
    where += " AND e.at < ?";
    args.emplace_back(day_bound(f.to, "to", true));
  }
  if (!f.actor.empty()) {
    where += " AND (u.username LIKE ? OR u.name LIKE ?)";
    args.emplace_back("%" + f.actor + "%");
    args.emplace_back("%" + f.actor + "%");
  }
  if (!f.action.empty()) {
    if (f.action.back() == '.') {
      where += " AND e.action LIKE ?";
      args.emplace_back(f.action + "%");
    } else {
      where += " AND e.action = ?";
      args.emplace_back(f.action);
    }
  }
  if (!f.subject.empty()) {
    // "kind" or "kind:id": the kind is a code ([a-z0-9_]), the id any non-empty text after the first ':'.
    auto colon = f.subject.find(':');
    std::string kind = f.subject.substr(0, colon);
    bool ok = !kind.empty() && kind.size() <= 64 &&
              std::all_of(kind.begin(), kind.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; });
    if (!ok || (colon != std::string::npos && colon + 1 == f.subject.size()))
      throw Error::invalid("subject", "对象应为“类型”或“类型:编号”，如 user 或 user:12");
    where += " AND e.subject_kind = ?";
    args.emplace_back(kind);
    if (colon != std::string::npos) {
      where += " AND e.subject_id = ?";
      args.emplace_back(f.subject.substr(colon + 1));
    }
  }
  const std::string from =
      " FROM ledger_entries e LEFT JOIN users u ON u.id = e.actor_id LEFT JOIN bureaus b ON b.id = e.bureau_id ";
  auto count = c.prepare("SELECT COUNT(*)" + from + where);
  for (auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto q = c.prepare(
      "SELECT e.seq, e.at, e.actor_id, u.name, u.username, e.bureau_id, b.name, e.action, e.subject_kind, e.subject_id, "
      "e.change" + from + where + " ORDER BY e.seq DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    auto opt = [&](int i) { return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.text(i)); };
    items.push_back({{"seq", r.i64(0)},
                     {"at", r.text(1)},
                     {"actor_id", r.i64(2)},
                     {"actor_name", r.i64(2) == 0 ? nlohmann::json("系统") : opt(3)},
                     {"actor_username", opt(4)},
                     {"bureau_id", r.i64(5)},
                     {"bureau_name", opt(6)},
                     {"action", r.text(7)},
                     {"subject_kind", r.text(8)},
                     {"subject_id", r.text(9)},
                     {"change", nlohmann::json::parse(r.text(10))}});
  }
  q.reset();
  ledger::record(c, p.actor(), "audit.read", "ledger", "query",
                 {{"from", f.from}, {"to", f.to}, {"actor", f.actor}, {"action", f.action}, {"subject", f.subject}, {"page", page}});
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

}  // namespace zhifa::org
