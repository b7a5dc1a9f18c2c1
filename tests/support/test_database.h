// A fresh, empty database for one test, on the backend the run asks for:
// LIFELINE_TEST_BACKEND=sqlite (default) or postgres. PostgreSQL needs
// LIFELINE_TEST_PG_URL (scripts/pg.sh start prints it); each database gets
// its own schema, dropped at the end.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace lifeline::test {

class TestDatabase {
 public:
  // nullptr when PostgreSQL is asked for but LIFELINE_TEST_PG_URL is unset (the caller skips).
  static std::unique_ptr<TestDatabase> create();
  ~TestDatabase();

  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  bool postgres() const { return !schema_.empty(); }
  static std::string backend();

 private:
  std::string url_, schema_, dir_, base_url_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace lifeline::test
