// The schedule in force, overdue places and completion rates.
//
//   rounds a day     the place's own schedule (times per day, or runs per day
//                    of a bus disinfected after each run), raised by the
//                    emergency policy to at least its disinfection_rounds_per_day
//                    (twice a day under level I); frozen per place and day in
//                    disinfection_days when the day is planned (the scheduled
//                    job, or the first round recorded that day)
//   overdue          a place is due again 24 h ÷ rounds a day after its last
//                    round (after its creation when it has none); it is overdue
//                    kGraceMinutes after that, until a round is recorded
//   completion       per unit and day: Σ min(done, required) ÷ Σ required over
//                    the unit's places; past days from the frozen rows, today
//                    live; `missed` counts rounds short of the schedule on days
//                    that are over
//
// The job disinfection.rounds (every 5 minutes) plans today's rows and tells
// the unit about each newly overdue place through the notify outbox, once per
// missed interval (dedup key: place and last round).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/disinfection/places.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::disinfection {

inline constexpr int kGraceMinutes = 30;

// Rounds a day for a place under a policy minimum (0: none).
int rounds_in_force(const Place& p, int policy_minimum);
// The policy minimum at a unit (0 outside an emergency).
Result<int> policy_minimum(store::Tx& tx, const std::string& org_path);

struct OverduePlace {
  Place place;
  int required = 0;  // rounds a day in force
  int64_t done_today = 0;
  std::optional<Instant> last_done;
  Instant due_at;               // when the next round was due
  int64_t overdue_minutes = 0;  // since due_at
};

struct DayCompletion {
  int64_t org_id = 0;
  std::string org_name, org_path, day;
  int64_t places = 0, required = 0, done = 0, missed = 0, overdue_now = 0;
  double rate() const { return required > 0 ? static_cast<double>(done) / static_cast<double>(required) : 1.0; }
};

struct Totals {
  int64_t places = 0, required = 0, done = 0, missed = 0, overdue_now = 0;
  double rate() const { return required > 0 ? static_cast<double>(done) / static_cast<double>(required) : 1.0; }
};

// Overdue places under `org_path` at `now`.
Result<std::vector<OverduePlace>> overdue_under(store::Tx& tx, const std::string& org_path, Instant now,
                                                const std::string& today);
// Completion per unit (the places' own units) and day of [from, to].
Result<std::vector<DayCompletion>> completion_under(store::Tx& tx, const std::string& org_path,
                                                    const std::string& from, const std::string& to, Instant now,
                                                    const std::string& today);
Totals total_of(const std::vector<DayCompletion>& days);

// Plans a place's day (its required rounds) unless already planned.
Status plan_day(store::Tx& tx, const Place& p, const std::string& day, int required);

class Rounds {
 public:
  explicit Rounds(Runtime& rt) : rt_(rt) {}

  Result<std::vector<OverduePlace>> overdue(const Actor& actor, std::optional<int64_t> org);
  Result<std::vector<DayCompletion>> completion(const Actor& actor, std::optional<int64_t> org,
                                                const std::optional<std::string>& from,
                                                const std::optional<std::string>& to);
  // The scheduled job.
  Status plan_and_flag(Instant now);

 private:
  Runtime& rt_;
};

nlohmann::json to_json(const OverduePlace& o);
nlohmann::json to_json(const DayCompletion& d);

}  // namespace lifeline::app::disinfection
