// When reports are due: a template version's daily deadlines in the
// utility's zone (a deadline in a skipped hour falls at the change, one in a
// repeated hour the first time round), each deadline under the version in
// force at that moment, so a change applies from then on. A deadline's
// submission window opens at the template's previous deadline (at most a
// day before) and late submissions are taken for a week. Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/duty/civil_time.h"
#include "app/reports/model.h"

namespace lifeline::app::reports {

inline constexpr auto kLateWindow = std::chrono::hours(24 * 7);

struct Deadline {
  Instant at;
  const TemplateVersion* version = nullptr;
};

// The version in force at `t` (nullptr before the first took effect).
const TemplateVersion* version_at(const Template& t, Instant at);
// The deadlines on a local date, ascending.
std::vector<Deadline> deadlines_on(const Template& t, const duty::Zone& zone, const std::string& date);
// The deadlines in [from, until), ascending.
std::vector<Deadline> deadlines_between(const Template& t, const duty::Zone& zone, Instant from, Instant until);
// The deadline at exactly `at`, if the template has one then.
std::optional<Deadline> deadline_at(const Template& t, const duty::Zone& zone, Instant at);
// When the window of the deadline at `at` opens.
Instant opens_at(const Template& t, const duty::Zone& zone, Instant at);

}  // namespace lifeline::app::reports
