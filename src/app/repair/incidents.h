// Incidents (事件): a burst, leak, no-water or other report at a place in the
// network. Creating one snaps its location to a pipe, computes the isolation
// plan (valves to close, customers and priority customers affected), raises
// the priority when a priority customer is affected, and opens its work order
// with the SLA clocks of that priority — all in one transaction.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/network/service.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::repair {

struct NewIncident {
  int64_t org_id = 0;
  std::string type;                    // burst, leak, no_water, low_pressure, quality_complaint, equipment_failure, other
  std::string source = "staff";        // hotline, patrol, staff, sensor
  std::optional<int64_t> network_id;   // default: the utility's network, if it has one
  std::optional<std::string> link, node;
  std::optional<double> x, y;          // network coordinates; snapped to the nearest pipe
  std::string address;
  std::string area = "urban";          // urban, suburban
  std::optional<double> diameter_mm;   // default: the pipe's
  std::string description;
  std::optional<Instant> reported_at;  // default: now
  std::vector<photos::NewPhoto> photos;
};

// An open incident near a place, for grouping duplicate hotline calls.
struct NearbyIncident {
  int64_t id = 0;
  std::string code, type, address, state;
  double distance_m = 0;
  Instant reported_at;
};

class Incidents {
 public:
  Incidents(Runtime& rt, network::Service& networks) : rt_(rt), networks_(networks) {}

  // The incident as GET /api/v1/incidents/{id} returns it (plan, work order, SLA).
  Result<nlohmann::json> create(const Actor& actor, const NewIncident& input);
  Result<nlohmann::json> get(const Actor& actor, int64_t id);
  // Open incidents of the org's subtree within `radius_m` of (x, y), nearest first.
  Result<std::vector<NearbyIncident>> nearby_open(const Actor& actor, int64_t org_id, double x, double y,
                                                  double radius_m);

 private:
  Runtime& rt_;
  network::Service& networks_;
};

}  // namespace lifeline::app::repair
