#include "spotcheck/forms.h"

#include <set>
#include <vector>

#include "base/error.h"
#include "base/fields.h"
#include "ledger/ledger.h"
#include "spotcheck/common.h"
#include "spotcheck/items.h"

namespace zhifa::spotcheck {
namespace {

const std::vector<std::string> kFormRecord = {"item_id", "version", "points", "effective_from", "reason", "created_at", "created_by"};
constexpr size_t kMaxPoints = 100;
constexpr size_t kMaxAnswers = 10;

nlohmann::json default_answers() { return {"符合", "不符合", "不适用"}; }

Error point_error(size_t index, const char* key, const std::string& message) {
  return Error(422, "spotcheck.points_invalid", "第 " + std::to_string(index + 1) + " 个检查要点：" + message,
               {{"field", "points"}, {"index", index}, {"key", key}});
}

// The canonical stored form of the check points: numbered from 1, every key present.
nlohmann::json parse_points(const nlohmann::json& in) {
  if (!in.contains("points") || !in.at("points").is_array() || in.at("points").empty() || in.at("points").size() > kMaxPoints)
    throw Error::invalid("points", "检查要点应为 1 至 100 项", "spotcheck.points_invalid");
  nlohmann::json out = nlohmann::json::array();
  for (const auto& pt : in.at("points")) {
    size_t i = out.size();
    if (!pt.is_object()) throw point_error(i, "text", "应为对象");
    std::string text = pt.contains("text") && pt.at("text").is_string() ? trim(pt.at("text").get<std::string>()) : "";
    if (text.empty() || utf8_length(text) > 500) throw point_error(i, "text", "内容应为 1 至 500 字的文字");
    nlohmann::json answers = default_answers();
    if (pt.contains("answers") && !pt.at("answers").is_null()) {
      const auto& a = pt.at("answers");
      if (!a.is_array() || a.size() < 2 || a.size() > kMaxAnswers) throw point_error(i, "answers", "可选答案应为 2 至 10 项");
      answers = nlohmann::json::array();
      std::set<std::string> seen;
      for (const auto& e : a) {
        std::string t = e.is_string() ? trim(e.get<std::string>()) : "";
        if (t.empty() || utf8_length(t) > 20 || !seen.insert(t).second)
          throw point_error(i, "answers", "每个可选答案应为 1 至 20 字且互不相同");
        answers.push_back(t);
      }
    }
    bool flags[2] = {false, false};
    const char* keys[2] = {"photo_required", "signature_required"};
    for (int k = 0; k < 2; ++k) {
      if (!pt.contains(keys[k]) || pt.at(keys[k]).is_null()) continue;
      if (!pt.at(keys[k]).is_boolean()) throw point_error(i, keys[k], "是否必须应为是或否");
      flags[k] = pt.at(keys[k]).get<bool>();
    }
    out.push_back({{"no", i + 1}, {"text", text}, {"answers", answers}, {"photo_required", flags[0]}, {"signature_required", flags[1]}});
  }
  return out;
}

struct Form {
  int64_t id = 0, item_id = 0, version = 0;
  std::string points, effective_from, reason, created_at;
  int64_t created_by = 0;
  std::optional<int64_t> seq;
};
const char* kFormSelect =
    "SELECT id, item_id, version, points, effective_from, reason, created_at, created_by, ledger_seq FROM spotcheck_form_versions ";
Form read_form(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.text(3), r.text(4), r.text(5), r.text(6), r.i64(7), r.opt_i64(8)};
}

nlohmann::json form_json(db::Connection& c, const Form& f) {
  return {{"id", f.id},
          {"item_id", f.item_id},
          {"version", f.version},
          {"effective_from", f.effective_from},
          {"reason", f.reason},
          {"points", nlohmann::json::parse(f.points)},
          {"created_at", f.created_at},
          {"created_by", detail::user_ref(c, f.created_by)},
          {"seq", f.seq ? nlohmann::json(*f.seq) : nlohmann::json(nullptr)}};
}

std::optional<Form> find_form(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kFormSelect) + "WHERE id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_form(q->row());
}

std::vector<Form> forms_of(db::Connection& c, int64_t item_id) {
  auto q = c.prepare(std::string(kFormSelect) + "WHERE item_id = ? ORDER BY version");
  q->bind(item_id);
  std::vector<Form> out;
  while (q->step()) out.push_back(read_form(q->row()));
  return out;
}

}  // namespace

std::optional<int64_t> form_in_force(db::Connection& c, int64_t item_id, const time::Date& date) {
  auto q = c.prepare("SELECT id FROM spotcheck_form_versions WHERE item_id = ? AND effective_from <= ? ORDER BY version DESC LIMIT 1");
  q->bind(item_id).bind(date.str());
  if (!q->step()) return std::nullopt;
  return q->row().i64(0);
}

nlohmann::json list_forms(db::Connection& c, const org::Principal& p, int64_t item_id) {
  p.require("spotcheck.read");
  find_item(c, p, item_id);
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& f : forms_of(c, item_id)) arr.push_back(form_json(c, f));
  return {{"items", arr}};
}

nlohmann::json get_form(db::Connection& c, const org::Principal& p, int64_t form_id) {
  p.require("spotcheck.read");
  auto f = find_form(c, form_id);
  if (!f) throw Error::not_found("spotcheck.form_not_found", "检查表不存在或不在您的管辖范围内");
  try {
    find_item(c, p, f->item_id);
  } catch (const Error&) {
    throw Error::not_found("spotcheck.form_not_found", "检查表不存在或不在您的管辖范围内");
  }
  return form_json(c, *f);
}

nlohmann::json form_in_force_json(db::Connection& c, const org::Principal& p, int64_t item_id, const std::string& date) {
  p.require("spotcheck.read");
  find_item(c, p, item_id);
  auto day = detail::parse_date_field(date, "date", "日期", true);
  auto id = form_in_force(c, item_id, day);
  if (!id) throw Error(404, "spotcheck.form_not_in_force", "该日期没有生效的检查表", {{"date", day.str()}});
  auto out = form_json(c, *find_form(c, *id));
  out["date"] = day.str();
  return out;
}

nlohmann::json add_form_version(db::Connection& c, const org::Principal& p, int64_t item_id, const nlohmann::json& in) {
  int64_t province = detail::require_province_manager(c, p);
  if (find_item(c, p, item_id) != province) throw Error::forbidden("spotcheck.province_only", "只能调整本省统计局确定的检查表");
  Fields f(in);
  auto prev = forms_of(c, item_id);
  auto from = detail::parse_date_field(f.opt_str("effective_from", "生效日期", 10).value_or(""), "effective_from", "生效日期", false);
  std::string reason = f.opt_str("reason", "变更原因", 500).value_or("");
  nlohmann::json points = parse_points(in);
  if (!prev.empty()) {
    // Only the first form may start in the past; a change never alters what checks already used.
    if (reason.empty()) throw Error::required("reason", "变更原因");
    if (from < time::today_shanghai())
      throw Error::invalid("effective_from", "新版本的生效日期不能早于今天：已按旧版检查表完成的检查不受影响", "spotcheck.retroactive");
    if (nlohmann::json::parse(prev.back().points) == points && prev.back().effective_from == from.str())
      throw Error::conflict("spotcheck.no_change", "新版本与当前最新版本完全相同");
  }
  Form fm;
  fm.item_id = item_id;
  fm.version = prev.empty() ? 1 : prev.back().version + 1;
  fm.points = points.dump();
  fm.effective_from = from.str();
  fm.reason = reason;
  fm.created_at = time::to_iso(time::now());
  fm.created_by = p.user_id;
  auto ins = c.prepare(
      "INSERT INTO spotcheck_form_versions(item_id, version, points, effective_from, reason, created_at, created_by) VALUES "
      "(?,?,?,?,?,?,?) RETURNING id");
  ins->bind(fm.item_id).bind(fm.version).bind(fm.points).bind(fm.effective_from).bind(fm.reason).bind(fm.created_at).bind(fm.created_by);
  ins->step();
  fm.id = ins->row().i64(0);
  ins->exec();
  fm.seq = ledger::record_row(c, p.actor(), "spotcheck.form_version", "spotcheck_item", "spotcheck_form_versions", "id",
                              std::to_string(fm.id), kFormRecord, {{"item_id", item_id}, {"version", fm.version}},
                              std::to_string(item_id));
  return form_json(c, fm);
}

}  // namespace zhifa::spotcheck
