// Emergency responses declared for an association or utilities.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::emergency {

struct HistoryEntry {
  Instant at;
  std::string action;  // declared, level_changed, ended
  std::string level;
  std::string by_name;
  std::optional<std::string> note;
};

struct CoveredOrg {
  int64_t id;
  std::string name;
  std::string path;
};

struct Emergency {
  int64_t id = 0;
  int64_t org_id = 0;          // where it was declared
  std::string org_path;
  std::string name;
  std::string level;           // I, II, III, IV
  std::string status;          // active, ended
  std::optional<std::string> region;
  Instant started_at;
  std::optional<Instant> ended_at;
  std::optional<std::string> end_reason;
  std::string declared_by_name;
  std::vector<CoveredOrg> covered;
  std::vector<HistoryEntry> history;

  // Applies to an org when the org lies under one of the covered units.
  bool covers(std::string_view org_path) const {
    for (const auto& c : covered)
      if (org_path.starts_with(c.path)) return true;
    return false;
  }
};

struct NewEmergency {
  std::string name;
  std::string level;
  std::vector<int64_t> org_ids;  // empty: the declaring user's own unit
  std::optional<std::string> region;
  std::optional<Instant> started_at;
};

struct EmergencyPatch {
  std::optional<std::string> name, level;
  std::optional<std::optional<std::string>> region;
  std::optional<std::string> note;
};

}  // namespace lifeline::app::emergency
