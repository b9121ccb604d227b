// The security policy set by the security administrator (password length, lockout, idle
// timeout) and the password rules every password change passes. The policy can only be made
// stricter than the statutory floor: 8 characters, lock after at most 5 failures for at least 15
// minutes, sessions end after at most 30 idle minutes.
// Thread-safety: free functions over a caller-owned Connection.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::org {

struct Policy {
  int64_t password_min_length = 8;
  int64_t lockout_threshold = 5;
  int64_t lockout_minutes = 15;
  int64_t idle_timeout_minutes = 30;
  nlohmann::json to_json() const;
};

Policy get_policy(db::Connection& c);
// Requires policy.read.
Policy read_policy(db::Connection& c, const Principal& p);
// Requires policy.manage and a transaction. 422 naming the field for a value weaker than the floor.
Policy update_policy(db::Connection& c, const Principal& p, const nlohmann::json& in);

// Throws 422 (field `field`) unless the password has at least min length, three of the four
// classes (upper, lower, digit, symbol) and does not contain the username.
void check_password_rules(const Policy& policy, const std::string& username, const std::string& password,
                          const char* field = "new_password");

}  // namespace zhifa::org
