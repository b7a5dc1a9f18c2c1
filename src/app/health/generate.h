// The scale data set (`lifeline health generate`): utilities under the root
// association with their units, a staff register, days of check-in history
// at realistic rates, observation cases with visits, outings, entrance
// checks, a level-I emergency from the first day, and logins (optionally API
// tokens) for load scripts. Fast: multi-row INSERTs in big transactions,
// person by person (all days of one person together keeps the (staff_id, day)
// index append-only). The pieces (names, staff, history, bulk insert) are
// reused by the demo seed (app/demo/health_seed.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

struct GenerateOptions {
  int utilities = 20;
  int staff = 100000;
  int days = 90;
  std::optional<std::string> end;     // last day of history; default: yesterday in time_zone
  uint64_t seed = 2020;
  std::string password = "lifeline-scale";
  bool fast_password_hash = false;    // Argon2id minimum cost (tests)
  bool open_window = false;           // check-in window 00:00–23:59 (load runs at any hour)
  bool tokens = false;                // a write API token per health officer (load scripts)
  std::string code_prefix = "g";      // utility codes g01, g02, …; logins g01_health, g01_commander
  std::string time_zone = "Asia/Shanghai";
};

struct GeneratedUtility {
  int64_t id = 0;
  std::string code, name;
  int64_t first_staff_id = 0, last_staff_id = 0;  // their register ids are this contiguous range
  int64_t staff = 0;
  std::string health_login, commander_login;
  std::string token;                   // with GenerateOptions::tokens: the health officer's bearer token
};

struct GenerateResult {
  std::vector<GeneratedUtility> utilities;
  std::string first_day, last_day;
  int64_t units = 0, staff = 0, checkins = 0, observations = 0, visits = 0, outings = 0, entrance_checks = 0,
          household_members = 0;
  double seconds = 0;
};

Result<GenerateResult> generate(store::Database& db, const GenerateOptions& options);

namespace gen {

// Seeded pseudo-random choices (deterministic per seed).
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  bool chance(double p) { return uniform() < p; }
  double uniform() { return std::uniform_real_distribution<double>(0, 1)(engine_); }
  int below(int n) { return n <= 1 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(engine_); }
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
  double normal(double mean, double sd) { return std::normal_distribution<double>(mean, sd)(engine_); }
  template <typename T, size_t N>
  const T& pick(const T (&items)[N]) { return items[below(static_cast<int>(N))]; }
  template <typename T>
  const T& pick(const std::vector<T>& items) { return items[below(static_cast<int>(items.size()))]; }

 private:
  std::mt19937_64 engine_;
};

std::string person_name(Random& r);     // 张伟, 欧阳晓峰 …
std::string mobile_phone(Random& r);    // 1[3-9] and nine digits

// Rows of one table written many to an INSERT statement.
class BulkInsert {
 public:
  // `table_columns`: "checkins (staff_id, day, ...)".
  BulkInsert(store::Tx& tx, std::string table_columns, size_t columns, size_t rows_per_statement = 400);
  Status add(store::Params row);  // flushes when a statement is full
  Status flush();
  int64_t rows() const { return rows_; }

 private:
  std::string statement(size_t rows) const;

  store::Tx& tx_;
  std::string head_;
  size_t columns_, per_statement_;
  std::string full_sql_;
  store::Params pending_;
  int64_t rows_ = 0;
};

// A unit staff can work in, and how many of a utility's staff it gets (relative).
struct Unit {
  int64_t id = 0;
  std::string path, kind, name;
  double weight = 1;
};

struct Person {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, unit_kind, name;
  bool key_post = false;
  std::optional<int64_t> user_id;
};

// Inserts `count` people spread over `units` by weight (employee numbers
// prefix + 6 digits, ~15% key posts, more at plants and repair teams) and
// returns them, ordered by register id.
Result<std::vector<Person>> add_staff(store::Tx& tx, Random& r, int64_t utility_id, const std::vector<Unit>& units,
                                      int count, const std::string& employee_prefix, const std::string& joined_on,
                                      int64_t now_ms);

struct HistoryOptions {
  std::string first_day, last_day;
  LocalTime local;
  int window_start = 7 * 60, deadline = 10 * 60;
  double fever_celsius = 37.3;
  std::vector<std::string> symptoms;
  double checkin_rate = 0.97;
  // The last day is today (the demo): this share has checked in, all before `now_minute`.
  std::optional<int> now_minute;
  double today_rate = 0.85;
  std::optional<int64_t> officer;     // entered_by of proxy check-ins, visits' recorder, outing approver
  std::string officer_name = "健康专员";
  bool cases = true;                  // observation cases, outings
  // The Spring Festival the travel is planned around; the one nearest
  // first_day when absent (the demo replays 2020's festival on its timeline).
  std::optional<std::string> spring_festival;
  // The first day's check-ins come after this minute (a response declared
  // mid-morning: people report once told, past that day's deadline).
  std::optional<int> first_day_from;
};

struct HistoryCounts {
  int64_t checkins = 0, observations = 0, visits = 0, outings = 0, household_members = 0;
};

// Every person's check-ins from first_day to last_day (person by person),
// with Spring-Festival travel, a few fevers and symptoms, home-observation
// cases with daily visits and outings.
Result<HistoryCounts> add_history(store::Tx& tx, Random& r, const std::vector<Person>& people, size_t begin,
                                  size_t end, const HistoryOptions& o);

// Temperature readings at the entrances of `sites` (staff of the site and a few visitors), per day.
Result<int64_t> add_entrance_checks(store::Tx& tx, Random& r, const std::vector<Unit>& sites,
                                    const std::vector<Person>& people, const HistoryOptions& o, int per_site_day);

// Derived fields of a check-in, as the rules of the check-in part compute them.
// `risk_area`: the city they are in is an active risk area. Codes in the order of rules.h kReasonCodes.
std::vector<std::string> abnormal_reasons(double temperature, double fever_celsius, bool symptoms, bool risk_travel,
                                          bool risk_area, const std::string& contact);

}  // namespace gen
}  // namespace lifeline::app::health
