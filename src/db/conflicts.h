// Unique indexes that a service checks before it writes but that two concurrent requests can
// still both pass: when the store refuses the second write, the request gets the service's own
// 409 (a stable code and a Chinese message) instead of a generic `db.constraint`. A service
// registers its index once at start-up; the drivers consult the registry when a unique
// constraint fails.
//
// Thread-safety: register before serving; lookups are read-only afterwards.
#pragma once

#include <string>

#include "base/error.h"

namespace zhifa::db {

// `index` is the index name PostgreSQL reports; `sqlite_columns` what SQLite reports after
// "UNIQUE constraint failed: " ("reviews.case_id", "cases.source_kind, cases.source_id").
void register_unique_conflict(const std::string& index, const std::string& sqlite_columns, const std::string& code,
                              const std::string& message);

// The error for a failed constraint whose driver message is `driver_message`: the registered
// one when the message names a registered index, else 409 `db.constraint`.
Error constraint_error(const std::string& driver_message, nlohmann::json details = nlohmann::json::object());

}  // namespace zhifa::db
