// Local wall-clock time in the utility's zone, for rosters and report
// deadlines: hand-offs at 08:00, deadlines at 16:00. Rotations step in civil
// minutes (a 24-hour shift runs from 08:00 to 08:00 even across a change of
// the clocks), and each boundary becomes an instant here:
//
//   a minute the clocks skip (spring forward, 02:30 on the day they jump from
//   02:00 to 03:00) maps to the moment of the change (03:00 new time);
//   a minute they repeat (fall back) maps to its first occurrence.
//
// Inputs people type are stricter: exact() refuses a skipped or repeated
// local time, naming the field. Asia/Shanghai has had neither since 1991.
#pragma once

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace lifeline::app::duty {

using Civil = cctz::civil_minute;

class Zone {
 public:
  // An IANA zone name; an unknown zone is invalid, naming "time_zone".
  static Result<Zone> load(const std::string& name);

  enum class Kind { unique, skipped, repeated };
  Kind kind(const Civil& c) const;
  // The instant of a local minute, by the rules above.
  Instant instant(const Civil& c) const;
  Civil civil(Instant t) const;
  // The instant of a local minute that occurs exactly once; otherwise invalid, naming `field`.
  Result<Instant> exact(const Civil& c, std::string_view field) const;

  std::string date(Instant t) const;        // "2020-02-03"
  Instant start_of(std::string_view date) const;  // local midnight (`date` valid)
  const std::string& name() const { return name_; }

 private:
  cctz::time_zone tz_;
  std::string name_;
};

// "2020-02-03" (valid) and a minute of that day.
Civil civil_at(std::string_view date, int minute_of_day);
cctz::civil_day civil_day(std::string_view date);
std::string format_day(const cctz::civil_day& d);
// 0 = Monday … 6 = Sunday.
int weekday_index(const cctz::civil_day& d);
// "2020-02-03T08:00" in local time.
std::string format_civil(const Civil& c);

// A time as the API takes it, named `field` in errors:
//   "2020-02-03T08:00:00+08:00" / "…Z"  an instant;
//   "2020-02-03T08:00"                  a local time (exact: it must occur exactly once);
//   "2020-02-03"                        local midnight starting that day, or with
//                                       `end_of_day`, the midnight ending it (inclusive days).
Result<Instant> parse_time(std::string_view text, const Zone& zone, std::string_view field, bool end_of_day = false);

}  // namespace lifeline::app::duty
