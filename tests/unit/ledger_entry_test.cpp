// entry_bytes is written by hand for speed; it must stay byte for byte what canonical_json of the
// same fields gives, or every leaf hash (and every proof handed out) would change.
#include <gtest/gtest.h>

#include "base/canonical_json.h"
#include "ledger/ledger.h"

namespace zhifa::ledger {
namespace {

std::string reference(const Entry& e) {
  nlohmann::json j = {{"seq", e.seq},
                      {"at", e.at},
                      {"actor_id", e.actor_id},
                      {"bureau_id", e.bureau_id},
                      {"action", e.action},
                      {"subject_kind", e.subject_kind},
                      {"subject_id", e.subject_id},
                      {"change_hash", e.change_hash},
                      {"corrects", e.corrects ? nlohmann::json(*e.corrects) : nlohmann::json(nullptr)}};
  return canonical_json(j);
}

// R: REC-21
TEST(LedgerEntryBytes, EqualsCanonicalJsonOfTheSameFields) {
  Entry e{42, "2026-11-29T08:00:00.123Z", 7, 3, "user.create", "user", "15", "{}", "ab12", std::nullopt};
  EXPECT_EQ(entry_bytes(e), reference(e));
  e.corrects = 41;
  EXPECT_EQ(entry_bytes(e), reference(e));
  e.actor_id = 0;
  e.bureau_id = -1;
  EXPECT_EQ(entry_bytes(e), reference(e));
  for (std::string odd : {std::string("证据/上传"), std::string("a\"b\\c"), std::string("tab\there"), std::string("nl\n\x01"),
                          std::string("\x7f"), std::string(""), std::string("混合\"引号\\")}) {
    e.subject_id = odd;
    EXPECT_EQ(entry_bytes(e), reference(e)) << odd;
    e.action = odd;
    EXPECT_EQ(entry_bytes(e), reference(e)) << odd;
    e.action = "x";
  }
}

}  // namespace
}  // namespace zhifa::ledger
