#include "app/health/fitness.h"

#include <algorithm>
#include <map>

#include "store/like.h"

namespace lifeline::app::health {

namespace {

constexpr const char* kBySeverity[] = {"quarantine", "home_observation", "fever", "abnormal",
                                       "not_returned", "away", "outing"};

int severity(const std::string& reason) {
  for (size_t i = 0; i < std::size(kBySeverity); ++i)
    if (reason == kBySeverity[i]) return static_cast<int>(i);
  return static_cast<int>(std::size(kBySeverity));
}

class Findings {
 public:
  void add(int64_t staff, const std::string& day, const std::string& reason) {
    auto [it, fresh] = worst_.try_emplace({staff, day}, reason);
    if (!fresh && severity(reason) < severity(it->second)) it->second = reason;
  }
  std::vector<UnfitDay> sorted() const {
    std::vector<UnfitDay> out;
    out.reserve(worst_.size());
    for (const auto& [key, reason] : worst_) out.push_back({key.first, key.second, reason});
    return out;
  }

 private:
  std::map<std::pair<int64_t, std::string>, std::string> worst_;
};

// Each day as an equality on the check-in index's first column, so the
// subtree narrows every seek (a day range would scan every unit's rows).
std::string day_list(const std::string& from, int days, store::Params& params) {
  std::string sql = "day IN (";
  for (int d = 0; d < days; ++d) {
    sql += d ? ",?" : "?";
    params.emplace_back(add_days(from, d));
  }
  return sql + ")";
}

}  // namespace

Result<std::vector<UnfitDay>> unfit_people(store::Tx& tx, const std::string& org_path, const std::string& from_day,
                                           const std::string& to_day, const LocalTime& local) {
  LL_TRY(auto from, parse_date(from_day, "from"));
  LL_TRY(auto to, parse_date(to_day, "to"));
  const int days = days_between(from, to) + 1;
  if (days < 1 || days > 366) return Error::invalid("to", "a period of 1 to 366 days");
  const std::string path = store::like_prefix(org_path);
  Findings found;

  store::Params params;
  const std::string in_days = day_list(from, days, params);
  params.emplace_back(path);
  // The last term is the partial index checkins_unfit's condition, word for word (schema 0030).
  LL_TRY(auto checkins, tx.query("SELECT staff_id, day, fever, abnormal, location FROM checkins WHERE " + in_days +
                                     " AND org_path LIKE ? ESCAPE '\\' AND (abnormal = 1 OR location <> 'in_town')",
                                 params));
  for (const auto& r : checkins) {
    if (r.boolean(2)) found.add(r.integer(0), r.text(1), "fever");
    else if (r.boolean(3)) found.add(r.integer(0), r.text(1), "abnormal");
    const std::string location = r.text(4);
    if (location == "away" || location == "not_returned") found.add(r.integer(0), r.text(1), location);
  }

  LL_TRY(auto cases, tx.query("SELECT staff_id, kind, start_on, released_on FROM observations"
                              " WHERE org_path LIKE ? ESCAPE '\\' AND member_id IS NULL AND start_on <= ?"
                              " AND (released_on IS NULL OR released_on > ?)",
                              {path, to, from}));
  for (const auto& r : cases) {
    const std::string reason = r.text(1) == "centralised" ? "quarantine" : "home_observation";
    std::string day = std::max(from, r.text(2));
    const std::string end = r.is_null(3) ? add_days(to, 1) : std::min(r.text(3), add_days(to, 1));
    for (; day < end; day = add_days(day, 1)) found.add(r.integer(0), day, reason);
  }

  // A fever at a site's entrance (门岗测温) counts like a fever at the check-in.
  const int64_t window_from = to_millis(local.start_of(from));
  LL_TRY(auto gates, tx.query("SELECT e.staff_id, e.at FROM entrance_checks e JOIN staff s ON s.id = e.staff_id"
                              " WHERE e.alert = 1 AND s.org_path LIKE ? ESCAPE '\\' AND e.at >= ? AND e.at < ?",
                              {path, window_from, to_millis(local.start_of(add_days(to, 1)))}));
  for (const auto& r : gates) found.add(r.integer(0), local.date(from_millis(r.integer(1))), "fever");

  const int64_t window_to = to_millis(local.start_of(add_days(to, 1)));
  LL_TRY(auto outings, tx.query("SELECT staff_id, depart_at, COALESCE(returned_at, planned_return_at) FROM outings"
                                " WHERE org_path LIKE ? ESCAPE '\\' AND status IN ('approved', 'returned')"
                                " AND depart_at < ? AND COALESCE(returned_at, planned_return_at) > ?",
                                {path, window_to, window_from}));
  for (const auto& r : outings) {
    const int64_t a = std::max(r.integer(1), window_from), b = std::min(r.integer(2), window_to);
    if (b <= a) continue;
    const std::string last = local.date(from_millis(b - 1));
    for (std::string day = local.date(from_millis(a)); day <= last; day = add_days(day, 1))
      found.add(r.integer(0), day, "outing");
  }
  return found.sorted();
}

}  // namespace lifeline::app::health
