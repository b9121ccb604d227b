#include "org/users.h"

#include <regex>

#include "base/crypto.h"
#include "base/fields.h"
#include "base/time.h"
#include "org/bureaus.h"
#include "org/policy.h"
#include "org/roles.h"

namespace zhifa::org {
namespace {

// The columns whose values the ledger keeps for each user row (not the password hash, not the
// lockout bookkeeping, whose changes are entries of their own).
const std::vector<std::string> kUserRecord = {"username", "name", "bureau_id", "department_id", "status", "must_change_password"};

const char* kSelect =
    "SELECT u.id, u.username, u.name, u.bureau_id, b.name, u.department_id, u.status, u.locked_until, "
    "u.must_change_password, u.last_login_at, u.created_at, b.path, d.name FROM users u JOIN bureaus b ON b.id = "
    "u.bureau_id LEFT JOIN departments d ON d.id = u.department_id ";

nlohmann::json read_user(db::Connection& c, const db::Row& r, bool admin_view) {
  auto opt = [&](int i) { return r.is_null(i) ? nlohmann::json(nullptr) : nlohmann::json(r.text(i)); };
  nlohmann::json u = {{"id", r.i64(0)},
                      {"username", r.text(1)},
                      {"name", r.text(2)},
                      {"bureau_id", r.i64(3)},
                      {"bureau_name", r.text(4)},
                      {"department_id", r.is_null(5) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(5))},
                      {"department_name", opt(12)},
                      {"status", r.text(6)}};
  auto roles = user_roles(c, r.i64(0));
  u["roles"] = roles;
  if (admin_view) {
    u["locked_until"] = opt(7);
    u["must_change_password"] = r.boolean(8);
    u["last_login_at"] = opt(9);
    u["created_at"] = r.text(10);
  }
  return u;
}

struct Target {
  nlohmann::json user;
  std::string path;
};

Target load_target(db::Connection& c, const Principal& p, int64_t id) {
  auto q = c.prepare(std::string(kSelect) + "WHERE u.id = ?");
  q->bind(id);
  if (!q->step() || !p.covers_path(q->row().text(11))) throw Error::not_found("user.not_found", "用户不存在或不在您的管辖范围内");
  return {read_user(c, q->row(), true), q->row().text(11)};
}

void check_username(const std::string& username) {
  static const std::regex re("^[a-z][a-z0-9_.-]{2,31}$");
  if (!std::regex_match(username, re))
    throw Error::invalid("username", "用户名须以小写字母开头，由小写字母、数字、_ . - 组成，3 到 32 位", "user.username_invalid");
}

std::optional<int64_t> check_department(db::Connection& c, const Fields& f, int64_t bureau_id) {
  auto dep = f.opt_i64("department_id", "部门");
  if (!dep) return std::nullopt;
  auto d = find_department(c, *dep);
  if (!d || d->bureau_id != bureau_id) throw Error::invalid("department_id", "部门不属于所选机构", "user.department_invalid");
  return dep;
}

void write_roles(db::Connection& c, int64_t user_id, const std::set<std::string>& roles) {
  c.prepare("DELETE FROM user_roles WHERE user_id = ?")->bind(user_id).exec();
  for (const auto& r : roles) c.prepare("INSERT INTO user_roles(user_id, role) VALUES (?, ?)")->bind(user_id).bind(r).exec();
}

void end_sessions(db::Connection& c, int64_t user_id) {
  c.prepare("DELETE FROM sessions WHERE user_id = ?")->bind(user_id).exec();
}

}  // namespace

int64_t record_user(db::Connection& c, const ledger::Actor& a, const char* action, int64_t id, nlohmann::json extra) {
  extra["roles"] = user_roles(c, id);
  extra["sets"] = {{"roles", {{"table", "user_roles"}, {"key_column", "user_id"}, {"column", "role"}}}};
  return ledger::record_row(c, a, action, "user", "users", "id", std::to_string(id), kUserRecord, std::move(extra));
}

std::set<std::string> user_roles(db::Connection& c, int64_t user_id) {
  auto q = c.prepare("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role");
  q->bind(user_id);
  std::set<std::string> out;
  while (q->step()) out.insert(q->row().text(0));
  return out;
}

nlohmann::json user_ref(db::Connection& c, int64_t id) {
  auto q = c.prepare("SELECT name, username FROM users WHERE id = ?");
  q->bind(id);
  if (!q->step()) return {{"id", id}};
  return {{"id", id}, {"name", q->row().text(0)}, {"username", q->row().text(1)}};
}

nlohmann::json list_users(db::Connection& c, const Principal& p, const UserFilter& f) {
  bool admin = p.can("user.manage");
  if (!admin) p.require("org.read");
  std::string where = "WHERE b.path LIKE ?";
  std::vector<db::Value> args{p.bureau_path + "%"};
  if (f.bureau_id) {
    where += " AND u.bureau_id = ?";
    args.emplace_back(*f.bureau_id);
  }
  if (!f.q.empty()) {
    where += " AND (u.username LIKE ? OR u.name LIKE ?)";
    std::string like = "%" + f.q + "%";
    args.emplace_back(like);
    args.emplace_back(like);
  }
  if (!f.role.empty()) {
    where += " AND EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = ?)";
    args.emplace_back(f.role);
  }
  if (!admin) where += " AND u.status = 'active'";
  int64_t size = std::clamp<int64_t>(f.page_size, 1, 200), page = std::max<int64_t>(f.page, 1);
  auto count = c.prepare("SELECT COUNT(*) FROM users u JOIN bureaus b ON b.id = u.bureau_id " + where);
  for (auto& a : args) count->bind(a);
  count->step();
  int64_t total = count->row().i64(0);
  auto q = c.prepare(std::string(kSelect) + where + " ORDER BY b.path, u.id LIMIT ? OFFSET ?");
  for (auto& a : args) q->bind(a);
  q->bind(size).bind((page - 1) * size);
  nlohmann::json items = nlohmann::json::array();
  while (q->step()) items.push_back(read_user(c, q->row(), admin));
  return {{"items", items}, {"total", total}, {"page", page}, {"page_size", size}};
}

nlohmann::json get_user(db::Connection& c, const Principal& p, int64_t id) {
  bool admin = p.can("user.manage");
  if (!admin) p.require("org.read");
  auto t = load_target(c, p, id);
  if (!admin) {
    for (auto k : {"locked_until", "must_change_password", "last_login_at", "created_at"}) t.user.erase(k);
  }
  return t.user;
}

int64_t create_user_as(db::Connection& c, const ledger::Actor& a, const nlohmann::json& in,
                       const std::optional<std::string>& password_hash) {
  Fields f(in);
  std::string username = f.str("username", "用户名", 32);
  check_username(username);
  std::string name = f.str("name", "姓名", 50);
  int64_t bureau_id = f.i64("bureau_id", "所属机构");
  if (!find_bureau(c, bureau_id)) throw Error::invalid("bureau_id", "所属机构不存在", "user.bureau_invalid");
  auto dep = check_department(c, f, bureau_id);
  auto roles = f.str_set("roles", "角色");
  validate_roles(roles);
  std::string hash;
  if (password_hash) {
    hash = *password_hash;
  } else {
    std::string pw = f.raw_str("password", "初始密码");
    check_password_rules(get_policy(c), username, pw, "password");
    hash = crypto::password_hash(pw);
  }
  auto dup = c.prepare("SELECT 1 FROM users WHERE username = ?");
  dup->bind(username);
  if (dup->step()) throw Error(409, "user.username_taken", "用户名 " + username + " 已被使用", {{"field", "username"}});
  auto ins = c.prepare(
      "INSERT INTO users(username, name, bureau_id, department_id, password_hash, must_change_password, created_at) "
      "VALUES (?,?,?,?,?,1,?) RETURNING id");
  ins->bind(username).bind(name).bind(bureau_id).bind(dep).bind(hash).bind(time::to_iso(time::now()));
  ins->step();
  int64_t id = ins->row().i64(0);
  ins->exec();
  write_roles(c, id, roles);
  record_user(c, a.user_id ? a : ledger::Actor{0, bureau_id}, "user.create", id);
  return id;
}

nlohmann::json create_user(db::Connection& c, const Principal& p, const nlohmann::json& in) {
  p.require("user.manage");
  Fields f(in);
  auto b = find_bureau(c, f.i64("bureau_id", "所属机构"));
  if (!b || !p.covers_path(b->path)) throw Error::invalid("bureau_id", "所属机构不存在或不在您的管辖范围内", "user.bureau_invalid");
  int64_t id = create_user_as(c, p.actor(), in);
  return get_user(c, p, id);
}

nlohmann::json update_user(db::Connection& c, const Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("user.manage");
  auto before = load_target(c, p, id).user;
  Fields f(in);
  for (const char* fixed : {"username", "bureau_id"}) {
    if (f.has(fixed)) throw Error::invalid(fixed, "用户名和所属机构创建后不能修改", "user.field_immutable");
  }
  nlohmann::json change = nlohmann::json::object();
  if (f.has("name")) {
    auto name = f.str("name", "姓名", 50);
    c.prepare("UPDATE users SET name = ? WHERE id = ?")->bind(name).bind(id).exec();
    change["name"] = name;
  }
  if (in.contains("department_id")) {
    auto dep = check_department(c, f, before["bureau_id"].get<int64_t>());
    c.prepare("UPDATE users SET department_id = ? WHERE id = ?")->bind(dep).bind(id).exec();
    change["department_id"] = dep ? nlohmann::json(*dep) : nlohmann::json(nullptr);
  }
  if (f.has("roles")) {
    auto roles = f.str_set("roles", "角色");
    validate_roles(roles);
    if (id == p.user_id && !roles.count("sys_admin"))
      throw Error::invalid("roles", "不能取消自己的系统管理员角色", "user.self_lockout");
    write_roles(c, id, roles);
    change["roles"] = roles;
  }
  if (auto st = f.opt_str("status", "状态", 20)) {
    if (*st != "active" && *st != "disabled") throw Error::invalid("status", "状态只能是 active 或 disabled", "user.status_invalid");
    if (id == p.user_id && *st == "disabled") throw Error::invalid("status", "不能停用自己的账号", "user.self_lockout");
    c.prepare("UPDATE users SET status = ? WHERE id = ?")->bind(*st).bind(id).exec();
    if (*st == "disabled") end_sessions(c, id);
    change["status"] = *st;
  }
  if (change.empty()) throw Error::bad_request("request.empty", "没有要修改的内容");
  record_user(c, p.actor(), "user.update", id, {{"changed", change}});
  return get_user(c, p, id);
}

void reset_password(db::Connection& c, const Principal& p, int64_t id, const nlohmann::json& in) {
  p.require("user.manage");
  auto u = load_target(c, p, id).user;
  std::string pw = Fields(in).raw_str("new_password", "新密码");
  check_password_rules(get_policy(c), u["username"], pw);
  c.prepare("UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL WHERE id = ?")
      ->bind(crypto::password_hash(pw)).bind(id).exec();
  end_sessions(c, id);
  record_user(c, p.actor(), "user.password_reset", id);
}

void set_password_as(db::Connection& c, const ledger::Actor& a, const std::string& username, const std::string& password) {
  auto q = c.prepare("SELECT id FROM users WHERE username = ?");
  q->bind(username);
  if (!q->step()) throw Error::not_found("user.not_found", "用户 " + username + " 不存在");
  int64_t id = q->row().i64(0);
  check_password_rules(get_policy(c), username, password, "password");
  c.prepare("UPDATE users SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL WHERE id = ?")
      ->bind(crypto::password_hash(password)).bind(id).exec();
  end_sessions(c, id);
  record_user(c, a, "user.password_reset", id, {{"via", "cli"}});
}

void unlock_user(db::Connection& c, const Principal& p, int64_t id) {
  p.require("user.manage");
  load_target(c, p, id);
  c.prepare("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?")->bind(id).exec();
  ledger::record(c, p.actor(), "user.unlock", "user", std::to_string(id), nlohmann::json::object());
}

}  // namespace zhifa::org
