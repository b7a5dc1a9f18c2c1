#include "store/placeholders.h"

#include <gtest/gtest.h>

namespace lifeline::store {
namespace {

TEST(NumberPlaceholders, NumbersEachPlaceholderInOrder) {
  auto out = number_placeholders("SELECT * FROM t WHERE a = ? AND b IN (?, ?)");
  EXPECT_EQ(out.sql, "SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)");
  EXPECT_EQ(out.count, 3);
}

TEST(NumberPlaceholders, LeavesQuotedTextAndCommentsAlone) {
  auto out = number_placeholders(
      "SELECT '?', 'it''s ?', \"odd?col\", ? -- why?\n"
      "FROM t /* ? */ WHERE x = ?::bigint");
  EXPECT_EQ(out.sql,
            "SELECT '?', 'it''s ?', \"odd?col\", $1 -- why?\n"
            "FROM t /* ? */ WHERE x = $2::bigint");
  EXPECT_EQ(out.count, 2);
}

TEST(NumberPlaceholders, UnterminatedLiteralIsCopiedAsIs) {
  auto out = number_placeholders("SELECT 'open ?");
  EXPECT_EQ(out.sql, "SELECT 'open ?");
  EXPECT_EQ(out.count, 0);
}

TEST(NumberPlaceholders, NoPlaceholders) {
  auto out = number_placeholders("SELECT 1");
  EXPECT_EQ(out.sql, "SELECT 1");
  EXPECT_EQ(out.count, 0);
}

}  // namespace
}  // namespace lifeline::store
