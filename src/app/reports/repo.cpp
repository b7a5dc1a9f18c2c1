#include "app/reports/repo.h"

#include <set>

#include "app/reports/fields.h"
#include "store/like.h"

namespace lifeline::app::reports::repo {

using store::Params;
using store::Tx;

Result<std::vector<Template>> templates(Tx& tx, const std::string& where, const Params& params) {
  LL_TRY(auto rows, tx.query("SELECT t.id, t.org_id, t.org_path, o.name, t.code, t.name, t.current_version, t.active"
                             " FROM report_templates t JOIN orgs o ON o.id = t.org_id " + where,
                             params));
  std::vector<Template> out;
  for (const auto& r : rows) {
    Template t{r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4), r.text(5), r.integer(6), r.boolean(7), {}};
    LL_TRY(auto versions, tx.query("SELECT version, name, fields, required_kinds, required_units, deadlines, days,"
                                   " remind_minutes, escalate_minutes, effective_from, created_at, created_by_name"
                                   " FROM report_template_versions WHERE template_id = ? ORDER BY version",
                                   {t.id}));
    for (const auto& v : versions) {
      TemplateVersion tv;
      tv.version = v.integer(0);
      tv.name = v.text(1);
      tv.fields = fields_from_json(nlohmann::json::parse(v.text(2), nullptr, false));
      auto kinds = nlohmann::json::parse(v.text(3), nullptr, false);
      if (kinds.is_array())
        for (const auto& k : kinds) tv.required_kinds.push_back(k.get<std::string>());
      auto units = nlohmann::json::parse(v.text(4), nullptr, false);
      if (units.is_array())
        for (const auto& u : units) tv.required_units.push_back(u.get<int64_t>());
      auto deadlines = nlohmann::json::parse(v.text(5), nullptr, false);
      if (deadlines.is_array())
        for (const auto& d : deadlines) tv.deadlines.push_back(d.get<int>());
      tv.days = static_cast<int>(v.integer(6));
      tv.remind_minutes = static_cast<int>(v.integer(7));
      tv.escalate_minutes = static_cast<int>(v.integer(8));
      tv.effective_from = from_millis(v.integer(9));
      tv.created_at = from_millis(v.integer(10));
      tv.created_by_name = v.text(11);
      t.versions.push_back(std::move(tv));
    }
    if (!t.versions.empty()) out.push_back(std::move(t));
  }
  return out;
}

Result<std::optional<Template>> find_template(Tx& tx, int64_t id) {
  LL_TRY(auto found, templates(tx, "WHERE t.id = ?", {id}));
  if (found.empty()) return std::optional<Template>();
  return std::optional<Template>(std::move(found[0]));
}

Status insert_version(Tx& tx, int64_t template_id, const TemplateVersion& v) {
  return tx.execute("INSERT INTO report_template_versions (template_id, version, name, fields, required_kinds,"
                    " required_units, deadlines, days, remind_minutes, escalate_minutes, effective_from, created_at,"
                    " created_by_name) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    {template_id, v.version, v.name, to_json(v.fields).dump(), nlohmann::json(v.required_kinds).dump(),
                     nlohmann::json(v.required_units).dump(), nlohmann::json(v.deadlines).dump(), v.days,
                     v.remind_minutes, v.escalate_minutes, to_millis(v.effective_from), to_millis(v.created_at),
                     v.created_by_name});
}

Result<std::vector<Submission>> submissions(Tx& tx, const std::string& where, const Params& params, bool versions) {
  LL_TRY(auto rows, tx.query("SELECT s.id, s.template_id, t.name, t.code, s.template_version, s.org_id, s.org_path,"
                             " o.name, s.deadline_at, s.day, s.state, s.version, s.first_submitted_at, s.submitted_at,"
                             " s.late, s.reviewed_at, s.reviewed_by_name, s.review_comment FROM report_submissions s"
                             " JOIN report_templates t ON t.id = s.template_id JOIN orgs o ON o.id = s.org_id " + where,
                             params));
  std::vector<Submission> out;
  for (const auto& r : rows) {
    Submission s;
    s.id = r.integer(0);
    s.template_id = r.integer(1);
    s.template_name = r.text(2);
    s.template_code = r.text(3);
    s.template_version = r.integer(4);
    s.org_id = r.integer(5);
    s.org_path = r.text(6);
    s.org_name = r.text(7);
    s.deadline = from_millis(r.integer(8));
    s.day = r.text(9);
    s.state = r.text(10);
    s.version = r.integer(11);
    s.first_submitted_at = from_millis(r.integer(12));
    s.submitted_at = from_millis(r.integer(13));
    s.late = r.boolean(14);
    if (!r.is_null(15)) s.reviewed_at = from_millis(r.integer(15));
    s.reviewed_by_name = r.opt_text(16);
    s.review_comment = r.opt_text(17);
    if (versions) {
      LL_TRY(auto vs, tx.query("SELECT version, field_values, submitted_at, submitted_by_name"
                               " FROM report_submission_versions WHERE submission_id = ? ORDER BY version",
                               {s.id}));
      for (const auto& v : vs)
        s.versions.push_back({v.integer(0), nlohmann::json::parse(v.text(1), nullptr, false),
                              from_millis(v.integer(2)), v.text(3)});
    }
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::optional<Submission>> find_submission(Tx& tx, int64_t id) {
  LL_TRY(auto found, submissions(tx, "WHERE s.id = ?", {id}, true));
  if (found.empty()) return std::optional<Submission>();
  return std::optional<Submission>(std::move(found[0]));
}

Result<std::vector<Unit>> required_units(Tx& tx, const Template& t, const TemplateVersion& v,
                                         const std::string& within) {
  std::vector<Unit> out;
  std::set<int64_t> seen;
  auto take = [&](const store::Row& r) {
    Unit u{r.integer(0), r.text(1), r.text(2), r.text(3)};
    if (!u.path.starts_with(within) || !u.path.starts_with(t.org_path) || !seen.insert(u.id).second) return;
    out.push_back(std::move(u));
  };
  for (const auto& kind : v.required_kinds) {
    LL_TRY(auto rows, tx.query("SELECT id, path, name, kind FROM orgs WHERE kind = ? AND path LIKE ? ESCAPE '\\'"
                               " ORDER BY path",
                               {kind, store::like_prefix(t.org_path)}));
    for (const auto& r : rows) take(r);
  }
  for (int64_t id : v.required_units) {
    LL_TRY(auto row, tx.query_one("SELECT id, path, name, kind FROM orgs WHERE id = ?", {id}));
    if (row) take(*row);
  }
  std::sort(out.begin(), out.end(), [](const Unit& a, const Unit& b) { return a.path < b.path; });
  return out;
}

}  // namespace lifeline::app::reports::repo
