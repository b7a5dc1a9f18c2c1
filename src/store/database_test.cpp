#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <limits>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/store_fixture.h"

namespace lifeline::store::test {
namespace {

using namespace std::chrono_literals;

template <typename T>
Status status_of(Result<T> r) {
  if (r) return {};
  return std::move(r).error();
}

class DatabaseTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (!IsSkipped()) create_schema();
  }

  Result<int64_t> add_item(const std::string& name, Value qty = nullptr) {
    return db_->transact(TxMode::write, [&](Tx& tx) {
      return tx.insert("INSERT INTO items (name, qty) VALUES (?, ?) RETURNING id", {name, qty});
    });
  }

  int64_t count_items() {
    auto n = db_->transact(TxMode::read, [](Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM items"));
      if (!row) return Error::internal("COUNT(*) returned no row");
      return row->integer(0);
    });
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : -1;
  }

  int64_t counter() {
    auto n = db_->transact(TxMode::read, [](Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one("SELECT n FROM counters WHERE id = 1"));
      if (!row) return Error::not_found("counter 1");
      return row->integer(0);
    });
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : -1;
  }
};

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  const int64_t small = std::numeric_limits<int64_t>::min();
  const std::string chinese = "供水保障：定点医院 二次供水 💧";
  auto st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    LL_CHECK(tx.exec("INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)", {"big", big, 3.25, chinese}));
    LL_CHECK(tx.exec("INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)", {"small", small, -0.5, nullptr}));
    LL_CHECK(tx.exec("INSERT INTO items (name, qty, price, note) VALUES (?, ?, ?, ?)",
                     {"flags", true, 1e-300, std::optional<std::string>()}));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;

  auto rows = db_->transact(TxMode::read, [](Tx& tx) {
    return tx.query("SELECT name, qty, price, note, created_at FROM items ORDER BY id");
  });
  ASSERT_TRUE(rows) << rows.error().message;
  ASSERT_EQ(rows->size(), 3u);
  const Row& r0 = (*rows)[0];
  EXPECT_EQ(r0.text(0), "big");
  EXPECT_TRUE(r0[1].is_integer());
  EXPECT_EQ(r0.integer(1), big);
  EXPECT_TRUE(r0[2].is_real());
  EXPECT_DOUBLE_EQ(r0.real(2), 3.25);
  EXPECT_TRUE(r0[3].is_text());
  EXPECT_EQ(r0.text(3), chinese);
  EXPECT_GT(r0.integer(4), 1'600'000'000'000);  // {{now_ms}} default: epoch milliseconds
  const Row& r1 = (*rows)[1];
  EXPECT_EQ(r1.integer(1), small);
  EXPECT_DOUBLE_EQ(r1.real(2), -0.5);
  EXPECT_TRUE(r1.is_null(3));
  EXPECT_EQ(r1.opt_text(3), std::nullopt);
  const Row& r2 = (*rows)[2];
  EXPECT_TRUE(r2.boolean(1));
  EXPECT_EQ(r2.integer(1), 1);
  EXPECT_DOUBLE_EQ(r2.real(2), 1e-300);
  EXPECT_TRUE(r2.is_null(3));
}

TEST_P(DatabaseTest, NullParameterMatchesNothingButIsNullDoes) {
  ASSERT_TRUE(add_item("a"));
  auto n = db_->transact(TxMode::read, [](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM items WHERE qty IS NULL AND name = ?", {"a"}));
    if (!row) return Error::internal("COUNT(*) returned no row");
    return row->integer(0);
  });
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(*n, 1);
}

TEST_P(DatabaseTest, InsertReturnsIds) {
  auto a = add_item("a");
  auto b = add_item("b");
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_GT(*a, 0);
  EXPECT_GT(*b, *a);
}

TEST_P(DatabaseTest, QueryOneIsEmptyForNoRowAndRefusesMany) {
  ASSERT_TRUE(add_item("a"));
  ASSERT_TRUE(add_item("b"));
  auto st = db_->run(TxMode::read, [](Tx& tx) -> Status {
    LL_TRY(auto none, tx.query_one("SELECT id FROM items WHERE name = ?", {"zzz"}));
    EXPECT_FALSE(none.has_value());
    EXPECT_FALSE(tx.query_one("SELECT id FROM items"));
    return {};
  });
  EXPECT_TRUE(st) << st.error().message;
}

TEST_P(DatabaseTest, CommitsOnSuccess) {
  ASSERT_TRUE(add_item("kept"));
  auto other = open();  // a second handle sees it: it was committed
  auto row = other->transact(TxMode::read, [](Tx& tx) { return tx.query_one("SELECT qty FROM items WHERE name = 'kept'"); });
  ASSERT_TRUE(row) << row.error().message;
  EXPECT_TRUE(row->has_value());
}

TEST_P(DatabaseTest, RollsBackWhenTheBodyFails) {
  auto st = db_->run(TxMode::write, [](Tx& tx) -> Status {
    LL_CHECK(tx.exec("INSERT INTO items (name) VALUES ('lost')"));
    return Error::invalid("name", "rejected after the insert");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::invalid);
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DatabaseTest, RollsBackWhenTheBodyThrowsAndStaysUsable) {
  for (int i = 0; i < 10; ++i) {  // more than the pool size: no connection is left poisoned
    auto st = db_->run(TxMode::write, [](Tx& tx) -> Status {
      LL_CHECK(tx.exec("INSERT INTO items (name) VALUES ('lost')"));
      throw std::runtime_error("boom");
    });
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::internal);
    EXPECT_NE(st.error().message.find("boom"), std::string::npos);
  }
  EXPECT_EQ(count_items(), 0);
  EXPECT_TRUE(add_item("after"));
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DatabaseTest, UniqueViolationIsAConflict) {
  ASSERT_TRUE(add_item("dup"));
  auto again = add_item("dup");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_NE(again.error().message.find("name"), std::string::npos) << again.error().message;
  EXPECT_EQ(count_items(), 1);
}

TEST_P(DatabaseTest, ForeignKeyViolationIsAConflict) {
  auto st = db_->run(TxMode::write, [](Tx& tx) {
    return status_of(tx.exec("INSERT INTO parts (item_id, label) VALUES (?, ?)", {999, "orphan"}));
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::conflict) << st.error().message;
}

TEST_P(DatabaseTest, NotNullViolationIsAConflict) {
  auto st = db_->run(TxMode::write, [](Tx& tx) { return status_of(tx.exec("INSERT INTO items (qty) VALUES (1)")); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::conflict) << st.error().message;
}

TEST_P(DatabaseTest, ReadTransactionRefusesWrites) {
  auto st = db_->run(TxMode::read, [](Tx& tx) { return status_of(tx.exec("INSERT INTO items (name) VALUES ('x')")); });
  EXPECT_FALSE(st);
  EXPECT_EQ(count_items(), 0);
}

TEST_P(DatabaseTest, NestedTransactionIsRefused) {
  auto st = db_->run(TxMode::write, [&](Tx&) -> Status {
    return db_->run(TxMode::read, [](Tx&) -> Status { return {}; });
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::internal);
}

TEST_P(DatabaseTest, BadSqlIsAnInternalError) {
  auto st = db_->run(TxMode::read, [](Tx& tx) { return status_of(tx.query("SELEKT nothing")); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::internal);
}

// SQLite's writer holds the whole database, so even an unlocked
// read-modify-write keeps every increment there (group commit runs the
// bodies one after the other). PostgreSQL writers run concurrently at READ
// COMMITTED: the same code would lose updates, which is why services lock
// the rows they decide on (next test) or update conditionally.
TEST_P(DatabaseTest, SqliteWritersAreSerialisedInsideASharedCommit) {
  if (GetParam() != Backend::sqlite) GTEST_SKIP() << "SQLite only: PostgreSQL writers run concurrently";
  constexpr int kThreads = 8, kIncrements = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto st = db_->run(TxMode::write, [](Tx& tx) -> Status {
          LL_TRY(auto row, tx.query_one("SELECT n FROM counters WHERE id = 1"));
          if (!row) return Error::not_found("counter 1");
          LL_CHECK(tx.exec("UPDATE counters SET n = ? WHERE id = 1", {row->integer(0) + 1}));
          return {};
        });
        if (!st) {
          ADD_FAILURE() << st.error().message;
          ++failures;
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(counter(), kThreads * kIncrements);
}

// Group commit: bodies that share one COMMIT fail alone. Every third body
// writes and then fails; the others' writes all land, the failed ones' not.
TEST_P(DatabaseTest, AFailedBodyRollsBackAloneAmongConcurrentWriters) {
  constexpr int kThreads = 8, kWrites = 60;
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        const bool fail = (t * kWrites + i) % 3 == 0;
        auto st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
          LL_CHECK(tx.exec("UPDATE counters SET n = n + 1 WHERE id = 1"));
          if (fail) return Error::conflict("this body fails on purpose");
          return {};
        });
        if (st) {
          ++ok;
        } else {
          EXPECT_TRUE(fail) << st.error().message;
          EXPECT_EQ(st.error().code, ErrorCode::conflict);
          ++failed;
        }
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load() + failed.load(), kThreads * kWrites);
  EXPECT_EQ(counter(), ok.load());
}

// A unique violation in one body of a shared commit is that body's conflict only.
TEST_P(DatabaseTest, ConcurrentInsertsOfOneKeyLeaveOneRowAndConflictTheRest) {
  constexpr int kThreads = 8;
  std::atomic<int> created{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      auto st = db_->run(TxMode::write, [](Tx& tx) -> Status {
        LL_CHECK(tx.exec("UPDATE counters SET n = n + 1 WHERE id = 1"));
        return status_of(tx.exec("INSERT INTO counters (id, n) VALUES (7, 0)"));
      });
      if (st) ++created;
      else if (st.error().code == ErrorCode::conflict) ++conflicts;
      else ADD_FAILURE() << st.error().message;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
  EXPECT_EQ(counter(), 1);  // the losers' increments were rolled back with them
}

// The portable way to read a row in order to change it: PostgreSQL locks
// the row; SQLite drops the clause (its writer holds the whole database).
TEST_P(DatabaseTest, RowLockedReadModifyWriteLosesNoUpdate) {
  constexpr int kThreads = 8, kIncrements = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto st = db_->run(TxMode::write, [](Tx& tx) -> Status {
          LL_TRY(auto row, tx.query_one("SELECT n FROM counters WHERE id = 1 FOR UPDATE"));
          if (!row) return Error::not_found("counter 1");
          LL_CHECK(tx.exec("UPDATE counters SET n = ? WHERE id = 1", {row->integer(0) + 1}));
          return {};
        });
        if (!st) ADD_FAILURE() << st.error().message;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(counter(), kThreads * kIncrements);
}

TEST_P(DatabaseTest, ReadersAreNotBlockedByALongWriter) {
  std::promise<void> written;
  auto writer = std::async(std::launch::async, [&] {
    return db_->run(TxMode::write, [&](Tx& tx) -> Status {
      LL_CHECK(tx.exec("UPDATE counters SET n = 42 WHERE id = 1"));
      written.set_value();
      std::this_thread::sleep_for(700ms);
      return {};
    });
  });
  written.get_future().wait();
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(counter(), 0);  // the last committed value, without waiting
  EXPECT_LT(std::chrono::steady_clock::now() - start, 400ms);
  Status st = writer.get();
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(counter(), 42);
}

TEST_P(DatabaseTest, AnotherWriterHoldingTheFileLockMeansUnavailable) {
  if (GetParam() != Backend::sqlite) GTEST_SKIP() << "SQLite only: a second process on the same file";
  OpenOptions impatient;
  impatient.busy_timeout_ms = 100;
  auto other = open(impatient);  // its own writer mutex, like another process
  std::promise<void> holding;
  auto holder = std::async(std::launch::async, [&] {
    return db_->run(TxMode::write, [&](Tx& tx) -> Status {
      LL_CHECK(tx.exec("UPDATE counters SET n = 1 WHERE id = 1"));
      holding.set_value();
      std::this_thread::sleep_for(600ms);
      return {};
    });
  });
  holding.get_future().wait();
  Status st = other->run(TxMode::write, [](Tx& tx) { return status_of(tx.exec("UPDATE counters SET n = 2 WHERE id = 1")); });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::unavailable) << st.error().message;
  EXPECT_TRUE(holder.get());
  EXPECT_EQ(counter(), 1);
}

TEST_P(DatabaseTest, SerialisationFailuresAreRetried) {
  if (GetParam() != Backend::postgres) GTEST_SKIP() << "PostgreSQL only: SQLite writers never conflict";
  const char* kFail = "DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001', MESSAGE = 'simulated'; END $$";
  int attempts = 0;
  Status st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    ++attempts;
    LL_CHECK(tx.exec("UPDATE counters SET n = n + 1 WHERE id = 1"));
    if (attempts < 3) LL_CHECK(tx.exec(kFail));
    return {};
  });
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(counter(), 1);  // the failed attempts were rolled back

  attempts = 0;
  st = db_->run(TxMode::write, [&](Tx& tx) -> Status {
    ++attempts;
    return status_of(tx.exec(kFail));
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::unavailable);
  EXPECT_EQ(attempts, 11);  // the first try and 10 retries
}

TEST_P(DatabaseTest, ReconnectsAfterTheServerDropsTheConnection) {
  if (GetParam() != Backend::postgres) GTEST_SKIP() << "PostgreSQL only";
  OpenOptions one;
  one.pool_size = 1;
  auto db = open(one);
  auto backend_pid = [&] {
    return db->transact(TxMode::read, [](Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one("SELECT pg_backend_pid()"));
      if (!row) return Error::internal("pg_backend_pid() returned no row");
      return row->integer(0);
    });
  };
  auto before = backend_pid();
  ASSERT_TRUE(before) << before.error().message;
  EXPECT_EQ(pg_admin(pg_base_, "SELECT pg_terminate_backend(" + std::to_string(*before) + ", 5000)"), "t");
  auto after = backend_pid();
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_NE(*after, *before);
}

TEST_P(DatabaseTest, RestoreOfAMissingFileIsNotFound) {
  Status st = restore(fresh_url(), dir_ + "/no-such-backup");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::not_found);
}

// The server's promise: a write it acknowledged survives the process being killed.
TEST_P(DatabaseTest, AcknowledgedWritesSurviveAProcessKill) {
  if (GetParam() != Backend::sqlite) GTEST_SKIP() << "SQLite only: PostgreSQL's durability is the server's";
  db_.reset();
  int acks[2];
  ASSERT_EQ(::pipe(acks), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // writes and acknowledges until killed; _exit skips the test runner's teardown
    ::close(acks[0]);
    auto db = Database::open(url_);
    if (!db) ::_exit(2);
    for (int i = 0;; ++i) {
      auto id = (*db)->transact(TxMode::write, [&](Tx& tx) {
        return tx.insert("INSERT INTO items (name) VALUES (?) RETURNING id", {std::to_string(i)});
      });
      if (!id) ::_exit(3);
      int64_t v = *id;
      if (::write(acks[1], &v, sizeof v) != sizeof v) ::_exit(4);
    }
  }
  ::close(acks[1]);
  std::vector<int64_t> acked;
  int64_t v;
  while (acked.size() < 100 && ::read(acks[0], &v, sizeof v) == sizeof v) acked.push_back(v);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  while (::read(acks[0], &v, sizeof v) == sizeof v) acked.push_back(v);  // acknowledged just before the kill
  ::close(acks[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own, exit " << WEXITSTATUS(status);
  ASSERT_GE(acked.size(), 100u);

  db_ = open();
  auto ids = db_->transact(TxMode::read, [](Tx& tx) { return tx.query("SELECT id FROM items ORDER BY id"); });
  ASSERT_TRUE(ids) << ids.error().message;
  std::set<int64_t> stored;
  for (const Row& r : *ids) stored.insert(r.integer(0));
  for (int64_t id : acked) EXPECT_TRUE(stored.contains(id)) << "acknowledged id " << id << " was lost";
}

TEST_P(DatabaseTest, PingAnswers) {
  Status st = db_->ping();
  EXPECT_TRUE(st) << st.error().message;
}

TEST_P(DatabaseTest, BackupWhileWritingThenRestore) {
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  auto writer = std::async(std::launch::async, [&] {
    for (int i = 0; !stop; ++i) {
      if (!add_item("row-" + std::to_string(i), i)) return false;
      ++written;
    }
    return true;
  });
  while (written < 20) std::this_thread::sleep_for(1ms);
  const std::string backup_file = dir_.empty() ? "/tmp/lifeline-" + schema_ + ".dump" : dir_ + "/backups/one.bak";
  Status st = db_->backup(backup_file);
  stop = true;
  ASSERT_TRUE(writer.get());
  ASSERT_TRUE(st) << st.error().message;
  ASSERT_FALSE(std::filesystem::exists(backup_file + ".tmp"));

  const std::string url = fresh_url();
  st = restore(url, backup_file);
  std::filesystem::remove(backup_file);
  ASSERT_TRUE(st) << st.error().message;
  auto restored = Database::open(url);
  ASSERT_TRUE(restored) << restored.error().message;

  // The copy is one consistent snapshot: rows 0..k-1 exactly as written, nothing after a gap.
  auto dump = [](Database& db) {
    return db.transact(TxMode::read, [](Tx& tx) { return tx.query("SELECT id, name, qty FROM items ORDER BY id"); });
  };
  auto original = dump(*db_);
  auto copy = dump(**restored);
  ASSERT_TRUE(original && copy);
  ASSERT_GE(copy->size(), 20u);
  ASSERT_LE(copy->size(), original->size());
  for (size_t i = 0; i < copy->size(); ++i) {
    EXPECT_EQ((*copy)[i].integer(0), (*original)[i].integer(0));
    EXPECT_EQ((*copy)[i].text(1), "row-" + std::to_string(i));
    EXPECT_EQ((*copy)[i].integer(2), static_cast<int64_t>(i));
  }
  // Its schema history came along, so migrate sees nothing to do.
  EXPECT_TRUE(migrate(**restored, {{1, "test tables", "CREATE TABLE never_run (x INTEGER)"}}));
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::Values(Backend::sqlite, Backend::postgres), backend_name);

TEST(MemoryDatabase, WorksForTests) {
  auto db = Database::open(":memory:");
  ASSERT_TRUE(db) << db.error().message;
  Status st = migrate(**db, {{1, "t", "CREATE TABLE t (id {{pk}}, v TEXT);"}});
  ASSERT_TRUE(st) << st.error().message;
  auto id = (*db)->transact(TxMode::write, [](Tx& tx) { return tx.insert("INSERT INTO t (v) VALUES (?) RETURNING id", {"x"}); });
  ASSERT_TRUE(id) << id.error().message;
  auto row = (*db)->transact(TxMode::read, [&](Tx& tx) { return tx.query_one("SELECT v FROM t WHERE id = ?", {*id}); });
  ASSERT_TRUE(row && row->has_value());
  EXPECT_EQ((*row)->text(0), "x");
}

TEST(DatabaseOpen, RejectsAnUnusablePath) {
  auto db = Database::open("/proc/no-such-place/lifeline.db");
  EXPECT_FALSE(db);
}

TEST(DatabaseOpen, UnreachablePostgresIsUnavailableAndHidesThePassword) {
  auto db = Database::open("postgresql://lifeline:secret@127.0.0.1:1/lifeline");
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, ErrorCode::unavailable);
  EXPECT_EQ(db.error().message.find("secret"), std::string::npos) << db.error().message;
}

TEST(ValueTest, ConvertsBetweenKinds) {
  EXPECT_EQ(Value("42").integer(), 42);
  EXPECT_EQ(Value(2.9).integer(), 2);
  EXPECT_EQ(Value(1e300).integer(), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Value().integer(), 0);
  EXPECT_DOUBLE_EQ(Value(int64_t{3}).real(), 3.0);
  EXPECT_DOUBLE_EQ(Value("2.5").real(), 2.5);
  EXPECT_EQ(Value().text(), "");
  EXPECT_EQ(Value(int64_t{-7}).text(), "-7");
  EXPECT_EQ(Value(0.1).as_text(), "0.1");
  EXPECT_TRUE(Value(std::optional<int>()).is_null());
  EXPECT_EQ(Value(std::optional<int>(5)).integer(), 5);
}

}  // namespace
}  // namespace lifeline::store::test
