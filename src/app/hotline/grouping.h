// Call → incident in one click (一键转工单), grouping duplicates: a call about
// a burst becomes an incident (source "hotline", type from its category), or
// joins the nearest open incident within 300 m when the call has a place
// (grouped: the tenth call about the same burst adds no tenth work order), or
// is linked to an incident the operator names. Linking is the call's response.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/hotline/calls.h"
#include "app/repair/incidents.h"

namespace lifeline::app::hotline {

inline constexpr double kGroupRadiusM = 300;

struct IncidentRequest {
  std::optional<int64_t> incident_id;  // link to this incident
  bool force_new = false;              // "new": true: never group
  std::optional<std::string> type, link, node, area, description;
};

struct Linked {
  Call call;
  nlohmann::json incident;  // as GET /incidents/{id} shows it
  bool grouped = false;     // joined an open incident nearby
};

class Grouping {
 public:
  Grouping(Runtime& rt, Calls& calls, repair::Incidents& incidents) : rt_(rt), calls_(calls), incidents_(incidents) {}

  Result<Linked> to_incident(const Actor& actor, int64_t call_id, const IncidentRequest& in);
  // Open incidents within 300 m of the call (none without a place, once linked or closed).
  Result<std::vector<repair::NearbyIncident>> candidates(const Actor& actor, const Call& c);

 private:
  Runtime& rt_;
  Calls& calls_;
  repair::Incidents& incidents_;
};

// The incident type a call's category suggests; nullopt for billing and
// epidemic-policy questions, which need a type given.
std::optional<std::string> incident_type_for(const std::string& category);

}  // namespace lifeline::app::hotline
