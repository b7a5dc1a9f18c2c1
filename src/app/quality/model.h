// Water quality's plain values: sampling points, plans, tasks, result sheets
// with their results, exceedance cases. Every record belongs to a utility;
// everyone inside the utility who holds quality.read sees it (the quality
// centre supervises the plants' levels), another utility's answer 404.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/quality/judgement.h"
#include "core/clock.h"

namespace lifeline::app::quality {

// The three levels of 水质三级管理: 班组 (shift process tests at the plant),
// 水厂 (the plant laboratory), 公司 (the quality centre).
inline constexpr const char* kLevels[] = {"shift", "plant", "centre"};
inline constexpr const char* kFrequencies[] = {"hours", "daily", "weekly", "twice_monthly", "monthly", "half_yearly"};
inline constexpr const char* kRegimes[] = {"always", "normal", "raised"};

struct Point {
  int64_t id = 0, utility_id = 0, org_id = 0;
  std::string utility_path, org_path, org_name, code, name, type;
  std::optional<int64_t> plant_id, network_id, customer_id, population;
  std::string plant_name, customer_name;
  std::optional<std::string> node;
  std::string address;
  std::optional<double> x, y;
  bool active = true;
  int64_t version = 1;
  Instant created_at, updated_at;
};

struct Plan {
  int64_t id = 0, utility_id = 0;
  std::string org_path, point_type, regime, level, name;
  std::vector<std::string> indicators;
  std::string frequency;
  std::optional<int64_t> every_hours;
  int64_t due_hour = 10;
  std::optional<double> min_residual;
  bool active = true;
  int64_t version = 1;
  Instant created_at, updated_at;
};

struct Task {
  int64_t id = 0, utility_id = 0, org_id = 0, point_id = 0;
  std::string org_path, point_code, point_name, point_type;
  std::optional<int64_t> plan_id, origin_id, exceedance_id, sample_id;
  std::string task_key, day, kind, level, state;
  std::vector<std::string> indicators;
  Instant due_at, created_at;
  bool overdue = false;
  std::optional<std::string> origin_type;
  std::string origin_note, created_by_name;
  std::optional<Instant> done_at;
};

struct ResultRow {
  std::string indicator;
  Measured measured;
  std::string unit, method, judgement, limit_text;
};

struct Sample {
  int64_t id = 0, utility_id = 0, lab_org_id = 0, point_id = 0;
  std::string org_path, lab_org_path, lab_org_name, point_code, point_name, point_type;
  std::optional<int64_t> plant_id, task_id;
  std::string level, day, sampler, source, instrument, note, state;
  Instant sampled_at, entered_at;
  int64_t fails = 0, warnings = 0, version = 1;
  std::optional<int64_t> entered_by, checked_by, approved_by;
  std::string entered_by_name;
  std::optional<std::string> checked_by_name, approved_by_name, returned_by_name, return_reason;
  std::optional<Instant> checked_at, approved_at, returned_at;
  std::vector<ResultRow> results;
  std::string code() const;  // "SZ-20200125-17"
};

struct Exceedance {
  int64_t id = 0, utility_id = 0, org_id = 0, point_id = 0, sample_id = 0;
  std::string org_path, point_code, point_name, point_type, day;
  Instant opened_at;
  std::string indicators_json;  // [{indicator, value, limit}]
  std::string state;            // open, closed
  int64_t consecutive_passes = 0, passes_needed = 3, version = 1;
  std::optional<std::string> cause, action, cause_by_name;
  std::optional<Instant> cause_at, closed_at;
  std::optional<int64_t> customer_id, incident_id;
  std::string code() const;  // "CB-20200125-3"
};

}  // namespace lifeline::app::quality
