#include "evidence/stats.h"

#include <cmath>

#include "base/error.h"

namespace zhifa::evidence {

nlohmann::json late_uploads(db::Connection& c, const org::Principal& p, const std::string& path, time::Date from, time::Date to) {
  if (!p.can("supervision.read")) p.require("evidence.read");
  if (!p.covers_path(path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  // A Shanghai day starts at 16:00 UTC of the day before; instants sort as text.
  auto q = c.prepare(
      "SELECT i.id, i.bureau_id, b.path, b.name, i.kind, i.title, i.captured_at, i.uploaded_at, i.late_reason, i.owner_kind, i.owner_id "
      "FROM evidence_items i JOIN bureaus b ON b.id = i.bureau_id WHERE i.overdue = 1 AND b.path LIKE ? "
      "AND i.captured_at >= ? AND i.captured_at < ? ORDER BY i.captured_at, i.id");
  q->bind(path + "%").bind(from.plus_days(-1).str() + "T16:00:00.000Z").bind(to.str() + "T16:00:00.000Z");
  nlohmann::json out = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    auto cap = time::parse_iso(r.text(6)), up = time::parse_iso(r.text(7));
    double hours = cap && up ? std::chrono::duration<double, std::ratio<3600>>(*up - *cap).count() - 24.0 : 0.0;
    out.push_back({{"id", r.i64(0)},
                   {"bureau_id", r.i64(1)},
                   {"bureau_path", r.text(2)},
                   {"bureau_name", r.text(3)},
                   {"kind", r.text(4)},
                   {"title", r.text(5)},
                   {"captured_at", r.text(6)},
                   {"uploaded_at", r.text(7)},
                   {"hours_late", std::round(hours * 10) / 10},
                   {"late_reason", r.text(8)},
                   {"owner_kind", r.is_null(9) ? nlohmann::json(nullptr) : nlohmann::json(r.text(9))},
                   {"owner_id", r.is_null(10) ? nlohmann::json(nullptr) : nlohmann::json(r.text(10))}});
  }
  return out;
}

}  // namespace zhifa::evidence
