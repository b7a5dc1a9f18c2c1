#include "app/emergency/policy.h"

namespace lifeline::app::emergency {

namespace {
// Sampling factors follow the seed: raw, finished, network and secondary-supply
// water were all tested more often; level I doubles and then doubles again.
// Public areas were disinfected on a schedule: twice a day under levels I and
// II, daily under level III.
constexpr std::array<Policy, 4> kTable = {{
    {"I", true, true, 4.0, true, 0.5, 2},
    {"II", true, true, 2.0, true, 0.5, 2},
    {"III", true, true, 1.5, true, 0.75, 1},
    {"IV", false, false, 1.0, true, 1.0, 0},
}};
}  // namespace

std::optional<Policy> policy_for(std::string_view level) {
  for (const auto& p : kTable)
    if (p.level == level) return p;
  return std::nullopt;
}

int severity_rank(std::string_view level) {
  for (size_t i = 0; i < kLevels.size(); ++i)
    if (kLevels[i] == level) return static_cast<int>(i);
  return -1;
}

nlohmann::json to_json(const Policy& p) {
  return {{"level", p.level},
          {"checkin_required", p.checkin_required},
          {"epidemic_duty_roster", p.epidemic_duty_roster},
          {"sampling_frequency_factor", p.sampling_frequency_factor},
          {"no_disconnection_for_arrears", p.no_disconnection_for_arrears},
          {"priority_repair_sla_factor", p.priority_repair_sla_factor},
          {"disinfection_rounds_per_day", p.disinfection_rounds_per_day}};
}

nlohmann::json policy_table_json() {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : kTable) out.push_back(to_json(p));
  return out;
}

}  // namespace lifeline::app::emergency
