#include "support/test_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <unistd.h>

namespace lifeline::test {

namespace {
std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}
std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}
}  // namespace

std::string TestDatabase::backend() {
  std::string b = env("LIFELINE_TEST_BACKEND");
  return b.empty() ? "sqlite" : b;
}

std::unique_ptr<TestDatabase> TestDatabase::create() {
  auto t = std::unique_ptr<TestDatabase>(new TestDatabase());
  if (backend() == "postgres") {
    t->base_url_ = env("LIFELINE_TEST_PG_URL");
    if (t->base_url_.empty()) return nullptr;
    t->schema_ = "t_" + unique_suffix();
    auto admin = store::Database::open(t->base_url_, {.pool_size = 1});
    if (!admin) throw std::runtime_error("cannot reach PostgreSQL: " + admin.error().message);
    auto st = (*admin)->run(store::TxMode::write, [&](store::Tx& tx) -> Status {
      auto r = tx.exec("CREATE SCHEMA " + t->schema_);
      if (!r) return r.error();
      return {};
    });
    if (!st) throw std::runtime_error("cannot create schema: " + st.error().message);
    t->url_ = t->base_url_ + (t->base_url_.find('?') == std::string::npos ? "?" : "&") +
              "options=-csearch_path%3D" + t->schema_;
  } else {
    t->dir_ = (std::filesystem::temp_directory_path() / ("lifeline_test_" + unique_suffix())).string();
    std::filesystem::create_directories(t->dir_);
    t->url_ = t->dir_ + "/test.db";
  }
  auto db = store::Database::open(t->url_, {.pool_size = 4});
  if (!db) throw std::runtime_error("cannot open test database: " + db.error().message);
  t->db_ = std::move(*db);
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!schema_.empty()) {
    if (auto admin = store::Database::open(base_url_, {.pool_size = 1}))
      (void)(*admin)->run(store::TxMode::write, [&](store::Tx& tx) -> Status {
        auto r = tx.exec("DROP SCHEMA " + schema_ + " CASCADE");
        if (!r) return r.error();
        return {};
      });
  }
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
}

}  // namespace lifeline::test
