#include "app/reports/deadlines.h"

#include <algorithm>

namespace lifeline::app::reports {

using duty::civil_at;
using duty::civil_day;
using duty::format_day;
using duty::weekday_index;

const TemplateVersion* version_at(const Template& t, Instant at) {
  const TemplateVersion* found = nullptr;
  for (const auto& v : t.versions)
    if (v.effective_from <= at && (!found || v.version > found->version)) found = &v;
  return found;
}

std::vector<Deadline> deadlines_on(const Template& t, const duty::Zone& zone, const std::string& date) {
  std::vector<Deadline> out;
  const int weekday = weekday_index(civil_day(date));
  for (const auto& v : t.versions) {
    if (!(v.days & (1 << weekday))) continue;
    for (int minute : v.deadlines) {
      const Instant at = zone.instant(civil_at(date, minute));
      if (version_at(t, at) != &v) continue;
      if (std::none_of(out.begin(), out.end(), [&](const Deadline& d) { return d.at == at; })) out.push_back({at, &v});
    }
  }
  std::sort(out.begin(), out.end(), [](const Deadline& a, const Deadline& b) { return a.at < b.at; });
  return out;
}

std::vector<Deadline> deadlines_between(const Template& t, const duty::Zone& zone, Instant from, Instant until) {
  std::vector<Deadline> out;
  if (until <= from) return out;
  for (auto d = civil_day(zone.date(from)); d <= civil_day(zone.date(until)); ++d)
    for (const auto& dl : deadlines_on(t, zone, format_day(d)))
      if (dl.at >= from && dl.at < until) out.push_back(dl);
  return out;
}

std::optional<Deadline> deadline_at(const Template& t, const duty::Zone& zone, Instant at) {
  for (const auto& d : deadlines_on(t, zone, zone.date(at)))
    if (d.at == at) return d;
  return std::nullopt;
}

Instant opens_at(const Template& t, const duty::Zone& zone, Instant at) {
  const Instant day_before = at - std::chrono::hours(24);
  auto earlier = deadlines_between(t, zone, day_before, at);
  return earlier.empty() ? day_before : earlier.back().at;
}

}  // namespace lifeline::app::reports
