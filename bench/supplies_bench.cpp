// Prevention supplies at association scale (docs/supplies.md, "Figures"):
// the stock board (on hand, days of supply, alerts per warehouse and item)
// and the lowest masks' days of supply of the daily summary, for one utility
// and for the association, over a year of ledger: 1,000,000 movements.
//
// The data set is generated once into LIFELINE_BENCH_DB (default
// var/bench-supplies/supplies.db; a postgres:// URL works too): 20 utilities
// with 2 plants each, a warehouse at the utility and at each plant, the
// module's catalogue of 12 items per utility (created through
// supplies::Catalog), 5,000 staff per utility (the forecast's headcount), and
// 2019-02-01 … 2020-01-31 of receipts, issues and transfers. The ledger is
// simulated in memory with the ledger's own rules (FEFO over lots, a transfer
// writes both sides, never below zero) and written with the columns
// ledger.cpp writes — movements, lines, lots and the stock rows — in
// multi-row INSERTs. Before timing, the module's stock board must agree with
// the ledger for one warehouse and item (on hand = Σ lines = Σ signed
// movements; daily use = the window's issues ÷ 14), or the run stops.
//   build/release/bench/lifeline_bench_supplies --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "app/platform.h"
#include "app/supplies/stock.h"
#include "core/local_time.h"
#include "core/log.h"
#include "core/time.h"
#include "store/database.h"

namespace {

using namespace lifeline;
using app::Actor;
namespace supplies = app::supplies;

constexpr int kUtilities = 20;
constexpr int kPlants = 2;
constexpr int kStaffPerUtility = 5000;
constexpr int64_t kMovements = 1'000'000;
constexpr const char* kFirstDay = "2019-02-01";  // a year: 2019-02-01 … 2020-01-31
constexpr int kDays = 365;
constexpr const char* kToday = "2020-01-31";

struct CatalogueItem {
  const char* code;
  const char* name;
  const char* category;
  const char* unit;
  double per_person_day;  // 0: no forecast rule
};
constexpr CatalogueItem kCatalogue[] = {
    {"KZ-N95", "N95口罩", "mask_n95", "只", 0},
    {"KZ-KN95", "KN95口罩", "mask_kn95", "只", 0.2},
    {"KZ-YY", "医用外科口罩", "mask_surgical", "只", 1},
    {"KZ-PT", "普通口罩", "mask_ordinary", "只", 0},
    {"ST", "一次性手套", "gloves", "副", 0},
    {"FHF", "防护服", "protective_suit", "套", 0},
    {"HMJ", "护目镜", "goggles", "副", 0},
    {"MZ", "防护面罩", "face_shield", "个", 0},
    {"JJ75", "75%酒精", "alcohol", "L", 0},
    {"NACLO", "次氯酸钠溶液（10%）", "hypochlorite", "kg", 0},
    {"HLP", "含氯消毒片", "chlorine_tablet", "瓶", 0},
    {"TWQ", "额温枪", "thermometer", "支", 0},
};
constexpr int kItems = sizeof kCatalogue / sizeof kCatalogue[0];

class Draw {
 public:
  explicit Draw(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1)); }

 private:
  uint64_t s_;
};

struct Data {
  std::unique_ptr<store::Database> db;
  Config config;
  std::unique_ptr<ManualClock> clock;
  EventBus events;
  std::unique_ptr<app::Runtime> rt;
  std::unique_ptr<app::Platform> platform;
  int64_t first_utility = 0;
};

// ---- the ledger, simulated with the rules of ledger.cpp ----------------------

struct Wh {
  int64_t id = 0, utility_id = 0;
  std::string path;
};

struct LotState {
  int64_t id = 0;
  std::string expires_on;
};

struct StockCell {  // one (warehouse, lot) row of supply_stock
  int64_t item_id = 0;
  std::string expires_on;
  int64_t on_hand = 0;
};

// Multi-row INSERTs of `columns` values each, flushed every `batch` rows (0: by the caller).
class Batch {
 public:
  Batch(store::Tx& tx, std::string head, int columns, int batch)
      : tx_(tx), head_(std::move(head)), batch_(batch) {
    row_ = "(";
    for (int i = 0; i < columns; ++i) row_ += i ? ",?" : "?";
    row_ += ")";
  }
  Status add(std::initializer_list<store::Value> values) {
    sql_ += rows_ ? "," + row_ : row_;
    params_.insert(params_.end(), values);
    return ++rows_ == batch_ ? flush() : Status{};
  }
  int rows() const { return rows_; }
  Status flush() {
    if (!rows_) return {};
    LL_CHECK(tx_.execute(head_ + " VALUES " + sql_, params_));
    sql_.clear();
    params_.clear();
    rows_ = 0;
    return {};
  }

 private:
  store::Tx& tx_;
  std::string head_, row_, sql_;
  int batch_, rows_ = 0;
  store::Params params_;
};

class Ledger {
 public:
  Ledger(store::Tx& tx, int64_t first_movement, int64_t first_lot)
      : tx_(tx),
        next_movement_(first_movement),
        next_lot_(first_lot),
        movements_(tx,
                   "INSERT INTO supply_movements (id, utility_id, org_path, kind, source, warehouse_id,"
                   " to_warehouse_id, item_id, lot_id, quantity_milli, entered_quantity, entered_unit, to_name,"
                   " purpose, supplier, reference, day, occurred_at, created_by_name, created_at)",
                   20, 0),
        lines_(tx,
               "INSERT INTO supply_movement_lines (movement_id, warehouse_id, lot_id, item_id, org_path, day,"
               " delta_milli, used_milli)",
               8, 0),
        lots_(tx, "INSERT INTO supply_lots (id, item_id, lot_no, expires_on, created_at)", 5, 0) {}

  // Every 200 movements, in the order of the foreign keys: lots, movements, lines.
  Status flush(bool force = false) {
    if (!force && movements_.rows() < 200) return {};
    LL_CHECK(lots_.flush());
    LL_CHECK(movements_.flush());
    return lines_.flush();
  }

  Status receipt(const Wh& w, int64_t item, const std::string& unit, int64_t units, const std::string& day,
                 int64_t at, Draw& draw) {
    const int64_t id = next_movement_++;
    const LotState lot{next_lot_++, add_days(day, static_cast<int>(draw.between(400, 800)))};
    const std::string lot_no = "R" + std::to_string(id);
    LL_CHECK(lots_.add({lot.id, item, lot_no, lot.expires_on, at}));
    lots_of_[{w.id, item}].push_back(lot);
    cell(w.id, lot, item).on_hand += units * 1000;
    LL_CHECK(movements_.add({id, w.utility_id, w.path, "receipt", "purchase", w.id, nullptr, item, lot.id,
                             units * 1000, static_cast<double>(units), unit, "", "", "供应商", "RK" + std::to_string(id),
                             day, at, "bench", at}));
    LL_CHECK(lines_.add({id, w.id, lot.id, item, w.path, day, units * 1000, int64_t{0}}));
    return flush();
  }

  // An issue (to a team) or a transfer to `to`; false when the stock cannot cover it.
  Result<bool> take(const std::string& kind, const Wh& w, const Wh* to, int64_t item, const std::string& unit,
                    int64_t units, const std::string& day, int64_t at) {
    auto& lots = lots_of_[{w.id, item}];  // in FEFO order: expiry grows with the receipt day
    int64_t usable = 0;
    for (const auto& l : lots) usable += stock_[{w.id, l.id}].on_hand;
    if (usable < units * 1000) return false;
    const int64_t id = next_movement_++;
    LL_CHECK(movements_.add({id, w.utility_id, w.path, kind, nullptr, w.id, to ? store::Value(to->id) : store::Value(),
                             item, nullptr, units * 1000, static_cast<double>(units), unit,
                             kind == "issue" ? "一线班组" : "", kind == "issue" ? "日常防护" : "", "", "", day, at,
                             "bench", at}));
    int64_t left = units * 1000;
    std::vector<std::pair<LotState, int64_t>> taken;
    for (const auto& l : lots) {
      if (left == 0) break;
      auto& c = stock_[{w.id, l.id}];
      const int64_t part = std::min(left, c.on_hand);
      if (part == 0) continue;
      c.on_hand -= part;
      left -= part;
      taken.push_back({l, part});
      LL_CHECK(lines_.add({id, w.id, l.id, item, w.path, day, -part, kind == "issue" ? part : int64_t{0}}));
    }
    std::erase_if(lots, [&](const LotState& l) { return stock_[{w.id, l.id}].on_hand == 0; });
    if (to) {
      auto& target = lots_of_[{to->id, item}];
      for (const auto& [l, part] : taken) {
        cell(to->id, l, item).on_hand += part;
        if (std::none_of(target.begin(), target.end(), [&](const LotState& t) { return t.id == l.id; })) {
          target.push_back(l);
          std::sort(target.begin(), target.end(),
                    [](const LotState& a, const LotState& b) { return std::tie(a.expires_on, a.id) < std::tie(b.expires_on, b.id); });
        }
        LL_CHECK(lines_.add({id, to->id, l.id, item, to->path, day, part, int64_t{0}}));
      }
    }
    LL_CHECK(flush());
    return true;
  }

  // The stock rows as the ledger leaves them (rows that reached zero stay).
  Status finish(const std::map<int64_t, std::string>& paths, int64_t at) {
    LL_CHECK(flush(true));
    Batch stock(tx_,
                "INSERT INTO supply_stock (warehouse_id, lot_id, item_id, org_path, expires_on, on_hand_milli,"
                " updated_at)",
                7, 500);
    for (const auto& [key, c] : stock_)
      LL_CHECK(stock.add({key.first, key.second, c.item_id, paths.at(key.first), c.expires_on, c.on_hand, at}));
    return stock.flush();
  }

 private:
  StockCell& cell(int64_t warehouse, const LotState& lot, int64_t item) {
    auto [it, added] = stock_.try_emplace({warehouse, lot.id});
    if (added) it->second = {item, lot.expires_on, 0};
    return it->second;
  }

  store::Tx& tx_;
  int64_t next_movement_, next_lot_;
  Batch movements_, lines_, lots_;
  std::map<std::pair<int64_t, int64_t>, std::vector<LotState>> lots_of_;  // (warehouse, item) → lots with stock
  std::map<std::pair<int64_t, int64_t>, StockCell> stock_;                // (warehouse, lot)
};

// ---- generation --------------------------------------------------------------

struct Utility {
  int64_t id = 0;
  std::vector<Wh> warehouses;  // [0] at the utility, then one per plant
  std::vector<int64_t> items;
};

Result<std::vector<Utility>> catalogue(Data& d) {
  const Actor system = Actor::system("bench");
  std::vector<Utility> out;
  for (int u = 0; u < kUtilities; ++u) {
    char code[48], name[48];
    std::snprintf(code, sizeof code, "u%02d", u);
    std::snprintf(name, sizeof name, "水司%02d", u);
    LL_TRY(auto utility, d.platform->orgs().create(system, {1, "utility", code, name, std::nullopt, std::nullopt,
                                                            std::nullopt}));
    std::vector<app::org::Org> units{utility};
    for (int p = 0; p < kPlants; ++p) {
      std::snprintf(code, sizeof code, "u%02d-p%d", u, p);
      std::snprintf(name, sizeof name, "第%d水厂", p + 1);
      LL_TRY(auto plant, d.platform->orgs().create(system, {utility.id, "water_plant", code, name, std::nullopt,
                                                            std::nullopt, std::nullopt}));
      units.push_back(plant);
    }
    Utility out_u{utility.id, {}, {}};
    for (size_t i = 0; i < units.size(); ++i) {
      std::snprintf(code, sizeof code, "W%zu", i);
      LL_TRY(auto w, d.platform->supplies().catalog.create_warehouse(
                         system, {units[i].id, code, i ? units[i].name + "物资仓库" : "公司防疫物资仓库", "", ""}));
      out_u.warehouses.push_back({w.id, w.utility_id, w.org_path});
    }
    for (const auto& c : kCatalogue) {
      supplies::NewItem item;
      item.org_id = utility.id;
      item.code = c.code;
      item.name = c.name;
      item.category = c.category;
      item.base_unit = c.unit;
      if (c.per_person_day > 0) item.per_person_day = c.per_person_day;
      if (std::string_view(c.unit) == "只") item.units = {{"盒", 50}};
      LL_TRY(auto created, d.platform->supplies().catalog.create_item(system, item));
      out_u.items.push_back(created.id);
    }
    // The forecast's headcount: 40 % at the utility's offices, the rest at the plants.
    LL_CHECK(d.db->transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
      Batch staff(tx,
                  "INSERT INTO staff (utility_id, org_id, org_path, employee_no, name, joined_on, created_at,"
                  " updated_at)",
                  8, 500);
      for (int s = 0; s < kStaffPerUtility; ++s) {
        const auto& unit = units[s * 10 < kStaffPerUtility * 4 ? 0 : 1 + s % kPlants];
        LL_CHECK(staff.add({utility.id, unit.id, unit.path, "E" + std::to_string(s), "职工", "2019-01-01",
                            int64_t{0}, int64_t{0}}));
      }
      LL_CHECK(staff.flush());
      return true;
    }));
    out.push_back(std::move(out_u));
  }
  return out;
}

// A year of movements, kMovements in all: per utility and day, 90 % issues
// (1–100 units from any warehouse), 5 % receipts (200–2,000 units, a new lot
// expiring in 400–800 days), 5 % transfers (100–500 units from the utility's
// warehouse to a plant's). A movement the stock cannot cover becomes a receipt.
Status ledger(Data& d, const std::vector<Utility>& utilities) {
  const LocalTime local = *LocalTime::load("Asia/Shanghai");
  std::map<int64_t, std::string> paths;
  for (const auto& u : utilities)
    for (const auto& w : u.warehouses) paths[w.id] = w.path;
  Draw draw(2020);
  return d.db->run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    Ledger book(tx, 1, 1);
    int64_t written = 0;
    for (int day = 0; day < kDays; ++day) {
      const std::string date = add_days(kFirstDay, day);
      const int64_t start = to_millis(local.start_of(date)) + 8 * 3600 * 1000;  // 08:00
      const int64_t today = (kMovements * (day + 1)) / kDays - written;
      for (int64_t n = 0; n < today; ++n, ++written) {
        const Utility& u = utilities[static_cast<size_t>(n % kUtilities)];
        const auto i = static_cast<size_t>(draw.next() % kItems);
        const int64_t item = u.items[i];
        const std::string unit = kCatalogue[i].unit;
        const int64_t at = start + n * (10 * 3600 * 1000) / today;  // 08:00 – 18:00
        const int64_t kind = draw.between(1, 100);
        const Wh& central = u.warehouses[0];
        const Wh& plant = u.warehouses[static_cast<size_t>(1 + draw.next() % kPlants)];
        bool done = false;
        if (kind <= 90) {
          const Wh& from = draw.next() % 2 ? central : plant;
          LL_TRY(done, book.take("issue", from, nullptr, item, unit, draw.between(1, 100), date, at));
        } else if (kind <= 95) {
          LL_TRY(done, book.take("transfer", central, &plant, item, unit, draw.between(100, 500), date, at));
        }
        if (!done) {
          const Wh& to = draw.between(1, 10) <= 7 ? central : plant;
          LL_CHECK(book.receipt(to, item, unit, draw.between(200, 2000), date, at, draw));
        }
      }
    }
    LL_CHECK(book.finish(paths, to_millis(local.start_of(kToday))));
    if (d.db->dialect() == store::Dialect::postgres) {
      // Explicit ids above: move the identities past them for what the server adds later.
      for (const char* table : {"supply_movements", "supply_lots"})
        LL_CHECK(tx.execute(std::string("SELECT setval(pg_get_serial_sequence('") + table + "', 'id'), (SELECT MAX(id) FROM " +
                            table + "))"));
    }
    return {};
  });
}

// The module's board must agree with the ledger for one warehouse and item.
Status check(Data& d) {
  return d.db->run(store::TxMode::read, [&](store::Tx& tx) -> Status {
    LL_TRY(auto pick, tx.query_one("SELECT w.id, i.id FROM supply_warehouses w JOIN supply_items i ON"
                                   " i.utility_id = w.utility_id WHERE w.utility_id = ? ORDER BY w.id, i.id LIMIT 1",
                                   {d.first_utility}));
    if (!pick) return Error::internal("no warehouse");
    const int64_t w = pick->integer(0), item = pick->integer(1);
    LL_TRY(auto lines, tx.query_one("SELECT COALESCE(SUM(delta_milli), 0) FROM supply_movement_lines"
                                    " WHERE warehouse_id = ? AND item_id = ?",
                                    {w, item}));
    // Signed movements: in by receipts, returns and transfers to here; out by the rest.
    LL_TRY(auto moves, tx.query_one(
                           "SELECT COALESCE(SUM(CASE WHEN kind IN ('receipt', 'return') AND warehouse_id = ? THEN"
                           " quantity_milli WHEN kind = 'transfer' AND to_warehouse_id = ? THEN quantity_milli"
                           " WHEN kind = 'adjust' THEN difference_milli ELSE -quantity_milli END), 0),"
                           " COALESCE(SUM(CASE WHEN kind = 'issue' AND day >= ? AND day <= ? THEN quantity_milli END), 0)"
                           " FROM supply_movements WHERE item_id = ? AND (warehouse_id = ? OR to_warehouse_id = ?)"
                           " AND reverses_id IS NULL",
                           {w, w, add_days(kToday, 1 - supplies::kUseWindowDays), kToday, item, w, w}));
    LL_TRY(auto board, supplies::stock_board(tx, "/", kToday));
    for (const auto& s : board) {
      if (s.warehouse_id != w || s.item.id != item) continue;
      const double use = static_cast<double>(moves->integer(1)) / 1000.0 / supplies::kUseWindowDays;
      if (s.on_hand_milli != lines->integer(0) || s.on_hand_milli != moves->integer(0) ||
          std::abs(s.daily_use - use) > 1e-9)
        return Error::internal("board " + std::to_string(s.on_hand_milli) + " (use " + std::to_string(s.daily_use) +
                               "), lines " + std::to_string(lines->integer(0)) + ", movements " +
                               std::to_string(moves->integer(0)) + " (use " + std::to_string(use) + ")");
      std::fprintf(stderr, "check: warehouse %lld item %lld on hand %.3f = Σ lines = Σ movements; daily use %.2f\n",
                   static_cast<long long>(w), static_cast<long long>(item), s.on_hand_milli / 1000.0, s.daily_use);
      return {};
    }
    return Error::internal("the board has no line for the checked item");
  });
}

// The association's board and supplies summary as JSON into `path`, to
// compare what two builds answer on the same data set.
Status dump(Data& d, const std::string& path) {
  const Actor system = Actor::system("bench");
  LL_TRY(auto board, d.platform->supplies().stock.board(system, int64_t{1}, std::nullopt));
  nlohmann::json out = {{"board", nlohmann::json::array()}, {"summary", nlohmann::json::array()}};
  for (const auto& line : board) out["board"].push_back(supplies::to_json(line));
  LL_TRY(auto section, d.platform->supplies().summary.summarise(system, {1, "/1/", "", ""}, {kToday, kToday}));
  if (section)
    for (const auto& f : section->figures) out["summary"].push_back({{"key", f.key}, {"value", f.value}});
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return Error::internal("cannot write " + path);
  const std::string text = out.dump(1);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  std::fprintf(stderr, "dump: %zu board lines into %s\n", board.size(), path.c_str());
  return {};
}

Data& data() {
  static std::unique_ptr<Data> d;
  if (d) return *d;
  d = std::make_unique<Data>();
  (void)init_logging("warn");  // stdout carries the results (--benchmark_format=json)
  const char* env = std::getenv("LIFELINE_BENCH_DB");
  const std::string url = env && *env ? env : "var/bench-supplies/supplies.db";
  const bool sqlite = !url.starts_with("postgres");
  if (sqlite) std::filesystem::create_directories(std::filesystem::path(url).parent_path());
  auto opened = store::Database::open(url, {.pool_size = 2, .durable = false});
  if (!opened) {
    std::fprintf(stderr, "cannot open %s: %s\n", url.c_str(), opened.error().message.c_str());
    std::exit(1);
  }
  d->db = std::move(*opened);
  d->config.time_zone = "Asia/Shanghai";
  const LocalTime local = *LocalTime::load("Asia/Shanghai");
  d->clock = std::make_unique<ManualClock>(local.start_of(kToday) + std::chrono::hours(15));  // 15:00 that day
  auto fail = [&](const char* what, const Error& e) {
    std::fprintf(stderr, "%s: %s\n", what, e.message.c_str());
    std::exit(1);
  };
  if (auto st = app::Platform::prepare(*d->db); !st) fail("migrate", st.error());
  d->rt = std::make_unique<app::Runtime>(app::Runtime{*d->db, *d->clock, d->events, d->config});
  d->platform = std::make_unique<app::Platform>(*d->rt);
  auto existing = d->db->transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::optional<store::Row>> {
    return tx.query_one("SELECT MIN(utility_id), COUNT(*) FROM supply_movements");
  });
  if (!existing) fail("read", existing.error());
  if (*existing && (*existing)->integer(1) >= kMovements) {
    d->first_utility = (*existing)->integer(0);
  } else {
    std::fprintf(stderr, "generating %d utilities, %lld movements over %d days into %s …\n", kUtilities,
                 static_cast<long long>(kMovements), kDays, url.c_str());
    auto utilities = catalogue(*d);
    if (!utilities) fail("catalogue", utilities.error());
    if (auto st = ledger(*d, *utilities); !st) fail("ledger", st.error());
    d->first_utility = utilities->front().id;
  }
  if (auto st = check(*d); !st) fail("check", st.error());
  if (const char* out = std::getenv("LIFELINE_BENCH_BOARD_DUMP"); out && *out)
    if (auto st = dump(*d, out); !st) fail("dump", st.error());
  return *d;
}

// The stock board as GET /api/v1/supplies/stock?org= reads it: every
// warehouse and item under the unit with on hand, days of supply and alerts.
void board(benchmark::State& state, bool association) {
  Data& d = data();
  const Actor system = Actor::system("bench");
  const int64_t org = association ? 1 : d.first_utility;
  size_t lines = 0;
  for (auto _ : state) {
    auto r = d.platform->supplies().stock.board(system, org, std::nullopt);
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      break;
    }
    lines = r->size();
    benchmark::DoNotOptimize(r);
  }
  state.counters["lines"] = static_cast<double>(lines);
}

// The lowest masks' days of supply as the daily summary (command centre, big
// screen, briefing) reads it: the supplies section for the unit and today.
void days_of_supply(benchmark::State& state, bool association) {
  Data& d = data();
  const Actor system = Actor::system("bench");
  auto scope = d.db->transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::optional<store::Row>> {
    return tx.query_one("SELECT id, path FROM orgs WHERE id = ?", {association ? int64_t{1} : d.first_utility});
  });
  if (!scope || !*scope) {
    state.SkipWithError("no unit");
    return;
  }
  const app::summary::Scope unit{(*scope)->integer(0), (*scope)->text(1), "", ""};
  const app::summary::Period today{kToday, kToday};
  double value = -1;
  for (auto _ : state) {
    auto r = d.platform->supplies().summary.summarise(system, unit, today);
    if (!r || !*r) {
      state.SkipWithError(r ? "no section" : r.error().message.c_str());
      break;
    }
    for (const auto& f : (*r)->figures)
      if (f.key == "mask_days_of_supply") value = f.value;
  }
  state.counters["mask_days"] = value;
}

void BM_stock_board_utility(benchmark::State& s) { board(s, false); }
void BM_stock_board_association(benchmark::State& s) { board(s, true); }
void BM_days_of_supply_utility(benchmark::State& s) { days_of_supply(s, false); }
void BM_days_of_supply_association(benchmark::State& s) { days_of_supply(s, true); }

}  // namespace

BENCHMARK(BM_stock_board_utility)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_stock_board_association)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_days_of_supply_utility)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_days_of_supply_association)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
