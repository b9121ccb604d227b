// Domain rows against the entries that recorded them: an edit, a deletion, a swap or an insert
// made behind the services' back is named by `ledger verify`, on both stores.
// R: REC-21 — records cannot be altered or deleted at will, and any such act is detectable.
#include <gtest/gtest.h>

#include "db/db.h"
#include "ledger/verify.h"
#include "support/test_db.h"

using namespace zhifa;

namespace {
class LedgerRows : public ::testing::Test {
protected:
  void SetUp() override { d = test::demo_database(); }
  std::string problem() {
    auto c = d->acquire();
    auto rep = ledger::verify(*c, "");
    return rep.ok ? "" : rep.problem;
  }
  void sql(const std::string& s) { d->acquire()->exec_script(s); }
  std::shared_ptr<db::Database> d;
};
}  // namespace

TEST_F(LedgerRows, DemoStoreVerifies) {
  auto c = d->acquire();
  auto rep = ledger::verify(*c, "");
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_GT(rep.rows, 300);
}

TEST_F(LedgerRows, EditedRowIsNamed) {
  sql("UPDATE users SET name = '冒名' WHERE username = 'zj_insp1'");
  auto p = problem();
  EXPECT_NE(p.find("表 users"), std::string::npos) << p;
  EXPECT_NE(p.find("name"), std::string::npos) << p;
  EXPECT_NE(p.find("冒名"), std::string::npos) << p;
}

TEST_F(LedgerRows, DeletedRowIsNamed) {
  sql("DELETE FROM departments WHERE id = (SELECT MAX(id) FROM departments)");
  auto p = problem();
  EXPECT_NE(p.find("表 departments"), std::string::npos) << p;
  EXPECT_NE(p.find("行被删除"), std::string::npos) << p;
}

TEST_F(LedgerRows, SwappedRowsAreNamed) {
  sql("UPDATE users SET ledger_seq = CASE username WHEN 'hz_insp1' THEN (SELECT ledger_seq FROM users WHERE username = "
      "'hz_insp2') ELSE (SELECT ledger_seq FROM users WHERE username = 'hz_insp1') END WHERE username IN ('hz_insp1', "
      "'hz_insp2')");
  auto p = problem();
  EXPECT_NE(p.find("行被替换或交换"), std::string::npos) << p;
}

TEST_F(LedgerRows, InsertedRowIsNamed) {
  sql("INSERT INTO departments(bureau_id, name, created_at) VALUES (1, '影子部门', '2026-01-01T00:00:00.000Z')");
  auto p = problem();
  EXPECT_NE(p.find("未经记录写入"), std::string::npos) << p;
}

// A role granted or taken away in user_roles directly (privilege escalation behind the services'
// back) is named: the user's entry snapshots the set of roles.
TEST_F(LedgerRows, RoleGrantedBehindTheServicesIsNamed) {
  sql("INSERT INTO user_roles(user_id, role) SELECT id, 'audit_admin' FROM users WHERE username = 'zj_insp1'");
  auto p = problem();
  EXPECT_NE(p.find("roles"), std::string::npos) << p;
  EXPECT_NE(p.find("audit_admin"), std::string::npos) << p;
}

TEST_F(LedgerRows, RoleRemovedBehindTheServicesIsNamed) {
  sql("DELETE FROM user_roles WHERE user_id = (SELECT id FROM users WHERE username = 'hz_head')");
  auto p = problem();
  EXPECT_NE(p.find("user_roles"), std::string::npos) << p;
}
