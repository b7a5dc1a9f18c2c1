#include "app/health/requirement.h"

#include <chrono>

#include "app/emergency/policy.h"
#include "app/emergency/repo.h"

namespace lifeline::app::health {

namespace {

bool requires_checkin(std::string_view level) {
  auto p = emergency::policy_for(level);
  return p && p->checkin_required;
}

bool covers(const std::string& covered, const std::string& path) { return path.starts_with(covered); }

}  // namespace

bool Requirement::on(const std::string& unit_path, const std::string& day) const {
  for (const auto& s : spans)
    if (covers(s.covered_path, unit_path) && day >= s.first && (!s.last || day <= *s.last)) return true;
  return false;
}

bool Requirement::anywhere_under(const std::string& scope_path, const std::string& day) const {
  for (const auto& s : spans)
    // The span covers the scope itself, or a unit inside it.
    if ((covers(s.covered_path, scope_path) || covers(scope_path, s.covered_path)) && day >= s.first &&
        (!s.last || day <= *s.last))
      return true;
  return false;
}

std::optional<std::string> Requirement::since(const std::string& unit_path) const {
  std::optional<std::string> first;
  for (const auto& s : spans)
    if (covers(s.covered_path, unit_path) && (!first || s.first < *first)) first = s.first;
  return first;
}

Result<Requirement> load_requirement(store::Tx& tx, const LocalTime& local) {
  LL_TRY(auto all, emergency::repo::list(tx, std::nullopt));
  Requirement out;
  for (const auto& e : all) {
    // The level in force from the start, then each change; the declaration
    // is recorded when it is entered, which may be after the declared start.
    std::vector<std::pair<Instant, std::string>> levels;
    std::string level = e.level;
    for (const auto& h : e.history)
      if (h.action == "declared") level = h.level;
    levels.emplace_back(e.started_at, level);
    for (const auto& h : e.history)
      if (h.action == "level_changed") levels.emplace_back(std::max(h.at, e.started_at), h.level);
    std::optional<Instant> from;
    auto close = [&](Instant until) {
      if (!from) return;
      // The span ends on the day of its last moment in force.
      const std::string last = local.date(std::max(*from, until - std::chrono::milliseconds(1)));
      for (const auto& c : e.covered) out.spans.push_back({c.path, local.date(*from), last});
      from.reset();
    };
    for (const auto& [at, lvl] : levels) {
      if (requires_checkin(lvl) && !from) from = at;
      if (!requires_checkin(lvl)) close(at);
    }
    if (e.ended_at) {
      close(*e.ended_at);
    } else if (from) {
      for (const auto& c : e.covered) out.spans.push_back({c.path, local.date(*from), std::nullopt});
    }
  }
  return out;
}

}  // namespace lifeline::app::health
