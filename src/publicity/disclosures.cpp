#include "publicity/disclosures.h"

#include <algorithm>
#include <set>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/money.h"
#include "base/time.h"
#include "calendar/calendar_service.h"
#include "cases/cases.h"
#include "cases/events.h"
#include "cases/inspections.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "org/users.h"
#include "publicity/deadlines.h"
#include "publicity/desensitise.h"

namespace zhifa::publicity {
namespace {

using nlohmann::json;

const std::vector<std::string> kColumns = {
    "bureau_id",    "kind",        "source_kind",      "source_id",      "event_date",       "year",
    "due_on",       "state",       "persons",          "extra_masks",    "withheld_reason",  "withheld_by",
    "withheld_at",  "working_version_id", "current_version_id", "first_published_on", "search_text", "revocation",
    "takedown_due_on", "withdrawn_on", "withdrawn_by", "created_by",      "created_at"};
const std::vector<std::string> kVersionColumns = {
    "disclosure_id", "version",     "content",     "masked",      "corrects_version_id", "correction_reason", "state",
    "manual",        "collected_by", "collected_at", "reviewed_by", "reviewed_at",        "review_note",       "published_by",
    "published_at"};

constexpr size_t kMaxText = 5000;

const std::vector<std::pair<std::string, std::string>> kStates = {{"draft", "待审核"},     {"reviewed", "已审核待发布"},
                                                                  {"published", "已公示"}, {"withheld", "不予公示"},
                                                                  {"withdrawn", "已撤下"}};
const std::vector<std::pair<std::string, std::string>> kCategories = {{"penalty", "行政处罚"}, {"no_penalty", "不予行政处罚"}, {"other", "其他"}};
const std::vector<std::pair<std::string, std::string>> kWithholdReasons = {
    {"minor", "当事人为未成年人"}, {"state_secret", "涉及国家秘密"}, {"trade_secret", "涉及商业秘密"}, {"privacy", "涉及个人隐私"}, {"other", "其他依法不予公开的情形"}};
const std::vector<std::pair<std::string, std::string>> kRevocations = {
    {"revoked", "被依法撤销"}, {"confirmed_illegal", "被确认违法"}, {"ordered_redo", "被要求重新作出"}, {"other", "其他原因撤下"}};
// The fields of a source record that name natural persons who are not staff.
const std::vector<std::string> kPersonKeys = {"interviewee", "witnesses", "witness", "receiver", "custodian", "signer_name",
                                              "complainant", "reporter", "legal_representative", "contact", "contact_name",
                                              "expert", "experts"};

std::string label_of(const std::vector<std::pair<std::string, std::string>>& v, const std::string& code) {
  for (const auto& [k, l] : v)
    if (k == code) return l;
  return code;
}
bool known(const std::vector<std::pair<std::string, std::string>>& v, const std::string& code) {
  return std::any_of(v.begin(), v.end(), [&](const auto& x) { return x.first == code; });
}

// ---- content ----------------------------------------------------------------------------------

struct Reader {
  const json& in;
  std::string prefix;
  std::string field(const std::string& key) const { return prefix + key; }
  bool has(const std::string& key) const {
    return in.contains(key) && !in.at(key).is_null() && !(in.at(key).is_string() && trim(in.at(key).get<std::string>()).empty());
  }
  std::string text(const std::string& key, const std::string& label, bool required = true, size_t max = kMaxText) const {
    if (!has(key)) {
      if (required) throw Error::required(field(key), label);
      return "";
    }
    if (!in.at(key).is_string()) throw Error(422, "validation.type", label + "应为文本", {{"field", field(key)}});
    auto s = trim(in.at(key).get<std::string>());
    if (utf8_length(s) > max) throw Error::invalid(field(key), label + "不能超过 " + std::to_string(max) + " 字");
    return s;
  }
  std::string date(const std::string& key, const std::string& label) const {
    auto s = text(key, label, true, 10);
    auto d = time::parse_date(s);
    if (!d) throw Error::invalid(field(key), label + "应为 YYYY-MM-DD 格式的日期");
    if (*d > time::today_shanghai()) throw Error::invalid(field(key), label + "不能晚于今天");
    return d->str();
  }
  std::string choice(const std::string& key, const std::string& label, const std::vector<std::pair<std::string, std::string>>& v) const {
    auto s = text(key, label, true, 40);
    if (!known(v, s)) {
      std::string all;
      for (const auto& [k, l] : v) all += (all.empty() ? "" : "、") + k;
      throw Error::invalid(field(key), label + "只能是 " + all);
    }
    return s;
  }
};

json read_object(const json& in) {
  if (!in.contains("object") || !in.at("object").is_object()) throw Error::required("content.object", "执法对象");
  Reader r{in.at("object"), "content.object."};
  std::string kind = r.has("kind") ? r.choice("kind", "对象类别", {{"org", "单位"}, {"person", "自然人"}}) : "org";
  std::string name = r.text("name", "执法对象名称", true, 200);
  std::string code = r.text("credit_code", kind == "org" ? "统一社会信用代码" : "身份证号码", true, 30);
  if (kind == "person") {
    if (!codes::check_id_card(code, time::today_shanghai()).valid)
      throw Error::invalid("content.object.credit_code", "自然人当事人的身份证号码无效");
  } else if (!codes::check_credit_code(code).valid) {
    throw Error::invalid("content.object.credit_code", "统一社会信用代码无效");
  }
  return {{"kind", kind}, {"name", name}, {"credit_code", code}};
}

// The content of `kind` read from `in` and normalised; 422 naming content.<field>.
json read_content(const std::string& kind, const json& in, const std::string& bureau_name) {
  if (!in.is_object()) throw Error(422, "validation.type", "公示内容应为对象", {{"field", "content"}});
  Reader r{in, "content."};
  json out = {{"body", r.has("body") ? r.text("body", "执法主体", true, 500) : bureau_name}, {"object", read_object(in)}};
  if (kind == "penalty_decision" || kind == "other_decision") {
    std::string cat = r.choice("category", "执法类别", kCategories);
    if (kind == "penalty_decision" && cat != "penalty")
      throw Error::invalid("content.category", "行政处罚决定的执法类别应为 penalty（行政处罚）");
    if (kind == "other_decision" && cat == "penalty")
      throw Error::invalid("content.category", "行政处罚决定请以 penalty_decision 公示");
    out["category"] = cat;
    out["category_name"] = label_of(kCategories, cat);
    out["legal_basis"] = r.text("legal_basis", "执法依据");
    out["facts"] = r.text("facts", "违法事实", false);
    out["conclusion"] = r.text("conclusion", "执法结论（决定内容）");
    if (r.has("amount_fen")) {
      const auto& a = in.at("amount_fen");
      if (!a.is_number_integer() || a.get<int64_t>() < 0) throw Error::invalid("content.amount_fen", "罚款金额应为不小于 0 的整数（分）");
      out["amount_fen"] = a.get<int64_t>();
    } else {
      out["amount_fen"] = 0;
    }
    out["decision_number"] = r.text("decision_number", "决定书文号", true, 500);
    out["decision_date"] = r.date("decision_date", "决定日期");
  } else if (kind == "check_result") {
    out["item"] = r.text("item", "抽查事项", true, 500);
    out["check_date"] = r.date("check_date", "检查完成日期");
    if (!in.contains("inspectors") || !in.at("inspectors").is_array() || in.at("inspectors").empty())
      throw Error::required("content.inspectors", "检查人员及执法证号");
    json ins = json::array();
    for (size_t i = 0; i < in.at("inspectors").size(); ++i) {
      const auto& m = in.at("inspectors")[i];
      if (!m.is_object()) throw Error(422, "validation.type", "检查人员应为对象", {{"field", "content.inspectors[" + std::to_string(i) + "]"}});
      Reader mr{m, "content.inspectors[" + std::to_string(i) + "]."};
      ins.push_back({{"name", mr.text("name", "检查人员姓名", true, 50)}, {"certificate_no", mr.text("certificate_no", "执法证号", true, 50)}});
    }
    out["inspectors"] = ins;
    if (!in.contains("problems") || !in.at("problems").is_boolean()) throw Error::required("content.problems", "是否发现问题");
    out["problems"] = in.at("problems").get<bool>();
    out["result"] = r.text("result", "检查结果");
    out["rectification"] = r.text("rectification", "整改情况", false);
  } else {
    throw Error::invalid("kind", "未知的公示类别：" + kind);
  }
  return out;
}

std::string event_date_of(const std::string& kind, const json& content) {
  return kind == "check_result" ? content.at("check_date").get<std::string>() : content.at("decision_date").get<std::string>();
}

json read_persons(const json& in, const char* field) {
  json out = json::array();
  if (!in.contains(field) || in.at(field).is_null()) return out;
  if (!in.at(field).is_array()) throw Error(422, "validation.type", "应为姓名列表", {{"field", field}});
  std::set<std::string> seen;
  for (size_t i = 0; i < in.at(field).size(); ++i) {
    const auto& v = in.at(field)[i];
    if (!v.is_string()) throw Error(422, "validation.type", "应为文本", {{"field", std::string(field) + "[" + std::to_string(i) + "]"}});
    auto s = trim(v.get<std::string>());
    if (s.empty()) continue;
    if (utf8_length(s) > 100) throw Error::invalid(std::string(field) + "[" + std::to_string(i) + "]", "不能超过 100 字");
    if (seen.insert(s).second) out.push_back(s);
  }
  return out;
}

std::vector<std::string> strings(const json& arr) {
  std::vector<std::string> out;
  for (const auto& v : arr) out.push_back(v.get<std::string>());
  return out;
}

json mask(const json& content, const json& persons, const json& extra) {
  MaskContext ctx{content.at("object").value("name", ""), strings(persons), strings(extra)};
  return desensitise(content, ctx);
}

void collect_text(const json& j, std::string& out) {
  if (j.is_string()) {
    out += j.get<std::string>();
    out += '\n';
  } else if (j.is_array() || j.is_object()) {
    for (const auto& x : j) collect_text(x, out);
  } else if (j.is_number_integer()) {
    out += std::to_string(j.get<int64_t>());
    out += '\n';
  }
}
std::string search_text_of(const std::string& kind, const json& masked) {
  std::string out = kind_label(kind) + "\n";
  collect_text(masked, out);
  return out;
}
// ---- rows -------------------------------------------------------------------------------------

struct VersionRow {
  int64_t id = 0, disclosure_id = 0, collected_by = 0;
  int version = 0;
  json content, masked;
  std::optional<int64_t> corrects_version_id, reviewed_by, published_by;
  std::optional<std::string> correction_reason, reviewed_at, review_note, published_at;
  std::string state, collected_at;
  bool manual = false;
};

// PUB-1: whoever collected or last edited a version by hand may not also review it.
bool own_hand(const VersionRow& v, const org::Principal& p) { return v.manual && v.collected_by == p.user_id; }

const char* kVersionSelect =
    "SELECT id, disclosure_id, version, content, masked, corrects_version_id, correction_reason, state, manual, collected_by, "
    "collected_at, reviewed_by, reviewed_at, review_note, published_by, published_at FROM disclosure_versions ";

VersionRow read_version(const db::Row& r) {
  VersionRow v;
  v.id = r.i64(0);
  v.disclosure_id = r.i64(1);
  v.version = static_cast<int>(r.i64(2));
  v.content = json::parse(r.text(3));
  v.masked = json::parse(r.text(4));
  v.corrects_version_id = r.opt_i64(5);
  v.correction_reason = r.opt_text(6);
  v.state = r.text(7);
  v.manual = r.boolean(8);
  v.collected_by = r.i64(9);
  v.collected_at = r.text(10);
  v.reviewed_by = r.opt_i64(11);
  v.reviewed_at = r.opt_text(12);
  v.review_note = r.opt_text(13);
  v.published_by = r.opt_i64(14);
  v.published_at = r.opt_text(15);
  return v;
}

VersionRow load_version(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kVersionSelect) + "WHERE id = ?");
  q->bind(id);
  if (!q->step()) throw Error::internal("disclosure version missing");
  return read_version(q->row());
}

std::vector<VersionRow> versions_of(db::Connection& c, int64_t disclosure_id) {
  auto q = c.prepare(std::string(kVersionSelect) + "WHERE disclosure_id = ? ORDER BY version");
  q->bind(disclosure_id);
  std::vector<VersionRow> out;
  while (q->step()) out.push_back(read_version(q->row()));
  return out;
}

std::optional<DisclosureRow> find_row(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(row_select()) + "WHERE d.id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_row(q->row());
}

DisclosureRow load_row(db::Connection& c, const org::Principal& p, int64_t id) {
  auto d = find_row(c, id);
  if (!d || !p.covers_path(d->bureau_path)) throw Error::not_found("disclosure.not_found", "公示信息不存在或不在您的管辖范围内");
  return *d;
}

void record(db::Connection& c, const org::Principal& p, const char* action, int64_t id) {
  ledger::record_row(c, p.actor(), action, "disclosure", "disclosures", "id", std::to_string(id), kColumns);
}
void record_version(db::Connection& c, const org::Principal& p, const char* action, int64_t vid, int64_t did) {
  ledger::record_row(c, p.actor(), action, "disclosure", "disclosure_versions", "id", std::to_string(vid), kVersionColumns,
                     json::object(), std::to_string(did));
}

int64_t insert_version(db::Connection& c, int64_t did, int version, const json& content, const json& masked,
                       std::optional<int64_t> corrects, const std::optional<std::string>& reason, bool manual, int64_t by,
                       const std::string& at) {
  auto q = c.prepare(
      "INSERT INTO disclosure_versions(disclosure_id, version, content, masked, corrects_version_id, correction_reason, state, "
      "manual, collected_by, collected_at) VALUES (?,?,?,?,?,?,'draft',?,?,?) RETURNING id");
  q->bind(did).bind(version).bind(content.dump()).bind(masked.dump()).bind(corrects).bind(reason).bind(manual).bind(by).bind(at);
  if (!q->step()) throw Error::internal("insert returned no id");
  return q->row().i64(0);
}

// Writes a new disclosure with its first version (a draft), or withheld when the party is a
// minor on the event date. Requires a transaction.
int64_t insert_disclosure(db::Connection& c, const org::Principal& p, int64_t bureau_id, const std::string& kind,
                          const std::string& source_kind, const std::string& source_id, const json& content, const json& persons,
                          bool manual) {
  const std::string event = event_date_of(kind, content);
  const auto ev = *time::parse_date(event);
  auto due = due_date(calendar::load(c), kind, ev);
  const std::string now = time::to_iso(time::now());
  std::optional<std::string> withheld;
  if (content.at("object").at("kind") == "person" && is_minor(content.at("object").at("credit_code").get<std::string>(), ev))
    withheld = label_of(kWithholdReasons, "minor");
  auto q = c.prepare(
      "INSERT INTO disclosures(bureau_id, kind, source_kind, source_id, event_date, year, due_on, state, persons, extra_masks, "
      "withheld_reason, withheld_at, search_text, created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,'[]',?,?,'',?,?) RETURNING id");
  q->bind(bureau_id).bind(kind).bind(source_kind).bind(source_id).bind(event).bind(ev.year)
      .bind(due ? std::optional<std::string>(due->str()) : std::nullopt).bind(std::string(withheld ? "withheld" : "draft"))
      .bind(persons.dump()).bind(withheld).bind(withheld ? std::optional<std::string>(now) : std::nullopt).bind(p.user_id).bind(now);
  if (!q->step()) throw Error::internal("insert returned no id");
  int64_t id = q->row().i64(0);
  q.reset();
  int64_t vid = insert_version(c, id, 1, content, mask(content, persons, json::array()), std::nullopt, std::nullopt, manual, p.user_id, now);
  auto up = c.prepare("UPDATE disclosures SET working_version_id = ? WHERE id = ?");
  up->bind(vid).bind(id);
  up->exec();
  up.reset();
  record(c, p, "publicity.collect", id);
  record_version(c, p, "publicity.collect", vid, id);
  if (withheld) {
    // The withholding is the system's finding from the ID number, recorded as its own act.
    record(c, p, "publicity.withhold", id);
  }
  return id;
}

json version_json(db::Connection& c, const VersionRow& v, bool with_original) {
  json j = {{"id", v.id},
            {"version", v.version},
            {"state", v.state},
            {"masked", v.masked},
            {"corrects_version_id", v.corrects_version_id ? json(*v.corrects_version_id) : json(nullptr)},
            {"correction_reason", v.correction_reason ? json(*v.correction_reason) : json(nullptr)},
            {"manual", v.manual},
            {"collected_by", org::user_ref(c, v.collected_by)},
            {"collected_at", v.collected_at},
            {"reviewed_by", v.reviewed_by ? org::user_ref(c, *v.reviewed_by) : json(nullptr)},
            {"reviewed_at", v.reviewed_at ? json(*v.reviewed_at) : json(nullptr)},
            {"review_note", v.review_note ? json(*v.review_note) : json(nullptr)},
            {"published_by", v.published_by ? org::user_ref(c, *v.published_by) : json(nullptr)},
            {"published_at", v.published_at ? json(*v.published_at) : json(nullptr)}};
  if (with_original) j["content"] = v.content;
  return j;
}

json summary_json(const DisclosureRow& d, const calendar::WorkCalendar& cal, time::Date today) {
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  return {{"id", d.id},
          {"bureau_id", d.bureau_id},
          {"bureau_name", d.bureau_name},
          {"kind", d.kind},
          {"kind_name", kind_label(d.kind)},
          {"source", {{"kind", d.source_kind}, {"id", d.source_id}}},
          {"event_date", d.event_date},
          {"state", d.state},
          {"state_name", label_of(kStates, d.state)},
          {"withheld_reason", opt(d.withheld_reason)},
          {"first_published_on", opt(d.first_published_on)},
          {"public", d.current_version_id.has_value() && !d.withdrawn_on},
          {"revocation", d.revocation},
          {"withdrawn_on", opt(d.withdrawn_on)},
          {"deadline", deadline_json(d, cal, today)}};
}

void require_open(const DisclosureRow& d) {
  if (d.state == "withheld") throw Error::conflict("publicity.withheld", "该信息已决定不予公示：" + d.withheld_reason.value_or(""));
  if (d.state == "withdrawn") throw Error::conflict("publicity.withdrawn", "该信息已撤下");
}

std::string today_str() { return time::today_shanghai().str(); }

}  // namespace

std::string search_grams_of(const std::string& text) {
  const std::u32string u = utf8_decode(text);
  auto space = [](char32_t ch) { return ch == U' ' || ch == U'\n' || ch == U'\t' || ch == U'\r'; };
  auto lower = [](char32_t ch) { return ch >= U'A' && ch <= U'Z' ? char32_t(ch - U'A' + U'a') : ch; };
  std::set<std::string> seen;
  std::string out;
  for (size_t i = 0; i + 1 < u.size(); ++i) {
    if (space(u[i]) || space(u[i + 1])) continue;
    const std::u32string pair{lower(u[i]), lower(u[i + 1])};
    std::string g = utf8_encode(pair);
    if (!seen.insert(g).second) continue;
    if (!out.empty()) out += ' ';
    out += g;
  }
  return out;
}


// ---- public to src/publicity --------------------------------------------------------------------

const char* row_select() {
  return "SELECT d.id, d.bureau_id, d.created_by, d.year, b.path, b.name, b.division_code, d.kind, d.source_kind, d.source_id, "
         "d.event_date, d.state, d.created_at, d.due_on, d.withheld_reason, d.withheld_at, d.first_published_on, d.takedown_due_on, "
         "d.withdrawn_on, d.withheld_by, d.working_version_id, d.current_version_id, d.withdrawn_by, d.persons, d.extra_masks, "
         "d.revocation, d.search_text FROM disclosures d JOIN bureaus b ON b.id = d.bureau_id ";
}

DisclosureRow read_row(const db::Row& r) {
  DisclosureRow d;
  d.id = r.i64(0);
  d.bureau_id = r.i64(1);
  d.created_by = r.i64(2);
  d.year = static_cast<int>(r.i64(3));
  d.bureau_path = r.text(4);
  d.bureau_name = r.text(5);
  d.division_code = r.text(6);
  d.kind = r.text(7);
  d.source_kind = r.text(8);
  d.source_id = r.text(9);
  d.event_date = r.text(10);
  d.state = r.text(11);
  d.created_at = r.text(12);
  d.due_on = r.opt_text(13);
  d.withheld_reason = r.opt_text(14);
  d.withheld_at = r.opt_text(15);
  d.first_published_on = r.opt_text(16);
  d.takedown_due_on = r.opt_text(17);
  d.withdrawn_on = r.opt_text(18);
  d.withheld_by = r.opt_i64(19);
  d.working_version_id = r.opt_i64(20);
  d.current_version_id = r.opt_i64(21);
  d.withdrawn_by = r.opt_i64(22);
  d.persons = json::parse(r.text(23));
  d.extra_masks = json::parse(r.text(24));
  d.revocation = r.is_null(25) ? json(nullptr) : json::parse(r.text(25));
  d.search_text = r.text(26);
  return d;
}

const std::vector<std::pair<std::string, std::string>>& kinds() {
  static const std::vector<std::pair<std::string, std::string>> k = {
      {"penalty_decision", "行政处罚决定"}, {"other_decision", "其他行政执法决定"}, {"check_result", "双随机抽查结果"}};
  return k;
}

const std::string& kind_label(const std::string& kind) {
  static const std::string empty;
  for (const auto& [k, l] : kinds())
    if (k == kind) return l;
  return empty;
}

json content_spec() {
  json object = {{"key", "object"}, {"label", "执法对象"}, {"type", "object"},
                 {"fields", json::array({{{"key", "kind"}, {"label", "对象类别"}, {"type", "choice"}, {"choices", {"org", "person"}}},
                                         {{"key", "name"}, {"label", "名称或姓名"}, {"type", "text"}},
                                         {{"key", "credit_code"}, {"label", "统一社会信用代码或身份证号码"}, {"type", "text"}}})}};
  json body = {{"key", "body"}, {"label", "执法主体"}, {"type", "text"}, {"required", false}};
  json decision = json::array(
      {body, object,
       {{"key", "category"}, {"label", "执法类别"}, {"type", "choice"}, {"choices", {"penalty", "no_penalty", "other"}},
        {"choice_labels", {"行政处罚", "不予行政处罚", "其他"}}},
       {{"key", "legal_basis"}, {"label", "执法依据"}, {"type", "text"}},
       {{"key", "facts"}, {"label", "违法事实"}, {"type", "text"}, {"required", false}},
       {{"key", "conclusion"}, {"label", "执法结论（决定内容）"}, {"type", "text"}},
       {{"key", "amount_fen"}, {"label", "罚款金额（分）"}, {"type", "fen"}, {"required", false}},
       {{"key", "decision_number"}, {"label", "决定书文号"}, {"type", "text"}},
       {{"key", "decision_date"}, {"label", "决定日期"}, {"type", "date"}}});
  json check = json::array(
      {body, object, {{"key", "item"}, {"label", "抽查事项"}, {"type", "text"}},
       {{"key", "check_date"}, {"label", "检查完成日期"}, {"type", "date"}},
       {{"key", "inspectors"}, {"label", "检查人员及执法证号"}, {"type", "list"}, {"fields", {"name", "certificate_no"}}},
       {{"key", "problems"}, {"label", "是否发现问题"}, {"type", "boolean"}},
       {{"key", "result"}, {"label", "检查结果"}, {"type", "text"}},
       {{"key", "rectification"}, {"label", "整改情况"}, {"type", "text"}, {"required", false}}});
  json out = json::object();
  for (const auto& [k, l] : kinds())
    out[k] = {{"label", l}, {"period_workdays", period_workdays(k)}, {"fields", k == "check_result" ? check : decision}};
  return out;
}

json list_disclosures(db::Connection& c, const org::Principal& p, const DisclosureFilter& f) {
  p.require("publicity.read");
  std::string w = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    auto b = org::find_bureau(c, *f.bureau_id);
    if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
    w += " AND b.path LIKE ?";
    args.emplace_back(b->path + "%");
  }
  if (!f.state.empty()) {
    if (!known(kStates, f.state)) throw Error::invalid("state", "状态只能是 draft、reviewed、published、withheld 或 withdrawn");
    w += " AND d.state = ?";
    args.emplace_back(f.state);
  }
  if (!f.kind.empty()) {
    if (kind_label(f.kind).empty()) throw Error::invalid("kind", "未知的公示类别：" + f.kind);
    w += " AND d.kind = ?";
    args.emplace_back(f.kind);
  }
  if (f.year) {
    w += " AND d.year = ?";
    args.emplace_back(int64_t(*f.year));
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto count = c.prepare("SELECT COUNT(*) FROM disclosures d JOIN bureaus b ON b.id = d.bureau_id " + w);
  for (const auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  auto q = c.prepare(std::string(row_select()) + w + " ORDER BY d.id DESC LIMIT ? OFFSET ?");
  for (const auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  const auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  json items = json::array();
  while (q->step()) items.push_back(summary_json(read_row(q->row()), cal, today));
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

json get_disclosure(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("publicity.read");
  auto d = load_row(c, p, id);
  const auto cal = calendar::load(c);
  json out = summary_json(d, cal, time::today_shanghai());
  out["persons"] = d.persons;
  out["extra_masks"] = d.extra_masks;
  out["withheld_at"] = d.withheld_at ? json(*d.withheld_at) : json(nullptr);
  out["withheld_by"] = d.withheld_by ? org::user_ref(c, *d.withheld_by) : json(nullptr);
  out["withdrawn_by"] = d.withdrawn_by ? org::user_ref(c, *d.withdrawn_by) : json(nullptr);
  out["created_by"] = org::user_ref(c, d.created_by);
  out["created_at"] = d.created_at;
  json versions = json::array();
  json working = nullptr, current = nullptr;
  bool own_working = false;
  for (const auto& v : versions_of(c, id)) {
    json vj = version_json(c, v, true);
    if (d.working_version_id && v.id == *d.working_version_id) {
      working = vj;
      own_working = own_hand(v, p);
    }
    if (d.current_version_id && v.id == *d.current_version_id) current = vj;
    versions.push_back(vj);
  }
  out["working"] = working;
  out["current"] = current;
  out["versions"] = versions;
  // What p may do now.
  json actions = json::array();
  const std::string ws = working.is_null() ? "" : working["state"].get<std::string>();
  const bool open = d.state != "withheld" && d.state != "withdrawn";
  if (open && (ws == "draft" || ws == "reviewed") && p.can("publicity.collect")) actions.push_back("edit");
  if (open && ws == "draft" && p.can("publicity.review") && !own_working) actions.push_back("review");
  if (open && ws == "reviewed" && p.can("publicity.publish")) actions.push_back("publish");
  if (open && ws == "published" && p.can("publicity.collect")) actions.push_back("correct");
  if (open && !d.current_version_id && (p.can("publicity.collect") || p.can("publicity.review"))) actions.push_back("withhold");
  if (d.current_version_id && !d.withdrawn_on && d.revocation.is_null() && p.can("publicity.collect")) actions.push_back("revocation");
  if (d.current_version_id && !d.withdrawn_on && p.can("publicity.publish")) actions.push_back("takedown");
  out["actions"] = actions;
  return out;
}

json create_draft(db::Connection& c, const org::Principal& p, const json& in) {
  p.require("publicity.collect");
  Fields f(in);
  std::string kind = f.str("kind", "公示类别", 40);
  if (kind_label(kind).empty()) throw Error::invalid("kind", "公示类别只能是 penalty_decision、other_decision 或 check_result");
  int64_t bureau_id = f.opt_i64("bureau_id", "所属机关").value_or(p.bureau_id);
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  std::string source_kind = f.opt_str("source_kind", "来源类别", 40).value_or("manual");
  std::string source_id = f.opt_str("source_id", "来源编号", 100).value_or("");
  if (source_kind != "manual" && source_id.empty()) throw Error::required("source_id", "来源编号");
  if (!in.contains("content")) throw Error::required("content", "公示内容");
  json content = read_content(kind, in.at("content"), b->name);
  json persons = read_persons(in, "persons");
  int64_t id = insert_disclosure(c, p, bureau_id, kind, source_kind, source_id, content, persons, true);
  return get_disclosure(c, p, id);
}

json edit_draft(db::Connection& c, const org::Principal& p, int64_t id, const json& in) {
  p.require("publicity.collect");
  auto d = load_row(c, p, id);
  require_open(d);
  if (!in.is_object()) throw Error::bad_request("request.not_object", "请求体应为 JSON 对象");
  auto v = load_version(c, *d.working_version_id);
  if (v.state != "draft" && v.state != "reviewed")
    throw Error::conflict("publicity.not_draft", "已公示的版本不能修改，请提交更正");
  json content = in.contains("content") ? read_content(d.kind, in.at("content"), d.bureau_name) : v.content;
  json persons = in.contains("persons") ? read_persons(in, "persons") : d.persons;
  const std::string event = event_date_of(d.kind, content);
  std::optional<std::string> due = d.due_on;
  if (event != d.event_date) {
    if (d.current_version_id) throw Error::invalid("content", "更正不能改变决定或检查日期（公示时限自该日起算）");
    auto dd = due_date(calendar::load(c), d.kind, *time::parse_date(event));
    due = dd ? std::optional<std::string>(dd->str()) : std::nullopt;
  }
  auto up = c.prepare("UPDATE disclosures SET persons = ?, event_date = ?, year = ?, due_on = ?, state = 'draft' WHERE id = ?");
  up->bind(persons.dump()).bind(event).bind(time::parse_date(event)->year).bind(due).bind(id);
  up->exec();
  up.reset();
  auto uv = c.prepare(
      "UPDATE disclosure_versions SET content = ?, masked = ?, state = 'draft', manual = 1, collected_by = ?, collected_at = ?, "
      "reviewed_by = NULL, reviewed_at = NULL, review_note = NULL WHERE id = ?");
  uv->bind(content.dump()).bind(mask(content, persons, d.extra_masks).dump()).bind(p.user_id).bind(time::to_iso(time::now())).bind(v.id);
  uv->exec();
  uv.reset();
  record(c, p, "publicity.edit", id);
  record_version(c, p, "publicity.edit", v.id, id);
  return get_disclosure(c, p, id);
}

json review(db::Connection& c, const org::Principal& p, int64_t id, const json& in) {
  p.require("publicity.review");
  auto d = load_row(c, p, id);
  require_open(d);
  Fields f(in);
  auto v = load_version(c, *d.working_version_id);
  if (v.state != "draft") throw Error::conflict("publicity.not_draft", "只有待审核的信息才能审核");
  if (own_hand(v, p))
    throw Error::conflict("publicity.self_review", "手工采集或修改公示信息的人员不能审核本人采集的信息");
  json extra = d.extra_masks;
  json added = read_persons(in, "add_masks");
  for (const auto& m : added)
    if (std::find(extra.begin(), extra.end(), m) == extra.end()) extra.push_back(m);
  auto note = f.opt_str("note", "审核意见", 1000);
  const std::string now = time::to_iso(time::now());
  auto up = c.prepare("UPDATE disclosures SET extra_masks = ?, state = 'reviewed' WHERE id = ?");
  up->bind(extra.dump()).bind(id);
  up->exec();
  up.reset();
  auto uv = c.prepare("UPDATE disclosure_versions SET masked = ?, state = 'reviewed', reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ?");
  uv->bind(mask(v.content, d.persons, extra).dump()).bind(p.user_id).bind(now).bind(note).bind(v.id);
  uv->exec();
  uv.reset();
  record(c, p, "publicity.review", id);
  record_version(c, p, "publicity.review", v.id, id);
  return get_disclosure(c, p, id);
}

json publish(db::Connection& c, const org::Principal& p, int64_t id) {
  p.require("publicity.publish");
  auto d = load_row(c, p, id);
  require_open(d);
  auto v = load_version(c, *d.working_version_id);
  if (v.state != "reviewed") throw Error::conflict("publicity.not_reviewed", "信息须经审核后才能发布");
  const std::string now = time::to_iso(time::now());
  if (d.current_version_id) {
    auto old = c.prepare("UPDATE disclosure_versions SET state = 'corrected' WHERE id = ?");
    old->bind(*d.current_version_id);
    old->exec();
    old.reset();
    record_version(c, p, "publicity.correct", *d.current_version_id, id);
  }
  auto uv = c.prepare("UPDATE disclosure_versions SET state = 'published', published_by = ?, published_at = ? WHERE id = ?");
  uv->bind(p.user_id).bind(now).bind(v.id);
  uv->exec();
  uv.reset();
  auto up = c.prepare(
      "UPDATE disclosures SET state = 'published', current_version_id = ?, first_published_on = COALESCE(first_published_on, ?), "
      "search_text = ?, search_grams = ? WHERE id = ?");
  const std::string text = search_text_of(d.kind, v.masked);
  up->bind(v.id).bind(today_str()).bind(text).bind(search_grams_of(text)).bind(id);
  up->exec();
  up.reset();
  record_version(c, p, "publicity.publish", v.id, id);
  record(c, p, "publicity.publish", id);
  return get_disclosure(c, p, id);
}

json correct(db::Connection& c, const org::Principal& p, int64_t id, const json& in) {
  p.require("publicity.collect");
  auto d = load_row(c, p, id);
  require_open(d);
  Fields f(in);
  auto v = load_version(c, *d.working_version_id);
  if (v.state != "published") throw Error::conflict("publicity.not_published", "只有已公示的信息才能更正；未公示的请直接修改");
  std::string reason = f.str("reason", "更正理由", 1000);
  if (!in.contains("content")) throw Error::required("content", "公示内容");
  json content = read_content(d.kind, in.at("content"), d.bureau_name);
  if (event_date_of(d.kind, content) != d.event_date)
    throw Error::invalid("content", "更正不能改变决定或检查日期（公示时限自该日起算）");
  const std::string now = time::to_iso(time::now());
  int64_t vid = insert_version(c, id, v.version + 1, content, mask(content, d.persons, d.extra_masks), v.id, reason, true, p.user_id, now);
  auto up = c.prepare("UPDATE disclosures SET working_version_id = ?, state = 'draft' WHERE id = ?");
  up->bind(vid).bind(id);
  up->exec();
  up.reset();
  record_version(c, p, "publicity.correct", vid, id);
  record(c, p, "publicity.correct", id);
  return get_disclosure(c, p, id);
}

json withhold(db::Connection& c, const org::Principal& p, int64_t id, const json& in) {
  auto d = find_row(c, id);
  bool allowed = p.can("publicity.review") || p.can("publicity.collect") || (d && d->source_kind == "case" && p.can("case.handle"));
  if (!allowed) p.require("publicity.review");
  if (!p.can("publicity.read") && !p.can("case.handle")) p.require("publicity.read");
  if (!d || !p.covers_path(d->bureau_path)) throw Error::not_found("disclosure.not_found", "公示信息不存在或不在您的管辖范围内");
  require_open(*d);
  if (d->current_version_id) throw Error::conflict("publicity.published", "已公示的信息不能改为不予公示，请撤下");
  Fields f(in);
  std::string code = f.str("reason_code", "不予公示的情形", 40);
  if (!known(kWithholdReasons, code)) throw Error::invalid("reason_code", "不予公示的情形只能是 minor、state_secret、trade_secret、privacy 或 other");
  std::string reason = f.str("reason", "不予公示的理由", 1000);
  auto up = c.prepare("UPDATE disclosures SET state = 'withheld', withheld_reason = ?, withheld_by = ?, withheld_at = ? WHERE id = ?");
  up->bind(label_of(kWithholdReasons, code) + "：" + reason).bind(p.user_id).bind(time::to_iso(time::now())).bind(id);
  up->exec();
  up.reset();
  record(c, p, "publicity.withhold", id);
  if (!p.can("publicity.read")) return {{"id", id}, {"state", "withheld"}};
  return get_disclosure(c, p, id);
}

json record_revocation(db::Connection& c, const org::Principal& p, int64_t id, const json& in) {
  p.require("publicity.collect");
  auto d = load_row(c, p, id);
  if (!d.current_version_id || d.withdrawn_on) throw Error::conflict("publicity.not_published", "只有公示中的决定才能登记撤销");
  if (d.kind == "check_result") throw Error::invalid("kind", "撤下登记只适用于执法决定");
  if (!d.revocation.is_null()) throw Error::conflict("publicity.revocation_exists", "该决定已登记撤销等情形");
  Reader r{in, ""};
  if (!in.is_object()) throw Error::bad_request("request.not_object", "请求体应为 JSON 对象");
  std::string kind = r.choice("kind", "撤下情形", {kRevocations.begin(), kRevocations.end() - 1});
  std::string event = r.date("event_date", "撤销、确认违法或要求重新作出之日");
  if (event < d.event_date) throw Error::invalid("event_date", "撤销等决定的日期不能早于原决定日期");
  std::string reason = r.text("reason", "原因", true, 1000);
  std::string document = r.text("document", "撤销、确认违法或要求重新作出的文书", true, 200);
  auto due = due_date(calendar::load(c), "takedown", *time::parse_date(event));
  json rev = {{"kind", kind}, {"kind_name", label_of(kRevocations, kind)}, {"event_date", event}, {"reason", reason},
              {"document", document}, {"recorded_by", p.user_id}, {"recorded_at", time::to_iso(time::now())}};
  auto up = c.prepare("UPDATE disclosures SET revocation = ?, takedown_due_on = ? WHERE id = ?");
  up->bind(rev.dump()).bind(due ? std::optional<std::string>(due->str()) : std::nullopt).bind(id);
  up->exec();
  up.reset();
  record(c, p, "publicity.revocation", id);
  return get_disclosure(c, p, id);
}

json take_down(db::Connection& c, const org::Principal& p, int64_t id, const json& in) {
  p.require("publicity.publish");
  auto d = load_row(c, p, id);
  if (!d.current_version_id || d.withdrawn_on) throw Error::conflict("publicity.not_published", "该信息不在公示中");
  Fields f(in);
  auto reason = f.opt_str("reason", "撤下理由", 1000);
  json rev = d.revocation;
  if (rev.is_null()) {
    if (!reason) throw Error::required("reason", "撤下理由");
    rev = {{"kind", "other"}, {"kind_name", label_of(kRevocations, "other")}, {"event_date", today_str()}, {"reason", *reason},
           {"document", ""}, {"recorded_by", p.user_id}, {"recorded_at", time::to_iso(time::now())}};
  } else if (reason) {
    rev["takedown_note"] = *reason;
  }
  auto up = c.prepare(
      "UPDATE disclosures SET state = 'withdrawn', withdrawn_on = ?, withdrawn_by = ?, revocation = ?, search_text = '', search_grams = '' WHERE id = ?");
  up->bind(today_str()).bind(p.user_id).bind(rev.dump()).bind(id);
  up->exec();
  up.reset();
  auto uv = c.prepare("UPDATE disclosure_versions SET state = 'withdrawn' WHERE id = ?");
  uv->bind(*d.current_version_id);
  uv->exec();
  uv.reset();
  record_version(c, p, "publicity.takedown", *d.current_version_id, id);
  record(c, p, "publicity.takedown", id);
  return get_disclosure(c, p, id);
}

// ---- collection -------------------------------------------------------------------------------

namespace {

bool has_disclosure(db::Connection& c, const std::string& source_kind, const std::string& source_id) {
  auto q = c.prepare("SELECT COUNT(*) FROM disclosures WHERE source_kind = ? AND source_id = ?");
  q->bind(source_kind).bind(source_id);
  q->step();
  return q->row().i64(0) > 0;
}

void add_persons(const json& content, std::set<std::string>& out) {
  if (!content.is_object()) return;
  for (const auto& key : kPersonKeys) {
    if (!content.contains(key) || !content.at(key).is_string()) continue;
    for (const auto& n : split_names(content.at(key).get<std::string>())) out.insert(n);
  }
}

json persons_json(const std::set<std::string>& names, const std::string& party) {
  json out = json::array();
  for (const auto& n : names)
    if (n != party) out.push_back(n);
  return out;
}

}  // namespace

std::optional<int64_t> collect_case_step(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& kind) {
  if (kind != "decision_approval" && kind != "simple_record") return std::nullopt;
  if (has_disclosure(c, "case", std::to_string(case_id))) return std::nullopt;
  const auto k = cases::load_case(c, p, case_id);
  const auto steps = cases::steps_of(c, case_id);
  const cases::StepRow* made = nullptr;  // the step that made the decision
  const cases::StepRow* decided = nullptr;  // the decision's content
  for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
    if (!made && it->kind == kind) made = &*it;
    if (!decided && it->kind == (kind == "simple_record" ? "simple_record" : "decide")) decided = &*it;
  }
  if (!made || !decided) return std::nullopt;
  if (kind == "decision_approval" && !made->content.value("approved", false)) return std::nullopt;
  std::set<std::string> names;
  for (const auto& s : steps) add_persons(s.content, names);
  const json& dc = decided->content;
  std::string category = kind == "simple_record" ? "penalty" : dc.value("decision_kind", "other");
  int64_t amount = dc.contains("amount_fen") && dc.at("amount_fen").is_number_integer() ? dc.at("amount_fen").get<int64_t>() : 0;
  std::string conclusion;
  if (category == "penalty") conclusion = amount > 0 ? "给予罚款" + yuan_text(amount) + "的行政处罚" : "给予警告的行政处罚";
  else if (category == "no_penalty") conclusion = "不予行政处罚";
  else conclusion = "依法作出其他处理";
  std::string facts = kind == "simple_record" ? dc.value("facts_basis", "") : dc.value("facts", "");
  std::string basis = kind == "simple_record" ? dc.value("facts_basis", "") : dc.value("basis", "");
  json content = {{"body", k.bureau_name},
                  {"object", {{"kind", k.party_kind}, {"name", k.party_name}, {"credit_code", k.party_code}}},
                  {"category", category},
                  {"category_name", label_of(kCategories, category)},
                  {"legal_basis", basis},
                  {"facts", facts},
                  {"conclusion", conclusion},
                  {"amount_fen", amount},
                  {"decision_number", k.number},
                  {"decision_date", made->done_on}};
  const std::string dkind = category == "penalty" ? "penalty_decision" : "other_decision";
  return insert_disclosure(c, p, k.bureau_id, dkind, "case", std::to_string(case_id), content, persons_json(names, k.party_name), false);
}

std::optional<int64_t> collect_inspection(db::Connection& c, const org::Principal& p, int64_t inspection_id) {
  if (has_disclosure(c, "inspection", std::to_string(inspection_id))) return std::nullopt;
  const json x = cases::get_inspection(c, p, inspection_id);
  if (x.value("state", "") != "completed" || x.at("completed_at").is_null()) return std::nullopt;
  std::set<std::string> names;
  json outcome = json::object();
  for (const auto& s : x.at("steps")) {
    add_persons(s.at("data"), names);
    if (s.at("kind") == "outcome") outcome = s.at("data");
  }
  json inspectors = json::array();
  for (const auto& m : x.at("task").at("team")) inspectors.push_back({{"name", m.value("name", "")}, {"certificate_no", m.value("certificate_no", "")}});
  const std::string o = x.value("outcome", "");
  std::string result = x.value("outcome_name", "");
  if (outcome.contains("note")) result += "。" + outcome["note"].get<std::string>();
  if (outcome.contains("reason")) result += "。" + outcome["reason"].get<std::string>();
  std::string rect;
  if (o == "rectification") rect = outcome.value("opinion", "") + "（整改期限：" + outcome.value("deadline", "") + "）";
  const auto done = time::shanghai_date(*time::parse_iso(x.at("completed_at").get<std::string>()));
  const std::string party = x.at("object").value("name", "");
  json content = {{"body", x.value("bureau_name", "")},
                  {"object", {{"kind", "org"}, {"name", party}, {"credit_code", x.at("object").value("credit_code", "")}}},
                  {"item", x.value("item_name", "")},
                  {"check_date", done.str()},
                  {"inspectors", inspectors},
                  {"problems", o != "no_problem"},
                  {"result", result},
                  {"rectification", rect}};
  return insert_disclosure(c, p, x.at("bureau_id").get<int64_t>(), "check_result", "inspection", std::to_string(inspection_id), content,
                           persons_json(names, party), false);
}

void register_collectors() {
  cases::on_case_step("publicity", [](db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& kind, int64_t) {
    collect_case_step(c, p, case_id, kind);
  });
  cases::on_inspection_completed("publicity", [](db::Connection& c, const org::Principal& p, int64_t id) { collect_inspection(c, p, id); });
}

}  // namespace zhifa::publicity
