// Dispatch suggestions: the standby teams of the incident's utility, nearest
// base first (straight-line distance in network coordinates).
#include <algorithm>
#include <cmath>

#include "app/repair/access.h"
#include "app/repair/incidents.h"
#include "app/repair/teams.h"
#include "store/like.h"

namespace lifeline::app::repair {

using nlohmann::json;
using store::Tx;
using store::TxMode;

Result<json> Incidents::dispatch_suggestions(const Actor& actor, int64_t id) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto inc, tx.query_one("SELECT org_path, x, y FROM incidents WHERE id = ?", {id}));
    if (!inc || !in_view(actor, inc->text(0)))
      return Error::not_found("no such incident");
    LL_TRY(auto utility, utility_of(tx, inc->text(0)));
    LL_TRY(auto rows, tx.query("SELECT id, base_x, base_y FROM teams WHERE org_path LIKE ? ESCAPE '\\'"
                               " AND status = 'standby'",
                               {store::like_prefix(utility.path)}));
    struct Candidate {
      int64_t id;
      std::optional<double> distance;
    };
    std::vector<Candidate> candidates;
    for (const auto& r : rows) {
      Candidate c{r.integer(0), std::nullopt};
      if (!inc->is_null(1) && !r.is_null(1) && !r.is_null(2))
        c.distance = std::hypot(r.real(1) - inc->real(1), r.real(2) - inc->real(2));
      candidates.push_back(c);
    }
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      if (a.distance.has_value() != b.distance.has_value()) return a.distance.has_value();
      if (a.distance && *a.distance != *b.distance) return *a.distance < *b.distance;
      return a.id < b.id;
    });
    json items = json::array();
    for (const auto& c : candidates) {
      LL_TRY(auto team, team_json(tx, c.id));
      items.push_back({{"team", std::move(team)}, {"distance_m", c.distance ? json(std::round(*c.distance)) : json()}});
    }
    return json{{"items", items}};
  });
}

}  // namespace lifeline::app::repair
