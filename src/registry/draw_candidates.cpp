#include "registry/draw_candidates.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "base/error.h"

namespace zhifa::registry {
namespace {

const char* kObjectColumns =
    "SELECT o.id, o.credit_code, o.name, o.division_code, o.industry_code, o.unit_category, o.key_unit, o.credit_status, "
    "o.credit_from, o.credit_to, o.risk_level";
// One object, or a small subtree found through the bureau index: each row's latest check on or
// before the day by its own lookup.
const char* kObjectsByIndex =
    ", (SELECT MAX(k.checked_on) FROM survey_object_checks k WHERE k.object_id = o.id AND k.checked_on <= ?) "
    "FROM survey_objects o JOIN bureaus b ON b.id = o.bureau_id ";
// A subtree holding a large share of the registry: the rows in table order (the unary plus keeps
// SQLite off the bureau index, whose row-by-row lookups cost four times the scan at a million
// objects; PostgreSQL hashes the bureaus), each matched with its latest check from a list read
// beforehand in id order. A lookup per row was most of PostgreSQL's time, and a join most of
// SQLite's; an ORDER BY would make PostgreSQL walk the primary key instead of the table.
const char* kObjectsByScan =
    " FROM survey_objects o WHERE +o.bureau_id IN (SELECT id FROM bureaus WHERE path LIKE ?)";
const char* kLatestChecks =
    "SELECT object_id, MAX(checked_on) FROM survey_object_checks WHERE checked_on <= ? GROUP BY object_id ORDER BY object_id";

// Whether the bureaus under `path` are at least a quarter of all bureaus: the registry is spread
// over the bureaus that hold it, so their share stands for the share of rows.
bool large_subtree(db::Connection& c, const std::string& path) {
  auto q = c.prepare("SELECT COUNT(CASE WHEN path LIKE ? THEN 1 END), COUNT(*) FROM bureaus");
  q->bind(path + "%");
  q->step();
  return q->row().i64(0) * 4 >= q->row().i64(1);
}

// Foreign-related survey bodies have no check dates of their own yet.
const char* kBodies =
    "SELECT f.id, f.credit_code, f.name, f.division_code FROM foreign_survey_bodies f JOIN bureaus b ON b.id = f.bureau_id ";

// Assigns into `d`'s strings, so that a candidate reused for every row of a stream keeps its
// buffers. The last check (column 11) is left to the caller.
void read_object(const db::Row& r, const std::string& day, DrawCandidate& d) {
  d.id = r.i64(0);
  d.credit_code.assign(r.view(1));
  d.name.assign(r.view(2));
  d.division_code.assign(r.view(3));
  d.industry_code.assign(r.view(4));
  d.unit_category.assign(r.view(5));
  d.key_unit = r.boolean(6);
  // The status counts only inside its period (credit_from .. credit_to, either end open).
  d.credit_status.clear();
  if (!r.is_null(7) && (r.is_null(8) || r.view(8) <= day) && (r.is_null(9) || day <= r.view(9))) d.credit_status.assign(r.view(7));
  d.risk_level.clear();
  if (!r.is_null(10)) d.risk_level.assign(r.view(10));
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
                             const time::Date& day, const std::function<void(const DrawCandidate&)>& fn) {
  check_type(object_type);
  const std::string d = day.str();
  DrawCandidate row;
  if (object_type == "foreign_survey_body") {
    auto q = c.stream(std::string(kBodies) + "WHERE b.path LIKE ?");
    q->bind(bureau_path + "%");
    while (q->step()) fn(read_body(q->row()));
    return;
  }
  if (!large_subtree(c, bureau_path)) {
    auto q = c.stream(std::string(kObjectColumns) + kObjectsByIndex + "WHERE b.path LIKE ?");
    q->bind(d).bind(bureau_path + "%");
    while (q->step()) {
      read_object(q->row(), d, row);
      row.last_checked_on.assign(q->row().is_null(11) ? std::string_view() : q->row().view(11));
      fn(row);
    }
    return;
  }
  // Dates as stored (YYYY-MM-DD, 10 bytes), by object id.
  std::vector<std::pair<int64_t, std::array<char, 10>>> checks;
  {
    auto q = c.stream(kLatestChecks);
    q->bind(d);
    while (q->step()) {
      std::array<char, 10> date{};
      auto v = q->row().view(1);
      std::copy_n(v.data(), std::min(v.size(), date.size()), date.data());
      checks.emplace_back(q->row().i64(0), date);
    }
  }
  auto q = c.stream(std::string(kObjectColumns) + kObjectsByScan);
  q->bind(bureau_path + "%");
  // Table order is nearly id order (ids rise with insertion): step forward a little from the last
  // match, and search when an id goes back or jumps ahead.
  size_t next = 0;
  auto by_id = [](const auto& check, int64_t id) { return check.first < id; };
  auto search_from = [&](size_t from, int64_t id) {
    return size_t(std::lower_bound(checks.begin() + std::ptrdiff_t(from), checks.end(), id, by_id) - checks.begin());
  };
  while (q->step()) {
    read_object(q->row(), d, row);
    if (next > 0 && checks[next - 1].first >= row.id) next = search_from(0, row.id);
    for (int k = 0; k < 8 && next < checks.size() && checks[next].first < row.id; ++k) ++next;
    if (next < checks.size() && checks[next].first < row.id) next = search_from(next, row.id);
    if (next < checks.size() && checks[next].first == row.id)
      row.last_checked_on.assign(checks[next].second.data(), checks[next].second.size());
    else
      row.last_checked_on.clear();
    fn(row);
  }
}

std::optional<DrawCandidate> find_draw_candidate(db::Connection& c, const std::string& object_type,
                                                 const std::string& credit_code) {
  check_type(object_type);
  const std::string today = time::today_shanghai().str();
  auto q = c.prepare((object_type == "survey_object" ? std::string(kObjectColumns) + kObjectsByIndex : std::string(kBodies)) +
                     (object_type == "survey_object" ? "WHERE o.credit_code = ?" : "WHERE f.credit_code = ?"));
  if (object_type == "survey_object") q->bind(today);
  q->bind(credit_code);
  if (!q->step()) return std::nullopt;
  if (object_type != "survey_object") return read_body(q->row());
  DrawCandidate d;
  read_object(q->row(), today, d);
  d.last_checked_on = q->row().opt_text(11).value_or("");
  return d;
}

}  // namespace zhifa::registry
