#include "registry/draw_candidates.h"

#include "base/error.h"

namespace zhifa::registry {
namespace {

const char* kObjects =
    "SELECT o.id, o.credit_code, o.name, o.division_code, o.industry_code, o.unit_category, o.key_unit, o.credit_status, "
    "o.credit_from, o.credit_to, o.risk_level, "
    "(SELECT MAX(k.checked_on) FROM survey_object_checks k WHERE k.object_id = o.id AND k.checked_on <= ?) "
    "FROM survey_objects o JOIN bureaus b ON b.id = o.bureau_id ";

// Foreign-related survey bodies have no check dates of their own yet.
const char* kBodies =
    "SELECT f.id, f.credit_code, f.name, f.division_code FROM foreign_survey_bodies f JOIN bureaus b ON b.id = f.bureau_id ";

DrawCandidate read_object(const db::Row& r, const std::string& day) {
  DrawCandidate d;
  d.id = r.i64(0);
  d.credit_code = r.text(1);
  d.name = r.text(2);
  d.division_code = r.text(3);
  d.industry_code = r.text(4);
  d.unit_category = r.text(5);
  d.key_unit = r.boolean(6);
  // The status counts only inside its period (credit_from .. credit_to, either end open).
  if (!r.is_null(7) && (r.is_null(8) || r.text(8) <= day) && (r.is_null(9) || day <= r.text(9))) d.credit_status = r.text(7);
  d.risk_level = r.opt_text(10).value_or("");
  d.last_checked_on = r.opt_text(11).value_or("");
  return d;
}

DrawCandidate read_body(const db::Row& r) {
  DrawCandidate d;
  d.id = r.i64(0);
  d.credit_code = r.text(1);
  d.name = r.text(2);
  d.division_code = r.text(3);
  return d;
}

void check_type(const std::string& object_type) {
  if (object_type != "survey_object" && object_type != "foreign_survey_body")
    throw Error::invalid("object_type", "抽查对象类型只能是 survey_object 或 foreign_survey_body");
}

}  // namespace

void for_each_draw_candidate(db::Connection& c, const std::string& object_type, const std::string& bureau_path,
                             const time::Date& day, const std::function<void(DrawCandidate&&)>& fn) {
  check_type(object_type);
  const std::string d = day.str();
  if (object_type == "survey_object") {
    auto q = c.stream(std::string(kObjects) + "WHERE b.path LIKE ? ORDER BY o.credit_code");
    q->bind(d).bind(bureau_path + "%");
    while (q->step()) fn(read_object(q->row(), d));
  } else {
    auto q = c.stream(std::string(kBodies) + "WHERE b.path LIKE ? ORDER BY f.credit_code");
    q->bind(bureau_path + "%");
    while (q->step()) fn(read_body(q->row()));
  }
}

std::optional<DrawCandidate> find_draw_candidate(db::Connection& c, const std::string& object_type,
                                                 const std::string& credit_code) {
  check_type(object_type);
  const std::string today = time::today_shanghai().str();
  auto q = c.prepare(std::string(object_type == "survey_object" ? kObjects : kBodies) +
                     (object_type == "survey_object" ? "WHERE o.credit_code = ?" : "WHERE f.credit_code = ?"));
  if (object_type == "survey_object") q->bind(today);
  q->bind(credit_code);
  if (!q->step()) return std::nullopt;
  return object_type == "survey_object" ? read_object(q->row(), today) : read_body(q->row());
}

}  // namespace zhifa::registry
