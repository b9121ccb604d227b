#include "cases/cases.h"

#include <algorithm>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "calendar/calendar_service.h"
#include "cases/deadlines.h"
#include "db/conflicts.h"
#include "cases/flow.h"
#include "cases/sources.h"
#include "cases/steps.h"
#include "evidence/evidence.h"
#include "inspectors/eligibility.h"
#include "inspectors/inspectors.h"
#include "ledger/ledger.h"
#include "org/bureaus.h"
#include "registry/code_allowlist.h"

namespace zhifa::cases {
namespace {

const std::vector<std::string> kCaseColumns = {"bureau_id", "year", "serial", "number", "procedure", "party_kind",
                                               "party_name", "party_code", "source_kind", "source_id", "source_note",
                                               "summary", "unit_name", "state", "created_by", "created_at", "updated_at"};
const std::vector<std::string> kHandlerColumns = {"case_id", "assignment", "user_id", "inspector_id", "name",
                                                  "certificate_no", "assigned_by", "assigned_at"};

const char* kSelect =
    "SELECT k.id, k.bureau_id, b.path, b.name, k.year, k.serial, k.number, k.procedure, k.party_kind, k.party_name, "
    "k.party_code, k.source_kind, k.source_id, k.source_note, k.summary, k.unit_name, k.state, k.created_by, k.created_at, "
    "k.updated_at FROM cases k JOIN bureaus b ON b.id = k.bureau_id ";

CaseRow read_case(const db::Row& r) {
  CaseRow k;
  k.id = r.i64(0);
  k.bureau_id = r.i64(1);
  k.bureau_path = r.text(2);
  k.bureau_name = r.text(3);
  k.year = int(r.i64(4));
  k.serial = int(r.i64(5));
  k.number = r.text(6);
  k.procedure = r.text(7);
  k.party_kind = r.text(8);
  k.party_name = r.text(9);
  k.party_code = r.text(10);
  k.source_kind = r.text(11);
  k.source_id = r.text(12);
  k.source_note = r.text(13);
  k.summary = r.text(14);
  k.unit_name = r.text(15);
  k.state = r.text(16);
  k.created_by = r.i64(17);
  k.created_at = r.text(18);
  k.updated_at = r.text(19);
  return k;
}

void require_read(const org::Principal& p) {
  if (!p.can("case.handle")) p.require("case.read");
}

int64_t insert_returning(db::Statement& ins) {
  if (!ins.step()) throw Error::internal("insert returned no id");
  return ins.row().i64(0);
}

std::optional<CaseRow> find_case(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE k.id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return read_case(q->row());
}

// The eligible inspector record of each account, or the Chinese reason why not.
std::vector<Handler> resolve_handlers(db::Connection& c, const org::Principal& p, const nlohmann::json& ids, const CaseRow& k) {
  if (!ids.is_array()) throw Error::invalid("handlers", "承办人应为用户编号列表");
  std::vector<Handler> out;
  const auto today = time::today_shanghai();
  for (const auto& v : ids) {
    if (!v.is_number_integer()) throw Error::invalid("handlers", "承办人应为用户编号列表");
    int64_t uid = v.get<int64_t>();
    if (std::any_of(out.begin(), out.end(), [&](const Handler& h) { return h.user_id == uid; }))
      throw Error::invalid("handlers", "承办人重复", "case.handler_duplicate");
    auto i = inspectors::inspector_by_user(c, uid);
    // The handlers work for the handling bureau: theirs is it, above it (a city inspector on a
    // county's case) or below it, never a sibling's.
    const bool related = k.bureau_path.empty() || (i && (i->bureau_path.rfind(k.bureau_path, 0) == 0 ||
                                                        k.bureau_path.rfind(i->bureau_path, 0) == 0));
    if (!i || !p.covers_path(i->bureau_path) || !related)
      throw Error(422, "case.handler_not_inspector", "承办人须为本机关持有执法证的执法人员", {{"field", "handlers"}, {"user_id", uid}});
    auto e = inspectors::eligible(*i, today);
    if (!e.ok)
      throw Error(422, "case.handler_ineligible", i->name + "不能承办案件：" + e.reasons.front().message,
                  {{"field", "handlers"}, {"user_id", uid}, {"reason", e.reasons.front().code}});
    out.push_back({uid, i->id, i->name, i->certificate_no});
  }
  return out;
}

void write_handlers(db::Connection& c, const org::Principal& p, int64_t case_id, const std::vector<Handler>& hs) {
  auto q = c.prepare("SELECT COALESCE(MAX(assignment), 0) FROM case_handlers WHERE case_id = ?");
  q->bind(case_id);
  q->step();
  int64_t assignment = q->row().i64(0) + 1;
  q.reset();
  const std::string now = time::to_iso(time::now());
  for (const auto& h : hs) {
    auto ins = c.prepare(
        "INSERT INTO case_handlers(case_id, assignment, user_id, inspector_id, name, certificate_no, assigned_by, assigned_at) "
        "VALUES (?,?,?,?,?,?,?,?) RETURNING id");
    ins->bind(case_id).bind(assignment).bind(h.user_id).bind(h.inspector_id).bind(h.name).bind(h.certificate_no).bind(p.user_id).bind(now);
    int64_t hid = insert_returning(*ins);
    ins.reset();
    ledger::record_row(c, p.actor(), "case.handler_assigned", "case", "case_handlers", "id", std::to_string(hid), kHandlerColumns,
                       {{"case_id", case_id}}, std::to_string(case_id));
  }
}

}  // namespace

nlohmann::json CaseRow::to_json() const {
  return {{"id", id},
          {"bureau_id", bureau_id},
          {"bureau_name", bureau_name},
          {"number", number},
          {"year", year},
          {"procedure", procedure},
          {"procedure_name", procedure == "simple" ? "简易程序" : "普通程序"},
          {"party_kind", party_kind},
          {"party_name", party_name},
          {"party_code", party_code},
          {"source_kind", source_kind},
          {"source_name", source_kind == "ex_officio" ? std::string("依职权") : source_label(source_kind)},
          {"source_id", source_id},
          {"source_note", source_note},
          {"summary", summary},
          {"unit_name", unit_name},
          {"state", state},
          {"state_name", state_label(state)},
          {"archived", state == "archived"},
          {"created_by", created_by},
          {"created_at", created_at},
          {"updated_at", updated_at}};
}

nlohmann::json StepRow::to_json() const {
  auto r = find_rule(kind);
  return {{"id", id},
          {"kind", kind},
          {"label", r ? r->label : kind},
          {"document_title", r ? r->document_title : ""},
          {"template_code", r && !r->document_title.empty() ? "case_" + kind : ""},
          {"content", content},
          {"evidence_ids", evidence_ids},
          {"done_on", done_on},
          {"state_before", state_before},
          {"state_after", state_after},
          {"late", late},
          {"recorded_by", {{"id", recorded_by}, {"name", recorded_by_name}}},
          {"recorded_at", recorded_at},
          {"ledger_seq", ledger_seq}};
}

CaseRow load_case(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  auto k = find_case(c, id);
  if (!k || !p.covers_path(k->bureau_path)) throw Error(404, "case.not_found", "案件不存在或不在您的管辖范围内");
  return *k;
}

void require_writable(const CaseRow& k) {
  if (k.state == "archived") throw Error(409, "case.archived", "案件已归档，案卷只读，不能再修改", {{"case_id", k.id}});
}

CaseRef case_ref(db::Connection& c, const org::Principal& p, int64_t case_id) {
  auto k = load_case(c, p, case_id);
  return {k.id, k.bureau_id, k.number, k.party_name, k.procedure, k.state, k.state == "archived"};
}

std::vector<Handler> current_handlers(db::Connection& c, int64_t case_id) {
  auto q = c.prepare(
      "SELECT user_id, inspector_id, name, certificate_no FROM case_handlers WHERE case_id = ? AND assignment = "
      "(SELECT MAX(assignment) FROM case_handlers WHERE case_id = ?) ORDER BY id");
  q->bind(case_id).bind(case_id);
  std::vector<Handler> out;
  while (q->step()) out.push_back({q->row().i64(0), q->row().i64(1), q->row().text(2), q->row().text(3)});
  return out;
}

std::vector<StepRow> steps_of(db::Connection& c, int64_t case_id) {
  auto q = c.prepare(
      "SELECT s.id, s.kind, s.content, s.evidence_ids, s.done_on, s.state_before, s.state_after, s.late, s.recorded_by, "
      "u.name, s.recorded_at, s.ledger_seq FROM case_steps s LEFT JOIN users u ON u.id = s.recorded_by WHERE s.case_id = ? "
      "ORDER BY s.id");
  q->bind(case_id);
  std::vector<StepRow> out;
  while (q->step()) {
    const auto& r = q->row();
    StepRow s;
    s.id = r.i64(0);
    s.case_id = case_id;
    s.kind = r.text(1);
    s.content = nlohmann::json::parse(r.text(2));
    for (const auto& e : nlohmann::json::parse(r.text(3))) s.evidence_ids.push_back(e.get<int64_t>());
    s.done_on = r.text(4);
    s.state_before = r.text(5);
    s.state_after = r.text(6);
    s.late = r.i64(7) != 0;
    s.recorded_by = r.i64(8);
    s.recorded_by_name = r.is_null(9) ? "" : r.text(9);
    s.recorded_at = r.text(10);
    s.ledger_seq = r.is_null(11) ? 0 : r.i64(11);
    out.push_back(std::move(s));
  }
  return out;
}

void set_state(db::Connection& c, const org::Principal& p, CaseRow& k, const std::string& state, int64_t step_id) {
  if (state.empty() || state == k.state) return;
  k.updated_at = time::to_iso(time::now());
  auto u = c.prepare("UPDATE cases SET state = ?, updated_at = ? WHERE id = ?");
  u->bind(state).bind(k.updated_at).bind(k.id).exec();
  u.reset();
  ledger::record_row(c, p.actor(), "case.state", "case", "cases", "id", std::to_string(k.id), kCaseColumns,
                     {{"from", k.state}, {"step_id", step_id}});
  k.state = state;
}

void register_case_kinds() {
  register_step_documents();
  // The sources check "opened once" first; two requests at the same moment meet the index.
  db::register_unique_conflict("cases_source_once", "cases.source_kind, cases.source_id", "case.source_used",
                               "该来源已经立案，一条来源只能立案一次");
  evidence::register_owner_kind("case", "案件", [](db::Connection& c, const org::Principal& p, const std::string& id) {
    int64_t n = 0;
    try {
      n = std::stoll(id);
    } catch (...) {
      throw Error(404, "case.not_found", "案件不存在或不在您的管辖范围内");
    }
    auto k = load_case(c, p, n);
    require_writable(k);
    // Retention is fixed at upload; a general-procedure case may end in a penalty, so its
    // evidence is kept permanently from the start (REC-19) rather than upgraded later.
    return evidence::OwnerInfo{k.bureau_id, k.procedure == "general"};
  });
  register_source_kind("referral", "其他机关移送", [](db::Connection& c, const org::Principal& p, const std::string& id) {
    int64_t n = 0;
    try {
      n = std::stoll(id);
    } catch (...) {
      throw Error::invalid("source_id", "移送案件应给出移送函（证据材料）编号", "case.source_invalid");
    }
    nlohmann::json e;
    try {
      e = evidence::get_evidence(c, p, n);
    } catch (const Error&) {
      throw Error(404, "case.source_not_found", "移送函不存在或不在您的管辖范围内", {{"field", "source_id"}});
    }
    if (e["kind"] != "document")
      throw Error::invalid("source_id", "移送函应为文书类证据材料", "case.source_invalid");
    return SourceInfo{e["bureau_id"].get<int64_t>(), {{"summary", e["title"]}}};
  });
}

nlohmann::json create_case(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("case.handle");
  Fields f(in);
  CaseRow k;
  k.procedure = f.str("procedure", "程序类型", 10);
  if (k.procedure != "simple" && k.procedure != "general")
    throw Error::invalid("procedure", "程序类型只能是简易程序（simple）或普通程序（general）", "case.procedure_invalid");
  k.party_kind = f.opt_str("party_kind", "当事人类型", 10).value_or("org");
  if (k.party_kind != "org" && k.party_kind != "person")
    throw Error::invalid("party_kind", "当事人类型只能是单位（org）或个人（person）", "case.party_kind_invalid");
  k.party_name = f.str("party_name", "当事人名称", 100);
  k.party_code = f.str("party_code", k.party_kind == "org" ? "统一社会信用代码" : "身份证号码", 20);
  for (auto& ch : k.party_code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
  auto chk = k.party_kind == "org"
                 ? codes::check_credit_code(k.party_code, [&](std::string_view code) { return registry::allowlist_contains(c, code); })
                 : codes::check_id_card(k.party_code, time::today_shanghai());
  if (!chk.valid) throw Error::invalid("party_code", chk.reason, "case.party_code_invalid");
  k.source_kind = f.str("source_kind", "案件来源", 20);
  k.source_note = f.opt_str("source_note", "来源说明", 500).value_or("");
  k.summary = f.str("summary", "案情摘要", 2000);
  k.unit_name = f.str("unit_name", "承办机构", 100);
  int64_t bureau_id = f.opt_i64("bureau_id", "承办机关").value_or(p.bureau_id);
  auto b = org::find_bureau(c, bureau_id);
  if (!b || !p.covers_path(b->path)) throw Error::invalid("bureau_id", "承办机关不存在或不在您的管辖范围内", "case.bureau_invalid");
  k.bureau_id = b->id;
  k.bureau_path = b->path;
  k.bureau_name = b->name;
  if (k.source_kind == "ex_officio") {
    k.source_id = "";
  } else {
    k.source_id = f.str("source_id", "来源记录编号", 64);
    auto info = check_source(c, p, k.source_kind, k.source_id);
    auto sb = org::find_bureau(c, info.bureau_id);
    if (!sb || !p.covers_path(sb->path))
      throw Error(404, "case.source_not_found", "案件来源不在您的管辖范围内", {{"field", "source_id"}});
  }
  std::vector<Handler> hs;
  if (f.has("handlers")) hs = resolve_handlers(c, p, in.at("handlers"), k);

  const auto now = time::now();
  k.year = time::shanghai_date(now).year;
  auto q = c.prepare("SELECT COALESCE(MAX(serial), 0) FROM cases WHERE bureau_id = ? AND year = ?");
  q->bind(k.bureau_id).bind(k.year);
  q->step();
  k.serial = int(q->row().i64(0) + 1);
  q.reset();
  k.number = k.bureau_name + "案〔" + std::to_string(k.year) + "〕" + std::to_string(k.serial) + "号";
  k.state = "draft";
  k.created_by = p.user_id;
  k.created_at = k.updated_at = time::to_iso(now);
  auto ins = c.prepare(
      "INSERT INTO cases(bureau_id, year, serial, number, procedure, party_kind, party_name, party_code, source_kind, source_id, "
      "source_note, summary, unit_name, state, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
      "RETURNING id");
  ins->bind(k.bureau_id).bind(k.year).bind(k.serial).bind(k.number).bind(k.procedure).bind(k.party_kind).bind(k.party_name)
      .bind(k.party_code).bind(k.source_kind).bind(k.source_id).bind(k.source_note).bind(k.summary).bind(k.unit_name)
      .bind(k.state).bind(k.created_by).bind(k.created_at).bind(k.updated_at);
  k.id = insert_returning(*ins);
  ins.reset();
  ledger::record_row(c, p.actor(), "case.create", "case", "cases", "id", std::to_string(k.id), kCaseColumns);
  if (!hs.empty()) write_handlers(c, p, k.id, hs);
  return get_case(c, p, k.id);
}

nlohmann::json assign_handlers(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("case.assign");
  auto k = load_case(c, p, id);
  require_writable(k);
  Fields f(in);
  if (!f.has("user_ids")) throw Error::required("user_ids", "承办人");
  auto hs = resolve_handlers(c, p, in.at("user_ids"), k);
  if (hs.empty()) throw Error::required("user_ids", "承办人");
  write_handlers(c, p, k.id, hs);
  return get_case(c, p, id);
}

nlohmann::json list_cases(db::Connection& c, const org::Principal& p, const CaseFilter& f) {
  require_read(p);
  std::string w = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    auto b = org::find_bureau(c, *f.bureau_id);
    if (!b || !p.covers_path(b->path)) throw Error(404, "bureau.not_found", "机构不存在或不在您的管辖范围内");
    w += " AND b.path LIKE ?";
    args.emplace_back(b->path + "%");
  }
  if (!f.state.empty()) {
    if (state_label(f.state).empty()) throw Error::invalid("state", "未知的案件状态");
    w += " AND k.state = ?";
    args.emplace_back(f.state);
  }
  if (!f.procedure.empty()) {
    w += " AND k.procedure = ?";
    args.emplace_back(f.procedure);
  }
  if (!f.q.empty()) {
    w += " AND (k.party_name LIKE ? OR k.number LIKE ? OR k.party_code LIKE ?)";
    for (int i = 0; i < 3; ++i) args.emplace_back("%" + f.q + "%");
  }
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto cq = c.prepare("SELECT COUNT(*) FROM cases k JOIN bureaus b ON b.id = k.bureau_id " + w);
  for (const auto& a : args) cq->bind(a);
  cq->step();
  int64_t total = cq->row().i64(0);
  cq.reset();
  auto q = c.prepare(std::string(kSelect) + w + " ORDER BY k.id DESC LIMIT ? OFFSET ?");
  for (const auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) items.push_back(read_case(q->row()).to_json());
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_case(db::Connection& c, const org::Principal& p, int64_t id) {
  auto k = load_case(c, p, id);
  auto steps = steps_of(c, id);
  auto j = k.to_json();
  nlohmann::json hs = nlohmann::json::array();
  for (const auto& h : current_handlers(c, id))
    hs.push_back({{"user_id", h.user_id}, {"inspector_id", h.inspector_id}, {"name", h.name}, {"certificate_no", h.certificate_no}});
  j["handlers"] = hs;
  nlohmann::json st = nlohmann::json::array();
  for (const auto& s : steps) st.push_back(s.to_json());
  j["steps"] = st;
  j["actions"] = allowed_actions(c, p, k, steps);
  j["deadlines"] = case_deadlines(k, steps, calendar::load(c), time::today_shanghai());
  return j;
}

}  // namespace zhifa::cases
