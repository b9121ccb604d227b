// Authentication: password login with lockout, sessions and their idle timeout, logout and the
// user's own password change. A session token is 256 random bits given to the client once and
// stored only as its SHA-256; each session also has a CSRF token the browser echoes in the
// X-CSRF-Token header on unsafe requests (the HTTP layer compares it).
// Thread-safety: free functions; login and authenticate open their own transactions on the pool.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::org {

struct LoginResult {
  std::string token;
  Principal principal;
};

// Throws 401 auth.invalid_credentials (same answer for an unknown user and a wrong password),
// 403 auth.locked (details.locked_until), 403 auth.disabled. A failure is recorded and counts
// toward the lockout even though the call throws.
LoginResult login(db::Database& db, const std::string& username, const std::string& password, const std::string& ip,
                  const std::string& user_agent);
LoginResult login(db::Database& db, const nlohmann::json& in, const std::string& ip, const std::string& user_agent);

// The principal of a live session. Throws 401 auth.required (unknown token) or
// auth.session_expired (idle past the policy's timeout; the session is then deleted).
std::shared_ptr<const Principal> authenticate(db::Database& db, const std::string& token);

// Requires a transaction.
void logout(db::Connection& c, const Principal& p);
// Input: old_password, new_password. Clears must_change_password; other sessions of the user end.
void change_password(db::Connection& c, const Principal& p, const nlohmann::json& in);

// The `user` object of the login and /auth/me answers (must_change_password read from the store).
nlohmann::json user_json(db::Connection& c, const Principal& p);

std::string token_hash(const std::string& token);

// The principal of a user without a session (the demo loader, the CLI acting as a named person).
// Throws 401 auth.required for an unknown user.
Principal principal_of(db::Connection& c, int64_t user_id);

}  // namespace zhifa::org
