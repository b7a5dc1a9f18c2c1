// Special care (保水特护) of a priority customer: its care plan (patrols a
// day, pressure check, contact on call, measures; supply.manage) and the
// patrol records (who, when, ok or the problem found, pressure, photos;
// patrol.record, so a crew on the round can record). A patrol is overdue
// when the last one is older than 24 h / patrols_per_day (security.h).
#pragma once

#include "app/actor.h"
#include "app/assurance/model.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::assurance {

struct NewPatrol {
  std::optional<Instant> done_at;  // default: now
  bool ok = true;
  std::optional<double> pressure_m;
  std::string findings;
  std::vector<photos::NewPhoto> photos;
};

class Care {
 public:
  explicit Care(Runtime& rt) : rt_(rt) {}

  Result<CarePlan> put_plan(const Actor& actor, int64_t customer_id, const CarePlan& plan);
  Result<Patrol> record(const Actor& actor, int64_t customer_id, const NewPatrol& in);
  // Latest first, with their photos.
  Result<std::vector<Patrol>> patrols(const Actor& actor, int64_t customer_id, int64_t limit);

 private:
  Runtime& rt_;
};

// `full_contact` false: phone and ID numbers in the findings masked (app/privacy.h).
nlohmann::json to_json(const Patrol& p, bool full_contact = true);

}  // namespace lifeline::app::assurance
