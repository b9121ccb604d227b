#include "credit/repairs.h"

#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "credit/records.h"
#include "credit/rules.h"
#include "evidence/evidence.h"
#include "ledger/ledger.h"
#include "registry/objects.h"

namespace zhifa::credit {
namespace {

const std::vector<std::string> kColumns = {"record_id",  "bureau_id",  "applicant",  "applied_on", "rectification",
                                           "evidence_ids", "document_no", "state",   "entered_by", "entered_at",
                                           "decided_by", "decided_at", "decided_on", "decision_reason"};

time::Date day_field(const Fields& f, const char* key, const std::string& label, std::optional<time::Date> dflt = std::nullopt) {
  if (!f.has(key)) {
    if (dflt) return *dflt;
    throw Error::required(key, label);
  }
  auto d = time::parse_date(f.str(key, label, 10));
  if (!d) throw Error::invalid(key, label + "格式应为 YYYY-MM-DD", "credit.date_invalid");
  if (*d > time::today_shanghai()) throw Error::invalid(key, label + "不能晚于今天", "credit.date_invalid");
  return *d;
}

// The record is in publication on `day`: published on or before it, not ended, not removed.
bool in_publication(const RecordRow& r, const std::string& day) {
  return (r.state == "published") && r.published_on && *r.published_on <= day && r.publication_end &&
         day <= *r.publication_end && !r.removed_on;
}

}  // namespace

nlohmann::json apply_repair(db::Connection& c, const org::Principal& p, int64_t record_id, const nlohmann::json& in) {
  p.require("credit.manage");
  RecordRow r = load_record(c, p, record_id);
  Fields f(in);
  std::string applicant = f.str("applicant", "申请人", 200);
  time::Date applied = day_field(f, "applied_on", "申请日期");
  std::string rectification = f.str("rectification", "整改情况", 2000);
  nlohmann::json ids = nlohmann::json::array();
  if (f.has("evidence_ids")) {
    const auto& arr = in.at("evidence_ids");
    if (!arr.is_array()) throw Error::invalid("evidence_ids", "整改证明材料应为证据编号列表");
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string field = "evidence_ids[" + std::to_string(i) + "]";
      if (!arr[i].is_number_integer()) throw Error::invalid(field, "证据编号应为整数");
      try {
        evidence::get_evidence(c, p, arr[i].get<int64_t>());
      } catch (const Error& e) {
        if (e.status() == 404 || e.status() == 403) throw Error::invalid(field, "证据不存在或您无权查看", "credit.evidence_invalid");
        throw;
      }
      ids.push_back(arr[i].get<int64_t>());
    }
  }
  std::string document_no = f.opt_str("document_no", "整改证明文件编号", 100).value_or("");
  if (ids.empty() && document_no.empty()) throw Error::required("evidence_ids", "整改证明材料（证据或文件编号）");
  if (r.state != "published" || !r.published_on)
    throw Error::conflict("credit.not_in_publication", "该失信记录不在公示中，无需信用修复", {{"state", r.state}});
  time::Date earliest = earliest_repair(*time::parse_date(*r.published_on));
  if (applied < earliest)
    throw Error::invalid("applied_on", "公示满六个月后方可申请信用修复提前移出，最早可于 " + earliest.str() + " 申请",
                         "credit.repair_too_early");
  if (!in_publication(r, applied.str()))
    throw Error::invalid("applied_on", "申请日期该记录不在公示期内（公示期 " + *r.published_on + " 至 " + r.publication_end.value_or("") + "）",
                         "credit.not_in_publication");
  {
    auto q = c.prepare("SELECT id FROM credit_repairs WHERE record_id = ? AND state = 'pending'");
    q->bind(record_id);
    if (q->step()) throw Error::conflict("credit.repair_pending", "该记录已有待处理的信用修复申请", {{"repair_id", q->row().i64(0)}});
  }
  auto ins = c.prepare(
      "INSERT INTO credit_repairs(record_id, bureau_id, applicant, applied_on, rectification, evidence_ids, document_no, state, "
      "entered_by, entered_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(record_id).bind(r.bureau_id).bind(applicant).bind(applied.str()).bind(rectification).bind(ids.dump())
      .bind(document_no).bind(std::string("pending")).bind(p.user_id).bind(time::to_iso(time::now()));
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  ledger::record_row(c, p.actor(), "credit_repair.apply", "credit_record", "credit_repairs", "id", std::to_string(id), kColumns,
                     {{"record_id", record_id}}, std::to_string(record_id));
  record_act(c, p, r, "repair_apply", applied.str(), applicant + "：" + rectification);
  auto out = get_record(c, p, record_id);
  out["repair_id"] = id;
  return out;
}

nlohmann::json decide_repair(db::Connection& c, const org::Principal& p, int64_t repair_id, const nlohmann::json& in) {
  p.require("credit.approve");
  auto q = c.prepare("SELECT record_id, applied_on, state FROM credit_repairs WHERE id = ?");
  q->bind(repair_id);
  if (!q->step()) throw Error::not_found("credit.repair_not_found", "信用修复申请不存在或不在您的管辖范围内");
  int64_t record_id = q->row().i64(0);
  std::string applied_on = q->row().text(1), state = q->row().text(2);
  q.reset();
  RecordRow r = [&] {
    try {
      return load_record(c, p, record_id);
    } catch (const Error&) {
      throw Error::not_found("credit.repair_not_found", "信用修复申请不存在或不在您的管辖范围内");
    }
  }();
  Fields f(in);
  auto approved = f.opt_bool("approved", "是否同意修复");
  if (!approved) throw Error::required("approved", "是否同意修复");
  std::string reason = f.str("reason", "决定理由", 1000);
  time::Date on = day_field(f, "decided_on", "决定日期", time::today_shanghai());
  if (on.str() < applied_on) throw Error::invalid("decided_on", "决定日期不能早于申请日期 " + applied_on, "credit.date_invalid");
  if (state != "pending") throw Error::conflict("credit.repair_decided", "该信用修复申请已处理");
  if (*approved && !in_publication(r, on.str()))
    throw Error::conflict("credit.not_in_publication", "决定日期该记录已不在公示期内，无需提前移出");
  const std::string now = time::to_iso(time::now());
  c.prepare("UPDATE credit_repairs SET state = ?, decided_by = ?, decided_at = ?, decided_on = ?, decision_reason = ? WHERE id = ?")
      ->bind(std::string(*approved ? "approved" : "rejected")).bind(p.user_id).bind(now).bind(on.str()).bind(reason).bind(repair_id)
      .exec();
  ledger::record_row(c, p.actor(), *approved ? "credit_repair.approve" : "credit_repair.reject", "credit_record", "credit_repairs", "id",
                     std::to_string(repair_id), kColumns, {{"record_id", record_id}}, std::to_string(record_id));
  if (*approved) {
    r.state = "repaired";
    r.removed_on = on.str();
    save_record_state(c, p, r, "credit_record.repaired");
    // The status held until the day before the repair took effect; from that day it is gone.
    if (r.object_id)
      registry::set_credit_status(c, p.actor(), *r.object_id, std::string(registry_status_of(r.level)), r.determination_date,
                                  on.plus_days(-1).str(), {{"credit_record_id", r.id}, {"credit_repair_id", repair_id}});
  }
  record_act(c, p, r, *approved ? "repair_approve" : "repair_reject", on.str(), reason);
  return get_record(c, p, record_id);
}

nlohmann::json list_repairs(db::Connection& c, const org::Principal& p, const std::string& state, std::optional<int64_t> bureau_id) {
  if (!p.can("credit.manage") && !p.can("credit.approve")) p.require("credit.read");
  std::string sql =
      "SELECT x.id, x.record_id, r.party_name, r.credit_code, r.decision_no, x.applicant, x.applied_on, x.rectification, x.state, "
      "x.decided_on, x.decision_reason, b.name FROM credit_repairs x JOIN credit_records r ON r.id = x.record_id "
      "JOIN bureaus b ON b.id = x.bureau_id WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (!state.empty()) {
    if (state != "pending" && state != "approved" && state != "rejected")
      throw Error::invalid("state", "状态只能是 pending、approved 或 rejected");
    sql += " AND x.state = ?";
    args.emplace_back(state);
  }
  if (bureau_id) {
    sql += " AND x.bureau_id = ?";
    args.emplace_back(*bureau_id);
  }
  auto q = c.prepare(sql + " ORDER BY x.id DESC");
  for (auto& a : args) q->bind(a);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) {
    const auto& x = q->row();
    items.push_back({{"id", x.i64(0)}, {"record_id", x.i64(1)}, {"party_name", x.text(2)}, {"credit_code", x.text(3)},
                     {"decision_no", x.text(4)}, {"applicant", x.text(5)}, {"applied_on", x.text(6)}, {"rectification", x.text(7)},
                     {"state", x.text(8)}, {"decided_on", x.is_null(9) ? nlohmann::json(nullptr) : nlohmann::json(x.text(9))},
                     {"decision_reason", x.is_null(10) ? nlohmann::json(nullptr) : nlohmann::json(x.text(10))},
                     {"bureau_name", x.text(11)}});
  }
  return {{"items", items}};
}

}  // namespace zhifa::credit
