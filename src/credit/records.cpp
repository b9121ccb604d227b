#include "credit/records.h"

#include <algorithm>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "calendar/calendar_service.h"
#include "db/conflicts.h"
#include "cases/cases.h"
#include "credit/rules.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "registry/code_allowlist.h"
#include "registry/objects.h"

namespace zhifa::credit {
namespace {

const std::vector<std::string> kColumns = {
    "province_code", "bureau_id",  "object_id",   "credit_code", "party_name",   "legal_representative", "level",
    "case_id",       "case_number", "basis",      "decision_no", "determination_date", "state", "proposed_by",
    "proposed_at",   "approved_by", "approved_at", "approval_opinion", "published_by", "published_at", "published_on",
    "publication_end", "removed_on"};

const char* kSelect =
    "SELECT r.id, r.bureau_id, b.path, b.name, r.object_id, r.credit_code, r.party_name, r.legal_representative, r.level, "
    "r.case_id, r.case_number, r.basis, r.decision_no, r.determination_date, r.state, r.proposed_by, r.proposed_at, "
    "r.approved_by, r.approved_at, r.approval_opinion, r.published_by, r.published_at, r.published_on, r.publication_end, "
    "r.removed_on FROM credit_records r JOIN bureaus b ON b.id = r.bureau_id ";

RecordRow read_row(const db::Row& q) {
  RecordRow r;
  r.id = q.i64(0);
  r.bureau_id = q.i64(1);
  r.bureau_path = q.text(2);
  r.bureau_name = q.text(3);
  r.object_id = q.opt_i64(4);
  r.credit_code = q.text(5);
  r.party_name = q.text(6);
  r.legal_representative = q.text(7);
  r.level = q.text(8);
  r.case_id = q.opt_i64(9);
  r.case_number = q.text(10);
  r.basis = q.text(11);
  r.decision_no = q.text(12);
  r.determination_date = q.text(13);
  r.state = q.text(14);
  r.proposed_by = q.i64(15);
  r.proposed_at = q.text(16);
  r.approved_by = q.opt_i64(17);
  r.approved_at = q.opt_text(18);
  r.approval_opinion = q.opt_text(19);
  r.published_by = q.opt_i64(20);
  r.published_at = q.opt_text(21);
  r.published_on = q.opt_text(22);
  r.publication_end = q.opt_text(23);
  r.removed_on = q.opt_text(24);
  return r;
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt(const std::optional<int64_t>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

void require_read(const org::Principal& p) {
  if (!p.can("credit.manage") && !p.can("credit.approve") && !p.can("credit.publish")) p.require("credit.read");
}

std::string user_name(db::Connection& c, std::optional<int64_t> id) {
  if (!id) return "";
  auto q = c.prepare("SELECT name FROM users WHERE id = ?");
  q->bind(*id);
  return q->step() ? q->row().text(0) : "";
}

time::Date date_field(const Fields& f, const char* key, const std::string& label, std::optional<time::Date> dflt = std::nullopt) {
  if (!f.has(key)) {
    if (dflt) return *dflt;
    throw Error::required(key, label);
  }
  auto d = time::parse_date(f.str(key, label, 10));
  if (!d) throw Error::invalid(key, label + "格式应为 YYYY-MM-DD", "credit." + std::string(key) + "_invalid");
  if (*d > time::today_shanghai()) throw Error::invalid(key, label + "不能晚于今天", "credit." + std::string(key) + "_invalid");
  return *d;
}

// The approved penalty decision of a case: the day it was made, or an error naming case_id.
std::string penalty_decision_day(db::Connection& c, int64_t case_id) {
  auto steps = cases::steps_of(c, case_id);
  std::optional<std::string> decided_on;
  int64_t decide_id = 0;
  for (const auto& s : steps) {
    if (s.kind == "decide" && s.content.value("decision_kind", "") == "penalty") decided_on = s.done_on, decide_id = s.id;
  }
  if (!decided_on) throw Error::invalid("case_id", "该案件没有作出行政处罚决定，不能作为失信认定的依据", "credit.case_without_decision");
  bool approved = std::any_of(steps.begin(), steps.end(), [&](const cases::StepRow& s) {
    return s.kind == "decision_approval" && s.id > decide_id && s.content.value("approved", false);
  });
  if (!approved) throw Error::invalid("case_id", "该案件的行政处罚决定尚未经负责人批准", "credit.case_without_decision");
  return *decided_on;
}

}  // namespace

void save_record_state(db::Connection& c, const org::Principal& p, const RecordRow& r, const std::string& action) {
  c.prepare(
       "UPDATE credit_records SET state = ?, approved_by = ?, approved_at = ?, approval_opinion = ?, published_by = ?, "
       "published_at = ?, published_on = ?, publication_end = ?, removed_on = ? WHERE id = ?")
      ->bind(r.state).bind(r.approved_by).bind(r.approved_at).bind(r.approval_opinion).bind(r.published_by)
      .bind(r.published_at).bind(r.published_on).bind(r.publication_end).bind(r.removed_on).bind(r.id)
      .exec();
  ledger::record_row(c, p.actor(), action, "credit_record", "credit_records", "id", std::to_string(r.id), kColumns);
}

namespace {

std::string where(const org::Principal& p, const RecordFilter& f, std::vector<db::Value>& args) {
  std::string w = "WHERE b.path LIKE ?";
  args.emplace_back(p.bureau_path + "%");
  if (f.bureau_id) {
    w += " AND r.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (!f.level.empty()) {
    if (!level_name(f.level)) throw Error::invalid("level", "失信等级只能是 serious 或 general");
    w += " AND r.level = ?";
    args.emplace_back(f.level);
  }
  for (auto [v, key, op] : {std::tuple{&f.from, "from", ">="}, std::tuple{&f.to, "to", "<="}}) {
    if (v->empty()) continue;
    if (!time::parse_date(*v)) throw Error::invalid(key, "日期格式应为 YYYY-MM-DD");
    w += std::string(" AND r.determination_date ") + op + " ?";
    args.emplace_back(*v);
  }
  if (!f.status.empty()) {
    const std::string t = time::today_shanghai().str();
    const std::string shown = "r.state IN ('published','repaired')";
    if (f.status == "proposed" || f.status == "rejected") {
      w += " AND r.state = ?";
      args.emplace_back(f.status);
    } else if (f.status == "approved") {
      w += " AND (r.state = 'approved' OR (" + shown + " AND r.published_on > ?))";
      args.emplace_back(t);
    } else if (f.status == "publishing") {
      w += " AND " + shown + " AND r.published_on <= ? AND r.publication_end >= ? AND (r.removed_on IS NULL OR r.removed_on > ?)";
      args.insert(args.end(), {t, t, t});
    } else if (f.status == "expired") {
      w += " AND " + shown + " AND r.publication_end < ? AND (r.removed_on IS NULL OR r.removed_on > ?)";
      args.insert(args.end(), {t, t});
    } else if (f.status == "removed_early") {
      w += " AND r.removed_on <= ?";
      args.emplace_back(t);
    } else {
      throw Error::invalid("status", "状态只能是 proposed、rejected、approved、publishing、expired 或 removed_early");
    }
  }
  if (!f.q.empty()) {
    w += " AND (r.party_name LIKE ? OR r.credit_code LIKE ? OR r.decision_no LIKE ?)";
    args.insert(args.end(), {"%" + f.q + "%", f.q + "%", "%" + f.q + "%"});
  }
  return w;
}

}  // namespace

void register_conflicts() {
  db::register_unique_conflict("credit_records_decision_once", "credit_records.credit_code, credit_records.decision_no",
                               "credit.duplicate", "该处罚决定已有失信记录");
  db::register_unique_conflict("credit_repairs_pending_once", "credit_repairs.record_id", "credit.repair_pending",
                               "该记录已有待处理的信用修复申请");
}

RecordRow load_record(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE r.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(2)))
    throw Error::not_found("credit.not_found", "失信记录不存在或不在您的管辖范围内");
  return read_row(q->row());
}

nlohmann::json record_json(const RecordRow& r, time::Date today) {
  std::string status = status_on(r.state, r.published_on, r.publication_end, r.removed_on, today);
  nlohmann::json j = {{"id", r.id},
                      {"bureau_id", r.bureau_id},
                      {"bureau_name", r.bureau_name},
                      {"object_id", opt(r.object_id)},
                      {"credit_code", r.credit_code},
                      {"party_name", r.party_name},
                      {"legal_representative", r.legal_representative},
                      {"level", r.level},
                      {"level_name", level_name(r.level) ? level_name(r.level) : ""},
                      {"case_id", opt(r.case_id)},
                      {"case_number", r.case_number},
                      {"basis", r.basis},
                      {"decision_no", r.decision_no},
                      {"determination_date", r.determination_date},
                      {"state", r.state},
                      {"status", status},
                      {"status_name", status_name(status)},
                      {"proposed_by", r.proposed_by},
                      {"proposed_at", r.proposed_at},
                      {"approved_by", opt(r.approved_by)},
                      {"approved_at", opt(r.approved_at)},
                      {"approval_opinion", opt(r.approval_opinion)},
                      {"published_by", opt(r.published_by)},
                      {"published_at", opt(r.published_at)},
                      {"published_on", opt(r.published_on)},
                      {"publication_end", opt(r.publication_end)},
                      {"removed_on", opt(r.removed_on)},
                      {"earliest_repair", nullptr}};
  if (r.published_on) j["earliest_repair"] = earliest_repair(*time::parse_date(*r.published_on)).str();
  return j;
}

void record_act(db::Connection& c, const org::Principal& p, const RecordRow& r, const std::string& act,
                const std::string& done_on, const std::string& note) {
  auto ins = c.prepare("INSERT INTO credit_acts(record_id, act, done_on, actor_id, at, note) VALUES (?,?,?,?,?,?) RETURNING id");
  ins->bind(r.id).bind(act).bind(done_on).bind(p.user_id).bind(time::to_iso(time::now())).bind(note);
  ins->step();
  int64_t act_id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "credit_record." + act, "credit_record", "credit_acts", "id", std::to_string(act_id),
                     {"record_id", "act", "done_on", "actor_id", "at", "note"}, {{"record_id", r.id}}, std::to_string(r.id));
}

nlohmann::json propose(db::Connection& c, const org::Principal& p, const nlohmann::json& in, bool without_case) {
  p.require("credit.manage");
  Fields f(in);
  RecordRow r;
  std::string code = f.str("credit_code", "统一社会信用代码", 18);
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char ch) { return char(std::toupper(ch)); });
  auto chk = codes::check_credit_code(code, [&c](std::string_view s) { return registry::allowlist_contains(c, s); });
  if (!chk.valid) throw Error::invalid("credit_code", chk.reason, "credit.credit_code_invalid");
  r.credit_code = code;
  r.level = f.str("level", "失信等级", 20);
  if (!level_name(r.level)) throw Error::invalid("level", "失信等级只能是 serious（统计严重失信）或 general（一般失信）", "credit.level_invalid");
  r.decision_no = f.str("decision_no", "处罚决定书文号", 100);
  r.basis = f.str("basis", "认定依据（违法事实摘要）", 500);
  r.legal_representative = f.opt_str("legal_representative", "法定代表人", 50).value_or("");
  time::Date determined = date_field(f, "determination_date", "认定日期");
  r.determination_date = determined.str();

  std::optional<registry::SurveyObject> obj = registry::find_object_by_code(c, code);
  if (obj) {
    r.object_id = obj->id;
    r.party_name = obj->name;
  } else {
    r.party_name = f.opt_str("party_name", "单位名称", 200).value_or("");
    if (r.party_name.empty()) throw Error::invalid("party_name", "该统一社会信用代码不在名录库中，请填写单位名称", "validation.required");
  }

  if (f.has("case_id") || !without_case) {
    int64_t case_id = f.i64("case_id", "所依据的案件");
    cases::CaseRow kr = [&] {
      try {
        return cases::load_case(c, p, case_id);
      } catch (const Error& e) {
        if (e.status() == 404) throw Error::invalid("case_id", "案件不存在或不在您的管辖范围内", "credit.case_not_found");
        throw;
      }
    }();
    if (kr.party_code != code)
      throw Error::invalid("credit_code", "统一社会信用代码与案件当事人（" + kr.party_code + "）不一致", "credit.party_mismatch");
    std::string decided_on = penalty_decision_day(c, case_id);
    if (r.determination_date < decided_on)
      throw Error::invalid("determination_date", "认定日期不能早于行政处罚决定日期 " + decided_on, "credit.determination_date_invalid");
    r.case_id = case_id;
    r.case_number = kr.number;
    r.bureau_id = kr.bureau_id;
    r.bureau_path = kr.bureau_path;
    r.bureau_name = kr.bureau_name;
  } else {
    r.bureau_id = p.bureau_id;
    r.bureau_path = p.bureau_path;
  }
  auto b = org::find_bureau(c, r.bureau_id);
  if (!b) throw Error::internal("bureau missing");
  r.bureau_name = b->name;
  std::string division = b->division_code.empty() ? b->code : b->division_code;
  std::string province = division.size() >= 2 ? division.substr(0, 2) + "0000" : division;

  {
    auto d = c.prepare("SELECT id FROM credit_records WHERE credit_code = ? AND decision_no = ? AND state <> 'rejected'");
    d->bind(code).bind(r.decision_no);
    if (d->step())
      throw Error::conflict("credit.duplicate", "该处罚决定已有失信记录", {{"field", "decision_no"}, {"record_id", d->row().i64(0)}});
  }
  r.state = "proposed";
  r.proposed_by = p.user_id;
  r.proposed_at = time::to_iso(time::now());
  auto ins = c.prepare(
      "INSERT INTO credit_records(province_code, bureau_id, object_id, credit_code, party_name, legal_representative, level, "
      "case_id, case_number, basis, decision_no, determination_date, state, proposed_by, proposed_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(province).bind(r.bureau_id).bind(r.object_id).bind(r.credit_code).bind(r.party_name).bind(r.legal_representative)
      .bind(r.level).bind(r.case_id).bind(r.case_number).bind(r.basis).bind(r.decision_no).bind(r.determination_date)
      .bind(r.state).bind(r.proposed_by).bind(r.proposed_at);
  ins->step();
  r.id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "credit_record.create", "credit_record", "credit_records", "id", std::to_string(r.id), kColumns);
  record_act(c, p, r, "propose", time::today_shanghai().str(), f.opt_str("note", "说明", 500).value_or(""));
  auto out = get_record(c, p, r.id);
  if (!chk.warnings.empty()) out["warnings"] = chk.warnings;
  return out;
}

nlohmann::json decide(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("credit.approve");
  RecordRow r = load_record(c, p, id);
  Fields f(in);
  auto approved = f.opt_bool("approved", "是否批准");
  if (!approved) throw Error::required("approved", "是否批准");
  std::string opinion = f.opt_str("opinion", "审批意见", 500).value_or("");
  if (!*approved && opinion.empty()) throw Error::required("opinion", "不予批准的理由");
  if (r.state != "proposed") throw Error::conflict("credit.state", "该失信记录已审批，不能重复审批", {{"state", r.state}});
  if (r.proposed_by == p.user_id) throw Error::conflict("credit.same_person", "提出认定的人员不能审批同一记录");
  r.state = *approved ? "approved" : "rejected";
  r.approved_by = p.user_id;
  r.approved_at = time::to_iso(time::now());
  r.approval_opinion = opinion;
  save_record_state(c, p, r, *approved ? "credit_record.approve" : "credit_record.reject");
  record_act(c, p, r, *approved ? "approve" : "reject", time::today_shanghai().str(), opinion);
  // The unit is dishonest from the day it was determined; publication (publish) closes the period.
  if (*approved && r.object_id)
    registry::set_credit_status(c, p.actor(), *r.object_id, std::string(registry_status_of(r.level)), r.determination_date,
                                std::nullopt, {{"credit_record_id", r.id}});
  return get_record(c, p, id);
}

nlohmann::json publish(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("credit.publish");
  RecordRow r = load_record(c, p, id);
  Fields f(in);
  time::Date on = date_field(f, "published_on", "公示开始日期", time::today_shanghai());
  if (r.state != "approved") throw Error::conflict("credit.state", "只有已批准、尚未公示的失信记录才能公示", {{"state", r.state}});
  auto determined = *time::parse_date(r.determination_date);
  if (on < determined)
    throw Error::invalid("published_on", "公示开始日期不能早于认定日期 " + r.determination_date, "credit.published_on_invalid");
  r.state = "published";
  r.published_by = p.user_id;
  r.published_at = time::to_iso(time::now());
  r.published_on = on.str();
  r.publication_end = publication_end(on).str();
  save_record_state(c, p, r, "credit_record.publish");
  auto due = publication_due(calendar::load(c), determined);
  std::string note = due ? (on > *due ? "逾期公示（应于 " + due->str() + " 前公示）" : "") : "工作日历缺少所需年份，公示期限未知";
  record_act(c, p, r, "publish", on.str(), note);
  if (r.object_id)
    registry::set_credit_status(c, p.actor(), *r.object_id, std::string(registry_status_of(r.level)), r.determination_date,
                                r.publication_end, {{"credit_record_id", r.id}});
  auto out = get_record(c, p, id);
  out["late"] = due && on > *due;
  return out;
}

void for_each_record(db::Connection& c, const org::Principal& p, const RecordFilter& f,
                     const std::function<void(const RecordRow&)>& fn) {
  std::vector<db::Value> args;
  std::string w = where(p, f, args);
  auto q = c.prepare(std::string(kSelect) + w + " ORDER BY r.determination_date DESC, r.id DESC");
  for (auto& a : args) q->bind(a);
  while (q->step()) fn(read_row(q->row()));
}

nlohmann::json list_records(db::Connection& c, const org::Principal& p, const RecordFilter& f) {
  require_read(p);
  std::vector<db::Value> args;
  std::string w = where(p, f, args);
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto cq = c.prepare("SELECT COUNT(*) FROM credit_records r JOIN bureaus b ON b.id = r.bureau_id " + w);
  for (auto& a : args) cq->bind(a);
  cq->step();
  int64_t total = cq->row().i64(0);
  cq.reset();
  auto q = c.prepare(std::string(kSelect) + w + " ORDER BY r.determination_date DESC, r.id DESC LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  const auto today = time::today_shanghai();
  std::vector<RecordRow> rows;
  while (q->step()) rows.push_back(read_row(q->row()));
  q.reset();
  auto cal = calendar::load(c);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    auto j = record_json(r, today);
    auto due = publication_due(cal, *time::parse_date(r.determination_date));
    j["due_on"] = due ? nlohmann::json(due->str()) : nlohmann::json(nullptr);
    j["overdue"] = r.state == "approved" && due && today > *due;
    items.push_back(std::move(j));
  }
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_record(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  RecordRow r = load_record(c, p, id);
  const auto today = time::today_shanghai();
  nlohmann::json out = record_json(r, today);
  out["proposed_by_name"] = user_name(c, r.proposed_by);
  out["approved_by_name"] = user_name(c, r.approved_by);
  out["published_by_name"] = user_name(c, r.published_by);
  auto due = publication_due(calendar::load(c), *time::parse_date(r.determination_date));
  out["due_on"] = due ? nlohmann::json(due->str()) : nlohmann::json(nullptr);
  out["due_unknown"] = !due;
  out["overdue"] = r.state == "approved" && due && today > *due;
  out["published_late"] = r.published_on && due && *r.published_on > due->str();

  nlohmann::json acts = nlohmann::json::array();
  {
    auto q = c.prepare(
        "SELECT a.id, a.act, a.done_on, a.actor_id, u.name, a.at, a.note, a.ledger_seq FROM credit_acts a "
        "LEFT JOIN users u ON u.id = a.actor_id WHERE a.record_id = ? ORDER BY a.id");
    q->bind(id);
    while (q->step()) {
      const auto& x = q->row();
      acts.push_back({{"id", x.i64(0)}, {"act", x.text(1)}, {"done_on", x.text(2)}, {"actor_id", x.i64(3)},
                      {"actor_name", x.is_null(4) ? "系统" : x.text(4)}, {"at", x.text(5)}, {"note", x.text(6)},
                      {"ledger_seq", opt(x.opt_i64(7))}});
    }
  }
  out["acts"] = acts;
  nlohmann::json repairs = nlohmann::json::array();
  {
    auto q = c.prepare(
        "SELECT id, applicant, applied_on, rectification, evidence_ids, document_no, state, decided_on, decision_reason "
        "FROM credit_repairs WHERE record_id = ? ORDER BY id");
    q->bind(id);
    while (q->step()) {
      const auto& x = q->row();
      repairs.push_back({{"id", x.i64(0)}, {"applicant", x.text(1)}, {"applied_on", x.text(2)}, {"rectification", x.text(3)},
                         {"evidence_ids", nlohmann::json::parse(x.text(4))}, {"document_no", x.text(5)}, {"state", x.text(6)},
                         {"decided_on", opt(x.opt_text(7))}, {"decision_reason", opt(x.opt_text(8))}});
    }
  }
  out["repairs"] = repairs;
  nlohmann::json entries = nlohmann::json::array();
  {
    auto q = c.prepare("SELECT seq, at, action FROM ledger_entries WHERE subject_kind = 'credit_record' AND subject_id = ? ORDER BY seq");
    q->bind(std::to_string(id));
    while (q->step()) entries.push_back({{"seq", q->row().i64(0)}, {"at", q->row().text(1)}, {"action", q->row().text(2)}});
  }
  out["ledger"] = entries;
  return out;
}

nlohmann::json due_list(db::Connection& c, const org::Principal& p, std::optional<int64_t> bureau_id) {
  require_read(p);
  RecordFilter f;
  f.bureau_id = bureau_id;
  std::vector<RecordRow> rows;
  std::vector<db::Value> args;
  std::string w = where(p, f, args) + " AND r.state = 'approved'";
  auto q = c.prepare(std::string(kSelect) + w + " ORDER BY r.determination_date, r.id");
  for (auto& a : args) q->bind(a);
  while (q->step()) rows.push_back(read_row(q->row()));
  q.reset();
  auto cal = calendar::load(c);
  const auto today = time::today_shanghai();
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) {
    auto j = record_json(r, today);
    auto due = publication_due(cal, *time::parse_date(r.determination_date));
    j["due_on"] = due ? nlohmann::json(due->str()) : nlohmann::json(nullptr);
    j["due_unknown"] = !due;
    j["overdue"] = due && today > *due;
    std::optional<int64_t> left = due ? cal.workdays_between(today, *due) : std::nullopt;
    j["workdays_left"] = left ? nlohmann::json(*left) : nlohmann::json(nullptr);
    items.push_back(std::move(j));
  }
  // Overdue first, then by due date; unknown ones last (they need the calendar first).
  std::stable_sort(items.begin(), items.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    auto key = [](const nlohmann::json& x) {
      return std::tuple(!x["overdue"].get<bool>(), x["due_unknown"].get<bool>(), x["due_on"].is_null() ? "" : x["due_on"].get<std::string>());
    };
    return key(a) < key(b);
  });
  return {{"items", items}, {"today", today.str()}};
}

nlohmann::json portal_list(db::Connection& c) {
  const std::string t = time::today_shanghai().str();
  auto q = c.prepare(
      "SELECT r.id, r.credit_code, r.party_name, r.level, r.basis, r.decision_no, r.determination_date, r.published_on, "
      "r.publication_end, b.name FROM credit_records r JOIN bureaus b ON b.id = r.bureau_id "
      "WHERE r.level = 'serious' AND r.state IN ('published','repaired') AND r.published_on <= ? AND r.publication_end >= ? "
      "AND (r.removed_on IS NULL OR r.removed_on > ?) ORDER BY r.published_on DESC, r.id DESC");
  q->bind(t).bind(t).bind(t);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) {
    const auto& x = q->row();
    items.push_back({{"id", x.i64(0)},
                     {"credit_code", x.text(1)},
                     {"name", x.text(2)},
                     {"level", x.text(3)},
                     {"level_name", level_name(x.text(3)) ? level_name(x.text(3)) : ""},
                     {"basis", x.text(4)},
                     {"decision_no", x.text(5)},
                     {"determination_date", x.text(6)},
                     {"published_on", x.text(7)},
                     {"publication_end", x.text(8)},
                     {"authority", x.text(9)}});
  }
  return {{"items", items}, {"today", t}};
}

}  // namespace zhifa::credit
