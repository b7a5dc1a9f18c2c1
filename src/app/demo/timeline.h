// The demo's one timeline. The seed's response is replayed so that its first
// day — 24 January 2020, day 1; level I was declared the day before, day 0 —
// falls kToday - 1 days before the real today, and today is day kToday (the
// seed's 10 February 2020). Every module's demo data is dated on this one
// timeline, so a commander can follow one day across the pillars, and every
// trend covers the same days. The seed's figures keep their days: 2,696
// hotline calls on days 1–10, the DN600 burst on day 3, about 140 t of sodium
// hypochlorite given away by day 15 (the seed's 7 February).
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/local_time.h"

namespace lifeline::app::demo {

class Timeline {
 public:
  static constexpr int kToday = 18;

  // `now` is the real clock's; `local` the utility's time zone.
  Timeline(const LocalTime& local, Instant now);

  // The local date of response day `day` (day 1 = the first day, 24 Jan 2020 in the seed).
  std::string date(int day) const;
  // A local wall-clock time on response day `day`.
  Instant at(int day, int hour, int minute = 0) const;
  // The response day of a local date (date(day_of(d)) == d).
  int day_of(std::string_view date) const;
  // The date the seed report gives for response day `day` ("2020-01-24" for day 1), for captions.
  static std::string seed_date(int day);

  int today() const { return kToday; }
  Instant now() const { return now_; }
  const LocalTime& local() const { return local_; }

 private:
  LocalTime local_;
  Instant now_;
  std::string today_;  // the local date of `now`
};

}  // namespace lifeline::app::demo
