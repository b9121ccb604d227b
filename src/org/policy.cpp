#include "org/policy.h"

#include <algorithm>

#include "base/fields.h"
#include "base/time.h"

namespace zhifa::org {

nlohmann::json Policy::to_json() const {
  return {{"password_min_length", password_min_length},
          {"lockout_threshold", lockout_threshold},
          {"lockout_minutes", lockout_minutes},
          {"idle_timeout_minutes", idle_timeout_minutes}};
}

Policy get_policy(db::Connection& c) {
  auto q = c.prepare(
      "SELECT password_min_length, lockout_threshold, lockout_minutes, idle_timeout_minutes FROM security_policy "
      "WHERE id = 1");
  Policy p;
  if (q->step()) {
    const auto& r = q->row();
    p = {r.i64(0), r.i64(1), r.i64(2), r.i64(3)};
  }
  return p;
}

Policy read_policy(db::Connection& c, const Principal& p) {
  p.require("policy.read");
  return get_policy(c);
}

Policy update_policy(db::Connection& c, const Principal& p, const nlohmann::json& in) {
  p.require("policy.manage");
  Fields f(in);
  Policy before = get_policy(c), next = before;
  auto take = [&](const char* key, const char* label, int64_t& slot, int64_t lo, int64_t hi, const char* why) {
    if (auto v = f.opt_i64(key, label)) {
      if (*v < lo || *v > hi) throw Error(422, "policy.out_of_range", std::string(label) + why, {{"field", key}, {"min", lo}, {"max", hi}});
      slot = *v;
    }
  };
  take("password_min_length", "密码最小长度", next.password_min_length, 8, 64, "应在 8 到 64 之间（不得低于 8 位）");
  take("lockout_threshold", "锁定前允许的失败次数", next.lockout_threshold, 1, 5, "应在 1 到 5 之间（不得超过 5 次）");
  take("lockout_minutes", "锁定时长（分钟）", next.lockout_minutes, 15, 1440, "应在 15 到 1440 之间（不得少于 15 分钟）");
  take("idle_timeout_minutes", "空闲超时（分钟）", next.idle_timeout_minutes, 5, 30, "应在 5 到 30 之间（不得超过 30 分钟）");
  auto u = c.prepare(
      "INSERT INTO security_policy(id, password_min_length, lockout_threshold, lockout_minutes, idle_timeout_minutes, "
      "updated_at, updated_by) VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET password_min_length = "
      "excluded.password_min_length, lockout_threshold = excluded.lockout_threshold, lockout_minutes = "
      "excluded.lockout_minutes, idle_timeout_minutes = excluded.idle_timeout_minutes, updated_at = excluded.updated_at, "
      "updated_by = excluded.updated_by");
  u->bind(next.password_min_length)
      .bind(next.lockout_threshold)
      .bind(next.lockout_minutes)
      .bind(next.idle_timeout_minutes)
      .bind(time::to_iso(time::now()))
      .bind(p.user_id)
      .exec();
  ledger::record_row(c, p.actor(), "policy.update", "security_policy", "security_policy", "id", "1",
                     {"password_min_length", "lockout_threshold", "lockout_minutes", "idle_timeout_minutes"},
                     {{"before", before.to_json()}});
  return next;
}

void check_password_rules(const Policy& policy, const std::string& username, const std::string& password, const char* field) {
  if (int64_t(utf8_length(password)) < policy.password_min_length) {
    throw Error(422, "auth.password_weak", "密码至少 " + std::to_string(policy.password_min_length) + " 位",
                {{"field", field}, {"rule", "min_length"}});
  }
  int upper = 0, lower = 0, digit = 0, other = 0;
  for (unsigned char ch : password) {
    if (ch >= 'A' && ch <= 'Z') upper = 1;
    else if (ch >= 'a' && ch <= 'z') lower = 1;
    else if (ch >= '0' && ch <= '9') digit = 1;
    else other = 1;
  }
  if (upper + lower + digit + other < 3) {
    throw Error(422, "auth.password_weak", "密码须包含大写字母、小写字母、数字、符号中的至少三类",
                {{"field", field}, {"rule", "classes"}});
  }
  auto lower_str = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
    return s;
  };
  if (!username.empty() && lower_str(password).find(lower_str(username)) != std::string::npos) {
    throw Error(422, "auth.password_weak", "密码不能包含用户名", {{"field", field}, {"rule", "username"}});
  }
}

}  // namespace zhifa::org
