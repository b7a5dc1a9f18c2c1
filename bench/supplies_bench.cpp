// Prevention supplies at scale (bench/supplies_load.sh runs all three):
//
//   lifeline_bench_supplies setup-load DB OUT [ITEMS]
//       a fresh database for the wrk load: a utility, a storekeeper with an API
//       token, one warehouse, ITEMS items (default 50) with 10^9 pieces each;
//       writes "TOKEN WAREHOUSE ITEM_ID..." to OUT
//   lifeline_bench_supplies generate DB [MOVEMENTS]
//       the association's year of ledger: 20 utilities × 5 warehouses × 30
//       items, MOVEMENTS (default 1,000,000) receipts and issues over the 365
//       days before today, with their lines and the stock they leave
//   LIFELINE_BENCH_DB=DB lifeline_bench_supplies [--benchmark_...]
//       the stock board with days of supply over that ledger: the whole
//       association, one utility, one warehouse
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "app/platform.h"
#include "app/supplies/access.h"
#include "app/supplies/stock.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/database.h"

namespace {

using namespace lifeline;
using store::Tx;
using store::TxMode;

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::exit(1);
}

std::unique_ptr<store::Database> open_db(const std::string& url) {
  auto db = store::Database::open(url, {.pool_size = 4});
  if (!db) die("cannot open " + url + ": " + db.error().message);
  if (auto st = app::Platform::prepare(**db); !st) die("cannot migrate: " + st.error().message);
  return std::move(*db);
}

struct App {
  explicit App(const std::string& url) : db(open_db(url)) {
    config.password_cost = "min";
    rt = std::make_unique<app::Runtime>(app::Runtime{*db, clock, events, config});
    platform = std::make_unique<app::Platform>(*rt);
  }
  std::unique_ptr<store::Database> db;
  Config config;
  SystemClock clock;
  EventBus events;
  std::unique_ptr<app::Runtime> rt;
  std::unique_ptr<app::Platform> platform;
};

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(*r);
}

int setup_load(const std::string& url, const std::string& out, int items) {
  App a(url);
  auto& p = *a.platform;
  const auto system = app::Actor::system("bench");
  auto utility = must(p.orgs().create(system, {1, "utility", "bench-u", "压测水司", std::nullopt, std::nullopt, std::nullopt}),
                      "utility");
  const std::string password = "bench-storekeeper-2020";
  must(p.accounts().create_user(system, {"bench_store", "压测物资管理员", "storekeeper", utility.id, password, "13800000000"}),
       "user");
  auto login = must(p.accounts().login("bench_store", password, "127.0.0.1", "setup"), "login");
  auto token = must(p.accounts().issue_token(login.actor, "bench", "write", std::nullopt), "token");
  auto w = must(p.supplies().catalog.create_warehouse(system, {utility.id, "B-01", "压测仓库", "", ""}), "warehouse");
  std::ofstream f(out, std::ios::trunc);
  f << token.secret << ' ' << w.id;
  for (int i = 0; i < items; ++i) {
    app::supplies::NewItem in;
    in.org_id = utility.id;
    in.code = "B" + std::to_string(i);
    in.name = "压测物资" + std::to_string(i);
    in.category = "mask_surgical";
    in.base_unit = "只";
    in.units = {{"盒", 50}};
    auto item = must(p.supplies().catalog.create_item(system, in), "item");
    app::supplies::NewMovement m;
    m.kind = "receipt";
    m.warehouse_id = w.id;
    m.item_id = item.id;
    m.quantity = 1e9;
    must(p.supplies().movements.record(system, m, std::nullopt), "receipt");
    f << ' ' << item.id;
  }
  f << '\n';
  return 0;
}

// Multi-row INSERTs, 500 rows a statement, one transaction per statement.
class Batch {
 public:
  Batch(store::Database& db, std::string head, int columns) : db_(db), head_(std::move(head)), columns_(columns) {}
  ~Batch() { flush(); }
  void add(store::Params row) {
    for (auto& v : row) params_.push_back(std::move(v));
    if (++rows_ == 500) flush();
  }
  void flush() {
    if (rows_ == 0) return;
    std::string sql = head_ + " VALUES ";
    std::string one = "(";
    for (int c = 0; c < columns_; ++c) one += c ? ",?" : "?";
    one += ")";
    for (int r = 0; r < rows_; ++r) sql += (r ? "," : "") + one;
    auto st = db_.run(TxMode::write, [&](Tx& tx) { return tx.execute(sql, params_); });
    if (!st) die("insert: " + st.error().message);
    params_.clear();
    rows_ = 0;
  }

 private:
  store::Database& db_;
  std::string head_;
  int columns_;
  int rows_ = 0;
  store::Params params_;
};

int generate(const std::string& url, int64_t movements) {
  App a(url);
  auto& p = *a.platform;
  const auto system = app::Actor::system("bench");
  const LocalTime lt = app::supplies::local_time(*a.rt);
  const Instant now = a.clock.now();
  const std::string today = lt.date(now);
  constexpr int kUtilities = 20, kWarehouses = 5, kItems = 30;
  struct Pair {
    int64_t warehouse, item, lot;
    std::string path;
    int64_t utility, on_hand = 0;
  };
  std::vector<Pair> pairs;
  for (int u = 0; u < kUtilities; ++u) {
    auto utility = must(p.orgs().create(system, {1, "utility", "gen-u" + std::to_string(u), "水司" + std::to_string(u),
                                                 std::nullopt, std::nullopt, std::nullopt}),
                        "utility");
    std::vector<int64_t> items;
    for (int i = 0; i < kItems; ++i) {
      app::supplies::NewItem in;
      in.org_id = utility.id;
      in.code = "G" + std::to_string(i);
      in.name = "物资" + std::to_string(i);
      in.category = i % 3 == 0 ? "mask_surgical" : i % 3 == 1 ? "alcohol" : "gloves";
      in.base_unit = "只";
      items.push_back(must(p.supplies().catalog.create_item(system, in), "item").id);
    }
    for (int w = 0; w < kWarehouses; ++w) {
      auto unit = must(p.orgs().create(system, {utility.id, "water_plant", "gen-u" + std::to_string(u) + "-p" + std::to_string(w),
                                                "水厂" + std::to_string(w), std::nullopt, std::nullopt, std::nullopt}),
                       "unit");
      auto wh = must(p.supplies().catalog.create_warehouse(system, {unit.id, "W" + std::to_string(w), "仓库" + std::to_string(w), "", ""}),
                     "warehouse");
      for (int64_t item : items) pairs.push_back({wh.id, item, 0, unit.path, utility.id});
    }
  }
  // One lot per item (no expiry), created up front.
  must(a.db->transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    for (auto& pr : pairs) {
      LL_CHECK(tx.execute("INSERT INTO supply_lots (item_id, lot_no, created_at) VALUES (?, '', ?) ON CONFLICT (item_id, lot_no) DO NOTHING",
                          {pr.item, to_millis(now)}));
      LL_TRY(auto row, tx.query_one("SELECT id FROM supply_lots WHERE item_id = ? AND lot_no = ''", {pr.item}));
      pr.lot = row->integer(0);
    }
    return true;
  }), "lots");
  int64_t next_id = 1;
  {
    auto max = must(a.db->transact(TxMode::read, [](Tx& tx) { return tx.query_one("SELECT COALESCE(MAX(id), 0) FROM supply_movements"); }),
                    "max id");
    next_id = max->integer(0) + 1;
  }
  std::mt19937_64 rng(2020);
  Batch moves(*a.db,
              "INSERT INTO supply_movements (id, utility_id, org_path, kind, source, warehouse_id, item_id, lot_id,"
              " quantity_milli, entered_quantity, entered_unit, to_name, purpose, day, occurred_at, created_by_name,"
              " created_at)",
              17);
  Batch lines(*a.db,
              "INSERT INTO supply_movement_lines (movement_id, warehouse_id, lot_id, item_id, org_path, day, delta_milli,"
              " used_milli)",
              8);
  for (int64_t n = 0; n < movements; ++n) {
    Pair& pr = pairs[rng() % pairs.size()];
    const int day_back = 364 - static_cast<int>(n * 365 / movements);
    const std::string day = add_days(today, -day_back);
    const Instant at = lt.at(day, 8 * 60 + static_cast<int>(rng() % 600));
    const bool receipt = pr.on_hand < 200000 || rng() % 4 == 0;
    const int64_t q = receipt ? 1000 * static_cast<int64_t>(500 + rng() % 2000) : 1000 * static_cast<int64_t>(1 + rng() % 100);
    const int64_t delta = receipt ? q : -q;
    pr.on_hand += delta;
    const int64_t id = next_id++;
    moves.add({id, pr.utility, pr.path, receipt ? "receipt" : "issue", receipt ? store::Value("purchase") : store::Value(),
               pr.warehouse, pr.item, pr.lot, q, static_cast<double>(q) / 1000, "只", receipt ? "" : "一线", receipt ? "" : "防护",
               day, to_millis(at), "bench", to_millis(now)});
    lines.add({id, pr.warehouse, pr.lot, pr.item, pr.path, day, delta, receipt ? 0 : q});
  }
  moves.flush();
  lines.flush();
  must(a.db->transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    for (const auto& pr : pairs)
      LL_CHECK(tx.execute("INSERT INTO supply_stock (warehouse_id, lot_id, item_id, org_path, on_hand_milli, updated_at)"
                          " VALUES (?,?,?,?,?,?) ON CONFLICT (warehouse_id, lot_id) DO UPDATE SET"
                          " on_hand_milli = excluded.on_hand_milli",
                          {pr.warehouse, pr.lot, pr.item, pr.path, pr.on_hand, to_millis(now)}));
    if (tx.dialect() == store::Dialect::postgres) {
      LL_CHECK(tx.query("SELECT setval(pg_get_serial_sequence('supply_movements', 'id'), (SELECT MAX(id) FROM supply_movements))"));
      LL_CHECK(tx.execute("ANALYZE"));
    }
    return true;
  }), "stock");
  std::printf("generated %lld movements over 365 days: %d utilities, %zu warehouse × item pairs\n",
              static_cast<long long>(movements), kUtilities, pairs.size());
  return 0;
}

struct Data {
  std::unique_ptr<App> app;
  std::string today, utility_path, warehouse_path;
};

Data& data() {
  static std::unique_ptr<Data> d;
  if (d) return *d;
  d = std::make_unique<Data>();
  const char* url = std::getenv("LIFELINE_BENCH_DB");
  d->app = std::make_unique<App>(url && *url ? url : "var/bench-supplies/ledger.db");
  d->today = app::supplies::local_time(*d->app->rt).date(d->app->clock.now());
  auto paths = must(d->app->db->transact(TxMode::read, [](Tx& tx) -> Result<std::pair<std::string, std::string>> {
    LL_TRY(auto u, tx.query_one("SELECT path FROM orgs WHERE code = 'gen-u0'"));
    LL_TRY(auto w, tx.query_one("SELECT org_path FROM supply_warehouses WHERE org_path LIKE ? ORDER BY id LIMIT 1",
                                {(u ? u->text(0) : std::string("/")) + "%"}));
    if (!u || !w) return Error::internal("no generated ledger in this database (run: generate)");
    return std::make_pair(u->text(0), w->text(0));
  }), "paths");
  d->utility_path = paths.first;
  d->warehouse_path = paths.second;
  return *d;
}

void board(benchmark::State& state, const std::string& path) {
  Data& d = data();
  size_t lines = 0;
  for (auto _ : state) {
    auto r = d.app->db->transact(TxMode::read, [&](Tx& tx) { return app::supplies::stock_board(tx, path, d.today); });
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    lines = r->size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["lines"] = static_cast<double>(lines);
}

void BM_stock_association(benchmark::State& state) { board(state, "/1/"); }
void BM_stock_utility(benchmark::State& state) { board(state, data().utility_path); }
void BM_stock_warehouse(benchmark::State& state) { board(state, data().warehouse_path); }
BENCHMARK(BM_stock_association)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_stock_utility)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_stock_warehouse)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::string(argv[1]) == "setup-load") {
    if (argc < 4) die("usage: lifeline_bench_supplies setup-load DB OUT [ITEMS]");
    return setup_load(argv[2], argv[3], argc > 4 ? std::atoi(argv[4]) : 50);
  }
  if (argc >= 2 && std::string(argv[1]) == "generate") {
    if (argc < 3) die("usage: lifeline_bench_supplies generate DB [MOVEMENTS]");
    return generate(argv[2], argc > 3 ? std::atoll(argv[3]) : 1000000);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
