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

namespace lifeline::store {
namespace {

TEST(WithoutRowLock, DropsTheTrailingLockingClauseOnly) {
  EXPECT_EQ(without_row_lock("SELECT a FROM t WHERE id = ? FOR UPDATE"), "SELECT a FROM t WHERE id = ?");
  EXPECT_EQ(without_row_lock("SELECT a FROM t FOR UPDATE SKIP LOCKED;\n"), "SELECT a FROM t");
  EXPECT_EQ(without_row_lock("SELECT a FROM t FOR SHARE"), "SELECT a FROM t");
  EXPECT_EQ(without_row_lock("SELECT 'FOR UPDATE' FROM t"), "SELECT 'FOR UPDATE' FROM t");
  EXPECT_EQ(without_row_lock("UPDATE t SET a = 1"), "UPDATE t SET a = 1");
  EXPECT_EQ(without_row_lock("SELECT a FROM t JOIN u ON u.id = t.u FOR UPDATE OF t"), "SELECT a FROM t JOIN u ON u.id = t.u");
  EXPECT_EQ(without_row_lock("SELECT a FROM t, u FOR UPDATE OF t, u NOWAIT"), "SELECT a FROM t, u");
  EXPECT_EQ(without_row_lock("SELECT a FROM t FOR UPDATE OF"), "SELECT a FROM t FOR UPDATE OF");
}

}  // namespace
}  // namespace lifeline::store
