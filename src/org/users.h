// Users (ORG-1, ORG-3): staff accounts bound to one bureau, with roles. Administration needs
// user.manage and stays inside the administrator's scope; the people directory (org.read) shows
// the same users without their security state. Every change is a ledger entry.
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::org {

struct UserFilter {
  std::optional<int64_t> bureau_id;
  std::string q;
  std::string role;
  int64_t page = 1;
  int64_t page_size = 20;
};

// {items, total}. Requires org.read (directory) or user.manage (admin fields too).
nlohmann::json list_users(db::Connection& c, const Principal& p, const UserFilter& f);
nlohmann::json get_user(db::Connection& c, const Principal& p, int64_t id);
// Input: username, name, bureau_id, department_id?, roles[], password. The new user must
// change the password at first login.
nlohmann::json create_user(db::Connection& c, const Principal& p, const nlohmann::json& in);
// Input (all optional): name, department_id, roles, status ("active" | "disabled").
nlohmann::json update_user(db::Connection& c, const Principal& p, int64_t id, const nlohmann::json& in);
// Input: new_password. The user must change it at next login; their sessions end.
void reset_password(db::Connection& c, const Principal& p, int64_t id, const nlohmann::json& in);
void unlock_user(db::Connection& c, const Principal& p, int64_t id);

// For `zhifa init`, the demo loader and `zhifa user add`: no principal, the same checks.
// `password_hash` may be given to reuse one argon2id hash (the demo accounts share a password).
int64_t create_user_as(db::Connection& c, const ledger::Actor& a, const nlohmann::json& in,
                       const std::optional<std::string>& password_hash = std::nullopt);
// `zhifa user passwd`: sets a password (rules checked) that must be changed at next login.
void set_password_as(db::Connection& c, const ledger::Actor& a, const std::string& username, const std::string& password);

std::set<std::string> user_roles(db::Connection& c, int64_t user_id);
// Who did something, as records show it: {id, name, username} ({id} alone for an unknown id).
nlohmann::json user_ref(db::Connection& c, int64_t id);

// Appends the ledger entry of a change to a user's row (with the user's roles). Every change to
// a user's recorded columns goes through here. Requires a transaction.
int64_t record_user(db::Connection& c, const ledger::Actor& a, const char* action, int64_t id,
                    nlohmann::json extra = nlohmann::json::object());

}  // namespace zhifa::org
