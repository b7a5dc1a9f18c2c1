// Supervision rounds (督导检查) of the HQ's supervision teams ("1+1+6"): the
// checklists the HQ keeps, rounds (planned or unannounced) of a supervised
// unit, findings with photos, and rectification items (整改) with an owner
// and a deadline, answered by the unit and verified by the team.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::supervision {

struct ChecklistItem {
  std::string category, text;
};

struct Checklist {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name, name;
  bool active = true;
  int64_t version = 1;
  std::vector<ChecklistItem> items;
  Instant updated_at;
};

struct ChecklistInput {
  std::optional<int64_t> org_id;
  std::optional<std::string> name;
  std::optional<bool> active;
  std::optional<std::vector<ChecklistItem>> items;
};

// A supervision team and what it supervises, with its tally.
struct Team {
  int64_t id = 0;
  std::string name, leader_name;
  int64_t org_id = 0;  // the HQ's unit
  std::string org_name;
  std::vector<std::pair<int64_t, std::string>> units;  // supervised units
  int64_t rounds_done = 0, findings = 0, open_rectifications = 0, overdue_rectifications = 0;
};

struct RoundItem {
  int position = 0;
  std::string category, text, result;  // result: ok, finding, not_applicable
  std::optional<std::string> note;
};

struct Rectification {
  int64_t id = 0;
  int64_t finding_id = 0, round_id = 0, team_id = 0;
  std::string team_name;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::string finding_text, severity;
  std::string action;
  std::optional<int64_t> owner_user_id;
  std::string owner_name;
  Instant deadline;
  std::string state;  // open, answered, closed
  std::optional<std::string> response, responded_by_name, verified_by_name, verification_note;
  std::optional<Instant> responded_at, verified_at, overdue_at;
  int64_t reopened = 0;
  int64_t version = 1;
  Instant created_at;
  bool overdue(Instant now) const { return state == "open" && deadline < now; }
};

struct Finding {
  int64_t id = 0;
  std::optional<int> item_position;
  std::string severity, text;
  nlohmann::json photos = nlohmann::json::array();  // [{id, caption, mime, url}]
  std::optional<Rectification> rectification;
};

struct Round {
  int64_t id = 0;
  int64_t team_id = 0;
  std::string team_name, hq_path;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::optional<int64_t> checklist_id;
  std::string checklist_name;
  std::string kind, state;  // planned | unannounced; planned | done
  std::optional<std::string> planned_for;
  std::optional<Instant> conducted_at;
  std::string inspectors, summary, created_by_name;
  Instant created_at;
  std::vector<RoundItem> items;
  std::vector<Finding> findings;
  int64_t findings_count = 0, open_count = 0;  // in lists
};

struct NewRectification {
  std::string action;
  std::optional<int64_t> owner_user_id;
  std::string owner_name;
  Instant deadline;
};

}  // namespace lifeline::app::supervision
