// The final schedule and its problems at scale (bench/duty_load.sh): 1,000
// duty posts over the 100,000-staff generated data set (`lifeline health
// generate`), for 7, 30 and 90 days, with 100 … 1,000 posts — the time per
// call and how it grows with posts and days.
//   LIFELINE_BENCH_DB=var/bench-duty/scale.db lifeline_bench_duty_schedule
// The first run adds 50 posts per generated utility (each with a normal and
// an epidemic roster of four of its staff) unless the database has them.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "app/duty/access.h"
#include "app/duty/board.h"
#include "app/duty/repo.h"
#include "app/duty/schedule.h"
#include "app/runtime.h"
#include "app/platform.h"
#include "store/database.h"

namespace {

using namespace lifeline;
using namespace lifeline::app;

constexpr int kPostsPerUtility = 50;

struct Data {
  std::unique_ptr<store::Database> db;
  Config config;
  SystemClock clock;
  EventBus events;
  std::unique_ptr<Runtime> rt;
  std::vector<duty::Post> posts;
  std::string last_day;
};

const char* const kRotations[] = {"day_night_12h", "three_shifts_8h", "daily_24h", "day_night_12h", "weekly"};
const char* const kKinds[] = {"plant_shift", "control_room", "dispatch", "hotline", "leader"};

// 50 posts per utility over its units, each with two rosters of four of the unit's people.
Status add_posts(store::Tx& tx, const std::string& first_day) {
  LL_TRY(auto utilities, tx.query("SELECT id, path FROM orgs WHERE kind = 'utility' ORDER BY id"));
  const Instant now = SystemClock().now();
  for (const auto& u : utilities) {
    LL_TRY(auto units, tx.query("SELECT id, path, name FROM orgs WHERE path LIKE ? AND id <> ? ORDER BY id",
                                {u.text(1) + "%", u.integer(0)}));
    LL_TRY(auto staff, tx.query("SELECT id FROM staff WHERE utility_id = ? AND active = 1 ORDER BY key_post DESC, id"
                                " LIMIT ?",
                                {u.integer(0), kPostsPerUtility * 8}));
    if (units.empty() || staff.size() < static_cast<size_t>(kPostsPerUtility * 8)) continue;
    for (int i = 0; i < kPostsPerUtility; ++i) {
      const auto& unit = units[static_cast<size_t>(i) % units.size()];
      duty::Post p;
      p.org_id = unit.integer(0);
      p.org_path = unit.text(1);
      p.name = "值班岗位 " + std::to_string(i + 1);
      p.kind = kKinds[i % 5];
      p.phone = "0731-8000" + std::to_string(1000 + i);
      p.red_phone = i == 0;
      LL_TRY(p.id, duty::repo::insert_post(tx, p, now));
      for (const char* kind : {"normal", "epidemic"}) {
        LL_TRY(int64_t roster, duty::repo::insert_roster(tx, p, kind, kind, now));
        duty::LayerInput l;
        l.name = "轮值";
        l.rotation = kRotations[i % 5];
        l.handoff = 8 * 60;
        l.starts_on = first_day;
        const size_t base = static_cast<size_t>(i) * 8 + (std::string_view(kind) == "normal" ? 0 : 4);
        for (size_t k = 0; k < 4; ++k) l.members.push_back(staff[base + k].integer(0));
        LL_TRY(int64_t layer, duty::repo::insert_layer(tx, roster, 1, l, duty::rotation_minutes(l.rotation),
                                                       from_millis(0), now));
        (void)layer;
      }
    }
  }
  return {};
}

Data& data() {
  static std::unique_ptr<Data> d;
  if (d) return *d;
  d = std::make_unique<Data>();
  const char* url = std::getenv("LIFELINE_BENCH_DB");
  auto opened = store::Database::open(url && *url ? url : "var/bench-duty/scale.db", {.pool_size = 2});
  if (!opened || !Platform::prepare(**opened)) {
    std::fprintf(stderr, "cannot open or migrate the data set\n");
    std::exit(1);
  }
  d->db = std::move(*opened);
  d->rt = std::make_unique<Runtime>(Runtime{*d->db, d->clock, d->events, d->config});
  auto ready = d->db->run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    LL_TRY(auto day, tx.query_one("SELECT MIN(day), MAX(day) FROM checkins"));
    if (!day || day->is_null(1)) return Error::internal("no generated data in this database");
    d->last_day = day->text(1);
    LL_TRY(auto have, tx.query_one("SELECT COUNT(*) FROM duty_posts"));
    if (have && have->integer(0) >= 1000) return {};
    return add_posts(tx, day->text(0));
  });
  auto posts = d->db->transact(store::TxMode::read, [](store::Tx& tx) { return duty::repo::posts_in(tx, "/"); });
  if (!ready || !posts) {
    std::fprintf(stderr, "%s\n", ready ? posts.error().message.c_str() : ready.error().message.c_str());
    std::exit(1);
  }
  d->posts = std::move(*posts);
  std::sort(d->posts.begin(), d->posts.end(), [](const duty::Post& a, const duty::Post& b) { return a.id < b.id; });
  std::fprintf(stderr, "%zu posts; days ending %s\n", d->posts.size(), d->last_day.c_str());
  return *d;
}

duty::Span span_of(const duty::Zone& zone, const std::string& last_day, int days) {
  return {zone.start_of(add_days(last_day, 1 - days)), zone.start_of(add_days(last_day, 1))};
}

std::vector<duty::Post> first(const Data& d, int64_t n) {
  return {d.posts.begin(), d.posts.begin() + std::min<int64_t>(n, static_cast<int64_t>(d.posts.size()))};
}

// Loading the plans and computing every post's final schedule.
void BM_final_schedule(benchmark::State& state) {
  Data& d = data();
  const auto zone = duty::zone_of(*d.rt);
  const auto posts = first(d, state.range(0));
  const auto span = span_of(zone, d.last_day, static_cast<int>(state.range(1)));
  size_t segments = 0;
  for (auto _ : state) {
    auto r = d.db->transact(store::TxMode::read, [&](store::Tx& tx) -> Result<size_t> {
      LL_TRY(auto plans, duty::repo::plans(tx, posts, span));
      size_t n = 0;
      for (const auto& p : plans) n += duty::final_schedule(zone, p, span).size();
      return n;
    });
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    segments = *r;
  }
  state.counters["segments"] = static_cast<double>(segments);
  state.counters["post_days"] = static_cast<double>(posts.size() * static_cast<size_t>(state.range(1)));
}

// Problems: schedules, the health register's unfit days (all 100,000 people), gaps, double bookings, rest.
void BM_problems(benchmark::State& state) {
  Data& d = data();
  const auto zone = duty::zone_of(*d.rt);
  const auto posts = first(d, state.range(0));
  const auto span = span_of(zone, d.last_day, static_cast<int>(state.range(1)));
  size_t found = 0;
  for (auto _ : state) {
    auto r = d.db->transact(store::TxMode::read, [&](store::Tx& tx) {
      return duty::Board::problems_of(tx, zone, posts, "/1/", span);
    });
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    found = r->size();
  }
  state.counters["problems"] = static_cast<double>(found);
}

void grid(benchmark::internal::Benchmark* b) {
  for (int days : {7, 30, 90}) b->Args({1000, days});
  for (int posts : {100, 250, 500}) b->Args({posts, 90});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_final_schedule)->Apply(grid);
BENCHMARK(BM_problems)->Apply(grid);

}  // namespace

BENCHMARK_MAIN();
