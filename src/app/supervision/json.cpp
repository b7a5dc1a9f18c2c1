#include "app/supervision/json.h"

#include "core/time.h"

namespace lifeline::app::supervision {

namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json when(const std::optional<Instant>& t) { return t ? nlohmann::json(format_instant(*t)) : nlohmann::json(); }

}  // namespace

nlohmann::json to_json(const Checklist& c) {
  nlohmann::json items = nlohmann::json::array();
  for (size_t i = 0; i < c.items.size(); ++i)
    items.push_back({{"position", i}, {"category", c.items[i].category}, {"text", c.items[i].text}});
  return {{"id", c.id},     {"org_id", c.org_id},   {"org_name", c.org_name}, {"name", c.name},
          {"active", c.active}, {"version", c.version}, {"items", items}, {"updated_at", format_instant(c.updated_at)}};
}

nlohmann::json to_json(const Team& t) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& [id, name] : t.units) units.push_back({{"id", id}, {"name", name}});
  return {{"id", t.id},
          {"name", t.name},
          {"leader_name", t.leader_name},
          {"org_id", t.org_id},
          {"org_name", t.org_name},
          {"units", units},
          {"rounds_done", t.rounds_done},
          {"findings", t.findings},
          {"open_rectifications", t.open_rectifications},
          {"overdue_rectifications", t.overdue_rectifications}};
}

nlohmann::json to_json(const Rectification& x, Instant now) {
  return {{"id", x.id},
          {"finding", {{"id", x.finding_id}, {"text", x.finding_text}, {"severity", x.severity}}},
          {"round_id", x.round_id},
          {"team", {{"id", x.team_id}, {"name", x.team_name}}},
          {"unit", {{"id", x.org_id}, {"name", x.org_name}}},
          {"action", x.action},
          {"owner", {{"user_id", or_null(x.owner_user_id)}, {"name", x.owner_name}}},
          {"deadline", format_instant(x.deadline)},
          {"state", x.state},
          {"overdue", x.overdue(now)},
          {"overdue_flagged_at", when(x.overdue_at)},
          {"response", or_null(x.response)},
          {"responded_at", when(x.responded_at)},
          {"responded_by_name", or_null(x.responded_by_name)},
          {"verified_at", when(x.verified_at)},
          {"verified_by_name", or_null(x.verified_by_name)},
          {"verification_note", or_null(x.verification_note)},
          {"reopened", x.reopened},
          {"version", x.version},
          {"created_at", format_instant(x.created_at)}};
}

nlohmann::json to_json(const Round& r, Instant now) {
  nlohmann::json j = {{"id", r.id},
                      {"team", {{"id", r.team_id}, {"name", r.team_name}}},
                      {"unit", {{"id", r.org_id}, {"name", r.org_name}}},
                      {"checklist", r.checklist_id ? nlohmann::json{{"id", *r.checklist_id}, {"name", r.checklist_name}}
                                                   : nlohmann::json()},
                      {"kind", r.kind},
                      {"state", r.state},
                      {"planned_for", or_null(r.planned_for)},
                      {"conducted_at", when(r.conducted_at)},
                      {"inspectors", r.inspectors},
                      {"summary", r.summary},
                      {"created_by_name", r.created_by_name},
                      {"findings_count", r.findings_count},
                      {"open_rectifications", r.open_count}};
  if (!r.items.empty() || !r.findings.empty() || r.state == "done") {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : r.items)
      items.push_back({{"position", i.position}, {"category", i.category}, {"text", i.text}, {"result", i.result},
                       {"note", or_null(i.note)}});
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : r.findings)
      findings.push_back({{"id", f.id},
                          {"item_position", or_null(f.item_position)},
                          {"severity", f.severity},
                          {"text", f.text},
                          {"photos", f.photos},
                          {"rectification", f.rectification ? to_json(*f.rectification, now) : nlohmann::json()}});
    j["items"] = items;
    j["findings"] = findings;
  }
  return j;
}

}  // namespace lifeline::app::supervision
