// On which days daily check-in was required at a unit.
//
// The rule (docs/health.md, "Days check-in is required"): a local day counts
// for a unit when, at some moment of that day, an emergency response covering
// the unit was in force at a level whose policy requires check-in
// (emergency/policy.h). The declaration day counts — people are told to
// report that day —, and so does the day a response ends or drops to a level
// without check-in. Days before show "not required" (未要求打卡): nobody on
// them is missing. The census, its trend, the missing list and the daily
// summary all follow this one rule.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

// The spans of local days (first, last; last absent while still required)
// during which check-in is required at the units under a path.
struct Requirement {
  struct Span {
    std::string covered_path;  // the covered unit the span applies under
    std::string first;
    std::optional<std::string> last;
  };
  std::vector<Span> spans;

  // Whether check-in was required on `day` at the unit with this path.
  bool on(const std::string& unit_path, const std::string& day) const;
  // Whether it was required on `day` at any unit under `scope_path`.
  bool anywhere_under(const std::string& scope_path, const std::string& day) const;
  // The first day it was required at the unit; nullopt when never.
  std::optional<std::string> since(const std::string& unit_path) const;
};

// Every response, active or ended, with its level history, read once.
Result<Requirement> load_requirement(store::Tx& tx, const LocalTime& local);

}  // namespace lifeline::app::health
