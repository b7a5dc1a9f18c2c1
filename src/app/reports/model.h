// Fixed-time reports (定时报告): templates the group defines (typed fields,
// including tables of rows; which units must report; daily deadlines in the
// utility's zone), versioned; one submission per unit, template and
// deadline, with its versions until HQ acknowledges or returns it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::reports {

struct Column {
  std::string key, label, type;  // number, text, choice, boolean
  std::string unit;
  std::vector<std::string> options;
  bool required = false;
};

struct Field {
  std::string key, label, type;  // number, text, choice, boolean, table
  std::string unit;              // numbers: "m³", "mg/L", "人" …
  bool required = true;
  std::optional<double> min, max;
  std::vector<std::string> options;  // choice
  std::vector<Column> columns;       // table
  int max_rows = 50;                 // table
  bool summary = false;              // numbers: summed across units in the daily summary
};

struct TemplateVersion {
  int64_t version = 1;
  std::string name;
  std::vector<Field> fields;
  std::vector<std::string> required_kinds;  // unit kinds in the owner's subtree ("wastewater_plant")
  std::vector<int64_t> required_units;      // and/or these units
  std::vector<int> deadlines;               // minutes of the local day, ascending
  int days = 0x7f;                          // bit 0 Monday … bit 6 Sunday
  int remind_minutes = 30;
  int escalate_minutes = 30;
  Instant effective_from;
  Instant created_at;
  std::string created_by_name;
};

struct Template {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path, org_name;
  std::string code, name;
  int64_t current_version = 1;
  bool active = true;
  std::vector<TemplateVersion> versions;  // oldest first
  const TemplateVersion& current() const { return versions.back(); }
};

struct TemplateInput {
  std::optional<int64_t> org_id;
  std::string code, name;
  std::vector<Field> fields;
  std::vector<std::string> required_kinds;
  std::vector<int64_t> required_units;
  std::vector<int> deadlines;
  int days = 0x7f;
  int remind_minutes = 30, escalate_minutes = 30;
  std::optional<Instant> effective_from;
  std::optional<bool> active;
};

struct SubmissionVersion {
  int64_t version = 1;
  nlohmann::json values;
  Instant submitted_at;
  std::string submitted_by_name;
};

struct Submission {
  int64_t id = 0;
  int64_t template_id = 0;
  std::string template_name, template_code;
  int64_t template_version = 1;
  int64_t org_id = 0;
  std::string org_path, org_name;
  Instant deadline;
  std::string day;
  std::string state;  // submitted, acknowledged, returned
  int64_t version = 1;
  Instant first_submitted_at, submitted_at;
  bool late = false;
  std::optional<Instant> reviewed_at;
  std::optional<std::string> reviewed_by_name, review_comment;
  std::vector<SubmissionVersion> versions;  // oldest first, when loaded
};

// One cell of the status grid.
struct Cell {
  int64_t unit_id = 0;
  std::string unit_name, unit_path;
  int64_t template_id = 0;
  std::string template_name, template_code;
  Instant deadline;
  std::string state;  // on_time, late, missing, acknowledged, pending (not yet due)
  bool returned = false;
  bool late = false;  // sent after the deadline (also when acknowledged since)
  std::optional<int64_t> submission_id;
  std::optional<Instant> submitted_at;
  int64_t version = 0;
};

}  // namespace lifeline::app::reports
