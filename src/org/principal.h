// Principal: the authenticated user a request acts for, with the roles, permissions and data
// scope every service checks. Built by org::authenticate; passed by reference to services.
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "base/error.h"
#include "ledger/ledger.h"

namespace zhifa::org {

struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string name;
  int64_t bureau_id = 0;
  std::string bureau_path;  // '/1/4/': the user sees bureaus whose path starts with this
  std::set<std::string> roles;
  std::set<std::string> permissions;
  bool must_change_password = false;
  std::string session_hash;
  std::string csrf_token;

  bool can(const std::string& permission) const { return permissions.count(permission) > 0; }
  // Throws 403 auth.forbidden naming the permission.
  void require(const std::string& permission) const {
    if (!can(permission))
      throw Error(403, "auth.forbidden", "没有执行此操作的权限", {{"permission", permission}});
  }
  bool covers_path(const std::string& path) const { return path.rfind(bureau_path, 0) == 0; }
  ledger::Actor actor() const { return {user_id, bureau_id}; }
};

}  // namespace zhifa::org
