#include "db/conflicts.h"

#include <mutex>
#include <vector>

namespace zhifa::db {
namespace {

struct Entry {
  std::string index, sqlite_columns, code, message;
};

std::vector<Entry>& entries() {
  static std::vector<Entry> v;
  return v;
}
std::mutex& guard() {
  static std::mutex m;
  return m;
}

bool names(const std::string& msg, const Entry& e) {
  if (msg.find("\"" + e.index + "\"") != std::string::npos) return true;  // PostgreSQL quotes the index
  const std::string tail = "UNIQUE constraint failed: " + e.sqlite_columns;
  auto at = msg.find(tail);
  // SQLite lists the columns; the exact list, not a prefix of a longer one.
  return at != std::string::npos && (at + tail.size() == msg.size() || msg[at + tail.size()] != ',');
}

}  // namespace

void register_unique_conflict(const std::string& index, const std::string& sqlite_columns, const std::string& code,
                              const std::string& message) {
  std::lock_guard lock(guard());
  for (const auto& e : entries())
    if (e.index == index) return;
  entries().push_back({index, sqlite_columns, code, message});
}

Error constraint_error(const std::string& driver_message, nlohmann::json details) {
  details["driver_message"] = driver_message;
  {
    std::lock_guard lock(guard());
    for (const auto& e : entries())
      if (names(driver_message, e)) return Error::conflict(e.code, e.message, details);
  }
  return Error::conflict("db.constraint", "数据约束冲突：" + driver_message, details);
}

}  // namespace zhifa::db
