#include "review/discretion.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/error.h"
#include "base/money.h"
#include "base/fields.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"

namespace zhifa::review {

namespace {

struct Code {
  const char* code;
  const char* label;
};

// The acts of Statistics Law Art 41/42 (2009) = Art 44/45 (2024) an investigation object commits.
constexpr Code kViolations[] = {
    {"refuse_provide", "拒绝提供统计资料或者经催报后仍未按时提供统计资料"},
    {"false_data", "提供不真实或者不完整的统计资料"},
    {"refuse_answer", "拒绝答复或者不如实答复统计检查查询书"},
    {"obstruct", "拒绝、阻碍统计调查、统计检查"},
    {"conceal_records", "转移、隐匿、篡改、毁弃或者拒绝提供原始记录和凭证、统计台账、统计调查表及其他相关证明和资料"},
    {"late_report", "迟报统计资料"},
    {"no_records", "未按照国家有关规定设置原始记录、统计台账"},
};
constexpr Code kPartyClasses[] = {
    {"org", "企业事业单位或者其他组织"},
    {"individual_business", "个体工商户"},
    {"person", "个人"},
};

constexpr int64_t kMaxFen = 100'000'000'000;  // ¥1,000,000,000: far above any fine the law allows

const std::vector<std::string> kTierColumns = {"id",        "bureau_id",  "version",   "effective_from", "items", "hearing_threshold_org_fen",
                                               "hearing_threshold_person_fen", "created_by", "created_at"};

std::string law_title(const std::string& version) {
  if (version == "2009") return "中华人民共和国统计法（2009年6月27日修订，2010年1月1日起施行）";
  if (version == "2024") return "中华人民共和国统计法（根据2024年9月13日《关于修改〈中华人民共和国统计法〉的决定》修正，公布之日起施行）";
  return "中华人民共和国统计法";
}

struct Rule {
  std::string law, law_version, effective_from, article, violation, party_class, text, serious_conditions;
  std::optional<std::string> effective_to;
  int64_t max_fen = 0;
  std::optional<int64_t> serious_min_fen, serious_max_fen;
  // The highest fine the article allows at all (情节严重 included).
  int64_t ceiling() const { return serious_max_fen.value_or(max_fen); }
};

const char* kRuleSelect =
    "SELECT law, law_version, effective_from, effective_to, article, violation, party_class, max_fen, serious_min_fen, serious_max_fen,"
    " text, serious_conditions FROM fine_rules ";

Rule read_rule(const db::Row& r) {
  Rule x;
  x.law = r.text(0);
  x.law_version = r.text(1);
  x.effective_from = r.text(2);
  x.effective_to = r.opt_text(3);
  x.article = r.text(4);
  x.violation = r.text(5);
  x.party_class = r.text(6);
  x.max_fen = r.i64(7);
  x.serious_min_fen = r.opt_i64(8);
  x.serious_max_fen = r.opt_i64(9);
  x.text = r.text(10);
  x.serious_conditions = r.text(11);
  return x;
}

nlohmann::json opt(const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json rule_json(const Rule& r) {
  return {{"law", r.law},
          {"law_version", r.law_version},
          {"law_title", law_title(r.law_version)},
          {"article", r.article},
          {"violation", r.violation},
          {"violation_label", violation_label(r.violation)},
          {"party_class", r.party_class},
          {"party_class_label", party_class_label(r.party_class)},
          {"max_fen", r.max_fen},
          {"serious_min_fen", opt(r.serious_min_fen)},
          {"serious_max_fen", opt(r.serious_max_fen)},
          {"text", r.text},
          {"serious_conditions", r.serious_conditions},
          {"effective_from", r.effective_from},
          {"effective_to", r.effective_to ? nlohmann::json(*r.effective_to) : nlohmann::json(nullptr)}};
}

// The rule in force on `day` (YYYY-MM-DD) for the act and party class.
std::optional<Rule> rule_on(db::Connection& c, const std::string& violation, const std::string& party_class, const std::string& day) {
  auto q = c.prepare(std::string(kRuleSelect) +
                     "WHERE violation = ? AND party_class = ? AND effective_from <= ? AND (effective_to IS NULL OR effective_to >= ?)"
                     " ORDER BY effective_from DESC");
  q->bind(violation).bind(party_class).bind(day).bind(day);
  if (!q->step()) return std::nullopt;
  return read_rule(q->row());
}

}  // namespace

nlohmann::json rules_for_violation(db::Connection& c, const std::string& violation) {
  auto q = c.prepare(std::string(kRuleSelect) + "WHERE violation = ? ORDER BY effective_from, party_class");
  q->bind(violation);
  nlohmann::json out = nlohmann::json::array();
  while (q->step()) out.push_back(rule_json(read_rule(q->row())));
  return out;
}

namespace {

struct Tiers {
  int64_t id = 0, bureau_id = 0, version = 0, org_fen = 0, person_fen = 0, created_by = 0;
  std::string bureau_name, effective_from, created_at;
  nlohmann::json items;
};

const char* kTiersSelect =
    "SELECT t.id, t.bureau_id, t.version, t.hearing_threshold_org_fen, t.hearing_threshold_person_fen, t.created_by, b.name,"
    " t.effective_from, t.created_at, t.items FROM discretion_tiers t JOIN bureaus b ON b.id = t.bureau_id ";

Tiers read_tiers(const db::Row& r) {
  Tiers t;
  t.id = r.i64(0);
  t.bureau_id = r.i64(1);
  t.version = r.i64(2);
  t.org_fen = r.i64(3);
  t.person_fen = r.i64(4);
  t.created_by = r.i64(5);
  t.bureau_name = r.text(6);
  t.effective_from = r.text(7);
  t.created_at = r.text(8);
  t.items = nlohmann::json::parse(r.text(9));
  return t;
}

nlohmann::json tiers_json(db::Connection& c, const Tiers& t) {
  return {{"id", t.id},
          {"bureau", {{"id", t.bureau_id}, {"name", t.bureau_name}}},
          {"version", t.version},
          {"effective_from", t.effective_from},
          {"hearing_threshold_org_fen", t.org_fen},
          {"hearing_threshold_person_fen", t.person_fen},
          {"items", t.items},
          {"created_by", org::user_ref(c, t.created_by)},
          {"created_at", t.created_at}};
}

// The bureau's ids from itself up to the root, from its path '/1/4/9/'.
std::vector<int64_t> self_and_ancestors(const std::string& path) {
  std::vector<int64_t> ids;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i + 1);
    if (j == std::string::npos) break;
    std::string seg = path.substr(i + 1, j - i - 1);
    if (!seg.empty()) ids.push_back(std::stoll(seg));
    i = j;
  }
  std::reverse(ids.begin(), ids.end());
  return ids;
}

// The version in force on `day` for the bureau: its own, else its nearest ancestor's.
std::optional<Tiers> tiers_on(db::Connection& c, const org::Bureau& b, const std::string& day) {
  for (int64_t id : self_and_ancestors(b.path)) {
    auto q = c.prepare(std::string(kTiersSelect) + "WHERE t.bureau_id = ? AND t.effective_from <= ? ORDER BY t.version DESC");
    q->bind(id).bind(day);
    if (q->step()) return read_tiers(q->row());
  }
  return std::nullopt;
}

bool known(const Code* begin, const Code* end, const std::string& code) {
  return std::any_of(begin, end, [&](const Code& x) { return code == x.code; });
}

int64_t fen_field(const nlohmann::json& in, const std::string& key, const std::string& field, const std::string& label) {
  if (!in.contains(key) || in[key].is_null()) throw Error::required(field, label);
  if (!in[key].is_number_integer() || in[key].get<int64_t>() < 0 || in[key].get<int64_t>() > kMaxFen)
    throw Error::invalid(field, label + "应为不小于 0 的整数（单位：分）", "review.amount_invalid");
  return in[key].get<int64_t>();
}

std::string text_field(const nlohmann::json& in, const std::string& key, const std::string& field) {
  if (!in.contains(key) || in[key].is_null()) return "";
  if (!in[key].is_string()) throw Error::invalid(field, field + " 应为文本");
  std::string s = in[key].get<std::string>();
  auto b = s.find_first_not_of(" \t\r\n");
  auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

void check_violation(const std::string& v, const std::string& field) {
  if (!known(std::begin(kViolations), std::end(kViolations), v))
    throw Error::invalid(field, "未知的违法行为：" + v, "review.violation_unknown");
}
void check_party_class(const std::string& v, const std::string& field) {
  if (!known(std::begin(kPartyClasses), std::end(kPartyClasses), v))
    throw Error::invalid(field, "当事人类别只能是 org、individual_business 或 person", "review.party_class_invalid");
}

nlohmann::json codes_json(const Code* begin, const Code* end) {
  nlohmann::json arr = nlohmann::json::array();
  for (auto* x = begin; x != end; ++x) arr.push_back({{"code", x->code}, {"label", x->label}});
  return arr;
}

}  // namespace

std::string violation_label(const std::string& code) {
  for (const auto& x : kViolations)
    if (code == x.code) return x.label;
  return "";
}

std::string party_class_label(const std::string& code) {
  for (const auto& x : kPartyClasses)
    if (code == x.code) return x.label;
  return "";
}

nlohmann::json assess_fine(db::Connection& c, int64_t bureau_id, const std::string& violation, const std::string& party_class,
                           int64_t amount_fen, const time::Date& on, const std::string& tier) {
  check_violation(violation, "violation");
  check_party_class(party_class, "party_class");
  if (amount_fen < 0 || amount_fen > kMaxFen) throw Error::invalid("amount_fen", "罚款金额应为不小于 0 的整数（单位：分）", "review.amount_invalid");
  auto b = org::find_bureau(c, bureau_id);
  if (!b) throw Error::invalid("bureau_id", "机关不存在", "review.bureau_invalid");
  const std::string day = on.str();
  auto rule = rule_on(c, violation, party_class, day);
  auto version = tiers_on(c, *b, day);

  nlohmann::json tiers = nlohmann::json::array();
  if (version)
    for (const auto& t : version->items)
      if (t["violation"] == violation && t["party_class"] == party_class)
        tiers.push_back({{"code", t["code"]}, {"label", t["label"]}, {"condition", t["condition"]}, {"min_fen", t["min_fen"]}, {"max_fen", t["max_fen"]}});
  nlohmann::json chosen = nullptr;
  if (!tier.empty()) {
    for (const auto& t : tiers)
      if (t["code"] == tier) chosen = t;
    if (chosen.is_null()) throw Error::invalid("tier", "本机关在该日适用的裁量基准中没有这一档次：" + tier, "review.tier_unknown");
  }
  // A fine of nothing (a warning or criticism only) is always lawful; otherwise the article's ceiling
  // (its serious range included) bounds it, and without an article no fine is lawful.
  const bool within_law = amount_fen == 0 || (rule && amount_fen <= rule->ceiling());
  std::optional<int64_t> threshold;
  if (version) threshold = party_class == "org" ? version->org_fen : version->person_fen;
  // Without a configured threshold the hearing is offered for any fine: the party's right is not
  // taken away by a gap in configuration.
  const bool hearing_right = threshold ? amount_fen >= *threshold && amount_fen > 0 : amount_fen > 0;
  nlohmann::json out = {
      {"rule", rule ? rule_json(*rule) : nlohmann::json(nullptr)},
      {"tiers", tiers},
      {"tier", chosen},
      {"within_law", within_law},
      {"serious_required", rule.has_value() && amount_fen > rule->max_fen},
      {"within_tier", chosen.is_null() ? nlohmann::json(nullptr)
                                       : nlohmann::json(amount_fen >= chosen["min_fen"].get<int64_t>() && amount_fen <= chosen["max_fen"].get<int64_t>())},
      {"hearing_threshold_fen", opt(threshold)},
      {"hearing_right", hearing_right},
      {"tiers_version", version ? nlohmann::json{{"id", version->id},
                                                 {"version", version->version},
                                                 {"bureau", {{"id", version->bureau_id}, {"name", version->bureau_name}}},
                                                 {"effective_from", version->effective_from}}
                                : nlohmann::json(nullptr)},
      {"date", day},
      {"amount_fen", amount_fen}};
  return out;
}

nlohmann::json benchmarks(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id, const time::Date& today) {
  p.require("review.read");
  auto b = org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
  std::map<std::string, nlohmann::json> laws;  // law_version -> law
  auto q = c.prepare(std::string(kRuleSelect) + "ORDER BY effective_from, id");
  while (q->step()) {
    auto r = read_rule(q->row());
    auto& law = laws[r.law_version];
    if (law.is_null())
      law = {{"law", r.law},
             {"law_version", r.law_version},
             {"title", law_title(r.law_version)},
             {"effective_from", r.effective_from},
             {"effective_to", r.effective_to ? nlohmann::json(*r.effective_to) : nlohmann::json(nullptr)},
             {"rules", nlohmann::json::array()}};
    law["rules"].push_back(rule_json(r));
  }
  nlohmann::json law_list = nlohmann::json::array();
  for (auto& [v, law] : laws) law_list.push_back(law);
  std::sort(law_list.begin(), law_list.end(),
            [](const nlohmann::json& a, const nlohmann::json& b) { return a["effective_from"].get<std::string>() < b["effective_from"].get<std::string>(); });

  auto in_force = tiers_on(c, b, today.str());
  nlohmann::json history = nlohmann::json::array();
  auto h = c.prepare(std::string(kTiersSelect) + "WHERE t.bureau_id = ? ORDER BY t.version DESC");
  h->bind(b.id);
  std::vector<Tiers> versions;
  while (h->step()) versions.push_back(read_tiers(h->row()));
  for (const auto& t : versions) history.push_back(tiers_json(c, t));
  nlohmann::json tiers = nullptr;
  if (in_force) {
    tiers = tiers_json(c, *in_force);
    tiers["inherited"] = in_force->bureau_id != b.id;
  }
  return {{"laws", law_list},
          {"violations", codes_json(std::begin(kViolations), std::end(kViolations))},
          {"party_classes", codes_json(std::begin(kPartyClasses), std::end(kPartyClasses))},
          {"bureau", {{"id", b.id}, {"name", b.name}, {"code", b.code}}},
          {"date", today.str()},
          {"tiers", tiers},
          {"history", history}};
}

nlohmann::json assess_fine_for(db::Connection& c, const org::Principal& p, const nlohmann::json& query, const time::Date& today) {
  p.require("review.read");
  auto str = [&](const char* k) { return query.contains(k) && query[k].is_string() ? query[k].get<std::string>() : std::string(); };
  std::optional<int64_t> bureau_id;
  if (query.contains("bureau_id") && query["bureau_id"].is_number_integer()) bureau_id = query["bureau_id"].get<int64_t>();
  auto b = org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
  const std::string violation = str("violation"), party_class = str("party_class");
  if (violation.empty()) throw Error::required("violation", "违法行为");
  check_violation(violation, "violation");
  if (party_class.empty()) throw Error::required("party_class", "当事人类别");
  check_party_class(party_class, "party_class");
  const std::string amount = str("amount_fen");
  if (amount.empty()) throw Error::required("amount_fen", "罚款金额");
  if (amount.size() > 12 || !std::all_of(amount.begin(), amount.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    throw Error::invalid("amount_fen", "罚款金额应为不小于 0 的整数（单位：分）", "review.amount_invalid");
  time::Date on = today;
  if (std::string d = str("date"); !d.empty()) {
    auto parsed = time::parse_date(d);
    if (!parsed) throw Error::invalid("date", "日期格式应为 YYYY-MM-DD", "review.date_invalid");
    on = *parsed;
  }
  return assess_fine(c, b.id, violation, party_class, std::stoll(amount), on, str("tier"));
}

nlohmann::json create_tiers(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("review.benchmarks.manage");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为 JSON 对象");
  int64_t bureau_id = p.bureau_id;
  if (in.contains("bureau_id") && !in["bureau_id"].is_null()) {
    if (!in["bureau_id"].is_number_integer()) throw Error::invalid("bureau_id", "bureau_id 应为整数");
    bureau_id = in["bureau_id"].get<int64_t>();
  }
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::invalid("bureau_id", "机关不存在或不在管辖范围内", "review.bureau_invalid");
  const std::string from_text = text_field(in, "effective_from", "effective_from");
  if (from_text.empty()) throw Error::required("effective_from", "施行日期");
  auto from = time::parse_date(from_text);
  if (!from) throw Error::invalid("effective_from", "施行日期应为 YYYY-MM-DD 格式的日期", "review.date_invalid");
  const int64_t org_fen = fen_field(in, "hearing_threshold_org_fen", "hearing_threshold_org_fen", "单位听证标准（较大数额）");
  const int64_t person_fen = fen_field(in, "hearing_threshold_person_fen", "hearing_threshold_person_fen", "个人听证标准（较大数额）");
  if (!in.contains("items") || !in["items"].is_array() || in["items"].empty())
    throw Error::invalid("items", "裁量档次不能为空", "validation.required");
  if (in["items"].size() > 200) throw Error::invalid("items", "裁量档次不超过 200 条");

  nlohmann::json items = nlohmann::json::array();
  std::set<std::string> seen;
  for (size_t i = 0; i < in["items"].size(); ++i) {
    const auto& it = in["items"][i];
    const std::string f = "items[" + std::to_string(i) + "].";
    if (!it.is_object()) throw Error::invalid("items[" + std::to_string(i) + "]", "裁量档次应为对象");
    const std::string violation = text_field(it, "violation", f + "violation");
    if (violation.empty()) throw Error::required(f + "violation", "违法行为");
    check_violation(violation, f + "violation");
    const std::string party_class = text_field(it, "party_class", f + "party_class");
    if (party_class.empty()) throw Error::required(f + "party_class", "当事人类别");
    check_party_class(party_class, f + "party_class");
    const std::string code = text_field(it, "code", f + "code");
    if (code.empty()) throw Error::required(f + "code", "档次代码");
    if (code.size() > 40 || !std::all_of(code.begin(), code.end(), [](char ch) {
          return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
        }))
      throw Error::invalid(f + "code", "档次代码由小写字母、数字、下划线或连字符组成，不超过 40 个字符", "review.tier_code_invalid");
    if (!seen.insert(violation + "|" + party_class + "|" + code).second)
      throw Error::invalid(f + "code", "同一违法行为和当事人类别下的档次代码重复：" + code, "review.tier_duplicate");
    const std::string label = text_field(it, "label", f + "label");
    if (label.empty()) throw Error::required(f + "label", "档次名称");
    if (utf8_length(label) > 100) throw Error::invalid(f + "label", "档次名称不超过 100 个字符");
    const std::string condition = text_field(it, "condition", f + "condition");
    if (utf8_length(condition) > 500) throw Error::invalid(f + "condition", "适用情形不超过 500 个字符");
    const int64_t min_fen = fen_field(it, "min_fen", f + "min_fen", "档次下限");
    const int64_t max_fen = fen_field(it, "max_fen", f + "max_fen", "档次上限");
    if (max_fen < min_fen) throw Error::invalid(f + "max_fen", "档次上限不能低于下限", "review.amount_invalid");
    auto rule = rule_on(c, violation, party_class, from->str());
    if (!rule || (rule->ceiling() == 0 && max_fen > 0))
      throw Error(422, "review.tier_outside_law", "施行之日有效的法律对" + party_class_label(party_class) + "的这一违法行为没有罚款规定",
                  {{"field", f + "max_fen"}});
    if (max_fen > rule->ceiling())
      throw Error(422, "review.tier_outside_law",
                  "档次上限超出" + law_title(rule->law_version) + rule->article + "规定的罚款上限 " + yuan_text(rule->ceiling()),
                  {{"field", f + "max_fen"}, {"article", rule->article}, {"law_max_fen", rule->ceiling()}});
    items.push_back({{"violation", violation},
                     {"party_class", party_class},
                     {"code", code},
                     {"label", label},
                     {"condition", condition},
                     {"min_fen", min_fen},
                     {"max_fen", max_fen}});
  }

  auto vq = c.prepare("SELECT COALESCE(MAX(version), 0) FROM discretion_tiers WHERE bureau_id = ?");
  vq->bind(b->id);
  vq->step();
  const int64_t version = vq->row().i64(0) + 1;
  vq.reset();
  const std::string now = time::to_iso(time::now());
  auto ins = c.prepare(
      "INSERT INTO discretion_tiers (bureau_id, version, effective_from, items, hearing_threshold_org_fen, hearing_threshold_person_fen,"
      " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
  ins->bind(b->id).bind(version).bind(from->str()).bind(items.dump()).bind(org_fen).bind(person_fen).bind(p.user_id).bind(now);
  ins->step();
  const int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "review.tiers.create", "discretion_tiers", "discretion_tiers", "id", std::to_string(id), kTierColumns);
  auto q = c.prepare(std::string(kTiersSelect) + "WHERE t.id = ?");
  q->bind(id);
  q->step();
  return tiers_json(c, read_tiers(q->row()));
}

}  // namespace zhifa::review
