// The numbered schema migrations embedded at build time from src/db/migrations/NNNN_name.sql.
// A file is written once in the common dialect, with placeholders that the driver expands:
//   {{id}}    an auto-assigned 64-bit primary key
//   {{blob}}  binary data
//   {{#sqlite}} ... {{/sqlite}} and {{#postgres}} ... {{/postgres}}  text for one store only
// Numbers never change once landed; a change to the schema is a new file.
#pragma once

#include <string>
#include <vector>

#include "db/db.h"

namespace zhifa::db {

struct Migration {
  int number;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& migrations();

// The migration text for one store, placeholders expanded.
std::string expand_dialect(std::string_view sql, Dialect d);

}  // namespace zhifa::db
