#include "org/auth.h"

#include <mutex>
#include <unordered_map>

#include "base/crypto.h"
#include "base/fields.h"
#include "base/time.h"
#include "org/bureaus.h"
#include "org/policy.h"
#include "org/roles.h"
#include "org/users.h"

namespace zhifa::org {
namespace {

// A hash of a random password, so that an unknown username costs the same time as a wrong
// password and the answer does not reveal which accounts exist.
const std::string& dummy_hash() {
  static const std::string h = crypto::password_hash(crypto::hex(crypto::random_bytes(16)));
  return h;
}

std::string now_iso() { return time::to_iso(time::now()); }

}  // namespace

std::string token_hash(const std::string& token) { return crypto::sha256_hex(token); }

Principal principal_of(db::Connection& c, int64_t user_id) {
  auto q = c.prepare(
      "SELECT u.id, u.username, u.name, u.bureau_id, b.path, u.must_change_password FROM users u JOIN bureaus b ON "
      "b.id = u.bureau_id WHERE u.id = ?");
  q->bind(user_id);
  if (!q->step()) throw Error::unauthorized();
  const auto& r = q->row();
  Principal p;
  p.user_id = r.i64(0);
  p.username = r.text(1);
  p.name = r.text(2);
  p.bureau_id = r.i64(3);
  p.bureau_path = r.text(4);
  p.must_change_password = r.boolean(5);
  p.roles = user_roles(c, p.user_id);
  p.permissions = permissions_for(p.roles);
  return p;
}

LoginResult login(db::Database& db, const nlohmann::json& in, const std::string& ip, const std::string& ua) {
  Fields f(in);
  return login(db, f.str("username", "用户名", 64), f.raw_str("password", "密码"), ip, ua);
}

LoginResult login(db::Database& db, const std::string& username, const std::string& password, const std::string& ip,
                  const std::string& ua) {
  auto lease = db.acquire();
  auto& c = *lease;
  struct Found {
    int64_t id, bureau_id;
    std::string hash, status;
    int64_t failed;
    std::optional<std::string> locked_until;
  };
  std::optional<Found> u;
  {
    auto q = c.prepare("SELECT id, bureau_id, password_hash, status, failed_logins, locked_until FROM users WHERE username = ?");
    q->bind(username);
    if (q->step()) {
      const auto& r = q->row();
      u = Found{r.i64(0), r.i64(1), r.text(2), r.text(3), r.i64(4), r.opt_text(5)};
    }
  }
  const std::string now = now_iso();
  if (u && u->locked_until && *u->locked_until > now) {
    db::Transaction tx(c);
    ledger::record(c, {u->id, u->bureau_id}, "auth.login_refused", "user", std::to_string(u->id), {{"reason", "locked"}, {"ip", ip}});
    tx.commit();
    throw Error(403, "auth.locked", "账号因多次登录失败已被锁定，请稍后再试或联系系统管理员", {{"locked_until", *u->locked_until}});
  }
  bool ok = crypto::password_verify(u ? u->hash : dummy_hash(), password);
  if (!ok) {
    db::Transaction tx(c);
    nlohmann::json details = nlohmann::json::object();
    if (u) {
      Policy pol = get_policy(c);
      int64_t failed = (u->locked_until ? 0 : u->failed) + 1;  // a lock that ran out starts a new count
      std::optional<std::string> lock;
      if (failed >= pol.lockout_threshold) {
        lock = time::to_iso(time::now() + std::chrono::minutes(pol.lockout_minutes));
        failed = 0;
      }
      c.prepare("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")->bind(failed).bind(lock).bind(u->id).exec();
      ledger::record(c, {u->id, u->bureau_id}, lock ? "auth.locked" : "auth.login_failed", "user", std::to_string(u->id),
                     {{"ip", ip}, {"locked_until", lock ? nlohmann::json(*lock) : nlohmann::json(nullptr)}});
      tx.commit();
      if (lock) {
        throw Error(403, "auth.locked", "连续登录失败次数过多，账号已锁定 " + std::to_string(pol.lockout_minutes) + " 分钟",
                    {{"locked_until", *lock}});
      }
      details["attempts_left"] = pol.lockout_threshold - failed;
    } else {
      ledger::record(c, ledger::Actor::system(), "auth.login_failed", "username", username, {{"ip", ip}, {"reason", "unknown_user"}});
      tx.commit();
    }
    throw Error(401, "auth.invalid_credentials", "用户名或密码错误", details);
  }
  if (u->status != "active") throw Error(403, "auth.disabled", "账号已停用，请联系系统管理员");

  db::Transaction tx(c);
  LoginResult out;
  out.token = crypto::base64url(crypto::random_bytes(32));
  std::string csrf = crypto::base64url(crypto::random_bytes(32));
  c.prepare("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?")->bind(now).bind(u->id).exec();
  c.prepare("INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at, ip, user_agent) VALUES (?,?,?,?,?,?,?)")
      ->bind(token_hash(out.token)).bind(u->id).bind(csrf).bind(now).bind(now).bind(ip).bind(ua.substr(0, 300)).exec();
  ledger::record(c, {u->id, u->bureau_id}, "auth.login", "user", std::to_string(u->id), {{"ip", ip}});
  out.principal = principal_of(c, u->id);
  out.principal.session_hash = token_hash(out.token);
  out.principal.csrf_token = csrf;
  tx.commit();
  return out;
}

namespace {

// Principals of recent sessions, so that a burst of requests does not read the session, user,
// scope and roles for each one. An entry is used only while no write has committed in this
// process since it was loaded (a logout, a role change, a disabled user all commit), and for at
// most two seconds, which bounds what another server on the same PostgreSQL can miss.
class SessionCache {
public:
  std::shared_ptr<const Principal> get(const std::string& hash) {
    std::lock_guard g(mu_);
    auto it = map_.find(hash);
    if (it == map_.end()) return nullptr;
    if (it->second.generation != db::write_generation() || std::chrono::steady_clock::now() - it->second.at > std::chrono::seconds(2)) {
      map_.erase(it);
      return nullptr;
    }
    return it->second.principal;
  }
  void put(const std::shared_ptr<const Principal>& p, uint64_t generation) {
    std::lock_guard g(mu_);
    if (map_.size() > 10000) map_.clear();
    map_[p->session_hash] = {p, generation, std::chrono::steady_clock::now()};
  }

private:
  struct Item {
    std::shared_ptr<const Principal> principal;
    uint64_t generation;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Item> map_;
};

SessionCache& session_cache() {
  static SessionCache cache;
  return cache;
}

}  // namespace

std::shared_ptr<const Principal> authenticate(db::Database& db, const std::string& token) {
  if (token.empty() || token.size() > 128) throw Error::unauthorized();
  std::string h = token_hash(token);
  if (auto hit = session_cache().get(h)) return hit;
  const uint64_t generation = db::write_generation();
  auto lease = db.acquire();
  auto& c = *lease;
  // One query for the session, the user, the scope and the idle timeout: this runs on every request.
  auto q = c.prepare(
      "SELECT s.csrf_token, s.last_seen_at, u.status, u.id, u.username, u.name, u.bureau_id, b.path, "
      "u.must_change_password, (SELECT idle_timeout_minutes FROM security_policy WHERE id = 1) FROM sessions s "
      "JOIN users u ON u.id = s.user_id JOIN bureaus b ON b.id = u.bureau_id WHERE s.token_hash = ?");
  q->bind(h);
  if (!q->step()) throw Error::unauthorized();
  const auto& r = q->row();
  Principal p;
  p.csrf_token = r.text(0);
  std::string last_seen = r.text(1), status = r.text(2);
  p.user_id = r.i64(3);
  p.username = r.text(4);
  p.name = r.text(5);
  p.bureau_id = r.i64(6);
  p.bureau_path = r.text(7);
  p.must_change_password = r.boolean(8);
  int64_t idle = r.is_null(9) ? Policy{}.idle_timeout_minutes : r.i64(9);
  p.session_hash = h;
  q.reset();
  p.roles = user_roles(c, p.user_id);
  p.permissions = permissions_for(p.roles);
  auto now = time::now();
  auto seen = time::parse_iso(last_seen).value_or(now);
  if (status != "active" || now - seen > std::chrono::minutes(idle)) {
    db::Transaction tx(c);
    c.prepare("DELETE FROM sessions WHERE token_hash = ?")->bind(h).exec();
    tx.commit();
    throw Error::unauthorized("auth.session_expired", "长时间未操作，登录已过期，请重新登录");
  }
  // last_seen is bookkeeping, not a record: refreshed at most once a minute to keep reads cheap.
  if (now - seen > std::chrono::minutes(1)) {
    db::Transaction tx(c);
    c.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?")->bind(time::to_iso(now)).bind(h).exec();
    tx.commit();
  }
  auto shared = std::make_shared<const Principal>(std::move(p));
  session_cache().put(shared, generation);
  return shared;
}

void logout(db::Connection& c, const Principal& p) {
  c.prepare("DELETE FROM sessions WHERE token_hash = ?")->bind(p.session_hash).exec();
  ledger::record(c, p.actor(), "auth.logout", "user", std::to_string(p.user_id), nlohmann::json::object());
}

void change_password(db::Connection& c, const Principal& p, const nlohmann::json& in) {
  Fields f(in);
  std::string old_pw = f.raw_str("old_password", "原密码");
  std::string new_pw = f.raw_str("new_password", "新密码");
  auto q = c.prepare("SELECT password_hash FROM users WHERE id = ?");
  q->bind(p.user_id);
  if (!q->step()) throw Error::unauthorized();
  std::string hash = q->row().text(0);
  if (!crypto::password_verify(hash, old_pw)) throw Error(422, "auth.old_password_wrong", "原密码不正确", {{"field", "old_password"}});
  if (old_pw == new_pw) throw Error(422, "auth.password_reused", "新密码不能与原密码相同", {{"field", "new_password"}});
  check_password_rules(get_policy(c), p.username, new_pw);
  c.prepare("UPDATE users SET password_hash = ?, must_change_password = 0, password_changed_at = ? WHERE id = ?")
      ->bind(crypto::password_hash(new_pw)).bind(now_iso()).bind(p.user_id).exec();
  c.prepare("DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")->bind(p.user_id).bind(p.session_hash).exec();
  record_user(c, p.actor(), "auth.password_change", p.user_id);
}

nlohmann::json user_json(db::Connection& c, const Principal& p) {
  auto b = find_bureau(c, p.bureau_id);
  nlohmann::json dep = nullptr;
  auto q = c.prepare("SELECT d.id, d.name FROM users u JOIN departments d ON d.id = u.department_id WHERE u.id = ?");
  q->bind(p.user_id);
  if (q->step()) dep = {{"id", q->row().i64(0)}, {"name", q->row().text(1)}};
  q.reset();
  bool must_change = p.must_change_password;
  auto m = c.prepare("SELECT must_change_password FROM users WHERE id = ?");
  m->bind(p.user_id);
  if (m->step()) must_change = m->row().boolean(0);
  return {{"id", p.user_id},
          {"username", p.username},
          {"name", p.name},
          {"bureau", b ? nlohmann::json{{"id", b->id}, {"name", b->name}, {"code", b->code}, {"level", b->level}} : nlohmann::json(nullptr)},
          {"department", dep},
          {"roles", p.roles},
          {"permissions", p.permissions},
          {"must_change_password", must_change}};
}

}  // namespace zhifa::org
