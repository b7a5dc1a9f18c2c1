#include "core/local_time.h"

#include <cctz/civil_time.h>
#include <cctz/time_zone.h>

#include <chrono>
#include <cstdio>

namespace lifeline {

struct LocalTime::Zone {
  cctz::time_zone tz;
};

namespace {
using Clock = std::chrono::system_clock;

Clock::time_point to_point(Instant t) { return t; }

Instant from_point(Clock::time_point p) { return std::chrono::time_point_cast<std::chrono::milliseconds>(p); }

// Parses a date the caller has already validated or that is known good.
cctz::civil_day day_of(std::string_view date) {
  int y = 0, m = 0, d = 0;
  std::sscanf(std::string(date).c_str(), "%d-%d-%d", &y, &m, &d);
  return cctz::civil_day(y, m, d);
}

std::string format_day(const cctz::civil_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()) % 10000, d.month(), d.day());
  return buf;
}
}  // namespace

Result<LocalTime> LocalTime::load(const std::string& zone) {
  auto z = std::make_shared<Zone>();
  if (zone.empty() || !cctz::load_time_zone(zone, &z->tz))
    return Error::invalid("time_zone", "unknown time zone '" + zone + "' (an IANA name such as Asia/Shanghai)");
  LocalTime lt;
  lt.tz_ = std::move(z);
  lt.zone_ = zone;
  return lt;
}

std::string LocalTime::date(Instant t) const {
  return format_day(cctz::civil_day(cctz::convert(to_point(t), tz_->tz)));
}

int LocalTime::minute_of_day(Instant t) const {
  auto s = cctz::convert(to_point(t), tz_->tz);
  return s.hour() * 60 + s.minute();
}

Instant LocalTime::start_of(std::string_view date) const { return at(date, 0); }

Instant LocalTime::at(std::string_view date, int minute_of_day) const {
  cctz::civil_second s(day_of(date));
  s += minute_of_day * 60;
  return from_point(cctz::convert(s, tz_->tz));
}

Result<std::string> parse_date(std::string_view text, std::string_view field) {
  auto bad = [&] { return Error::invalid(std::string(field), "must be a date YYYY-MM-DD"); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return bad();
  int y = std::stoi(std::string(text.substr(0, 4))), m = std::stoi(std::string(text.substr(5, 2))),
      d = std::stoi(std::string(text.substr(8, 2)));
  cctz::civil_day day(y, m, d);
  if (day.year() != y || day.month() != m || day.day() != d) return bad();  // 2020-02-30 normalises away
  return std::string(text);
}

Result<int> parse_clock_time(std::string_view text, std::string_view field) {
  auto bad = [&] { return Error::invalid(std::string(field), "must be a time HH:MM"); };
  if (text.size() != 5 || text[2] != ':') return bad();
  for (size_t i : {0, 1, 3, 4})
    if (text[i] < '0' || text[i] > '9') return bad();
  int h = (text[0] - '0') * 10 + (text[1] - '0'), m = (text[3] - '0') * 10 + (text[4] - '0');
  if (h > 23 || m > 59) return bad();
  return h * 60 + m;
}

std::string format_clock_time(int minute_of_day) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minute_of_day / 60) % 24, minute_of_day % 60);
  return buf;
}

std::string add_days(std::string_view date, int days) { return format_day(day_of(date) + days); }

int days_between(std::string_view from, std::string_view to) {
  return static_cast<int>(day_of(to) - day_of(from));
}

}  // namespace lifeline
