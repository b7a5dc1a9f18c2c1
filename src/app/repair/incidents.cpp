#include "app/repair/incidents.h"

namespace lifeline::app::repair {

Result<nlohmann::json> Incidents::create(const Actor&, const NewIncident&) { return Error::internal("not built yet"); }
Result<nlohmann::json> Incidents::get(const Actor&, int64_t) { return Error::internal("not built yet"); }
Result<std::vector<NearbyIncident>> Incidents::nearby_open(const Actor&, int64_t, double, double, double) {
  return std::vector<NearbyIncident>{};
}

}  // namespace lifeline::app::repair
