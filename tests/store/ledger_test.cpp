// The ledger on both stores: the tree grows with every entry, checkpoints are signed, proofs
// verify, and `ledger verify` names each kind of tampering — even with the triggers dropped.
// R: REC-21 (alteration detectable), REC-22 (electronic signatures)
#include <gtest/gtest.h>

#include <filesystem>

#include "base/crypto.h"
#include "base/error.h"
#include "ledger/checkpoint.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/tree.h"
#include "ledger/verify.h"
#include "support/test_db.h"

using namespace zhifa;

namespace {

class Ledger : public ::testing::Test {
protected:
  void SetUp() override {
    d = test::fresh_database();
    dir = std::filesystem::temp_directory_path() / ("zhifa-keys-" + std::to_string(::getpid()) + "-" +
                                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir);
    auto c = d->acquire();
    db::Transaction tx(*c);
    keys.emplace(ledger::init_keys(*c, dir.string(), "330000"));
    for (int i = 0; i < 20; ++i) ledger::record(*c, {7, 1}, "test.write", "thing", std::to_string(i), {{"n", i}, {"text", "第" + std::to_string(i) + "条"}});
    ledger::make_checkpoint(*c, *keys);
    tx.commit();
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  std::string verify_problem() {
    auto c = d->acquire();
    auto rep = ledger::verify(*c, "");
    return rep.ok ? "" : rep.problem;
  }
  void drop_triggers() {
    auto c = d->acquire();
    if (c->dialect() == db::Dialect::sqlite) {
      c->exec_script("DROP TRIGGER ledger_entries_no_update; DROP TRIGGER ledger_entries_no_delete;");
    } else {
      c->exec_script("DROP TRIGGER ledger_entries_append_only ON ledger_entries");
    }
  }
  void sql(const std::string& s) { d->acquire()->exec_script(s); }
  std::shared_ptr<db::Database> d;
  std::filesystem::path dir;
  std::optional<ledger::Keys> keys;
};

}  // namespace

TEST_F(Ledger, CleanStoreVerifies) {
  auto c = d->acquire();
  auto rep = ledger::verify(*c, "");
  EXPECT_TRUE(rep.ok) << rep.problem;
  EXPECT_EQ(rep.entries, 21);  // 20 + the keys entry
  EXPECT_EQ(rep.checkpoints, 1);
  EXPECT_EQ(std::filesystem::status(dir / "keys" / "ledger-sm2.pem").permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST_F(Ledger, InclusionAndConsistencyProofsVerify) {
  auto c = d->acquire();
  auto h = ledger::store_hash(*c);
  ledger::StoredNodes nodes(*c);
  auto cp = ledger::latest_checkpoint(*c);
  ASSERT_TRUE(cp);
  for (int64_t seq = 1; seq <= cp->size; ++seq) {
    auto e = ledger::find_entry(*c, seq);
    auto proof = ledger::merkle::inclusion_proof(h, nodes, uint64_t(seq - 1), uint64_t(cp->size));
    EXPECT_TRUE(ledger::merkle::verify_inclusion(h, uint64_t(seq - 1), uint64_t(cp->size),
                                                 ledger::merkle::leaf_hash(h, ledger::entry_bytes(*e)), proof, cp->root));
  }
  {
    db::Transaction tx(*c);
    ledger::record(*c, ledger::Actor::system(), "test.more", "thing", "x", nlohmann::json::object());
    ledger::make_checkpoint(*c, *keys);
    tx.commit();
  }
  auto next = ledger::latest_checkpoint(*c);
  ASSERT_EQ(next->size, cp->size + 1);
  auto proof = ledger::merkle::consistency_proof(h, nodes, uint64_t(cp->size), uint64_t(next->size));
  EXPECT_TRUE(ledger::merkle::verify_consistency(h, uint64_t(cp->size), uint64_t(next->size), cp->root, next->root, proof));
  auto tp = ledger::tlog_proof(*c, 5);
  EXPECT_EQ(tp.rfind("c2sp.org/tlog-proof@v1\nextra ", 0), 0u);
  EXPECT_NE(tp.find("\nindex 4\n"), std::string::npos);
  EXPECT_NE(tp.find("\xE2\x80\x94 zhifa.ledger/330000-"), std::string::npos);
}

TEST_F(Ledger, TriggersRefuseEdits) {
  EXPECT_ANY_THROW(sql("UPDATE ledger_entries SET action = 'x' WHERE seq = 3"));
  EXPECT_ANY_THROW(sql("DELETE FROM ledger_entries WHERE seq = 3"));
  EXPECT_ANY_THROW(sql("DELETE FROM ledger_nodes"));
  EXPECT_ANY_THROW(sql("UPDATE ledger_checkpoints SET size = 1"));
  EXPECT_EQ(verify_problem(), "");
}

TEST_F(Ledger, ChangedContentIsNamed) {
  drop_triggers();
  sql("UPDATE ledger_entries SET change = '{\"n\":99}' WHERE seq = 6");
  auto p = verify_problem();
  EXPECT_NE(p.find("记录 #6"), std::string::npos) << p;
  EXPECT_NE(p.find("内容被改动"), std::string::npos) << p;
}

TEST_F(Ledger, ChangedFieldIsNamed) {
  drop_triggers();
  sql("UPDATE ledger_entries SET actor_id = 1 WHERE seq = 9");
  auto p = verify_problem();
  EXPECT_NE(p.find("记录 #9"), std::string::npos) << p;
}

TEST_F(Ledger, DeletedRowIsNamed) {
  drop_triggers();
  sql("DELETE FROM ledger_entries WHERE seq = 4");
  auto p = verify_problem();
  EXPECT_NE(p.find("记录 #4 缺失"), std::string::npos) << p;
}

TEST_F(Ledger, DeletedTailIsNamed) {
  drop_triggers();
  sql("DELETE FROM ledger_entries WHERE seq >= 20");
  auto p = verify_problem();
  EXPECT_FALSE(p.empty());
}

TEST_F(Ledger, SwappedRowsAreNamed) {
  drop_triggers();
  // Swap the whole content of two entries, hashes included: each is self-consistent but sits at
  // the other's place in the tree.
  sql("UPDATE ledger_entries SET change = (SELECT change FROM ledger_entries WHERE seq = 12), change_hash = (SELECT "
      "change_hash FROM ledger_entries WHERE seq = 12) WHERE seq = 11");
  auto p = verify_problem();
  EXPECT_NE(p.find("记录 #11"), std::string::npos) << p;
}

TEST_F(Ledger, ForgedCheckpointIsNamed) {
  auto c = d->acquire();
  if (c->dialect() == db::Dialect::sqlite) c->exec_script("DROP TRIGGER ledger_checkpoints_no_update");
  else c->exec_script("DROP TRIGGER ledger_checkpoints_append_only ON ledger_checkpoints");
  c->exec_script("UPDATE ledger_checkpoints SET note = replace(note, '\n21\n', '\n20\n')");
  auto p = verify_problem();
  EXPECT_NE(p.find("检查点"), std::string::npos) << p;
}

TEST_F(Ledger, RefusesToSignATamperedTree) {
  drop_triggers();
  {
    auto c = d->acquire();
    if (c->dialect() == db::Dialect::sqlite) c->exec_script("DROP TRIGGER ledger_nodes_no_update");
    else c->exec_script("DROP TRIGGER ledger_nodes_append_only ON ledger_nodes");
    // Always a change: the first character flipped (a replace of one letter misses a hash without it).
    c->exec_script("UPDATE ledger_nodes SET hash = CASE WHEN substr(hash, 1, 1) = '0' THEN '1' ELSE '0' END || substr(hash, 2) "
                   "WHERE level = 4 AND idx = 0");
  }
  auto c = d->acquire();
  db::Transaction tx(*c);
  ledger::record(*c, ledger::Actor::system(), "test.after", "thing", "y", nlohmann::json::object());
  EXPECT_THROW(ledger::make_checkpoint(*c, *keys), Error);
}
