// The rules that make a check-in abnormal (pure functions, unit-tested):
// temperature at or above the utility's fever threshold, any symptom, travel
// through a risk area the person named, contact with a suspected or confirmed
// case, or a city / named area that matches a risk area valid that day.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/health/settings.h"

namespace lifeline::app::health {

// A check-in as submitted (validated shape; the symptoms against the list of the utility).
struct CheckinInput {
  double temperature = 36.5;
  std::vector<std::string> symptoms;
  std::string location = "in_town";      // kLocations
  std::optional<std::string> city;       // required unless in_town
  bool risk_travel = false;
  std::optional<std::string> risk_areas; // required when risk_travel
  std::string contact = "none";          // kContacts
  std::string work_status = "on_duty";   // kWorkStatuses
  nlohmann::json household = nullptr;    // [{name, relation, status}] or null
  std::optional<std::string> remarks;
};

// A risk area (中高风险地区) of a utility, valid from valid_from to valid_to (inclusive; open when absent).
struct RiskArea {
  int64_t id = 0;
  int64_t utility_id = 0;
  std::string name;
  std::string level;  // high, medium
  std::string valid_from;
  std::optional<std::string> valid_to;
};

bool risk_area_active(const RiskArea& area, std::string_view day);
// The active area a city or the named areas point at: the area's name inside
// the city text or the named areas, or the city (two characters or more)
// inside the area's name ("武汉" matches "湖北省武汉市").
std::optional<std::string> matching_risk_area(const std::vector<RiskArea>& active,
                                              const std::optional<std::string>& city,
                                              const std::optional<std::string>& named_areas);

// Reason codes, in this order.
inline constexpr const char* kReasonCodes[] = {"fever", "symptoms", "risk_travel", "risk_area", "contact"};

struct Reason {
  std::string code;
  std::string detail;  // what the UI shows ("体温 37.8 °C", "干咳、乏力", …)
};

struct Assessment {
  bool fever = false;
  bool has_symptoms = false;
  bool abnormal = false;
  std::vector<Reason> reasons;
  std::vector<std::string> codes() const;
};

Assessment assess(const CheckinInput& in, const Settings& settings, const std::vector<RiskArea>& active_areas);

// Structural problems with a check-in against the utility's rules (each names
// its field): temperature range, symptoms from the list, city, named areas.
std::vector<FieldError> validate(const CheckinInput& in, const Settings& settings);

// The details of stored reason codes, for lists and records.
nlohmann::json reasons_json(const std::vector<std::string>& codes, const CheckinInput& in,
                            const std::vector<RiskArea>& active_areas);

}  // namespace lifeline::app::health
