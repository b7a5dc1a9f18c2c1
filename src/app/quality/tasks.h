// Sampling tasks (采样任务): who samples where, what to test and by when.
// Generated per local day from the plans in force (a job on the shared
// scheduler; one task per plan, point and slot, kept unique by task_key, so a
// run repeated on another server adds nothing), flagged overdue when their
// due time passes open, and added ad hoc: a hotline complaint, a repaired
// main before it returns to service, an exceedance's retests at the point and
// its network neighbours. A result sheet fulfils the task it names (or the
// point's nearest open task of its level that day).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/quality/model.h"
#include "app/runtime.h"
#include "core/local_time.h"
#include "store/database.h"

namespace lifeline::app::quality {

struct TaskFilter {
  std::optional<int64_t> org, point;
  std::optional<std::string> date, state, kind;
};

struct TaskList {
  std::string date;
  std::vector<Task> items;
  int64_t open = 0, done = 0, overdue = 0, cancelled = 0;
};

struct AdHocTask {
  int64_t point_id = 0;
  std::vector<std::string> indicators;
  std::optional<std::string> level;      // default: centre for network points, plant at plants
  std::optional<Instant> due_at;         // default: in 4 hours
  std::string origin_type = "manual";    // hotline_call, incident, manual
  std::optional<int64_t> origin_id;
  std::string note;
};

struct Generated {
  int64_t utilities = 0, plans = 0, created = 0, cancelled = 0;
};

class Tasks {
 public:
  explicit Tasks(Runtime& rt) : rt_(rt) {}

  Result<TaskList> list(const Actor& actor, const TaskFilter& f);
  Result<Task> get(const Actor& actor, int64_t id);
  Result<Task> create_adhoc(const Actor& actor, const AdHocTask& t);
  Status cancel(const Actor& actor, int64_t id, const std::string& reason);

  // The job: today's tasks of every utility from the plans in force (slots due
  // from `not_before` on), the regime of the day recorded, tasks of plans no
  // longer in force cancelled, and overdue tasks flagged.
  Result<Generated> generate_day(const std::string& day, Instant not_before);
  Result<Generated> generate_for(int64_t utility_id, const std::string& day, Instant not_before);
  Result<int64_t> flag_overdue(Instant now);
  Status run(Instant now);  // the scheduler's entry point

 private:
  Runtime& rt_;
};

namespace task_repo {
Result<std::vector<Task>> select(store::Tx& tx, const std::string& where, const store::Params& params);
// Inserts a task unless its key exists; true when it was added.
Result<bool> insert(store::Tx& tx, const Task& t);
}  // namespace task_repo

// The due times of a plan's slots at a point on a day (empty: not this day).
// Monthly and rarer plans spread their points over the month by point id.
std::vector<Instant> slots(const Plan& plan, int64_t point_id, const std::string& day, const LocalTime& local);

nlohmann::json to_json(const Task& t);

}  // namespace lifeline::app::quality
