// The storage limit beside the check-in load test (bench/health_load.sh): one
// check-in-like row per write transaction through store::Database, opened
// exactly as the server opens it (SQLite: WAL, synchronous=FULL; PostgreSQL:
// the server's settings), on 1 and on N threads.
//   LIFELINE_BENCH_DB=/tmp/x.db | postgres://...  lifeline_bench_health_insert
// The table has the check-ins' columns and indexes (unique (staff_id, day),
// (day, org_path)); it is created fresh and dropped at the end.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

#include "store/database.h"

namespace {

using namespace lifeline;

std::unique_ptr<store::Database> g_db;
std::atomic<int64_t> g_next{1};
std::mutex g_setup;

store::Database& db() {
  std::lock_guard lock(g_setup);
  if (g_db) return *g_db;
  const char* url = std::getenv("LIFELINE_BENCH_DB");
  auto opened = store::Database::open(url && *url ? url : "/tmp/lifeline_insert_bench.db", {.pool_size = 16});
  if (!opened) {
    std::fprintf(stderr, "cannot open: %s\n", opened.error().message.c_str());
    std::exit(1);
  }
  g_db = std::move(*opened);
  const bool pg = g_db->dialect() == store::Dialect::postgres;
  auto st = g_db->run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    LL_CHECK(tx.execute("DROP TABLE IF EXISTS bench_checkins"));
    LL_CHECK(tx.execute(std::string("CREATE TABLE bench_checkins (id ") +
                        (pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT") +
                        ", staff_id BIGINT NOT NULL, org_id BIGINT NOT NULL, org_path TEXT NOT NULL, day TEXT NOT NULL,"
                        " submitted_at BIGINT NOT NULL, channel TEXT NOT NULL, entered_by BIGINT, temperature " +
                        (pg ? "DOUBLE PRECISION" : "REAL") +
                        " NOT NULL, symptoms TEXT NOT NULL, location TEXT NOT NULL, city TEXT, risk_travel BIGINT NOT"
                        " NULL DEFAULT 0, risk_areas TEXT, contact TEXT NOT NULL, work_status TEXT NOT NULL, household"
                        " TEXT, remarks TEXT, late BIGINT NOT NULL DEFAULT 0, fever BIGINT NOT NULL DEFAULT 0,"
                        " has_symptoms BIGINT NOT NULL DEFAULT 0, abnormal BIGINT NOT NULL DEFAULT 0, abnormal_reasons"
                        " TEXT, version BIGINT NOT NULL DEFAULT 1, UNIQUE (staff_id, day))"));
    // The same indexes as the real table (src/app/schema/0003_health.sql).
    return tx.execute("CREATE INDEX bench_checkins_census ON bench_checkins(day, org_path, late, abnormal, fever,"
                      " has_symptoms, contact, location, risk_travel, work_status)");
  });
  if (!st) {
    std::fprintf(stderr, "cannot create the table: %s\n", st.error().message.c_str());
    std::exit(1);
  }
  return *g_db;
}

void insert_one(store::Database& d, int64_t n) {
  auto st = d.run(store::TxMode::write, [&](store::Tx& tx) {
    return tx.execute(
        "INSERT INTO bench_checkins (staff_id, org_id, org_path, day, submitted_at, channel, entered_by, temperature,"
        " symptoms, location, city, risk_travel, risk_areas, contact, work_status, household, remarks, late, fever,"
        " has_symptoms, abnormal, abnormal_reasons) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {n, int64_t{40 + n % 300}, "/1/" + std::to_string(2 + n % 20) + "/" + std::to_string(40 + n % 300) + "/",
         "2026-11-29", int64_t{1764374400000} + n, "proxy", int64_t{3}, 36.5, "[]", "in_town", nullptr, 0, nullptr,
         "none", "on_duty", nullptr, "bench", 0, 0, 0, 0, nullptr});
  });
  if (!st) throw std::runtime_error(st.error().message);
}

// One row per transaction (BEGIN, INSERT, COMMIT with the durable flush).
void BM_insert_checkin_row(benchmark::State& state) {
  store::Database& d = db();
  for (auto _ : state) insert_one(d, g_next.fetch_add(1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_insert_checkin_row)->UseRealTime()->MinTime(5)->Threads(1)->Threads(4)->Threads(32);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (g_db) (void)g_db->run(lifeline::store::TxMode::write, [](lifeline::store::Tx& tx) {
    return tx.execute("DROP TABLE IF EXISTS bench_checkins");
  });
  return 0;
}
