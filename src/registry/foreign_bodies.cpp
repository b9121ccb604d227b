#include "registry/foreign_bodies.h"

#include <tuple>

#include "base/codes.h"
#include "base/error.h"
#include "base/fields.h"
#include "base/time.h"
#include "ledger/ledger.h"
#include "registry/code_allowlist.h"
#include "registry/objects.h"

namespace zhifa::registry {
namespace {

struct Body {
  int64_t id = 0;
  int64_t bureau_id = 0;
  std::string bureau_path, bureau_name;
  std::string credit_code, name, division_code, address, approval_no, approval_authority, valid_from, valid_to, scope,
      contact_name, contact_phone, created_at, updated_at;
};

const std::vector<std::string> kRecordColumns = {
    "province_code", "bureau_id", "credit_code", "name",  "division_code", "address",      "approval_no", "approval_authority",
    "valid_from",    "valid_to",  "scope",       "contact_name", "contact_phone", "created_at", "updated_at"};

const char* kSelect =
    "SELECT f.id, f.bureau_id, b.path, b.name, f.credit_code, f.name, f.division_code, f.address, f.approval_no, "
    "f.approval_authority, f.valid_from, f.valid_to, f.scope, f.contact_name, f.contact_phone, f.created_at, f.updated_at "
    "FROM foreign_survey_bodies f JOIN bureaus b ON b.id = f.bureau_id ";

Body read_body(const db::Row& r) {
  Body b;
  b.id = r.i64(0);
  b.bureau_id = r.i64(1);
  b.bureau_path = r.text(2);
  b.bureau_name = r.text(3);
  b.credit_code = r.text(4);
  b.name = r.text(5);
  b.division_code = r.text(6);
  b.address = r.text(7);
  b.approval_no = r.text(8);
  b.approval_authority = r.text(9);
  b.valid_from = r.text(10);
  b.valid_to = r.text(11);
  b.scope = r.text(12);
  b.contact_name = r.text(13);
  b.contact_phone = r.text(14);
  b.created_at = r.text(15);
  b.updated_at = r.text(16);
  return b;
}

nlohmann::json body_json(const Body& b) {
  std::string today = time::today_shanghai().str();
  return {{"id", b.id},
          {"bureau_id", b.bureau_id},
          {"bureau_name", b.bureau_name},
          {"credit_code", b.credit_code},
          {"name", b.name},
          {"division_code", b.division_code},
          {"address", b.address},
          {"approval_no", b.approval_no},
          {"approval_authority", b.approval_authority},
          {"valid_from", b.valid_from},
          {"valid_to", b.valid_to},
          {"valid_now", b.valid_from <= today && today <= b.valid_to},
          {"scope", b.scope},
          {"contact_name", b.contact_name},
          {"contact_phone", b.contact_phone},
          {"created_at", b.created_at},
          {"updated_at", b.updated_at}};
}

void require_read(const org::Principal& p) {
  if (!p.can("registry.manage")) p.require("registry.read");
}

Body find_body(db::Connection& c, const org::Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE f.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(2)))
    throw Error::not_found("foreign_body.not_found", "涉外调查机构不存在或不在您的管辖范围内");
  return read_body(q->row());
}

std::string date_field(const Fields& f, const char* key, const std::string& label) {
  std::string v = f.str(key, label, 10);
  auto d = time::parse_date(v);
  if (!d) throw Error::invalid(key, label + "格式应为 YYYY-MM-DD", "foreign_body.date_invalid");
  return d->str();
}

// Applies the fields present in `in` (all required ones when `create`).
void apply(db::Connection& c, const org::Principal& p, Body& b, const nlohmann::json& in, bool create) {
  Fields f(in);
  auto wants = [&](const char* key) { return create || in.contains(key); };
  if (wants("credit_code")) {
    std::string code = f.str("credit_code", "统一社会信用代码", 18);
    for (auto& ch : code) ch = char(std::toupper(static_cast<unsigned char>(ch)));
    auto chk = codes::check_credit_code(code, [&c](std::string_view s) { return allowlist_contains(c, s); });
    if (!chk.valid) throw Error::invalid("credit_code", chk.reason, "foreign_body.credit_code_invalid");
    b.credit_code = code;
  }
  if (wants("name")) b.name = f.str("name", "机构名称", 200);
  if (wants("division_code")) {
    std::string div = f.str("division_code", "行政区划代码", 6);
    auto chk = codes::check_division(div);
    if (!chk.valid) throw Error::invalid("division_code", chk.reason, "foreign_body.division_invalid");
    BureauResolver r(c);
    auto hit = r.resolve(div);
    if (!hit || !p.covers_path(hit->path))
      throw Error::invalid("division_code", "行政区划 " + div + " 不在您的管辖范围内", "foreign_body.division_out_of_scope");
    b.division_code = div;
    b.bureau_id = hit->id;
    b.bureau_path = hit->path;
  }
  if (in.contains("address")) b.address = f.opt_str("address", "地址", 300).value_or("");
  if (wants("approval_no")) b.approval_no = f.str("approval_no", "批准文号", 100);
  if (in.contains("approval_authority")) b.approval_authority = f.opt_str("approval_authority", "审批机关", 100).value_or("");
  if (wants("valid_from")) b.valid_from = date_field(f, "valid_from", "有效期起始日期");
  if (wants("valid_to")) b.valid_to = date_field(f, "valid_to", "有效期截止日期");
  if (b.valid_to < b.valid_from) throw Error::invalid("valid_to", "有效期截止日期早于起始日期", "foreign_body.validity_invalid");
  if (wants("scope")) b.scope = f.str("scope", "业务范围", 1000);
  if (in.contains("contact_name")) b.contact_name = f.opt_str("contact_name", "联系人", 50).value_or("");
  if (in.contains("contact_phone")) {
    b.contact_phone = f.opt_str("contact_phone", "联系电话", 40).value_or("");
    if (b.contact_phone.find_first_not_of("0123456789+-() ,;/") != std::string::npos)
      throw Error::invalid("contact_phone", "联系电话只能由数字和 + - ( ) 空格 组成", "foreign_body.phone_invalid");
  }
}

void record(db::Connection& c, const org::Principal& p, const char* action, const Body& b) {
  ledger::record_row(c, p.actor(), action, "foreign_survey_body", "foreign_survey_bodies", "id", std::to_string(b.id), kRecordColumns);
}

bool code_taken(db::Connection& c, const std::string& code, int64_t except) {
  auto q = c.prepare("SELECT 1 FROM foreign_survey_bodies WHERE credit_code = ? AND id <> ?");
  q->bind(code).bind(except);
  return q->step();
}

}  // namespace

nlohmann::json list_foreign_bodies(db::Connection& c, const org::Principal& p, const std::string& q_text, const std::string& valid_on) {
  require_read(p);
  std::string sql = std::string(kSelect) + "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (!q_text.empty()) {
    sql += " AND (f.name LIKE ? OR f.credit_code LIKE ?)";
    args.emplace_back("%" + q_text + "%");
    args.emplace_back(q_text + "%");
  }
  if (!valid_on.empty()) {
    auto d = time::parse_date(valid_on);
    if (!d) throw Error::invalid("valid_on", "日期格式应为 YYYY-MM-DD");
    sql += " AND f.valid_from <= ? AND f.valid_to >= ?";
    args.emplace_back(d->str());
    args.emplace_back(d->str());
  }
  auto q = c.prepare(sql + " ORDER BY f.credit_code");
  for (auto& a : args) q->bind(a);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) items.push_back(body_json(read_body(q->row())));
  return {{"items", items}};
}

nlohmann::json get_foreign_body(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  return body_json(find_body(c, p, id));
}

nlohmann::json create_foreign_body(db::Connection& c, const org::Principal& p, const nlohmann::json& in) {
  p.require("registry.manage");
  Body b;
  apply(c, p, b, in, true);
  if (code_taken(c, b.credit_code, 0))
    throw Error::conflict("foreign_body.credit_code_taken", "该统一社会信用代码已登记为涉外调查机构", {{"field", "credit_code"}});
  b.created_at = b.updated_at = time::to_iso(time::now());
  auto ins = c.prepare(
      "INSERT INTO foreign_survey_bodies(province_code, bureau_id, credit_code, name, division_code, address, approval_no, "
      "approval_authority, valid_from, valid_to, scope, contact_name, contact_phone, created_at, updated_at) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(b.division_code.substr(0, 2) + "0000").bind(b.bureau_id).bind(b.credit_code).bind(b.name).bind(b.division_code)
      .bind(b.address).bind(b.approval_no).bind(b.approval_authority).bind(b.valid_from).bind(b.valid_to).bind(b.scope)
      .bind(b.contact_name).bind(b.contact_phone).bind(b.created_at).bind(b.updated_at);
  ins->step();
  b.id = ins->row().i64(0);
  ins->exec();
  ins.reset();
  record(c, p, "foreign_survey_body.create", b);
  return get_foreign_body(c, p, b.id);
}

nlohmann::json update_foreign_body(db::Connection& c, const org::Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("registry.manage");
  Body b = find_body(c, p, id);
  const Body before = b;
  apply(c, p, b, in, false);
  // A save that changes nothing writes nothing: no new row version, no ledger entry.
  auto fields = [](const Body& x) {
    return std::tie(x.bureau_id, x.credit_code, x.name, x.division_code, x.address, x.approval_no, x.approval_authority,
                    x.valid_from, x.valid_to, x.scope, x.contact_name, x.contact_phone);
  };
  if (fields(before) == fields(b)) return get_foreign_body(c, p, id);
  if (code_taken(c, b.credit_code, b.id))
    throw Error::conflict("foreign_body.credit_code_taken", "该统一社会信用代码已登记为涉外调查机构", {{"field", "credit_code"}});
  b.updated_at = time::to_iso(time::now());
  c.prepare(
       "UPDATE foreign_survey_bodies SET province_code = ?, bureau_id = ?, credit_code = ?, name = ?, division_code = ?, "
       "address = ?, approval_no = ?, approval_authority = ?, valid_from = ?, valid_to = ?, scope = ?, contact_name = ?, "
       "contact_phone = ?, updated_at = ? WHERE id = ?")
      ->bind(b.division_code.substr(0, 2) + "0000").bind(b.bureau_id).bind(b.credit_code).bind(b.name).bind(b.division_code)
      .bind(b.address).bind(b.approval_no).bind(b.approval_authority).bind(b.valid_from).bind(b.valid_to).bind(b.scope)
      .bind(b.contact_name).bind(b.contact_phone).bind(b.updated_at).bind(b.id)
      .exec();
  record(c, p, "foreign_survey_body.update", b);
  return get_foreign_body(c, p, id);
}

nlohmann::json foreign_body_history(db::Connection& c, const org::Principal& p, int64_t id) {
  require_read(p);
  find_body(c, p, id);
  auto q = c.prepare(
      "SELECT e.seq, e.at, e.action, e.actor_id, u.name, e.change FROM ledger_entries e LEFT JOIN users u ON u.id = e.actor_id "
      "WHERE e.subject_kind = 'foreign_survey_body' AND e.subject_id = ? ORDER BY e.seq");
  q->bind(std::to_string(id));
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) {
    const auto& r = q->row();
    items.push_back({{"seq", r.i64(0)}, {"at", r.text(1)}, {"action", r.text(2)}, {"actor_id", r.i64(3)},
                     {"actor_name", r.is_null(4) ? "" : r.text(4)}, {"change", nlohmann::json::parse(r.text(5))}});
  }
  return {{"items", items}};
}

}  // namespace zhifa::registry
