// Business dates in the utility's time zone. A check-in "on 2020-02-03" means
// that day in Asia/Shanghai whatever zone the server runs in, and a 07:00
// window opens at 07:00 there. Dates are "YYYY-MM-DD" strings: they sort, they
// read well in SQL, and the API shows them as they are.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace lifeline {

class LocalTime {
 public:
  // An IANA zone name; an unknown zone is an error naming "time_zone".
  static Result<LocalTime> load(const std::string& zone);

  std::string date(Instant t) const;            // "2020-02-03"
  int minute_of_day(Instant t) const;            // 0 … 1439, local wall clock
  Instant start_of(std::string_view date) const; // local midnight; `date` must be valid
  Instant at(std::string_view date, int minute_of_day) const;
  const std::string& zone() const { return zone_; }

 private:
  struct Zone;
  std::shared_ptr<const Zone> tz_;
  std::string zone_;
};

// Validates "YYYY-MM-DD" (a real calendar day); `field` names the input in errors.
Result<std::string> parse_date(std::string_view text, std::string_view field);
// "HH:MM" → minutes after midnight.
Result<int> parse_clock_time(std::string_view text, std::string_view field);
std::string format_clock_time(int minute_of_day);  // "07:00"
std::string add_days(std::string_view date, int days);  // `date` must be valid
int days_between(std::string_view from, std::string_view to);  // to − from

}  // namespace lifeline
