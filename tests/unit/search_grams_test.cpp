// The portal's character pairs (publicity::search_grams_of): what publication writes into
// search_grams, and what migration 0027 writes for existing rows in SQL — the expected value
// below holds the pairs that SQL gives for the same text on SQLite (in another order).
#include <gtest/gtest.h>

#include "publicity/disclosures.h"

namespace {

// R: PUB-10
TEST(SearchGrams, DistinctPairsLatinLoweredWhitespaceLeftOut) {
  const std::string g = zhifa::publicity::search_grams_of("行政处罚决定\n杭州 ABc纺织 纺织");
  EXPECT_EQ(g, "行政 政处 处罚 罚决 决定 杭州 ab bc c纺 纺织");
  EXPECT_EQ(zhifa::publicity::search_grams_of("Xy"), "xy");
  EXPECT_EQ(zhifa::publicity::search_grams_of("统"), "");
  EXPECT_EQ(zhifa::publicity::search_grams_of(""), "");
}

}  // namespace
