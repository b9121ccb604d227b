#include "cases/access.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "cases/cases.h"
#include "cases/flow.h"
#include "evidence/evidence.h"
#include "ledger/ledger.h"
#include "org/users.h"

namespace zhifa::cases::access {
namespace {

const std::vector<std::string> kReadRecord = {"case_id", "case_bureau_id", "case_number", "user_id", "bureau_id", "what", "read_at"};

// A material of the case file (REC-20): an evidence item of the case by its id, or the document
// of a step on the case by its template code (case_<step kind>). Returns its title; 422
// `access.item_not_in_case` naming `field` otherwise, so a request or a mark can only name what
// the file holds.
std::string file_item_title(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& kind,
                            const std::string& ref, const std::string& field) {
  auto refuse = [&]() {
    return Error(422, "access.item_not_in_case", "本案卷中没有此材料：" + kind + ":" + ref, {{"field", field}});
  };
  if (kind == "evidence") {
    int64_t id = 0;
    try {
      size_t used = 0;
      id = std::stoll(ref, &used);
      if (used != ref.size()) throw refuse();
    } catch (const Error&) {
      throw;
    } catch (...) {
      throw refuse();
    }
    nlohmann::json e;
    try {
      e = evidence::get_evidence(c, p, id);
    } catch (const Error&) {
      throw refuse();
    }
    if (e["owner_kind"] != "case" || e["owner_id"] != std::to_string(case_id)) throw refuse();
    return e["title"].get<std::string>();
  }
  if (ref.rfind("case_", 0) == 0) {
    const StepRule* rule = find_rule(ref.substr(5));
    if (rule && !rule->document_title.empty())
      for (const auto& st : steps_of(c, case_id))
        if (st.kind == rule->kind) return rule->document_title;
  }
  throw refuse();
}
const std::vector<std::string> kMarkRecord = {"case_id", "ref", "ground", "note", "marked_by", "marked_at"};
const std::vector<std::string> kRequestRecord = {
    "case_id",  "bureau_id", "requester_name", "requester_id_type", "requester_id_number", "relation", "relation_note",
    "access_mode", "items",   "requested_on",   "note",              "registered_by",       "created_at"};
const std::vector<std::string> kDecisionRecord = {"request_id", "decided_by", "decided_at", "approved", "opinion", "granted", "excluded"};

struct Named {
  const char* code;
  const char* name;
};
constexpr Named kGrounds[] = {{"state_secret", "国家秘密"}, {"trade_secret", "商业秘密"}, {"personal_info", "他人个人信息"}, {"other", "其他依法应当保密的"}};
constexpr Named kRelations[] = {{"party", "当事人"}, {"agent", "委托代理人"}, {"other", "其他利害关系人"}};
constexpr Named kModes[] = {{"read", "查阅"}, {"copy", "复制"}};
constexpr Named kIdTypes[] = {{"resident_id", "居民身份证"}, {"passport", "护照"}, {"business_license", "营业执照"}, {"other", "其他证件"}};
constexpr Named kItemKinds[] = {{"evidence", "证据"}, {"document", "文书"}};

template <size_t N>
const char* name_in(const Named (&t)[N], const std::string& code) {
  for (const auto& n : t)
    if (code == n.code) return n.name;
  return nullptr;
}

template <size_t N>
std::string one_of(const Fields& f, const char* key, const std::string& label, const Named (&t)[N]) {
  std::string v = f.str(key, label, 40);
  if (!name_in(t, v)) {
    std::string allowed;
    for (const auto& n : t) allowed += std::string(allowed.empty() ? "" : "、") + n.code;
    throw Error::invalid(key, label + "只能是 " + allowed);
  }
  return v;
}

std::string now_iso() { return time::to_iso(time::now()); }

std::string day_bound(const std::string& s, const char* field, bool end) {
  auto d = time::parse_date(s);
  if (!d) throw Error::invalid(field, "日期格式应为 YYYY-MM-DD", "validation.date");
  // Shanghai midnight is 16:00 UTC the day before.
  return time::to_iso(time::Instant(std::chrono::milliseconds(((d->days() + (end ? 1 : 0)) * 86400 - 8 * 3600) * 1000)));
}

nlohmann::json parse_json_text(const std::string& s) {
  auto j = nlohmann::json::parse(s, nullptr, false);
  return j.is_discarded() ? nlohmann::json::array() : j;
}

// The confidential marks of a case by item key.
std::map<std::string, std::string> marks_of(db::Connection& c, int64_t case_id) {
  std::map<std::string, std::string> out;
  auto q = c.prepare("SELECT ref, ground FROM access_confidential_marks WHERE case_id = ? ORDER BY id");
  q->bind(case_id);
  while (q->step()) out[q->row().text(0)] = q->row().text(1);
  return out;
}

void require_request_read(const org::Principal& p) {
  if (!p.can("access.approve")) p.require("access.request");
}

const char* kRequestSelect =
    "SELECT r.id, r.case_id, r.bureau_id, b.path, r.requester_name, r.requester_id_type, r.requester_id_number, r.relation, "
    "r.relation_note, r.access_mode, r.items, r.requested_on, r.note, r.registered_by, r.created_at, r.ledger_seq, "
    "d.decided_by, d.decided_at, d.approved, d.opinion, d.granted, d.excluded, d.ledger_seq "
    "FROM access_requests r JOIN bureaus b ON b.id = r.bureau_id LEFT JOIN access_decisions d ON d.request_id = r.id ";

nlohmann::json request_json(db::Connection& c, const db::Row& r) {
  nlohmann::json j = {
      {"id", r.i64(0)},
      {"case_id", r.i64(1)},
      {"bureau_id", r.i64(2)},
      {"requester_name", r.text(4)},
      {"requester_id_type", r.text(5)},
      {"requester_id_type_label", name_in(kIdTypes, r.text(5)) ? name_in(kIdTypes, r.text(5)) : ""},
      {"requester_id_number", r.text(6)},
      {"relation", r.text(7)},
      {"relation_label", name_in(kRelations, r.text(7)) ? name_in(kRelations, r.text(7)) : ""},
      {"relation_note", r.text(8)},
      {"access_mode", r.text(9)},
      {"access_mode_label", name_in(kModes, r.text(9)) ? name_in(kModes, r.text(9)) : ""},
      {"items", parse_json_text(r.text(10))},
      {"requested_on", r.text(11)},
      {"note", r.text(12)},
      {"registered_by", org::user_ref(c, r.i64(13))},
      {"created_at", r.text(14)},
      {"ledger_seq", r.opt_i64(15) ? nlohmann::json(*r.opt_i64(15)) : nlohmann::json(nullptr)},
  };
  if (r.is_null(16)) {
    j["state"] = "pending";
    j["decision"] = nullptr;
  } else {
    bool approved = r.boolean(18);
    j["state"] = approved ? "approved" : "refused";
    j["decision"] = {{"decided_by", org::user_ref(c, r.i64(16))},
                     {"decided_at", r.text(17)},
                     {"approved", approved},
                     {"opinion", r.text(19)},
                     {"granted", parse_json_text(r.text(20))},
                     {"excluded", parse_json_text(r.text(21))},
                     {"ledger_seq", r.opt_i64(22) ? nlohmann::json(*r.opt_i64(22)) : nlohmann::json(nullptr)}};
  }
  return j;
}

}  // namespace

int64_t record_read(db::Connection& c, const org::Principal& p, int64_t case_id, const std::string& what) {
  auto k = case_ref(c, p, case_id);
  std::string w = what.empty() ? std::string("案卷") : what.substr(0, 400);
  auto ins = c.prepare(
      "INSERT INTO case_reads(case_id, case_bureau_id, case_number, user_id, bureau_id, what, read_at) VALUES (?,?,?,?,?,?,?) "
      "RETURNING id");
  ins->bind(k.id).bind(k.bureau_id).bind(k.number).bind(p.user_id).bind(p.bureau_id).bind(w).bind(now_iso());
  ins->step();
  int64_t id = ins->row().i64(0);
  ins.reset();
  return ledger::record_row(c, p.actor(), "case.read", "case", "case_reads", "id", std::to_string(id), kReadRecord, {},
                            std::to_string(case_id));
}

nlohmann::json list_reads(db::Connection& c, const org::Principal& p, const ReadFilter& f) {
  p.require("access.log.read");
  std::string where = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.case_id) {
    where += " AND r.case_id = ?";
    args.emplace_back(*f.case_id);
  }
  if (f.user_id) {
    where += " AND r.user_id = ?";
    args.emplace_back(*f.user_id);
  }
  if (!f.from.empty()) {
    where += " AND r.read_at >= ?";
    args.emplace_back(day_bound(f.from, "from", false));
  }
  if (!f.to.empty()) {
    where += " AND r.read_at < ?";
    args.emplace_back(day_bound(f.to, "to", true));
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  const std::string from = " FROM case_reads r JOIN bureaus b ON b.id = r.case_bureau_id JOIN users u ON u.id = r.user_id "
                           "JOIN bureaus ub ON ub.id = r.bureau_id ";
  auto count = c.prepare("SELECT COUNT(*)" + from + where);
  for (auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  auto q = c.prepare("SELECT r.id, r.case_id, r.case_number, r.case_bureau_id, b.name, r.user_id, u.name, u.username, r.bureau_id, "
                     "ub.name, r.what, r.read_at, r.ledger_seq" +
                     from + where + " ORDER BY r.id DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    items.push_back({{"id", r.i64(0)},
                     {"case_id", r.i64(1)},
                     {"case_number", r.text(2)},
                     {"case_bureau_id", r.i64(3)},
                     {"case_bureau_name", r.text(4)},
                     {"user", {{"id", r.i64(5)}, {"name", r.text(6)}, {"username", r.text(7)}}},
                     {"bureau_id", r.i64(8)},
                     {"bureau_name", r.text(9)},
                     {"what", r.text(10)},
                     {"read_at", r.text(11)},
                     {"ledger_seq", r.opt_i64(12) ? nlohmann::json(*r.opt_i64(12)) : nlohmann::json(nullptr)}});
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json create_request(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("access.request");
  Fields f(in);
  int64_t case_id = f.i64("case_id", "案件");
  std::string name = f.str("requester_name", "申请人姓名", 100);
  std::string id_type = one_of(f, "requester_id_type", "证件类型", kIdTypes);
  std::string id_number = f.str("requester_id_number", "证件号码", 40);
  if (id_type == "resident_id") {
    std::string up = id_number;
    for (auto& ch : up) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    auto chk = codes::check_id_card(up, time::today_shanghai());
    if (!chk.valid) throw Error::invalid("requester_id_number", chk.reason);
    id_number = up;
  } else if (id_type == "business_license") {
    std::string up = id_number;
    for (auto& ch : up) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    auto chk = codes::check_credit_code(up);
    if (!chk.valid) throw Error::invalid("requester_id_number", chk.reason);
    id_number = up;
  }
  std::string relation = one_of(f, "relation", "与案件的关系", kRelations);
  std::string relation_note = f.opt_str("relation_note", "关系说明", 200).value_or("");
  if (relation != "party" && relation_note.empty()) throw Error::required("relation_note", "关系说明");
  std::string mode = one_of(f, "access_mode", "查阅方式", kModes);
  std::string requested_on = f.str("requested_on", "申请日期", 10);
  auto d = time::parse_date(requested_on);
  if (!d) throw Error::invalid("requested_on", "申请日期格式应为 YYYY-MM-DD");
  if (*d > time::today_shanghai()) throw Error::invalid("requested_on", "申请日期不能晚于今天");
  std::string note = f.opt_str("note", "备注", 1000).value_or("");
  if (!in.contains("items") || !in.at("items").is_array() || in.at("items").empty())
    throw Error::required("items", "申请查阅的材料");
  nlohmann::json items = nlohmann::json::array();
  std::set<std::string> keys;
  for (size_t i = 0; i < in.at("items").size(); ++i) {
    const auto& it = in.at("items")[i];
    std::string field = "items[" + std::to_string(i) + "]";
    if (!it.is_object()) throw Error::invalid(field, "材料应为对象 {kind, ref, title}");
    Fields fi(it);
    std::string kind = fi.opt_str("kind", "材料类别", 20).value_or("");
    if (!name_in(kItemKinds, kind)) throw Error::invalid(field + ".kind", "材料类别只能是 evidence 或 document");
    std::string ref = fi.opt_str("ref", "材料编号", 100).value_or("");
    if (ref.empty()) throw Error::required(field + ".ref", "材料编号");
    std::string key = kind + ":" + ref;
    if (!keys.insert(key).second) throw Error::invalid(field + ".ref", "材料 " + key + " 重复");
    items.push_back({{"key", key}, {"kind", kind}, {"ref", ref}, {"title", fi.opt_str("title", "材料名称", 200).value_or("")}});
  }
  auto k = case_ref(c, p, case_id);
  for (size_t i = 0; i < items.size(); ++i) {
    auto& it = items[i];
    auto title = file_item_title(c, p, k.id, it["kind"], it["ref"], "items[" + std::to_string(i) + "].ref");
    if (it["title"].get<std::string>().empty()) it["title"] = title;
  }
  auto ins = c.prepare(
      "INSERT INTO access_requests(case_id, bureau_id, requester_name, requester_id_type, requester_id_number, relation, "
      "relation_note, access_mode, items, requested_on, note, registered_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
      "RETURNING id");
  ins->bind(k.id).bind(k.bureau_id).bind(name).bind(id_type).bind(id_number).bind(relation).bind(relation_note).bind(mode)
      .bind(items.dump()).bind(requested_on).bind(note).bind(p.user_id).bind(now_iso());
  ins->step();
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "access.request", "access_request", "access_requests", "id", std::to_string(id), kRequestRecord);
  return get_request(c, p, id);
}

nlohmann::json get_request(db::Connection& c, const org::Principal& p, int64_t id) {
  require_request_read(p);
  auto q = c.prepare(std::string(kRequestSelect) + "WHERE r.id = ? AND b.path LIKE ?");
  q->bind(id).bind(p.bureau_path + "%");
  if (!q->step()) throw Error::not_found("access.request_not_found", "查阅申请不存在");
  auto j = request_json(c, q->row());
  q.reset();
  auto marks = marks_of(c, j["case_id"].get<int64_t>());
  for (auto& it : j["items"]) {
    auto m = marks.find(it.value("key", ""));
    it["confidential"] = m == marks.end() ? nlohmann::json(nullptr) : nlohmann::json(m->second);
  }
  return j;
}

nlohmann::json list_requests(db::Connection& c, const org::Principal& p, const RequestFilter& f) {
  require_request_read(p);
  std::string where = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.case_id) {
    where += " AND r.case_id = ?";
    args.emplace_back(*f.case_id);
  }
  if (!f.state.empty()) {
    if (f.state == "pending") where += " AND d.id IS NULL";
    else if (f.state == "approved") where += " AND d.approved = 1";
    else if (f.state == "refused") where += " AND d.approved = 0";
    else throw Error::invalid("state", "状态只能是 pending、approved 或 refused");
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto count = c.prepare("SELECT COUNT(*) FROM access_requests r JOIN bureaus b ON b.id = r.bureau_id "
                         "LEFT JOIN access_decisions d ON d.request_id = r.id " + where);
  for (auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  count.reset();
  auto q = c.prepare(std::string(kRequestSelect) + where + " ORDER BY r.id DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) items.push_back(request_json(c, q->row()));
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json decide_request(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("access.approve");
  auto req = get_request(c, p, id);
  if (req["state"] != "pending") throw Error::conflict("access.already_decided", "该申请已经作出决定");
  // Art 24: the approval is the head of the legal affairs unit's, so the person who took the
  // request in cannot also approve it.
  if (req["registered_by"].value("id", int64_t(0)) == p.user_id)
    throw Error::conflict("access.same_person", "登记申请的人员不能审批同一申请");
  Fields f(in);
  auto approve = f.opt_bool("approve", "是否同意");
  if (!approve) throw Error::required("approve", "是否同意");
  std::string opinion = f.str("opinion", "审批意见", 1000);
  std::map<std::string, nlohmann::json> items;  // key -> item
  for (const auto& it : req["items"]) items[it["key"].get<std::string>()] = it;
  nlohmann::json granted = nlohmann::json::array(), excluded = nlohmann::json::array();
  if (*approve) {
    std::set<std::string> seen;
    if (in.contains("granted") && !in.at("granted").is_array()) throw Error::invalid("granted", "同意提供的材料应为列表");
    if (in.contains("excluded") && !in.at("excluded").is_array()) throw Error::invalid("excluded", "不予提供的材料应为列表");
    nlohmann::json confidential_granted = nlohmann::json::array();
    for (const auto& g : in.value("granted", nlohmann::json::array())) {
      if (!g.is_string()) throw Error::invalid("granted", "同意提供的材料应为材料编号");
      std::string key = g.get<std::string>();
      auto it = items.find(key);
      if (it == items.end()) throw Error::invalid("granted", "材料 " + key + " 不在申请之中");
      if (!seen.insert(key).second) throw Error::invalid("granted", "材料 " + key + " 重复");
      // Art 25: material marked confidential is never given to a party.
      if (!it->second["confidential"].is_null()) confidential_granted.push_back(key);
      granted.push_back(key);
    }
    if (!confidential_granted.empty())
      throw Error(422, "access.confidential_granted", "涉及国家秘密、商业秘密或他人个人信息的材料不得提供",
                  {{"field", "granted"}, {"items", confidential_granted}});
    const auto& ex = in.value("excluded", nlohmann::json::array());
    for (size_t i = 0; i < ex.size(); ++i) {
      std::string field = "excluded[" + std::to_string(i) + "]";
      if (!ex[i].is_object()) throw Error::invalid(field, "不予提供的材料应为 {ref, ground, note}");
      Fields fe(ex[i]);
      std::string key = fe.opt_str("ref", "材料编号", 120).value_or("");
      if (key.empty()) throw Error::required(field + ".ref", "材料编号");
      auto it = items.find(key);
      if (it == items.end()) throw Error::invalid(field + ".ref", "材料 " + key + " 不在申请之中");
      if (!seen.insert(key).second) throw Error::invalid(field + ".ref", "材料 " + key + " 重复");
      std::string ground = fe.opt_str("ground", "不予提供的理由", 40).value_or("");
      if (ground.empty()) throw Error::required(field + ".ground", "不予提供的理由");
      if (!name_in(kGrounds, ground))
        throw Error::invalid(field + ".ground", "理由只能是 state_secret、trade_secret、personal_info 或 other");
      std::string note = fe.opt_str("note", "说明", 500).value_or("");
      if (ground == "other" && note.empty()) throw Error::required(field + ".note", "说明");
      excluded.push_back({{"ref", key}, {"ground", ground}, {"ground_label", name_in(kGrounds, ground)}, {"note", note}});
    }
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& [key, it] : items)
      if (!seen.count(key)) missing.push_back(key);
    if (!missing.empty())
      throw Error(422, "access.items_undecided", "每项材料都应列为同意提供或不予提供", {{"field", "granted"}, {"missing", missing}});
    if (granted.empty()) throw Error::invalid("granted", "同意申请时至少提供一项材料；全部不予提供请选择不同意");
  }
  auto ins = c.prepare(
      "INSERT INTO access_decisions(request_id, decided_by, decided_at, approved, opinion, granted, excluded) VALUES (?,?,?,?,?,?,?) "
      "RETURNING id");
  ins->bind(id).bind(p.user_id).bind(now_iso()).bind(int64_t(*approve ? 1 : 0)).bind(opinion).bind(granted.dump()).bind(excluded.dump());
  ins->step();
  int64_t did = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), *approve ? "access.approve" : "access.refuse", "access_request", "access_decisions", "id",
                     std::to_string(did), kDecisionRecord, {}, std::to_string(id));
  return get_request(c, p, id);
}

nlohmann::json mark_confidential(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  if (!p.can("access.approve")) p.require("access.request");
  Fields f(in);
  int64_t case_id = f.i64("case_id", "案件");
  std::string kind = one_of(f, "kind", "材料类别", kItemKinds);
  std::string ref = f.str("ref", "材料编号", 100);
  std::string ground = one_of(f, "ground", "保密类别", kGrounds);
  if (ground == "other") throw Error::invalid("ground", "保密类别只能是 state_secret、trade_secret 或 personal_info");
  std::string note = f.opt_str("note", "说明", 500).value_or("");
  auto k = case_ref(c, p, case_id);
  file_item_title(c, p, k.id, kind, ref, "ref");
  std::string key = kind + ":" + ref;
  if (marks_of(c, k.id).count(key)) throw Error::conflict("access.already_marked", "该材料已标记为保密");
  auto ins = c.prepare("INSERT INTO access_confidential_marks(case_id, ref, ground, note, marked_by, marked_at) VALUES (?,?,?,?,?,?) RETURNING id");
  ins->bind(k.id).bind(key).bind(ground).bind(note).bind(p.user_id).bind(now_iso());
  ins->step();
  int64_t id = ins->row().i64(0);
  ins.reset();
  ledger::record_row(c, p.actor(), "access.mark_confidential", "case", "access_confidential_marks", "id", std::to_string(id),
                     kMarkRecord, {}, std::to_string(k.id));
  return {{"id", id}, {"case_id", k.id}, {"key", key}, {"kind", kind}, {"ref", ref}, {"ground", ground},
          {"ground_label", name_in(kGrounds, ground)}, {"note", note}};
}

nlohmann::json list_marks(db::Connection& c, const org::Principal& p, int64_t case_id) {
  require_request_read(p);
  auto k = case_ref(c, p, case_id);
  auto q = c.prepare("SELECT id, ref, ground, note, marked_by, marked_at FROM access_confidential_marks WHERE case_id = ? ORDER BY id");
  q->bind(k.id);
  std::vector<std::tuple<int64_t, std::string, std::string, std::string, int64_t, std::string>> rows;
  while (q->step()) {
    const auto& r = q->row();
    rows.emplace_back(r.i64(0), r.text(1), r.text(2), r.text(3), r.i64(4), r.text(5));
  }
  q.reset();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& [id, key, ground, note, by, at] : rows) {
    auto colon = key.find(':');
    items.push_back({{"id", id}, {"key", key}, {"kind", key.substr(0, colon)}, {"ref", colon == std::string::npos ? key : key.substr(colon + 1)},
                     {"ground", ground}, {"ground_label", name_in(kGrounds, ground) ? name_in(kGrounds, ground) : ""},
                     {"note", note}, {"marked_by", org::user_ref(c, by)}, {"marked_at", at}});
  }
  return {{"items", items}};
}

}  // namespace zhifa::cases::access
