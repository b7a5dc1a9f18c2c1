#include "app/reports/json.h"

#include "app/reports/fields.h"
#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::reports {

namespace {

nlohmann::json when(const std::optional<Instant>& t) { return t ? nlohmann::json(format_instant(*t)) : nlohmann::json(); }

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

std::string clock_text(int minute) { return format_clock_time(minute); }

nlohmann::json to_json(const TemplateVersion& v) {
  nlohmann::json deadlines = nlohmann::json::array();
  for (int m : v.deadlines) deadlines.push_back(clock_text(m));
  nlohmann::json days = nlohmann::json::array();
  for (int d = 0; d < 7; ++d)
    if (v.days & (1 << d)) days.push_back(d + 1);
  return {{"version", v.version},
          {"name", v.name},
          {"fields", to_json(v.fields)},
          {"required_kinds", v.required_kinds},
          {"required_units", v.required_units},
          {"deadlines", deadlines},
          {"days", days},
          {"remind_minutes", v.remind_minutes},
          {"escalate_minutes", v.escalate_minutes},
          {"effective_from", format_instant(v.effective_from)},
          {"created_at", format_instant(v.created_at)},
          {"created_by_name", v.created_by_name}};
}

nlohmann::json to_json(const Template& t, bool history) {
  nlohmann::json j = {{"id", t.id},
                      {"org_id", t.org_id},
                      {"org_name", t.org_name},
                      {"code", t.code},
                      {"name", t.name},
                      {"active", t.active},
                      {"current_version", t.current_version},
                      {"current", to_json(t.current())}};
  if (history) {
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : t.versions) versions.push_back(to_json(v));
    j["versions"] = versions;
  }
  return j;
}

nlohmann::json to_json(const Submission& s) {
  nlohmann::json versions = nlohmann::json::array();
  for (const auto& v : s.versions)
    versions.push_back({{"version", v.version},
                        {"values", v.values},
                        {"submitted_at", format_instant(v.submitted_at)},
                        {"submitted_by_name", v.submitted_by_name}});
  nlohmann::json j = {{"id", s.id},
                      {"template", {{"id", s.template_id}, {"name", s.template_name}, {"code", s.template_code},
                                    {"version", s.template_version}}},
                      {"unit", {{"id", s.org_id}, {"name", s.org_name}}},
                      {"deadline", format_instant(s.deadline)},
                      {"day", s.day},
                      {"state", s.state},
                      {"version", s.version},
                      {"first_submitted_at", format_instant(s.first_submitted_at)},
                      {"submitted_at", format_instant(s.submitted_at)},
                      {"late", s.late},
                      {"reviewed_at", when(s.reviewed_at)},
                      {"reviewed_by_name", or_null(s.reviewed_by_name)},
                      {"review_comment", or_null(s.review_comment)}};
  if (!versions.empty()) {
    j["versions"] = versions;
    j["values"] = versions.back()["values"];
  }
  return j;
}

nlohmann::json to_json(const Cell& c) {
  return {{"unit", {{"id", c.unit_id}, {"name", c.unit_name}}},
          {"template", {{"id", c.template_id}, {"name", c.template_name}, {"code", c.template_code}}},
          {"deadline", format_instant(c.deadline)},
          {"state", c.state},
          {"returned", c.returned},
          {"late", c.late},
          {"submission_id", or_null(c.submission_id)},
          {"submitted_at", when(c.submitted_at)},
          {"version", c.version}};
}

}  // namespace lifeline::app::reports
