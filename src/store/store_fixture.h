// The one parameterised fixture every store test runs on: a fresh SQLite file
// database, and a fresh PostgreSQL schema when LIFELINE_TEST_PG_URL is set
// (scripts/pg.sh start prints one). PostgreSQL cases skip without it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "store/database.h"

namespace lifeline::store::test {

enum class Backend { sqlite, postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// `base` with its database name replaced and/or a search_path option added.
std::string pg_url(const std::string& base, const std::string& database, const std::string& schema);

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Another handle on the test database (a second server, a restarted one).
  std::unique_ptr<Database> open(const OpenOptions& options = {});
  // The URL of a new, empty database of the same backend (not opened).
  std::string fresh_url();
  // Creates the test tables through a version-1 migration.
  void create_schema();

  std::string url_;
  std::unique_ptr<Database> db_;
  std::string dir_;            // SQLite: the temp folder holding the files
  std::string pg_base_;        // PostgreSQL: LIFELINE_TEST_PG_URL
  std::string schema_;         // PostgreSQL: this test's schema
  std::string fresh_db_;       // PostgreSQL: a database made by fresh_url
};

// Runs `sql` with its own connection outside any transaction (CREATE DATABASE
// cannot run in one); returns the first cell of the result, if any.
std::string pg_admin(const std::string& url, const std::string& sql);

}  // namespace lifeline::store::test
