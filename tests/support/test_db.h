// Test stores. ZHIFA_TEST_DB picks the store the store and API tests run against: "sqlite"
// (a new file per call under a temp dir) or the postgresql:// URL of a throwaway cluster that
// scripts/test starts (a new database per call). Every store is migrated and empty.
#pragma once

#include <memory>
#include <string>

#include "db/db.h"

namespace zhifa::test {

std::shared_ptr<db::Database> fresh_database();
// The same store with demo data (the Zhejiang bureaus and accounts), built once per process
// and copied for each call where the store allows it.
std::shared_ptr<db::Database> demo_database();
std::string store_name();  // "sqlite" | "postgres", for test names and messages

}  // namespace zhifa::test
