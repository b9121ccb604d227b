#include "review/catalogue.h"

#include <algorithm>
#include <regex>
#include <set>

#include "base/canonical_json.h"
#include "base/error.h"
#include "base/money.h"
#include "base/fields.h"
#include "cases/flow.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::review {
namespace {

const std::vector<std::string> kColumns = {"bureau_id", "version", "effective_from", "review_all_general", "review_days",
                                           "criteria", "materials", "note", "published_by", "published_at"};
const std::set<std::string> kKinds = {"decision_kind", "fine_org", "fine_person", "hearing", "complex", "referral", "public_interest"};
const std::set<std::string> kDecisionKinds = {"penalty", "no_penalty", "other"};

// Administrative Penalty Law Art 58 and the seeds' practice (a fine of ¥50,000 on an
// organisation, as 承德's and many bureaus' lists set it): what applies when no bureau in the
// chain has published a catalogue.
Catalogue builtin() {
  Catalogue c;
  c.version = 0;
  c.effective_from = "2021-07-15";
  c.note = "内置目录：《行政处罚法》第五十八条";
  c.review_days = 5;
  c.criteria = {
      {"public_interest", "涉及重大公共利益", "public_interest", {}, 0, true},
      {"hearing", "直接关系当事人或者第三人重大权益，经过听证程序", "hearing", {}, 0, false},
      {"complex", "案件情况疑难复杂、涉及多个法律关系", "complex", {}, 0, true},
      {"fine_org", "对法人或者其他组织处以较大数额罚款", "fine_org", {}, 5000000, false},
      {"fine_person", "对个体工商户或者个人处以较大数额罚款", "fine_person", {}, 1000000, false},
      {"referral", "涉嫌犯罪拟移送司法机关", "referral", {}, 0, false},
  };
  c.materials = {
      {"investigation_report", "调查终结报告", true, "upload", ""},
      {"draft_decision", "拟作出的处理决定书（代拟稿）", true, "upload", ""},
      {"rights_notice", "行政处罚事先告知书", true, "step:rights_notice", ""},
      {"statement_review", "陈述申辩复核意见", true, "step:statement_review", "statement"},
      {"hearing_record", "听证笔录", true, "step:hearing_record", "hearing_notice"},
      {"evidence", "证据材料", true, "upload", ""},
  };
  return c;
}

nlohmann::json criteria_json(const std::vector<Criterion>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& k : v) {
    nlohmann::json j = {{"code", k.code}, {"label", k.label}, {"kind", k.kind}, {"collective", k.collective}};
    if (k.kind == "decision_kind") j["decision_kinds"] = k.decision_kinds;
    if (k.kind == "fine_org" || k.kind == "fine_person") j["threshold_fen"] = k.threshold_fen;
    a.push_back(j);
  }
  return a;
}
nlohmann::json materials_json(const std::vector<Material>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& m : v)
    a.push_back({{"code", m.code}, {"label", m.label}, {"required", m.required}, {"source", m.source}, {"when", m.when}});
  return a;
}

std::vector<Criterion> criteria_from(const nlohmann::json& a) {
  std::vector<Criterion> out;
  for (const auto& j : a) {
    Criterion k{j.at("code"), j.at("label"), j.at("kind"), {}, 0, j.value("collective", false)};
    if (j.contains("decision_kinds")) k.decision_kinds = j.at("decision_kinds").get<std::vector<std::string>>();
    k.threshold_fen = j.value("threshold_fen", int64_t{0});
    out.push_back(k);
  }
  return out;
}
std::vector<Material> materials_from(const nlohmann::json& a) {
  std::vector<Material> out;
  for (const auto& j : a) out.push_back({j.at("code"), j.at("label"), j.value("required", true), j.at("source"), j.value("when", "")});
  return out;
}

const char* kSelect =
    "SELECT k.id, k.bureau_id, b.name, k.version, k.effective_from, k.review_all_general, k.review_days, k.criteria, k.materials, "
    "k.note, k.published_at, u.name FROM review_catalogues k JOIN bureaus b ON b.id = k.bureau_id JOIN users u ON u.id = k.published_by ";

Catalogue read(const db::Row& r) {
  Catalogue c;
  c.id = r.i64(0);
  c.bureau_id = r.i64(1);
  c.bureau_name = r.text(2);
  c.version = static_cast<int>(r.i64(3));
  c.effective_from = r.text(4);
  c.review_all_general = r.boolean(5);
  c.review_days = static_cast<int>(r.i64(6));
  c.criteria = criteria_from(nlohmann::json::parse(r.text(7)));
  c.materials = materials_from(nlohmann::json::parse(r.text(8)));
  c.note = r.text(9);
  c.published_at = r.text(10);
  c.published_by_name = r.text(11);
  return c;
}

// The bureau ids of a path '/1/4/9/', root first.
std::vector<int64_t> path_ids(const std::string& path) {
  std::vector<int64_t> ids;
  size_t i = 1;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string::npos) break;
    ids.push_back(std::stoll(path.substr(i, j - i)));
    i = j + 1;
  }
  return ids;
}

org::Bureau bureau_in_scope(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  return org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
}

std::vector<Criterion> parse_criteria(const nlohmann::json& in) {
  if (!in.is_array() || in.empty()) throw Error::invalid("criteria", "请至少列出一项重大执法决定情形");
  if (in.size() > 50) throw Error::invalid("criteria", "情形不能超过 50 项");
  std::vector<Criterion> out;
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string at = "criteria[" + std::to_string(i) + "]";
    if (!in[i].is_object()) throw Error::invalid(at, "每项情形应为对象");
    const auto& j = in[i];
    Criterion k;
    if (!j.contains("label") || !j["label"].is_string() || trim(j["label"].get<std::string>()).empty())
      throw Error::invalid(at + ".label", "请填写情形名称");
    k.label = trim(j["label"].get<std::string>());
    if (utf8_length(k.label) > 100) throw Error::invalid(at + ".label", "情形名称不能超过 100 字");
    if (!j.contains("kind") || !j["kind"].is_string() || !kKinds.count(j["kind"].get<std::string>()))
      throw Error::invalid(at + ".kind", "情形类型不正确", "review.criterion_kind_invalid");
    k.kind = j["kind"];
    if (k.kind == "decision_kind") {
      if (!j.contains("decision_kinds") || !j["decision_kinds"].is_array() || j["decision_kinds"].empty())
        throw Error::invalid(at + ".decision_kinds", "请选择决定类型");
      for (const auto& d : j["decision_kinds"]) {
        if (!d.is_string() || !kDecisionKinds.count(d.get<std::string>()))
          throw Error::invalid(at + ".decision_kinds", "决定类型不正确", "review.criterion_kind_invalid");
        k.decision_kinds.push_back(d);
      }
    }
    if (k.kind == "fine_org" || k.kind == "fine_person") {
      if (!j.contains("threshold_fen") || !j["threshold_fen"].is_number_integer() || j["threshold_fen"].get<int64_t>() <= 0)
        throw Error::invalid(at + ".threshold_fen", "罚款数额标准应为大于 0 的整数（单位：分）", "review.threshold_invalid");
      k.threshold_fen = j["threshold_fen"];
    }
    if (j.contains("collective") && !j["collective"].is_null()) {
      if (!j["collective"].is_boolean()) throw Error::invalid(at + ".collective", "是否集体讨论应为是或否");
      k.collective = j["collective"];
    }
    k.code = "c" + std::to_string(i + 1);
    out.push_back(k);
  }
  return out;
}

std::vector<Material> parse_materials(const nlohmann::json& in) {
  if (!in.is_array() || in.empty()) throw Error::invalid("materials", "请列出送审材料");
  if (in.size() > 50) throw Error::invalid("materials", "送审材料不能超过 50 项");
  static const std::regex code_re("[a-z][a-z0-9_]{0,39}");
  std::set<std::string> seen;
  std::vector<Material> out;
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string at = "materials[" + std::to_string(i) + "]";
    if (!in[i].is_object()) throw Error::invalid(at, "每项材料应为对象");
    const auto& j = in[i];
    Material m;
    if (!j.contains("code") || !j["code"].is_string() || !std::regex_match(j["code"].get<std::string>(), code_re))
      throw Error::invalid(at + ".code", "材料代码应为小写字母开头的字母、数字或下划线（不超过 40 个）");
    m.code = j["code"];
    if (!seen.insert(m.code).second) throw Error::invalid(at + ".code", "材料代码重复：" + m.code, "review.material_duplicate");
    if (!j.contains("label") || !j["label"].is_string() || trim(j["label"].get<std::string>()).empty())
      throw Error::invalid(at + ".label", "请填写材料名称");
    m.label = trim(j["label"].get<std::string>());
    if (utf8_length(m.label) > 100) throw Error::invalid(at + ".label", "材料名称不能超过 100 字");
    if (j.contains("required") && !j["required"].is_null()) {
      if (!j["required"].is_boolean()) throw Error::invalid(at + ".required", "是否必需应为是或否");
      m.required = j["required"];
    }
    m.source = j.value("source", "upload");
    if (m.source.rfind("step:", 0) == 0) {
      if (!cases::find_rule(m.source.substr(5))) throw Error::invalid(at + ".source", "未知的案件步骤：" + m.source.substr(5), "review.material_source_invalid");
    } else if (m.source != "upload") {
      throw Error::invalid(at + ".source", "材料来源应为 upload 或 step:<步骤类型>", "review.material_source_invalid");
    }
    if (j.contains("when") && j["when"].is_string() && !j["when"].get<std::string>().empty()) {
      m.when = j["when"];
      if (!cases::find_rule(m.when)) throw Error::invalid(at + ".when", "未知的案件步骤：" + m.when, "review.material_source_invalid");
    }
    out.push_back(m);
  }
  return out;
}

}  // namespace

nlohmann::json Catalogue::to_json() const {
  return {{"id", id},
          {"builtin", id == 0},
          {"bureau_id", bureau_id},
          {"bureau_name", bureau_name},
          {"version", version},
          {"effective_from", effective_from},
          {"review_all_general", review_all_general},
          {"review_days", review_days},
          {"criteria", criteria_json(criteria)},
          {"materials", materials_json(materials)},
          {"note", note},
          {"published_at", published_at},
          {"published_by", published_by_name}};
}

Majority assess(const Catalogue& cat, const DecisionFacts& f) {
  Majority m;
  if (f.procedure == "simple") return m;
  const bool org = f.party_class == "org";
  for (const auto& k : cat.criteria) {
    bool hit = false;
    if (k.kind == "decision_kind")
      hit = std::find(k.decision_kinds.begin(), k.decision_kinds.end(), f.decision_kind) != k.decision_kinds.end();
    else if (k.kind == "fine_org")
      hit = org && f.decision_kind == "penalty" && f.amount_fen >= k.threshold_fen;
    else if (k.kind == "fine_person")
      hit = !org && f.decision_kind == "penalty" && f.amount_fen >= k.threshold_fen;
    else if (k.kind == "hearing")
      hit = f.hearing_held;
    else if (k.kind == "complex")
      hit = f.complex;
    else if (k.kind == "referral")
      hit = f.referral;
    else if (k.kind == "public_interest")
      hit = f.public_interest;
    if (!hit) continue;
    m.major = true;
    m.collective = m.collective || k.collective;
    std::string why = k.label;
    if (k.threshold_fen > 0) why += "（" + yuan_text(k.threshold_fen) + "以上）";
    m.reasons.push_back(why);
  }
  if (!m.major && cat.review_all_general) {
    m.major = true;
    m.reasons.push_back("普通程序案件的执法决定均须法制审核（一案一卷一审）");
  }
  return m;
}

Catalogue in_force(db::Connection& c, int64_t bureau_id, time::Date on) {
  auto b = org::find_bureau(c, bureau_id);
  if (!b) throw Error(404, "org.bureau_not_found", "机构不存在");
  auto ids = path_ids(b->path);
  // Deepest bureau first: a city's own list wins over the province's.
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    auto q = c.prepare(std::string(kSelect) + "WHERE k.bureau_id = ? AND k.effective_from <= ? ORDER BY k.version DESC LIMIT 1");
    q->bind(*it).bind(on.str());
    if (q->step()) return read(q->row());
  }
  return builtin();
}

nlohmann::json get_catalogue(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  if (!p.can("review.read") && !p.can("case.handle")) p.require("review.read");
  auto b = bureau_in_scope(c, p, bureau_id);
  auto j = in_force(c, b.id, time::today_shanghai()).to_json();
  j["for_bureau"] = {{"id", b.id}, {"name", b.name}};
  return j;
}

nlohmann::json catalogue_versions(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  if (!p.can("review.read") && !p.can("case.handle")) p.require("review.read");
  auto b = bureau_in_scope(c, p, bureau_id);
  auto q = c.prepare(std::string(kSelect) + "WHERE k.bureau_id = ? ORDER BY k.version DESC");
  q->bind(b.id);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) items.push_back(read(q->row()).to_json());
  return {{"bureau", {{"id", b.id}, {"name", b.name}}}, {"items", items}};
}

nlohmann::json publish_catalogue(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("review.catalogue.manage");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为对象");
  Fields f(in);
  auto b = bureau_in_scope(c, p, f.opt_i64("bureau_id", "机构"));
  const auto today = time::today_shanghai();
  time::Date from = today;
  if (f.has("effective_from")) {
    auto d = time::parse_date(f.str("effective_from", "施行日期", 10));
    if (!d) throw Error::invalid("effective_from", "施行日期格式应为 YYYY-MM-DD", "review.date_invalid");
    if (*d < today) throw Error::invalid("effective_from", "施行日期不能早于今天", "review.date_invalid");
    from = *d;
  }
  bool all = f.opt_bool("review_all_general", "普通程序决定均审核").value_or(false);
  int64_t days = f.has("review_days") ? f.i64("review_days", "审核时限") : 5;
  if (days < 1 || days > 30) throw Error::invalid("review_days", "审核时限应为 1 至 30 个工作日", "review.days_invalid");
  auto criteria = parse_criteria(in.contains("criteria") ? in.at("criteria") : nlohmann::json());
  auto materials = parse_materials(in.contains("materials") ? in.at("materials") : nlohmann::json());
  std::string note = f.opt_str("note", "说明", 500).value_or("");

  auto q = c.prepare("SELECT COALESCE(MAX(version), 0) FROM review_catalogues WHERE bureau_id = ?");
  q->bind(b.id);
  q->step();
  int64_t version = q->row().i64(0) + 1;
  q.reset();
  auto ins = c.prepare(
      "INSERT INTO review_catalogues(bureau_id, version, effective_from, review_all_general, review_days, criteria, materials, note, "
      "published_by, published_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(b.id).bind(version).bind(from.str()).bind(all).bind(days).bind(canonical_json(criteria_json(criteria)))
      .bind(canonical_json(materials_json(materials))).bind(note).bind(p.user_id).bind(time::to_iso(time::now()));
  if (!ins->step()) throw Error::internal("insert returned no id");
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "review.catalogue.publish", "review_catalogue", "review_catalogues", "id", std::to_string(id), kColumns);
  auto r = c.prepare(std::string(kSelect) + "WHERE k.id = ?");
  r->bind(id);
  r->step();
  return read(r->row()).to_json();
}

nlohmann::json public_catalogues(db::Connection& c) {
  const auto today = time::today_shanghai().str();
  auto q = c.prepare(std::string(kSelect) +
                     "WHERE k.effective_from <= ? AND k.version = (SELECT MAX(x.version) FROM review_catalogues x "
                     "WHERE x.bureau_id = k.bureau_id AND x.effective_from <= ?) ORDER BY b.path");
  q->bind(today).bind(today);
  nlohmann::json items = nlohmann::json::array();
  // The portal's convention: no staff names.
  while (q->step()) {
    auto j = read(q->row()).to_json();
    j.erase("published_by");
    items.push_back(j);
  }
  auto b = builtin().to_json();
  b.erase("published_by");
  return {{"items", items}, {"builtin", b}};
}

}  // namespace zhifa::review
