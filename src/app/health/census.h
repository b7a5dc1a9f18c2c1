// Counts per unit and day, who is missing, trends, reminders and the daily summary.
//
// The counts come from one aggregate query per table (check-ins over the
// (day, org_path) index, the register, observation cases, the archive of
// purged days) grouped by unit path and rolled up in C++, so a utility or the
// whole association costs a handful of statements whatever its size.
// compute(), trend() and daily_summary() take an open transaction and no
// actor: benchmarks and the daily briefing call them directly; the Actor
// methods below check permissions and scope first.
#pragma once

#include <array>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/health/access.h"
#include "app/health/model.h"
#include "app/runtime.h"
#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

inline constexpr size_t kCountSize = std::size(kCountKeys);
using Counts = std::array<int64_t, kCountSize>;
// The index of a key of kCountKeys; kCountSize when unknown.
size_t count_index(std::string_view key);
nlohmann::json counts_json(const Counts& c);
// The Chinese column headers of the export, in the order of kCountKeys.
extern const char* const kCountHeadersZh[kCountSize];

// `required`: check-in was required that day (requirement.h); on days it
// was not, nobody counts as missing.
struct CensusUnit {
  int64_t org_id = 0;
  std::string name, kind;
  bool direct = false;  // people attached directly to the scope unit itself
  bool required = false;
  Counts counts{};
};

struct CensusTable {
  Scope org;
  std::string date;
  bool required = false;  // at some unit of the scope
  std::optional<std::string> required_since;  // the first day it was, at the scope unit
  Counts totals{};
  std::vector<CensusUnit> units;
};

struct TrendPoint {
  std::string date;
  bool required = false;  // at some unit of the scope
  Counts totals{};
};

nlohmann::json to_json(const CensusTable& t);
nlohmann::json to_json(const std::vector<TrendPoint>& trend);

inline constexpr int kMaxTrendDays = 92;

// A person on the register who has not checked in on a day (phone in full: callers mask it).
struct MissingPerson {
  int64_t staff_id = 0;
  std::string name, employee_no;
  int64_t org_id = 0;
  std::string org_name, org_path;
  std::optional<std::string> phone;
};
// Who in the subtree has not checked in on `day`; nobody once the day is purged.
// Callers leave out the units where check-in was not required that day.
Result<std::vector<MissingPerson>> missing_people(store::Tx& tx, const std::string& scope_path, const std::string& day);

class Census {
 public:
  explicit Census(Runtime& rt);

  // Without permission checks, for one unit subtree (its materialised path).
  Result<CensusTable> compute(store::Tx& tx, const std::string& scope_path, const std::string& date);
  Result<std::vector<TrendPoint>> trend(store::Tx& tx, const std::string& scope_path, const std::string& from,
                                        const std::string& to);
  // Every figure of the day as counts only: totals, abnormal cases by reason,
  // observations active / started / released, overdue outings, entrance
  // alerts, observation visits missing that day.
  Result<nlohmann::json> daily_summary(store::Tx& tx, const std::string& scope_path, const std::string& date);

  // The API (health.census unless noted; `org` defaults to the actor's unit, `date` to today).
  Result<CensusTable> table(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date);
  Result<nlohmann::json> trend(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> from,
                               std::optional<std::string> to);
  // XLSX: the day's table, and a trend sheet when from/to are given.
  Result<std::string> export_xlsx(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date,
                                  std::optional<std::string> from, std::optional<std::string> to);
  // Who has not checked in: full phone numbers for health officers, masked for the rest.
  Result<nlohmann::json> missing(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date);
  // Puts a reminder naming who is missing into the notify outbox, for the
  // unit's group robots (health.manage); says when no robot would receive it.
  Result<nlohmann::json> remind(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date);
  Result<nlohmann::json> summary(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date);

  const LocalTime& local_time() const { return *tz_; }

 private:
  Result<std::string> day_or_today(const std::optional<std::string>& date, const char* field) const;
  Runtime& rt_;
  std::optional<LocalTime> tz_;
};

}  // namespace lifeline::app::health
