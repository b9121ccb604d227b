// Driver entry points, private to src/db.
#pragma once
#include "db/db.h"

namespace zhifa::db {
std::unique_ptr<Connection> open_sqlite(const std::string& path);
std::unique_ptr<Connection> open_postgres(const std::string& url);
void bump_write_generation();
}  // namespace zhifa::db
