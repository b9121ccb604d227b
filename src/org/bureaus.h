// The bureau tree (ORG-1): the provincial bureau, its cities and counties by GB/T 2260 code, and
// units such as 普查中心 and 调查队; and each bureau's departments. Data scope is a bureau and
// everything below it: every function here that takes a Principal returns or changes only bureaus
// inside that scope, and answers 404 (not 403) for one outside it so that a sibling's existence
// is not revealed.
// Thread-safety: free functions over a caller-owned Connection; writers need a transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "db/db.h"
#include "org/principal.h"

namespace zhifa::org {

struct Bureau {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string code, division_code, name, level, kind, path, address, phone;
  nlohmann::json to_json() const;
};

std::optional<Bureau> find_bureau(db::Connection& c, int64_t id);
std::optional<Bureau> find_bureau_by_code(db::Connection& c, const std::string& code);

// Requires org.read. The bureaus in scope, ordered by path.
std::vector<Bureau> list_bureaus(db::Connection& c, const Principal& p);
// The order staff read a list of regions in: by division code (GB/T 2260), then by name, so that a
// unit (普查中心) follows the bureau whose division it shares. Compared as bytes, so both stores and
// every locale give the same order. A strict weak order for std::sort.
bool division_order(const std::string& division_a, const std::string& name_a, const std::string& division_b,
                    const std::string& name_b);
// 404 `bureau.not_found` when absent or out of scope.
Bureau get_bureau(db::Connection& c, const Principal& p, int64_t id);
// The enforcement bodies the public portal lists (PUB-5): every bureau, no login.
std::vector<Bureau> public_bureaus(db::Connection& c);

// Requires bureau.manage; the parent must be in scope. Input: parent_id, code, name, level, kind,
// address, phone. For province/city/county the code is the GB/T 2260 division code and must sit
// under the parent's division; a unit's code is free (letters, digits, '-') and inherits the
// parent's division.
Bureau create_bureau(db::Connection& c, const Principal& p, const nlohmann::json& in);
Bureau update_bureau(db::Connection& c, const Principal& p, int64_t id, const nlohmann::json& in);
// The same without a principal, for `zhifa init` and the demo loader; no parent makes a root.
Bureau create_bureau_as(db::Connection& c, const ledger::Actor& a, const nlohmann::json& in);

struct Department {
  int64_t id = 0;
  int64_t bureau_id = 0;
  std::string name;
  nlohmann::json to_json() const { return {{"id", id}, {"bureau_id", bureau_id}, {"name", name}}; }
};
std::vector<Department> list_departments(db::Connection& c, const Principal& p, int64_t bureau_id);
Department create_department(db::Connection& c, const Principal& p, int64_t bureau_id, const nlohmann::json& in);
Department create_department_as(db::Connection& c, const ledger::Actor& a, int64_t bureau_id, const std::string& name);
std::optional<Department> find_department(db::Connection& c, int64_t id);

}  // namespace zhifa::org
