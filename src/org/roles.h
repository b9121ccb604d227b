// The roles of REQUIREMENTS ORG-3 and the permissions each grants. This table is the only place
// that says who may do what; services call Principal::require with a permission, never a role.
//
// The three administrators of 等保 (MLPS 2.0 "三员分立") are kept apart: an administrator role
// cannot be combined with any other role, the system administrator holds no audit permission,
// the audit administrator holds only read permissions, and none of them sees case content.
// Thread-safety: immutable data.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace zhifa::org {

struct RoleInfo {
  std::string code;
  std::string name;
  std::string description;
  bool admin;  // one of the three administrators
  std::vector<std::string> permissions;
};

const std::vector<RoleInfo>& all_roles();
const RoleInfo* find_role(const std::string& code);
std::set<std::string> permissions_for(const std::set<std::string>& roles);

// Throws 422 (field "roles") for an unknown role, no role, or an administrator role combined
// with another role.
void validate_roles(const std::set<std::string>& roles);

}  // namespace zhifa::org
