// Water quality at association scale (docs/quality.md, "Figures"):
//
//  - compliance statistics over one year of 5,000 approved result sheets a
//    month for each of 20 utilities (1.2 million sheets): for one utility and
//    for the association, one month and the whole year;
//  - task generation from every plan of the association for one day (20
//    utilities with the CJ/T 206 plans and 168 points each), a fresh day per
//    iteration, and the same day again (the idempotent re-run).
//
// The data set is generated once into LIFELINE_BENCH_DB (default
// var/bench-quality/quality.db; a postgres:// URL works too). Sheets are
// judged with the module's own catalogue and written as approval writes them
// into the day roll-up, which is all the statistics read.
//   build/release/bench/lifeline_bench_quality --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "app/platform.h"
#include "app/quality/compliance.h"
#include "app/quality/tasks.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/database.h"

namespace {

using namespace lifeline;
using app::Actor;

constexpr int kUtilities = 20;
constexpr int kSheetsPerMonth = 5000;
constexpr const char* kFirstDay = "2019-02-01";  // a year: 2019-02-01 … 2020-01-31
constexpr int kDays = 365;

class Draw {
 public:
  explicit Draw(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  bool chance(int per_mille) { return static_cast<int>(next() % 1000) < per_mille; }

 private:
  uint64_t s_;
};

struct Data {
  std::unique_ptr<store::Database> db;
  Config config;
  SystemClock clock;
  EventBus events;
  std::unique_ptr<app::Runtime> rt;
  std::unique_ptr<app::Platform> platform;
  std::vector<int64_t> utilities;
  std::string first_utility_path;
  int next_day = 0;
};

Status generate(Data& d) {
  const Actor system = Actor::system("bench");
  for (int u = 0; u < kUtilities; ++u) {
    char code[48], name[48];
    std::snprintf(code, sizeof code, "u%02d", u);
    std::snprintf(name, sizeof name, "水司%02d", u);
    LL_TRY(auto utility, d.platform->orgs().create(system, {1, "utility", code, name, std::nullopt, std::nullopt,
                                                            std::nullopt}));
    std::vector<int64_t> plants;
    for (int p = 0; p < 3; ++p) {
      std::snprintf(code, sizeof code, "u%02d-p%d", u, p);
      LL_TRY(auto plant, d.platform->orgs().create(system, {utility.id, "water_plant", code, "水厂", std::nullopt,
                                                            std::nullopt, std::nullopt}));
      plants.push_back(plant.id);
    }
    LL_TRY(auto plans, d.platform->quality().plans.install_defaults(system, utility.id));
    (void)plans;
    // The points of a mid-sized city: 3 plants × 4, 80 network, 20 ends, 6 secondary, 50 customers.
    LL_CHECK(d.db->transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
      LL_TRY(auto paths, tx.query("SELECT id, path FROM orgs WHERE id = ? OR parent_id = ? ORDER BY id",
                                  {utility.id, utility.id}));
      std::map<int64_t, std::string> path;
      for (const auto& r : paths) path[r.integer(0)] = r.text(1);
      int n = 0;
      auto point = [&](int64_t org, const char* type, std::optional<int64_t> plant) -> Status {
        return tx.execute("INSERT INTO quality_points (utility_id, org_id, org_path, code, name, type, plant_id, active,"
                          " created_at, updated_at) VALUES (?,?,?,?,?,?,?,1,0,0)",
                          {utility.id, org, path[org], "P" + std::to_string(++n), "点位", type, plant});
      };
      for (int64_t plant : plants)
        for (const char* type : {"raw", "process", "process", "outlet"}) LL_CHECK(point(plant, type, plant));
      for (auto [type, count] : {std::pair{"network", 80}, {"network_end", 20}, {"secondary", 6}, {"customer", 50}})
        for (int i = 0; i < count; ++i) LL_CHECK(point(utility.id, type, std::nullopt));
      return true;
    }));
    d.utilities.push_back(utility.id);
    if (u == 0) d.first_utility_path = utility.path;
  }
  // A year of approved sheets, judged and rolled up per day as approval does.
  Draw draw(2020);
  const std::pair<const char*, int> mix[] = {{"process", 10}, {"outlet", 20}, {"network", 40}, {"network_end", 20},
                                             {"customer", 10}};
  for (int u = 0; u < kUtilities; ++u) {
    LL_CHECK(d.db->transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
      LL_TRY(auto org, tx.query_one("SELECT path FROM orgs WHERE id = ?", {d.utilities[u]}));
      LL_TRY(auto plants, tx.query("SELECT id, path FROM orgs WHERE parent_id = ? ORDER BY id", {d.utilities[u]}));
      std::string sql;
      store::Params params;
      int rows = 0;
      auto flush = [&]() -> Status {
        if (!rows) return {};
        LL_CHECK(tx.execute("INSERT INTO quality_daily_stats (utility_id, org_path, day, point_type, plant_id,"
                            " indicator, tests, passes) VALUES " + sql,
                            params));
        sql.clear();
        params.clear();
        rows = 0;
        return {};
      };
      for (int day = 0; day < kDays; ++day) {
        const std::string date = add_days(kFirstDay, day);
        const int sheets = kSheetsPerMonth * 12 / kDays;  // 164 a day
        for (const auto& [type, share] : mix) {
          const bool at_plant = std::string_view(type) == "process" || std::string_view(type) == "outlet";
          const int groups = at_plant ? 3 : 1;
          const auto items = std::string_view(type) == "outlet" ? app::quality::outlet_daily_items()
                             : at_plant ? std::vector<std::string_view>{"turbidity", "ph"}
                                        : app::quality::network_items();
          for (int g = 0; g < groups; ++g) {
            const int n = sheets * share / 100 / groups;
            const int64_t plant = at_plant ? plants[static_cast<size_t>(g)].integer(0) : 0;
            const std::string path = at_plant ? plants[static_cast<size_t>(g)].text(1) : org->text(0);
            int failed_sheets = 0;
            for (auto code : items) {
              int passes = 0;
              for (int i = 0; i < n; ++i) passes += draw.chance(996);
              failed_sheets = std::max(failed_sheets, n - passes);
              sql += rows ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)";
              params.insert(params.end(), {d.utilities[u], path, date, type, plant, std::string(code), n, passes});
              if (++rows == 100) LL_CHECK(flush());
            }
            sql += rows ? ",(?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?)";
            params.insert(params.end(), {d.utilities[u], path, date, type, plant, "", n, n - failed_sheets});
            if (++rows == 100) LL_CHECK(flush());
          }
        }
      }
      LL_CHECK(flush());
      return true;
    }));
  }
  return {};
}

Data& data() {
  static std::unique_ptr<Data> d;
  if (d) return *d;
  d = std::make_unique<Data>();
  const char* env = std::getenv("LIFELINE_BENCH_DB");
  const std::string url = env && *env ? env : "var/bench-quality/quality.db";
  const bool sqlite = !url.starts_with("postgres");
  const bool fresh = !sqlite || !std::filesystem::exists(url);
  if (sqlite) std::filesystem::create_directories(std::filesystem::path(url).parent_path());
  auto opened = store::Database::open(url, {.pool_size = 2, .durable = false});
  if (!opened) {
    std::fprintf(stderr, "cannot open %s: %s\n", url.c_str(), opened.error().message.c_str());
    std::exit(1);
  }
  d->db = std::move(*opened);
  d->config.time_zone = "Asia/Shanghai";
  if (auto st = app::Platform::prepare(*d->db); !st) {
    std::fprintf(stderr, "migrate: %s\n", st.error().message.c_str());
    std::exit(1);
  }
  d->rt = std::make_unique<app::Runtime>(app::Runtime{*d->db, d->clock, d->events, d->config});
  d->platform = std::make_unique<app::Platform>(*d->rt);
  auto existing = d->db->transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::vector<store::Row>> {
    return tx.query("SELECT id, path FROM orgs WHERE kind = 'utility' ORDER BY id");
  });
  if (existing && existing->size() >= static_cast<size_t>(kUtilities)) {
    for (const auto& r : *existing) d->utilities.push_back(r.integer(0));
    d->first_utility_path = existing->front().text(1);
  } else if (fresh || !existing || existing->empty()) {
    std::fprintf(stderr, "generating %d utilities × 12 months × %d sheets into %s …\n", kUtilities, kSheetsPerMonth,
                 url.c_str());
    if (auto st = generate(*d); !st) {
      std::fprintf(stderr, "generate: %s\n", st.error().message.c_str());
      std::exit(1);
    }
  }
  return *d;
}

void compliance(benchmark::State& state, bool association, bool year) {
  Data& d = data();
  const std::string from = year ? kFirstDay : "2020-01-01", to = "2020-01-31";
  app::quality::Unit unit{association ? 1 : d.utilities[0], association ? "/1/" : d.first_utility_path, "", ""};
  std::optional<int64_t> utility;
  if (!association) utility = d.utilities[0];
  int64_t tests = 0;
  for (auto _ : state) {
    auto r = d.db->transact(store::TxMode::read, [&](store::Tx& tx) {
      return app::quality::Compliance::compute(tx, unit, utility, from, to);
    });
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    tests = r->sheets.tests;
    benchmark::DoNotOptimize(r);
  }
  state.counters["sheets"] = static_cast<double>(tests);
}

void BM_compliance_utility_month(benchmark::State& s) { compliance(s, false, false); }
void BM_compliance_utility_year(benchmark::State& s) { compliance(s, false, true); }
void BM_compliance_association_month(benchmark::State& s) { compliance(s, true, false); }
void BM_compliance_association_year(benchmark::State& s) { compliance(s, true, true); }

// Every plan of the association for one day: a fresh day each iteration.
void BM_tasks_association_day(benchmark::State& state) {
  Data& d = data();
  const LocalTime local = *LocalTime::load("Asia/Shanghai");
  int64_t created = 0;
  for (auto _ : state) {
    const std::string day = add_days("2030-01-01", d.next_day++);
    auto g = d.platform->quality().tasks.generate_day(day, local.start_of(day));
    if (!g) {
      state.SkipWithError(g.error().message.c_str());
      break;
    }
    created = g->created;
  }
  state.counters["tasks"] = static_cast<double>(created);
}

// The same day again: the unique keys make the re-run add nothing.
void BM_tasks_association_day_again(benchmark::State& state) {
  Data& d = data();
  const LocalTime local = *LocalTime::load("Asia/Shanghai");
  const std::string day = "2029-12-31";
  (void)d.platform->quality().tasks.generate_day(day, local.start_of(day));
  int64_t created = 0;
  for (auto _ : state) {
    auto g = d.platform->quality().tasks.generate_day(day, local.start_of(day));
    if (!g) {
      state.SkipWithError(g.error().message.c_str());
      break;
    }
    created = g->created;
  }
  state.counters["tasks"] = static_cast<double>(created);
}

}  // namespace

BENCHMARK(BM_compliance_utility_month)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compliance_utility_year)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compliance_association_month)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_compliance_association_year)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_tasks_association_day)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_tasks_association_day_again)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
