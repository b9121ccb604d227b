#include "publicity/prior_items.h"

#include <regex>
#include <set>

#include "base/canonical_json.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "review/discretion.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

const std::vector<std::string> kColumns = {"bureau_id", "version", "items", "reason", "published_by", "published_at"};

struct Label {
  const char* code;
  const char* label;
};
constexpr Label kCategories[] = {{"penalty", "行政处罚"}, {"inspection", "行政检查"}, {"coercion", "行政强制"}, {"other", "其他"}};
constexpr Label kLevels[] = {{"province", "省级"}, {"city", "市级"}, {"county", "县级"}};

const char* label_of(const Label* begin, const Label* end, const std::string& code) {
  for (auto* x = begin; x != end; ++x)
    if (code == x->code) return x->label;
  return nullptr;
}
const char* category_label(const std::string& c) { return label_of(std::begin(kCategories), std::end(kCategories), c); }
const char* level_label(const std::string& c) { return label_of(std::begin(kLevels), std::end(kLevels), c); }

// A required text of an array element, trimmed, at most `max` characters.
std::string text_at(const json& j, const std::string& at, const char* key, const std::string& label, size_t max, bool required = true) {
  const std::string field = at + "." + key;
  if (!j.contains(key) || j[key].is_null()) {
    if (required) throw Error::required(field, label);
    return "";
  }
  if (!j[key].is_string()) throw Error::invalid(field, label + "应为文字");
  std::string s = trim(j[key].get<std::string>());
  if (required && s.empty()) throw Error::required(field, label);
  if (utf8_length(s) > max) throw Error::invalid(field, label + "不能超过 " + std::to_string(max) + " 字");
  return s;
}

json parse_items(const json& in) {
  if (!in.is_array() || in.empty()) throw Error::invalid("items", "请至少列出一项执法事项");
  if (in.size() > 300) throw Error::invalid("items", "执法事项不能超过 300 项");
  static const std::regex code_re("[A-Za-z0-9][A-Za-z0-9-]{0,39}");
  std::set<std::string> codes;
  json out = json::array();
  for (size_t i = 0; i < in.size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "]";
    if (!in[i].is_object()) throw Error::invalid(at, "每项执法事项应为对象");
    const auto& j = in[i];
    json item;
    std::string code = text_at(j, at, "code", "事项编码", 40);
    if (!std::regex_match(code, code_re)) throw Error::invalid(at + ".code", "事项编码应为字母、数字或连字符（不超过 40 个）", "prior.code_invalid");
    if (!codes.insert(code).second) throw Error::invalid(at + ".code", "事项编码重复：" + code, "prior.code_duplicate");
    item["code"] = code;
    item["name"] = text_at(j, at, "name", "事项名称", 100);
    std::string category = text_at(j, at, "category", "事项类别", 20);
    if (!category_label(category)) throw Error::invalid(at + ".category", "事项类别应为行政处罚、行政检查、行政强制或其他", "prior.category_invalid");
    item["category"] = category;

    if (!j.contains("basis") || !j["basis"].is_array() || j["basis"].empty())
      throw Error::invalid(at + ".basis", "请填写实施依据", "validation.required");
    if (j["basis"].size() > 20) throw Error::invalid(at + ".basis", "实施依据不能超过 20 条");
    json basis = json::array();
    for (size_t k = 0; k < j["basis"].size(); ++k) {
      const std::string bat = at + ".basis[" + std::to_string(k) + "]";
      const auto& b = j["basis"][k];
      if (!b.is_object()) throw Error::invalid(bat, "每条依据应为对象");
      basis.push_back({{"law", text_at(b, bat, "law", "法律法规名称", 100)},
                       {"article", text_at(b, bat, "article", "条款", 50, false)},
                       {"text", text_at(b, bat, "text", "条文内容", 2000)}});
    }
    item["basis"] = basis;

    if (!j.contains("levels") || !j["levels"].is_array() || j["levels"].empty())
      throw Error::invalid(at + ".levels", "请选择实施层级", "validation.required");
    std::set<std::string> levels;
    for (const auto& l : j["levels"]) {
      if (!l.is_string() || !level_label(l.get<std::string>()))
        throw Error::invalid(at + ".levels", "实施层级应为省级、市级或县级", "prior.level_invalid");
      levels.insert(l.get<std::string>());
    }
    json lv = json::array();
    for (const auto& x : kLevels)  // the dictionary's order, whatever order was sent
      if (levels.count(x.code)) lv.push_back(x.code);
    item["levels"] = lv;

    json rules = json::array();
    if (j.contains("fine_rules") && !j["fine_rules"].is_null()) {
      if (!j["fine_rules"].is_array()) throw Error::invalid(at + ".fine_rules", "对应的罚则应为列表");
      std::set<std::string> seen;
      for (size_t k = 0; k < j["fine_rules"].size(); ++k) {
        const auto& v = j["fine_rules"][k];
        const std::string rat = at + ".fine_rules[" + std::to_string(k) + "]";
        if (!v.is_string() || review::violation_label(v.get<std::string>()).empty())
          throw Error::invalid(rat, "未知的违法行为（罚则）代码", "prior.fine_rule_unknown");
        if (seen.insert(v.get<std::string>()).second) rules.push_back(v);
      }
    }
    // A penalty is imposed by an article: the list must say which, so that the portal shows the
    // fine the law allows; other categories impose none.
    if (category == "penalty" && rules.empty())
      throw Error::invalid(at + ".fine_rules", "行政处罚事项应列明对应的罚则", "prior.fine_rules_required");
    if (category != "penalty" && !rules.empty())
      throw Error::invalid(at + ".fine_rules", "只有行政处罚事项对应罚则", "prior.fine_rules_not_penalty");
    item["fine_rules"] = rules;

    json guide = json::object();
    if (j.contains("guide") && !j["guide"].is_null()) {
      if (!j["guide"].is_object()) throw Error::invalid(at + ".guide", "服务指南应为对象");
      const auto& g = j["guide"];
      const std::string gat = at + ".guide";
      guide["conditions"] = text_at(g, gat, "conditions", "实施条件", 2000, false);
      guide["procedure"] = text_at(g, gat, "procedure", "办理流程", 2000, false);
      guide["time_limit"] = text_at(g, gat, "time_limit", "办理时限", 500, false);
      guide["contact"] = text_at(g, gat, "contact", "咨询方式", 200, false);
    } else {
      guide = {{"conditions", ""}, {"procedure", ""}, {"time_limit", ""}, {"contact", ""}};
    }
    item["guide"] = guide;
    out.push_back(item);
  }
  return out;
}

// The stored item with its labels and its fine rules spelt out.
json item_view(db::Connection& c, const json& stored) {
  json j = stored;
  j["category_label"] = category_label(stored.value("category", ""));
  json labels = json::array();
  for (const auto& l : stored.at("levels")) labels.push_back(level_label(l.get<std::string>()));
  j["level_labels"] = labels;
  json rules = json::array();
  for (const auto& v : stored.at("fine_rules")) {
    const std::string code = v.get<std::string>();
    rules.push_back({{"violation", code}, {"label", review::violation_label(code)}, {"articles", review::rules_for_violation(c, code)}});
  }
  j["fine_rules"] = rules;
  return j;
}

const char* kSelect =
    "SELECT l.id, l.bureau_id, b.name, l.version, l.items, l.reason, l.published_at, u.name FROM prior_item_lists l "
    "JOIN bureaus b ON b.id = l.bureau_id JOIN users u ON u.id = l.published_by ";

json read_version(db::Connection& c, const db::Row& r, bool with_items = true) {
  json j = {{"id", r.i64(0)},          {"bureau_id", r.i64(1)}, {"bureau_name", r.text(2)}, {"version", r.i64(3)},
            {"reason", r.text(5)},     {"published_at", r.text(6)}, {"published_by", r.text(7)}};
  auto items = json::parse(r.text(4));
  j["item_count"] = items.size();
  if (with_items) {
    json v = json::array();
    for (const auto& it : items) v.push_back(item_view(c, it));
    j["items"] = v;
  }
  return j;
}

std::vector<int64_t> path_ids(const std::string& path) {
  std::vector<int64_t> ids;
  size_t i = 1;
  while (i < path.size()) {
    size_t k = path.find('/', i);
    if (k == std::string::npos) break;
    ids.push_back(std::stoll(path.substr(i, k - i)));
    i = k + 1;
  }
  return ids;
}

// The bureau whose list `b` uses: itself when it has a version, else its nearest ancestor with one.
std::optional<int64_t> list_owner(db::Connection& c, const org::Bureau& b) {
  auto ids = path_ids(b.path);
  for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
    auto q = c.prepare("SELECT 1 FROM prior_item_lists WHERE bureau_id = ?");
    q->bind(*it);
    if (q->step()) return *it;
  }
  return std::nullopt;
}

json latest_of(db::Connection& c, int64_t owner) {
  auto q = c.prepare(std::string(kSelect) + "WHERE l.bureau_id = ? ORDER BY l.version DESC LIMIT 1");
  q->bind(owner);
  if (!q->step()) return nullptr;
  return read_version(c, q->row());
}

org::Bureau public_bureau(db::Connection& c, int64_t id) {
  auto b = org::find_bureau(c, id);
  if (!b) throw Error(404, "prior.bureau_not_found", "机构不存在");
  return *b;
}

void require_read(const org::Principal& p) { p.require("publicity.read"); }

}  // namespace

json guide_json(const json& item, const std::string& contact) {
  const std::string category = item.value("category", "");
  // The party's rights follow the category: the Administrative Penalty Law gives statement,
  // defence and (for the fines and measures of its Art 63) a hearing; every act can be brought
  // to reconsideration and to court (Administrative Reconsideration Law Art 20, Administrative
  // Litigation Law Art 46).
  json rights = json::array();
  rights.push_back({{"code", "statement"}, {"label", "陈述权"}, {"text", "当事人有权进行陈述，执法机关应当充分听取当事人的意见（《行政处罚法》第七条、第四十五条）。"}});
  rights.push_back({{"code", "defence"}, {"label", "申辩权"}, {"text", "当事人有权进行申辩；执法机关不得因当事人陈述、申辩而给予更重的处罚。"}});
  if (category == "penalty")
    rights.push_back({{"code", "hearing"}, {"label", "要求听证的权利"},
                      {"text", "拟作出较大数额罚款等决定的，当事人有权在被告知后五日内要求听证（《行政处罚法》第六十三条、第六十四条），听证不收费。"}});
  rights.push_back({{"code", "reconsideration"}, {"label", "申请行政复议的权利"},
                    {"text", "对执法决定不服的，可以自知道该决定之日起六十日内申请行政复议（《行政复议法》第二十条）。"}});
  rights.push_back({{"code", "litigation"}, {"label", "提起行政诉讼的权利"},
                    {"text", "可以自知道或者应当知道作出行政行为之日起六个月内向人民法院提起行政诉讼（《行政诉讼法》第四十六条）。"}});
  const json g = item.value("guide", json::object());
  std::string own = g.value("contact", "");
  return {{"basis", item.value("basis", json::array())},
          {"conditions", g.value("conditions", "")},
          {"procedure", g.value("procedure", "")},
          {"time_limit", g.value("time_limit", "")},
          {"rights", rights},
          {"fees", "不收取任何费用"},
          {"contact", own.empty() ? contact : own}};
}

json prior_items_in_force(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  require_read(p);
  auto b = org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
  json out = {{"for_bureau", {{"id", b.id}, {"name", b.name}}}, {"list", nullptr}};
  if (auto owner = list_owner(c, b)) {
    auto v = latest_of(c, *owner);
    v["inherited"] = *owner != b.id;
    out["list"] = v;
  }
  return out;
}

json prior_item_versions(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  require_read(p);
  auto b = org::get_bureau(c, p, bureau_id.value_or(p.bureau_id));
  auto q = c.prepare(std::string(kSelect) + "WHERE l.bureau_id = ? ORDER BY l.version DESC");
  q->bind(b.id);
  json items = json::array();
  while (q->step()) items.push_back(read_version(c, q->row()));
  return {{"bureau", {{"id", b.id}, {"name", b.name}}}, {"items", items}};
}

json publish_prior_items(db::Connection& c, const org::Principal& p, const json& in) {
  p.require("publicity.publish");
  if (!in.is_object()) throw Error::invalid("body", "请求体应为对象");
  Fields f(in);
  auto b = org::get_bureau(c, p, f.opt_i64("bureau_id", "机构").value_or(p.bureau_id));
  auto items = parse_items(in.contains("items") ? in.at("items") : json());
  std::string reason = f.opt_str("reason", "发布或调整理由", 500).value_or("");

  auto q = c.prepare("SELECT COALESCE(MAX(version), 0) FROM prior_item_lists WHERE bureau_id = ?");
  q->bind(b.id);
  q->step();
  int64_t version = q->row().i64(0) + 1;
  q.reset();
  // A later version replaces a published list: the public must be able to read why (a law or a
  // duty changed), so the reason is required from the second version on.
  if (version > 1 && reason.empty()) throw Error::invalid("reason", "调整清单须说明理由（如法律法规修改、职责调整）", "prior.reason_required");
  if (reason.empty()) reason = "首次发布";

  auto ins = c.prepare(
      "INSERT INTO prior_item_lists(bureau_id, version, items, reason, published_by, published_at) VALUES (?,?,?,?,?,?) RETURNING id");
  ins->bind(b.id).bind(version).bind(canonical_json(items)).bind(reason).bind(p.user_id).bind(time::to_iso(time::now()));
  if (!ins->step()) throw Error::internal("insert returned no id");
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "publicity.prior_items.publish", "prior_item_list", "prior_item_lists", "id", std::to_string(id), kColumns);
  auto r = c.prepare(std::string(kSelect) + "WHERE l.id = ?");
  r->bind(id);
  r->step();
  return read_version(c, r->row());
}

json public_prior_items(db::Connection& c, int64_t bureau_id, std::optional<int64_t> version) {
  auto b = public_bureau(c, bureau_id);
  json out = {{"for_bureau", {{"id", b.id}, {"name", b.name}}}, {"list", nullptr}};
  auto owner = list_owner(c, b);
  if (!owner) {
    if (version) throw Error(404, "prior.version_not_found", "清单版本不存在");
    return out;
  }
  json v;
  if (version) {
    auto q = c.prepare(std::string(kSelect) + "WHERE l.bureau_id = ? AND l.version = ?");
    q->bind(*owner).bind(*version);
    if (!q->step()) throw Error(404, "prior.version_not_found", "清单版本不存在");
    v = read_version(c, q->row());
  } else {
    v = latest_of(c, *owner);
  }
  // The portal's convention: no staff names.
  v.erase("published_by");
  v["inherited"] = *owner != b.id;
  auto q = c.prepare("SELECT MAX(version) FROM prior_item_lists WHERE bureau_id = ?");
  q->bind(*owner);
  q->step();
  v["current"] = v["version"].get<int64_t>() == q->row().i64(0);
  q.reset();
  // The guide's contact: the body's complaint phone when the bureau published its profile, else
  // the bureau's own phone.
  std::string contact = b.phone;
  auto pq = c.prepare("SELECT complaint_phone FROM prior_body_profiles WHERE bureau_id = ? ORDER BY version DESC LIMIT 1");
  pq->bind(b.id);
  if (pq->step()) contact = pq->row().text(0);
  pq.reset();
  if (!contact.empty()) contact = b.name + " " + contact;
  for (auto& it : v["items"]) it["guide"] = guide_json(it, contact);
  out["list"] = v;
  return out;
}

json public_prior_item_versions(db::Connection& c, int64_t bureau_id) {
  auto b = public_bureau(c, bureau_id);
  json out = {{"bureau", {{"id", b.id}, {"name", b.name}}}, {"from_bureau", nullptr}, {"versions", json::array()}};
  auto owner = list_owner(c, b);
  if (!owner) return out;
  auto q = c.prepare(std::string(kSelect) + "WHERE l.bureau_id = ? ORDER BY l.version DESC");
  q->bind(*owner);
  while (q->step()) {
    auto v = read_version(c, q->row(), false);
    v.erase("published_by");
    out["versions"].push_back(v);
    out["from_bureau"] = {{"id", v["bureau_id"]}, {"name", v["bureau_name"]}};
  }
  return out;
}

}  // namespace zhifa::publicity
