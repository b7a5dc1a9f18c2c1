// The census over the generated scale data set (bench/health_load.sh):
// one utility and the whole association for one day, and 30-day trends.
//   LIFELINE_BENCH_DB=var/bench-health/scale.db | postgres://... lifeline_bench_health_census
// The day is the data set's last day (the newest day not written by the load test).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "app/health/census.h"
#include "app/runtime.h"
#include "core/local_time.h"
#include "store/database.h"

namespace {

using namespace lifeline;

struct Data {
  std::unique_ptr<store::Database> db;
  Config config;
  SystemClock clock;
  EventBus events;
  std::unique_ptr<app::Runtime> rt;
  std::unique_ptr<app::health::Census> census;
  std::string utility_path, last_day, first_day_30;
};

Data& data() {
  static std::unique_ptr<Data> d;
  if (d) return *d;
  d = std::make_unique<Data>();
  const char* url = std::getenv("LIFELINE_BENCH_DB");
  auto opened = store::Database::open(url && *url ? url : "var/bench-health/scale.db", {.pool_size = 2});
  if (!opened) {
    std::fprintf(stderr, "cannot open: %s\n", opened.error().message.c_str());
    std::exit(1);
  }
  d->db = std::move(*opened);
  d->rt = std::make_unique<app::Runtime>(app::Runtime{*d->db, d->clock, d->events, d->config});
  d->census = std::make_unique<app::health::Census>(*d->rt);
  auto r = d->db->transact(store::TxMode::read, [&](store::Tx& tx) -> Status {
    // The largest generated utility, and the newest day of history (not written by the load test).
    LL_TRY(auto u, tx.query_one("SELECT o.path FROM orgs o JOIN staff s ON s.utility_id = o.id"
                                " GROUP BY o.path ORDER BY COUNT(*) DESC LIMIT 1"));
    LL_TRY(auto day, tx.query_one("SELECT MAX(day) FROM checkins WHERE remarks IS NULL OR remarks NOT LIKE 'load %'"));
    if (!u || !day || day->is_null(0)) return Error::internal("no generated data in this database");
    d->utility_path = u->text(0);
    d->last_day = day->text(0);
    d->first_day_30 = add_days(d->last_day, -29);
    return {};
  });
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().message.c_str());
    std::exit(1);
  }
  std::fprintf(stderr, "census of %s on %s, trends from %s\n", d->utility_path.c_str(), d->last_day.c_str(),
               d->first_day_30.c_str());
  return *d;
}

template <typename F>
void run(benchmark::State& state, F&& f) {
  Data& d = data();
  for (auto _ : state) {
    auto r = d.db->transact(store::TxMode::read, [&](store::Tx& tx) { return f(tx, d); });
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    benchmark::DoNotOptimize(r);
  }
}

void BM_census_utility_day(benchmark::State& state) {
  run(state, [](store::Tx& tx, Data& d) { return d.census->compute(tx, d.utility_path, d.last_day); });
}
void BM_census_association_day(benchmark::State& state) {
  run(state, [](store::Tx& tx, Data& d) { return d.census->compute(tx, "/1/", d.last_day); });
}
void BM_trend_utility_30d(benchmark::State& state) {
  run(state, [](store::Tx& tx, Data& d) {
    return d.census->trend(tx, d.utility_path, d.first_day_30, d.last_day);
  });
}
void BM_trend_association_30d(benchmark::State& state) {
  run(state, [](store::Tx& tx, Data& d) { return d.census->trend(tx, "/1/", d.first_day_30, d.last_day); });
}
BENCHMARK(BM_census_utility_day)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_census_association_day)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_trend_utility_30d)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_trend_association_30d)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
