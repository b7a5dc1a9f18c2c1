#include "app/duty/spans.h"

#include <algorithm>

namespace lifeline::app::duty {

std::vector<Span> normalise(std::vector<Span> spans) {
  std::erase_if(spans, [](const Span& s) { return s.empty(); });
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.from < b.from; });
  std::vector<Span> out;
  for (const auto& s : spans) {
    if (!out.empty() && s.from <= out.back().until) out.back().until = std::max(out.back().until, s.until);
    else out.push_back(s);
  }
  return out;
}

std::vector<Span> intersect(const std::vector<Span>& a, const std::vector<Span>& b) {
  std::vector<Span> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    Span s{std::max(a[i].from, b[j].from), std::min(a[i].until, b[j].until)};
    if (!s.empty()) out.push_back(s);
    if (a[i].until < b[j].until) ++i;
    else ++j;
  }
  return out;
}

std::vector<Span> subtract(const std::vector<Span>& a, const std::vector<Span>& b) {
  std::vector<Span> out;
  size_t j = 0;
  for (Span s : a) {
    while (j < b.size() && b[j].until <= s.from) ++j;
    size_t k = j;
    while (k < b.size() && b[k].from < s.until) {
      if (b[k].from > s.from) out.push_back({s.from, b[k].from});
      s.from = std::max(s.from, b[k].until);
      ++k;
    }
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

std::vector<Span> clip(const std::vector<Span>& a, Span to) { return intersect(a, {to}); }

std::vector<Span> lay_out(const Zone& zone, const Weekly& w, Span within) {
  if (within.empty() || w.leaves_nothing()) return {};
  if (w.whole_week()) return {within};
  std::vector<Span> out;
  // A window that starts the day before `within` may run into it.
  const cctz::civil_day first = cctz::civil_day(zone.civil(within.from)) - 1;
  const cctz::civil_day last = cctz::civil_day(zone.civil(within.until));
  for (cctz::civil_day d = first; d <= last; ++d) {
    if (!(w.days & (1 << weekday_index(d)))) continue;
    const Civil start = Civil(d) + w.from;
    const Civil end = w.to > w.from ? Civil(d) + w.to : Civil(d + 1) + w.to;
    Span s{std::max(zone.instant(start), within.from), std::min(zone.instant(end), within.until)};
    if (!s.empty()) out.push_back(s);
  }
  return normalise(std::move(out));
}

}  // namespace lifeline::app::duty
