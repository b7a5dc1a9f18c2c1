#include <gtest/gtest.h>

#include "store/store_fixture.h"

namespace lifeline::store::test {
namespace {

using MigrateTest = StoreTest;

const std::vector<Migration> kTwo = {
    {1, "orgs", "CREATE TABLE orgs (\n  id {{pk}},\n  code TEXT NOT NULL UNIQUE, -- e.g. 'HQ;1'\n  weight {{real}}\n);\n"},
    {2, "org notes",
     "-- notes per org\nCREATE TABLE notes (id {{pk}}, org_id BIGINT REFERENCES orgs (id), body TEXT,\n"
     "  data {{blob}}, at BIGINT NOT NULL DEFAULT {{now_ms}});\n"
     "INSERT INTO orgs (code) VALUES ('a;b');\n"},
};

std::vector<int64_t> versions(Database& db) {
  auto rows = db.transact(TxMode::read, [](Tx& tx) {
    return tx.query("SELECT version FROM schema_migrations ORDER BY version");
  });
  EXPECT_TRUE(rows) << rows.error().message;
  std::vector<int64_t> out;
  if (rows)
    for (const Row& r : *rows) out.push_back(r.integer(0));
  return out;
}

bool table_exists(Database& db, const std::string& table) {
  Status st = db.run(TxMode::read, [&](Tx& tx) -> Status {
    auto r = tx.query("SELECT COUNT(*) FROM " + table);
    if (r) return {};
    return std::move(r).error();
  });
  return st.ok();
}

TEST_P(MigrateTest, AppliesInOrderOnceAndIsIdempotent) {
  ASSERT_TRUE(migrate(*db_, kTwo));
  EXPECT_EQ(versions(*db_), (std::vector<int64_t>{1, 2}));
  Status again = migrate(*db_, kTwo);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(versions(*db_), (std::vector<int64_t>{1, 2}));
  auto orgs = db_->transact(TxMode::read, [](Tx& tx) { return tx.query("SELECT code FROM orgs"); });
  ASSERT_TRUE(orgs);
  ASSERT_EQ(orgs->size(), 1u);  // version 2's insert ran once
  EXPECT_EQ((*orgs)[0].text(0), "a;b");
  auto at = db_->transact(TxMode::read, [](Tx& tx) {
    return tx.query_one("SELECT applied_at, name FROM schema_migrations WHERE version = 2");
  });
  ASSERT_TRUE(at && at->has_value());
  EXPECT_GT((*at)->integer(0), 1'600'000'000'000);
  EXPECT_EQ((*at)->text(1), "org notes");
}

TEST_P(MigrateTest, AppliesOnlyTheMissingVersions) {
  ASSERT_TRUE(migrate(*db_, {kTwo[0]}));
  EXPECT_EQ(versions(*db_), (std::vector<int64_t>{1}));
  Status st = migrate(*db_, kTwo);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(versions(*db_), (std::vector<int64_t>{1, 2}));
}

TEST_P(MigrateTest, FailsCleanlyOnBadSql) {
  std::vector<Migration> bad = kTwo;
  bad.push_back({3, "broken", "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE oops (x NO_SUCH_TYPE_OR_SYNTAX(;\n"});
  Status st = migrate(*db_, bad);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("migration 3 (broken)"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("statement 2"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("CREATE TABLE oops"), std::string::npos) << st.error().message;
  EXPECT_EQ(versions(*db_), (std::vector<int64_t>{1, 2}));
  EXPECT_FALSE(table_exists(*db_, "half_done"));  // version 3 rolled back as a whole
  EXPECT_TRUE(table_exists(*db_, "notes"));
}

TEST_P(MigrateTest, RefusesADatabaseNewerThanTheBinary) {
  std::vector<Migration> newer = kTwo;
  newer.push_back({3, "future", "CREATE TABLE future (x INTEGER)"});
  ASSERT_TRUE(migrate(*db_, newer));
  Status st = migrate(*db_, kTwo);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::conflict);
  EXPECT_NE(st.error().message.find("version 3"), std::string::npos) << st.error().message;
}

TEST_P(MigrateTest, ConcurrentMigratorsApplyEachVersionOnce) {
  auto other = open();
  Status a, b;
  std::thread t([&] { a = migrate(*other, kTwo); });
  b = migrate(*db_, kTwo);
  t.join();
  EXPECT_TRUE(a) << a.error().message;
  EXPECT_TRUE(b) << b.error().message;
  EXPECT_EQ(versions(*db_), (std::vector<int64_t>{1, 2}));
}

TEST_P(MigrateTest, RejectsDuplicateVersions) {
  EXPECT_FALSE(migrate(*db_, {kTwo[0], kTwo[0]}));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrateTest, ::testing::Values(Backend::sqlite, Backend::postgres), backend_name);

}  // namespace
}  // namespace lifeline::store::test
