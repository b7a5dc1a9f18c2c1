#include "app/duty/civil_time.h"

#include <chrono>
#include <cstdio>

#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::duty {

namespace {

using SysSeconds = std::chrono::time_point<std::chrono::system_clock, std::chrono::seconds>;

Instant to_instant(SysSeconds s) { return std::chrono::time_point_cast<std::chrono::milliseconds>(s); }

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

}  // namespace

Result<Zone> Zone::load(const std::string& name) {
  Zone z;
  if (name.empty() || !cctz::load_time_zone(name, &z.tz_))
    return Error::invalid("time_zone", "unknown time zone '" + name + "' (an IANA name such as Asia/Shanghai)");
  z.name_ = name;
  return z;
}

Zone::Kind Zone::kind(const Civil& c) const {
  switch (tz_.lookup(cctz::civil_second(c)).kind) {
    case cctz::time_zone::civil_lookup::SKIPPED: return Kind::skipped;
    case cctz::time_zone::civil_lookup::REPEATED: return Kind::repeated;
    default: return Kind::unique;
  }
}

Instant Zone::instant(const Civil& c) const {
  const auto l = tz_.lookup(cctz::civil_second(c));
  // A skipped minute starts when the clocks jump; a repeated one the first time round.
  if (l.kind == cctz::time_zone::civil_lookup::SKIPPED) return to_instant(l.trans);
  return to_instant(l.pre);
}

Civil Zone::civil(Instant t) const {
  return Civil(cctz::convert(std::chrono::time_point_cast<std::chrono::seconds>(t), tz_));
}

Result<Instant> Zone::exact(const Civil& c, std::string_view field) const {
  switch (kind(c)) {
    case Kind::skipped:
      return Error::invalid(std::string(field), format_civil(c) + " does not exist in " + name_ +
                                                    " (the clocks go forward over it)");
    case Kind::repeated:
      return Error::invalid(std::string(field), format_civil(c) + " occurs twice in " + name_ +
                                                    " (the clocks go back); give the UTC offset");
    case Kind::unique: break;
  }
  return instant(c);
}

std::string Zone::date(Instant t) const { return format_day(cctz::civil_day(civil(t))); }

Instant Zone::start_of(std::string_view date) const { return instant(civil_at(date, 0)); }

cctz::civil_day civil_day(std::string_view date) {
  int y = 0, m = 0, d = 0;
  std::sscanf(std::string(date).c_str(), "%d-%d-%d", &y, &m, &d);
  return cctz::civil_day(y, m, d);
}

Civil civil_at(std::string_view date, int minute_of_day) { return Civil(civil_day(date)) + minute_of_day; }

std::string format_day(const cctz::civil_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(d.year()) % 10000, d.month(), d.day());
  return buf;
}

int weekday_index(const cctz::civil_day& d) {
  switch (cctz::get_weekday(d)) {
    case cctz::weekday::monday: return 0;
    case cctz::weekday::tuesday: return 1;
    case cctz::weekday::wednesday: return 2;
    case cctz::weekday::thursday: return 3;
    case cctz::weekday::friday: return 4;
    case cctz::weekday::saturday: return 5;
    case cctz::weekday::sunday: return 6;
  }
  return 0;
}

std::string format_civil(const Civil& c) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", static_cast<int>(c.year()) % 10000, c.month(), c.day(),
                c.hour(), c.minute());
  return buf;
}

Result<Instant> parse_time(std::string_view text, const Zone& zone, std::string_view field, bool end_of_day) {
  const std::string name(field);
  if (text.size() == 10) {
    LL_TRY(auto day, parse_date(text, field));
    return zone.instant(Civil(civil_day(day) + (end_of_day ? 1 : 0)));
  }
  // A local time has no zone designator after the clock part.
  const bool has_offset = text.size() > 16 && (text.back() == 'Z' || text.find_first_of("+-", 16) != std::string_view::npos);
  if (has_offset) return parse_instant(text, field);
  auto bad = [&] { return Error::invalid(name, "must be a time: 2020-02-03T08:00, 2020-02-03T08:00:00+08:00 or a date"); };
  if (text.size() != 16 && text.size() != 19) return bad();
  if (text[10] != 'T' || text[13] != ':' || (text.size() == 19 && text[16] != ':')) return bad();
  auto day = parse_date(text.substr(0, 10), field);
  if (!day) return bad();
  if (!digits(text.substr(11, 2)) || !digits(text.substr(14, 2))) return bad();
  int h = std::stoi(std::string(text.substr(11, 2))), m = std::stoi(std::string(text.substr(14, 2)));
  if (text.size() == 19 && (!digits(text.substr(17, 2)) || text.substr(17, 2) != "00"))
    return Error::invalid(name, "local times are whole minutes");
  if (h > 23 || m > 59) return bad();
  return zone.exact(civil_at(*day, h * 60 + m), field);
}

}  // namespace lifeline::app::duty
