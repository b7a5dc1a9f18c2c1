#include "app/demo/timeline.h"

namespace lifeline::app::demo {

Timeline::Timeline(const LocalTime& local, Instant now) : local_(local), now_(now), today_(local.date(now)) {}

std::string Timeline::date(int day) const { return add_days(today_, day - kToday); }

Instant Timeline::at(int day, int hour, int minute) const { return local_.at(date(day), hour * 60 + minute); }

int Timeline::day_of(std::string_view d) const { return kToday + days_between(today_, d); }

std::string Timeline::seed_date(int day) { return add_days("2020-01-24", day - 1); }

}  // namespace lifeline::app::demo
