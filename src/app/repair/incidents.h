// Incidents (事件): a burst, leak, no-water or other report at a place in the
// network. Creating one snaps its location to a pipe, computes the isolation
// plan (valves to close, customers and priority customers affected), raises
// the priority when a priority customer is affected, and opens its work order
// with the SLA clocks of that priority — all in one transaction.
//
// Base priority: a burst on a main of DN300 or more, or a heavy leak → 1;
// other bursts and leaks, no water → 2; low pressure, quality complaints,
// equipment failures and the rest → 3. Raised to 1 when the plan affects a
// registered priority customer (priority_raised). Codes are
// QX-YYYYMMDD-NNN, numbered per utility and local day.
#pragma once

#include <functional>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/network/service.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "core/result.h"
#include "net/nearest_link.h"

namespace lifeline::app::repair {

// "quality": a water-quality exceedance at a priority customer, opened by the
// quality module (not offered to reporters: it comes from approved results).
inline constexpr const char* kIncidentTypes[] = {"burst",          "leak",      "no_water",         "low_pressure",
                                                 "quality_complaint", "equipment_failure", "other", "quality"};

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
  bool heavy = false;                  // a heavy leak (e.g. on a road): level 1
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

struct IncidentFilter {
  std::optional<int64_t> org;
  std::string state = "open";  // open, closed, all
  std::optional<Instant> from, to;  // reported_at in [from, to)
  std::optional<std::string> type;
};

class Incidents {
 public:
  Incidents(Runtime& rt, network::Service& networks) : rt_(rt), networks_(networks) {}

  // The incident as GET /api/v1/incidents/{id} returns it (plan, work order, SLA),
  // plus "timing": {"total_ms", "plan_ms"} measured in the server.
  // `also` runs inside the incident's write transaction once the incident
  // exists (the hotline links the call that reported it there, so a call
  // cannot end up reporting two incidents); its error undoes the incident.
  using AlsoInTransaction = std::function<Status(store::Tx&, int64_t incident_id)>;
  Result<nlohmann::json> create(const Actor& actor, const NewIncident& input, const AlsoInTransaction& also = {});
  Result<nlohmann::json> get(const Actor& actor, int64_t id);
  // Summaries (no plan arrays), newest first, with work_order.state and sla_state.
  Result<nlohmann::json> list(const Actor& actor, const IncidentFilter& filter);
  // Open incidents of the org's utility within `radius_m` of (x, y), nearest first.
  Result<std::vector<NearbyIncident>> nearby_open(const Actor& actor, int64_t org_id, double x, double y,
                                                  double radius_m);
  // Standby teams of the incident's utility, nearest base first (teams without a base last).
  Result<nlohmann::json> dispatch_suggestions(const Actor& actor, int64_t id);
  // The outage notice (停水通知) for notice boards and SMS, and whom to call.
  Result<nlohmann::json> outage_notice(const Actor& actor, int64_t id);

 private:
  // The nearest-pipe index of a model, built once per model.
  std::shared_ptr<const net::NearestLinkIndex> snap_index(const network::ModelPtr& model);

  Runtime& rt_;
  network::Service& networks_;
  std::mutex snap_mutex_;
  std::vector<std::pair<std::weak_ptr<const network::NetworkModel>, std::shared_ptr<const net::NearestLinkIndex>>>
      snap_indexes_;
};

}  // namespace lifeline::app::repair
