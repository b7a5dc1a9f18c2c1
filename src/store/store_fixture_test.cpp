// The shared fixture of store_fixture.h (a *_test.cpp so it builds into the test binary only).
#include "store/store_fixture.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

namespace lifeline::store::test {
namespace {

std::string unique_name(const char* prefix) {
  static std::atomic<int> counter{0};
  return std::string(prefix) + std::to_string(::getpid()) + "_" + std::to_string(++counter);
}

const char* pg_base_url() {
  const char* url = std::getenv("LIFELINE_TEST_PG_URL");
  return url && *url ? url : nullptr;
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "postgres";
}

std::string pg_url(const std::string& base, const std::string& database, const std::string& schema) {
  size_t host = base.find("://") + 3;
  size_t path = base.find('/', host);
  size_t query = base.find('?', host);
  std::string url = base.substr(0, std::min(path, query));
  std::string params = query == std::string::npos ? "" : base.substr(query + 1);
  if (!database.empty()) url += "/" + database;
  else if (path != std::string::npos && path < query) url += base.substr(path, query - path);
  if (!schema.empty()) params += (params.empty() ? "" : "&") + std::string("options=-csearch_path%3D") + schema;
  return params.empty() ? url : url + "?" + params;
}

std::string pg_admin(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);  // "drop cascades to ..." is expected
  PGresult* res = PQexec(conn, sql.c_str());
  auto status = PQresultStatus(res);
  EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << sql << ": " << PQerrorMessage(conn);
  std::string first = status == PGRES_TUPLES_OK && PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "";
  PQclear(res);
  PQfinish(conn);
  return first;
}

void StoreTest::SetUp() {
  if (GetParam() == Backend::sqlite) {
    dir_ = (std::filesystem::temp_directory_path() / unique_name("lifeline-store-")).string();
    url_ = dir_ + "/db/lifeline.db";  // the db folder does not exist yet: open must create it
  } else {
    const char* base = pg_base_url();
    if (!base) GTEST_SKIP() << "LIFELINE_TEST_PG_URL is not set (start a server with scripts/pg.sh start)";
    pg_base_ = base;
    schema_ = unique_name("t_");
    pg_admin(base, "CREATE SCHEMA " + schema_);
    url_ = pg_url(base, "", schema_);
  }
  db_ = open();
}

void StoreTest::TearDown() {
  db_.reset();
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
  if (const char* base = pg_base_url(); base && !schema_.empty()) {
    pg_admin(base, "DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    if (!fresh_db_.empty()) pg_admin(base, "DROP DATABASE IF EXISTS " + fresh_db_ + " WITH (FORCE)");
  }
}

std::unique_ptr<Database> StoreTest::open(const OpenOptions& options) {
  auto db = Database::open(url_, options);
  EXPECT_TRUE(db) << db.error().message;
  return db ? std::move(*db) : nullptr;
}

std::string StoreTest::fresh_url() {
  if (GetParam() == Backend::sqlite) return dir_ + "/fresh/lifeline.db";
  fresh_db_ = unique_name("lifeline_fresh_");
  pg_admin(pg_base_url(), "CREATE DATABASE " + fresh_db_);
  return pg_url(pg_base_url(), fresh_db_, schema_);
}

void StoreTest::create_schema() {
  Status st = migrate(*db_, {{1, "test tables", R"sql(
CREATE TABLE items (
  id {{pk}},
  name TEXT NOT NULL UNIQUE,
  qty BIGINT,
  price {{real}},
  note TEXT,
  created_at BIGINT NOT NULL DEFAULT {{now_ms}}
);
CREATE TABLE parts (
  id {{pk}},
  item_id BIGINT NOT NULL REFERENCES items (id),
  label TEXT
);
CREATE TABLE counters (id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO counters (id, n) VALUES (1, 0);
)sql"}});
  ASSERT_TRUE(st) << st.error().message;
}

}  // namespace lifeline::store::test
