#include "org/bureaus.h"

#include <regex>
#include <tuple>

#include "base/codes.h"
#include "base/fields.h"
#include "base/time.h"

namespace zhifa::org {
namespace {

const char* kCols = "id, parent_id, code, division_code, name, level, kind, path, address, phone";
// The columns whose values the ledger keeps for each bureau and department row.
const std::vector<std::string> kBureauRecord = {"parent_id", "code", "division_code", "name", "level", "kind", "path", "address", "phone"};
const std::vector<std::string> kDepartmentRecord = {"bureau_id", "name"};

Bureau read(const db::Row& r) {
  Bureau b;
  b.id = r.i64(0);
  b.parent_id = r.opt_i64(1);
  b.code = r.text(2);
  b.division_code = r.text(3);
  b.name = r.text(4);
  b.level = r.text(5);
  b.kind = r.text(6);
  b.path = r.text(7);
  b.address = r.text(8);
  b.phone = r.text(9);
  return b;
}

std::vector<Bureau> query(db::Connection& c, const std::string& where, const std::string& arg) {
  auto q = c.prepare(std::string("SELECT ") + kCols + " FROM bureaus " + where + " ORDER BY path");
  if (!arg.empty()) q->bind(arg);
  std::vector<Bureau> out;
  while (q->step()) out.push_back(read(q->row()));
  return out;
}

int level_rank(const std::string& level) {
  if (level == "province") return 1;
  if (level == "city") return 2;
  if (level == "county") return 3;
  return 4;
}

const char* level_label(const std::string& level) {
  if (level == "province") return "省级";
  if (level == "city") return "市级";
  if (level == "county") return "县级";
  return "直属单位";
}

// Checks the code against the level and the parent; returns the division code.
std::string check_code(const std::string& code, const std::string& level, const std::optional<Bureau>& parent) {
  if (level == "unit") {
    static const std::regex re("^[0-9A-Za-z-]{2,32}$");
    if (!std::regex_match(code, re))
      throw Error::invalid("code", "单位编码只能由字母、数字和 - 组成，2 到 32 位", "bureau.code_invalid");
    if (!parent) throw Error::invalid("parent_id", "直属单位必须有上级机构", "bureau.parent_required");
    return parent->division_code;
  }
  auto check = codes::check_division(code);
  if (!check.valid) throw Error::invalid("code", "行政区划代码无效：" + check.reason, "bureau.code_invalid");
  int want = level == "province" ? 1 : level == "city" ? 2 : 3;
  int actual = check.info.value("level", 0);
  // Province-direct counties (省直辖县级行政区) carry city-level-looking codes; accept county
  // codes at level 2 or 3 under a province or city.
  if (actual != want && !(level == "county" && actual == 2 && code.substr(2, 2) == "90")) {
    throw Error::invalid("code", "行政区划代码 " + code + " 不是" + level_label(level) + "区划", "bureau.level_mismatch");
  }
  if (parent) {
    if (parent->level == "unit") throw Error::invalid("parent_id", "直属单位下不能设立统计局", "bureau.parent_invalid");
    if (level_rank(parent->level) >= level_rank(level))
      throw Error::invalid("parent_id", "上级机构的层级应高于本机构", "bureau.parent_invalid");
    size_t prefix = parent->level == "province" ? 2 : 4;
    if (code.compare(0, prefix, parent->division_code, 0, prefix) != 0)
      throw Error::invalid("code", "行政区划代码 " + code + " 不在上级机构的辖区内", "bureau.code_outside_parent");
  } else if (level != "province") {
    throw Error::invalid("parent_id", "请选择上级机构", "bureau.parent_required");
  }
  return code;
}

void write_fields(Bureau& b, const Fields& f, bool partial) {
  if (!partial || f.has("name")) b.name = f.str("name", "机构名称", 100);
  if (auto v = f.opt_str("kind", "机构类别", 50)) b.kind = *v;
  if (auto v = f.opt_str("address", "地址", 200)) b.address = *v;
  if (auto v = f.opt_str("phone", "联系电话", 50)) {
    static const std::regex re("^[0-9+() -]{0,50}$");
    if (!std::regex_match(*v, re)) throw Error::invalid("phone", "联系电话只能包含数字、空格和 + - ( )", "bureau.phone_invalid");
    b.phone = *v;
  }
}

Bureau insert(db::Connection& c, const ledger::Actor& a, const nlohmann::json& in, const std::function<void(const Bureau&)>& check_parent) {
  Fields f(in);
  Bureau b;
  b.level = f.str("level", "机构层级", 20);
  if (b.level != "province" && b.level != "city" && b.level != "county" && b.level != "unit")
    throw Error::invalid("level", "机构层级只能是 province、city、county 或 unit", "bureau.level_invalid");
  b.code = f.str("code", "机构编码", 32);
  std::optional<Bureau> parent;
  if (auto pid = f.opt_i64("parent_id", "上级机构")) {
    parent = find_bureau(c, *pid);
    if (!parent) throw Error::invalid("parent_id", "上级机构不存在", "bureau.parent_not_found");
    check_parent(*parent);
    b.parent_id = *pid;
  }
  b.division_code = check_code(b.code, b.level, parent);
  write_fields(b, f, false);
  if (find_bureau_by_code(c, b.code)) throw Error(409, "bureau.code_taken", "机构编码 " + b.code + " 已存在", {{"field", "code"}});
  auto ins = c.prepare(
      "INSERT INTO bureaus(parent_id, code, division_code, name, level, kind, address, phone, created_at) "
      "VALUES (?,?,?,?,?,?,?,?,?) RETURNING id");
  ins->bind(b.parent_id).bind(b.code).bind(b.division_code).bind(b.name).bind(b.level).bind(b.kind).bind(b.address).bind(b.phone)
      .bind(time::to_iso(time::now()));
  ins->step();
  b.id = ins->row().i64(0);
  ins->exec();
  b.path = (parent ? parent->path : std::string("/")) + std::to_string(b.id) + "/";
  c.prepare("UPDATE bureaus SET path = ? WHERE id = ?")->bind(b.path).bind(b.id).exec();
  ledger::record_row(c, a.user_id ? a : ledger::Actor{0, b.id}, "bureau.create", "bureau", "bureaus", "id", std::to_string(b.id), kBureauRecord);
  return b;
}

}  // namespace

nlohmann::json Bureau::to_json() const {
  return {{"id", id},     {"parent_id", parent_id ? nlohmann::json(*parent_id) : nlohmann::json(nullptr)},
          {"code", code}, {"division_code", division_code},
          {"name", name}, {"level", level},
          {"kind", kind}, {"path", path},
          {"address", address}, {"phone", phone}};
}

std::optional<Bureau> find_bureau(db::Connection& c, int64_t id) {
  auto q = c.prepare(std::string("SELECT ") + kCols + " FROM bureaus WHERE id = ?");
  q->bind(id);
  if (q->step()) return read(q->row());
  return std::nullopt;
}

std::optional<Bureau> find_bureau_by_code(db::Connection& c, const std::string& code) {
  auto v = query(c, "WHERE code = ?", code);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Bureau> list_bureaus(db::Connection& c, const Principal& p) {
  p.require("org.read");
  // Prefix match on the materialised path; the bureau_path never contains LIKE wildcards.
  return query(c, "WHERE path LIKE ?", p.bureau_path + "%");
}

bool division_order(const std::string& division_a, const std::string& name_a, const std::string& division_b,
                    const std::string& name_b) {
  return std::tie(division_a, name_a) < std::tie(division_b, name_b);
}

Bureau get_bureau(db::Connection& c, const Principal& p, int64_t id) {
  p.require("org.read");
  auto b = find_bureau(c, id);
  if (!b || !p.covers_path(b->path)) throw Error::not_found("bureau.not_found", "机构不存在或不在您的管辖范围内");
  return *b;
}

std::vector<Bureau> public_bureaus(db::Connection& c) { return query(c, "", ""); }

Bureau create_bureau(db::Connection& c, const Principal& p, const nlohmann::json& in) {
  p.require("bureau.manage");
  if (!Fields(in).has("parent_id")) throw Error::required("parent_id", "上级机构");
  return insert(c, p.actor(), in, [&](const Bureau& parent) {
    if (!p.covers_path(parent.path)) throw Error::invalid("parent_id", "上级机构不在您的管辖范围内", "bureau.parent_out_of_scope");
  });
}

Bureau create_bureau_as(db::Connection& c, const ledger::Actor& a, const nlohmann::json& in) {
  return insert(c, a, in, [](const Bureau&) {});
}

Bureau update_bureau(db::Connection& c, const Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("bureau.manage");
  Bureau b = get_bureau(c, p, id);
  Fields f(in);
  for (const char* fixed : {"code", "level", "parent_id"}) {
    if (f.has(fixed)) throw Error::invalid(fixed, "机构编码、层级和上级机构创建后不能修改", "bureau.field_immutable");
  }
  write_fields(b, f, true);
  c.prepare("UPDATE bureaus SET name = ?, kind = ?, address = ?, phone = ? WHERE id = ?")
      ->bind(b.name).bind(b.kind).bind(b.address).bind(b.phone).bind(b.id).exec();
  ledger::record_row(c, p.actor(), "bureau.update", "bureau", "bureaus", "id", std::to_string(id), kBureauRecord);
  return b;
}

std::optional<Department> find_department(db::Connection& c, int64_t id) {
  auto q = c.prepare("SELECT id, bureau_id, name FROM departments WHERE id = ?");
  q->bind(id);
  if (!q->step()) return std::nullopt;
  return Department{q->row().i64(0), q->row().i64(1), q->row().text(2)};
}

std::vector<Department> list_departments(db::Connection& c, const Principal& p, int64_t bureau_id) {
  get_bureau(c, p, bureau_id);
  auto q = c.prepare("SELECT id, bureau_id, name FROM departments WHERE bureau_id = ? ORDER BY id");
  q->bind(bureau_id);
  std::vector<Department> out;
  while (q->step()) out.push_back({q->row().i64(0), q->row().i64(1), q->row().text(2)});
  return out;
}

Department create_department_as(db::Connection& c, const ledger::Actor& a, int64_t bureau_id, const std::string& name) {
  auto dup = c.prepare("SELECT 1 FROM departments WHERE bureau_id = ? AND name = ?");
  dup->bind(bureau_id).bind(name);
  if (dup->step()) throw Error(409, "department.name_taken", "本机构已有名为“" + name + "”的部门", {{"field", "name"}});
  auto ins = c.prepare("INSERT INTO departments(bureau_id, name, created_at) VALUES (?,?,?) RETURNING id");
  ins->bind(bureau_id).bind(name).bind(time::to_iso(time::now()));
  ins->step();
  Department d{ins->row().i64(0), bureau_id, name};
  ins->exec();
  ledger::record_row(c, a.user_id ? a : ledger::Actor{0, bureau_id}, "department.create", "department", "departments", "id",
                     std::to_string(d.id), kDepartmentRecord);
  return d;
}

Department create_department(db::Connection& c, const Principal& p, int64_t bureau_id, const nlohmann::json& in) {
  p.require("bureau.manage");
  get_bureau(c, p, bureau_id);
  return create_department_as(c, p.actor(), bureau_id, Fields(in).str("name", "部门名称", 50));
}

}  // namespace zhifa::org
