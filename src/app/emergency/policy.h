// The emergency-response policy table: what each level (I most severe … IV)
// switches on. Modules read the policy of the active level from here and never
// keep flags of their own. Documented in docs/emergency-policy.md.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lifeline::app::emergency {

inline constexpr std::array<std::string_view, 4> kLevels = {"I", "II", "III", "IV"};

struct Policy {
  std::string_view level;
  bool checkin_required;             // daily staff health check-in (健康打卡)
  bool epidemic_duty_roster;         // 24-hour duty with a leader on duty (值班 / 带班领导)
  double sampling_frequency_factor;  // water-quality sampling vs the normal plan
  bool no_disconnection_for_arrears; // no disconnection for unpaid bills (欠费不停水)
  double priority_repair_sla_factor; // SLA clocks for incidents at priority customers
  // Disinfection rounds of public areas per day at least (公共区域消毒); 0 keeps
  // each place's own schedule. A place scheduled more often keeps its own.
  int disinfection_rounds_per_day;
};

// nullopt for an unknown level.
std::optional<Policy> policy_for(std::string_view level);
// -1 when unknown; 0 is level I, the most severe.
int severity_rank(std::string_view level);

nlohmann::json to_json(const Policy& p);
nlohmann::json policy_table_json();

}  // namespace lifeline::app::emergency
