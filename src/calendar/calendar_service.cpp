#include "calendar/calendar_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/canonical_json.h"
#include "base/crypto.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/reference_data.h"

namespace zhifa::calendar {
namespace {

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2100;
constexpr size_t kMaxSourceChars = 200;
constexpr size_t kMaxNameChars = 50;

const char* weekday_name(unsigned wd) {
  static const char* names[] = {"", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"};
  return wd >= 1 && wd <= 7 ? names[wd] : "";
}

std::string day_field(size_t i, const char* key) { return "days[" + std::to_string(i) + "]." + key; }

// The days sorted by date, as the canonical JSON array that is hashed and recorded.
nlohmann::json content_of(std::vector<DayEntry> days) {
  std::sort(days.begin(), days.end(), [](const DayEntry& a, const DayEntry& b) { return a.date < b.date; });
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& d : days) arr.push_back(d.to_json());
  return arr;
}

std::string content_hash(const nlohmann::json& content) { return "sha256:" + crypto::sha256_hex(canonical_json(content)); }

struct StoredYear {
  std::string source, version, content_hash, loaded_at;
  std::optional<int64_t> ledger_seq;
};

std::optional<StoredYear> stored_year(db::Connection& c, int year) {
  auto q = c.prepare("SELECT source, version, content_hash, loaded_at, ledger_seq FROM calendar_years WHERE year = ?");
  q->bind(year);
  if (!q->step()) return std::nullopt;
  const auto& r = q->row();
  return StoredYear{r.text(0), r.text(1), r.text(2), r.text(3), r.opt_i64(4)};
}

std::set<int> stored_years(db::Connection& c) {
  std::set<int> out;
  auto q = c.prepare("SELECT year FROM calendar_years");
  while (q->step()) out.insert(int(q->row().i64(0)));
  return out;
}

void load_year_impl(db::Connection& c, const ledger::Actor& actor, int year, const std::vector<DayEntry>& days,
                    const std::string& source, const std::string& version) {
  validate_year(year, days, source);
  if (!c.in_transaction()) throw Error::internal("calendar::load_year needs a transaction");

  const nlohmann::json content = content_of(days);
  const std::string hash = content_hash(content);
  auto prev = stored_year(c, year);
  if (prev && prev->content_hash == hash && prev->source == source && prev->version == version) return;

  nlohmann::json change = {{"year", year}, {"source", source}, {"version", version}, {"content_hash", hash}, {"days", content}};
  if (prev) {
    change["replaces"] = {{"source", prev->source}, {"version", prev->version}, {"content_hash", prev->content_hash},
                          {"loaded_at", prev->loaded_at}};
  }
  const int64_t seq = ledger::record(c, actor, "calendar.load_year", "calendar_year", std::to_string(year), change,
                                     prev ? prev->ledger_seq : std::nullopt);
  const std::string now = time::to_iso(time::now());
  if (prev) {
    c.prepare("DELETE FROM calendar_days WHERE year = ?")->bind(year).exec();
    c.prepare(
         "UPDATE calendar_years SET source = ?, version = ?, content_hash = ?, ledger_seq = ?, loaded_at = ?, loaded_by = ? "
         "WHERE year = ?")
        ->bind(source)
        .bind(version)
        .bind(hash)
        .bind(seq)
        .bind(now)
        .bind(actor.user_id)
        .bind(year)
        .exec();
  } else {
    c.prepare(
         "INSERT INTO calendar_years(year, source, version, content_hash, ledger_seq, loaded_at, loaded_by) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)")
        ->bind(year)
        .bind(source)
        .bind(version)
        .bind(hash)
        .bind(seq)
        .bind(now)
        .bind(actor.user_id)
        .exec();
  }
  auto ins = c.prepare("INSERT INTO calendar_days(date, year, kind, name) VALUES (?, ?, ?, ?)");
  for (const auto& d : content) {
    ins->reset();
    ins->bind(d.at("date").get<std::string>()).bind(year).bind(d.at("kind").get<std::string>()).bind(d.at("name").get<std::string>());
    ins->exec();
  }
}

}  // namespace

void validate_year(int year, const std::vector<DayEntry>& days, const std::string& source) {
  if (year < kMinYear || year > kMaxYear) {
    throw Error::invalid("year", "年度应在 " + std::to_string(kMinYear) + " 到 " + std::to_string(kMaxYear) + " 之间",
                         "calendar.year_invalid");
  }
  if (trim(source).empty()) throw Error::invalid("source", "请填写放假安排的来源（如国务院办公厅通知的文号）", "calendar.source_required");
  if (utf8_length(source) > kMaxSourceChars) {
    throw Error::invalid("source", "来源不能超过 " + std::to_string(kMaxSourceChars) + " 个字", "calendar.source_invalid");
  }
  std::map<std::string, size_t> seen;
  bool any_holiday = false;
  for (size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    auto date = time::parse_date(d.date);
    if (!date) {
      throw Error::invalid(day_field(i, "date"), "日期“" + d.date + "”无效：格式应为 YYYY-MM-DD，且须是真实日期", "calendar.date_invalid");
    }
    if (date->year != year) {
      throw Error::invalid(day_field(i, "date"), "日期 " + d.date + " 不在 " + std::to_string(year) + " 年内",
                           "calendar.date_outside_year");
    }
    auto kind = parse_kind(d.kind);
    if (!kind) {
      throw Error::invalid(day_field(i, "kind"), "类别应为 holiday（放假）或 workday（调休上班），而不是“" + d.kind + "”",
                           "calendar.kind_invalid");
    }
    if (*kind == DayKind::workday && date->weekday() <= 5) {
      throw Error::invalid(day_field(i, "date"),
                           "调休上班日应为周六或周日，" + d.date + " 是" + weekday_name(date->weekday()),
                           "calendar.workday_not_weekend");
    }
    if (utf8_length(d.name) > kMaxNameChars) {
      throw Error::invalid(day_field(i, "name"), "名称不能超过 " + std::to_string(kMaxNameChars) + " 个字", "calendar.name_invalid");
    }
    auto [it, inserted] = seen.emplace(d.date, i);
    if (!inserted) {
      throw Error::invalid(day_field(i, "date"), "日期 " + d.date + " 与 days[" + std::to_string(it->second) + "] 重复",
                           "calendar.date_duplicate");
    }
    any_holiday = any_holiday || *kind == DayKind::holiday;
  }
  if (!any_holiday) throw Error::invalid("days", "放假安排中至少应有一个放假日", "calendar.no_holiday");
}

YearFile parse_year_json(const nlohmann::json& j) {
  if (!j.is_object()) throw Error::bad_request("request.not_object", "年度放假安排应为一个 JSON 对象");
  YearFile f;
  if (!j.contains("year") || j.at("year").is_null()) throw Error::required("year", "年度");
  if (!j.at("year").is_number_integer()) throw Error::invalid("year", "年度应为整数", "calendar.year_invalid");
  auto y = j.at("year").get<int64_t>();
  if (y < kMinYear || y > kMaxYear) {
    throw Error::invalid("year", "年度应在 " + std::to_string(kMinYear) + " 到 " + std::to_string(kMaxYear) + " 之间",
                         "calendar.year_invalid");
  }
  f.year = int(y);
  if (!j.contains("source") || j.at("source").is_null()) throw Error::required("source", "来源");
  if (!j.at("source").is_string()) throw Error::invalid("source", "来源应为文本", "calendar.source_invalid");
  f.source = trim(j.at("source").get<std::string>());
  if (!j.contains("days") || j.at("days").is_null()) throw Error::required("days", "放假安排");
  const auto& days = j.at("days");
  if (!days.is_array()) throw Error::invalid("days", "days 应为数组", "calendar.days_invalid");
  for (size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    const std::string at = "days[" + std::to_string(i) + "]";
    if (!d.is_object()) throw Error::invalid(at, "每一项应为 {\"date\",\"kind\",\"name\"} 对象", "calendar.day_invalid");
    auto text = [&](const char* key, bool required) -> std::string {
      if (!d.contains(key) || d.at(key).is_null()) {
        if (required) throw Error::required(day_field(i, key), std::string(key) == "date" ? "日期" : "类别");
        return "";
      }
      if (!d.at(key).is_string()) throw Error::invalid(day_field(i, key), "应为文本", "calendar.day_invalid");
      return trim(d.at(key).get<std::string>());
    };
    f.days.push_back({text("date", true), text("kind", true), text("name", false)});
  }
  validate_year(f.year, f.days, f.source);
  return f;
}

YearFile parse_year_file(std::string_view text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error::bad_request("request.malformed_json", "文件不是有效的 JSON（第 " + std::to_string(e.byte) + " 个字节附近）",
                             {{"position", e.byte}});
  }
  return parse_year_json(j);
}

void load_year(db::Connection& c, const ledger::Actor& actor, int year, const std::vector<DayEntry>& days,
               const std::string& source) {
  load_year_impl(c, actor, year, days, trim(source), "");
}

int load_year_json(db::Connection& c, const ledger::Actor& actor, const nlohmann::json& j) {
  auto f = parse_year_json(j);
  load_year(c, actor, f.year, f.days, f.source);
  return f.year;
}

void ensure_builtin(db::Connection& c) {
  auto pkg = refdata::calendar_package();
  const std::string version = pkg.version;
  const std::string source = std::string(pkg.name) + "@" + version;
  auto wanted = [&](const std::set<int>& have) {
    std::vector<int> missing;
    for (int y : refdata::calendar_years()) {
      if (!have.count(y)) missing.push_back(y);
    }
    return missing;
  };
  if (wanted(stored_years(c)).empty()) return;

  db::Transaction tx(c);
  auto missing = wanted(stored_years(c));
  for (const auto& entry : builtin_years()) {
    if (!std::binary_search(missing.begin(), missing.end(), entry.year)) continue;
    std::vector<DayEntry> days;
    days.reserve(entry.days.size());
    for (const auto& d : entry.days) days.push_back({d.date.str(), kind_name(d.kind), d.name});
    load_year_impl(c, ledger::Actor::system(), entry.year, days, source, version);
  }
  tx.commit();
}

WorkCalendar load(db::Connection& c) {
  std::map<int, YearEntry> years;
  for (int y : stored_years(c)) years[y].year = y;
  auto q = c.prepare("SELECT date, year, kind, name FROM calendar_days ORDER BY date");
  while (q->step()) {
    const auto& r = q->row();
    auto date = time::parse_date(r.text(0));
    auto kind = parse_kind(r.text(2));
    auto it = years.find(int(r.i64(1)));
    if (!date || !kind || it == years.end()) throw Error::internal("calendar_days holds a bad row: " + r.text(0));
    it->second.days.push_back({*date, *kind, r.text(3)});
  }
  std::vector<YearEntry> list;
  list.reserve(years.size());
  for (auto& [y, e] : years) list.push_back(std::move(e));
  try {
    return WorkCalendar(std::move(list));
  } catch (const std::invalid_argument& e) {
    throw Error::internal(std::string("calendar tables are inconsistent: ") + e.what());
  }
}

std::vector<DayEntry> year_days(db::Connection& c, int year) {
  if (!stored_year(c, year)) {
    throw Error::not_found("calendar.year_not_loaded", "日历中没有 " + std::to_string(year) + " 年的放假安排");
  }
  std::vector<DayEntry> out;
  auto q = c.prepare("SELECT date, kind, name FROM calendar_days WHERE year = ? ORDER BY date");
  q->bind(year);
  while (q->step()) out.push_back({q->row().text(0), q->row().text(1), q->row().text(2)});
  return out;
}

nlohmann::json YearInfo::to_json() const {
  return {{"year", year},           {"source", source},       {"version", version},   {"content_hash", content_hash},
          {"loaded_at", loaded_at}, {"loaded_by", loaded_by}, {"holidays", holidays}, {"workdays", workdays}};
}

nlohmann::json Coverage::to_json() const {
  nlohmann::json ys = nlohmann::json::array();
  for (const auto& y : years) ys.push_back(y.to_json());
  return {{"first_year", first_year},
          {"last_year", last_year},
          {"ends_on", ends_on ? nlohmann::json(ends_on->str()) : nlohmann::json(nullptr)},
          {"days_left", days_left},
          {"warning", warning},
          {"missing_years", missing_years},
          {"years", ys}};
}

Coverage coverage(db::Connection& c, time::Date today) {
  Coverage cov;
  std::map<int, std::pair<int, int>> counts;
  {
    auto q = c.prepare("SELECT year, kind, COUNT(*) FROM calendar_days GROUP BY year, kind");
    while (q->step()) {
      auto& p = counts[int(q->row().i64(0))];
      (q->row().text(1) == "holiday" ? p.first : p.second) = int(q->row().i64(2));
    }
  }
  auto q = c.prepare("SELECT year, source, version, content_hash, loaded_at, loaded_by FROM calendar_years ORDER BY year");
  std::vector<YearEntry> entries;
  while (q->step()) {
    const auto& r = q->row();
    YearInfo y{int(r.i64(0)), r.text(1), r.text(2), r.text(3), r.text(4), r.i64(5), 0, 0};
    auto it = counts.find(y.year);
    if (it != counts.end()) std::tie(y.holidays, y.workdays) = it->second;
    entries.push_back({y.year, {}});
    cov.years.push_back(std::move(y));
  }
  if (cov.years.empty()) return cov;
  cov.first_year = cov.years.front().year;
  cov.last_year = cov.years.back().year;
  for (size_t i = 1; i < cov.years.size(); ++i) {
    for (int y = cov.years[i - 1].year + 1; y < cov.years[i].year; ++y) cov.missing_years.push_back(y);
  }
  WorkCalendar cal(std::move(entries));
  cov.ends_on = cal.covered_through(today);
  if (!cov.ends_on) {
    // Today is not covered: coverage ended with the last loaded year before today (if any).
    for (auto it = cov.years.rbegin(); it != cov.years.rend(); ++it) {
      if (it->year < today.year) {
        cov.ends_on = time::Date{it->year, 12, 31};
        break;
      }
    }
  }
  if (cov.ends_on) {
    cov.days_left = cov.ends_on->days() - today.days();
    cov.warning = cov.days_left <= 60;
  }
  return cov;
}

}  // namespace zhifa::calendar
