#include "app/reports/templates.h"

#include <regex>
#include <set>

#include "app/audit/audit.h"
#include "app/reports/access.h"
#include "app/reports/json.h"
#include "app/reports/repo.h"
#include "store/like.h"

namespace lifeline::app::reports {

using store::Tx;
using store::TxMode;

namespace {

constexpr const char* kKinds[] = {"utility", "department", "water_plant", "wastewater_plant", "branch", "team"};

// Checks the parts every version must have (the fields were read already).
Status check(Tx& tx, const TemplateInput& in, const std::string& owner_path) {
  std::vector<FieldError> errors;
  if (in.name.find_first_not_of(" \t") == std::string::npos) errors.push_back({"name", "must not be empty"});
  if (in.fields.empty()) errors.push_back({"fields", "a report needs at least one field"});
  for (size_t i = 0; i < in.required_kinds.size(); ++i)
    if (std::find(std::begin(kKinds), std::end(kKinds), in.required_kinds[i]) == std::end(kKinds))
      errors.push_back({"required_kinds/" + std::to_string(i), "not a kind of unit"});
  for (size_t i = 0; i < in.required_units.size(); ++i) {
    LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {in.required_units[i]}));
    if (!row || !row->text(0).starts_with(owner_path))
      errors.push_back({"required_units/" + std::to_string(i), "no such unit under the template's HQ"});
  }
  if (in.required_kinds.empty() && in.required_units.empty())
    errors.push_back({"required_kinds", "say which units must report (kinds or units)"});
  if (in.deadlines.empty()) errors.push_back({"deadlines", "a report needs at least one deadline"});
  if ((in.days & 0x7f) == 0) errors.push_back({"days", "a report is due on at least one day of the week"});
  if (in.remind_minutes < 0 || in.remind_minutes > 720) errors.push_back({"remind_minutes", "0 to 720 minutes"});
  if (in.escalate_minutes < 0 || in.escalate_minutes > 720) errors.push_back({"escalate_minutes", "0 to 720 minutes"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

TemplateVersion version_of(const TemplateInput& in, int64_t number, Instant effective, const Actor& actor,
                           Instant now) {
  TemplateVersion v;
  v.version = number;
  v.name = in.name;
  v.fields = in.fields;
  v.required_kinds = in.required_kinds;
  v.required_units = in.required_units;
  v.deadlines = in.deadlines;
  std::sort(v.deadlines.begin(), v.deadlines.end());
  v.days = in.days & 0x7f;
  v.remind_minutes = in.remind_minutes;
  v.escalate_minutes = in.escalate_minutes;
  v.effective_from = effective;
  v.created_at = now;
  v.created_by_name = actor.display_name;
  return v;
}

Result<Template> reload(Tx& tx, int64_t id) {
  LL_TRY(auto t, repo::find_template(tx, id));
  if (!t) return Error::internal("template vanished");
  return std::move(*t);
}

}  // namespace

Result<std::vector<Template>> Templates::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Template>> {
    LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
    if (!unit || !actor.sees(unit->text(0)))
      return Error{ErrorCode::not_found, "no such org unit in your scope", {{"org", "no such org unit in your scope"}}};
    const std::string path = unit->text(0);
    return repo::templates(tx, "WHERE (? LIKE (t.org_path || '%') OR t.org_path LIKE ? ESCAPE '\\') ORDER BY t.id",
                           {path, store::like_prefix(path)});
  });
}

Result<Template> Templates::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::reports_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Template> {
    LL_TRY(auto t, repo::find_template(tx, id));
    if (!t || !sees_template(actor, *t)) return Error::not_found("no such report template");
    return std::move(*t);
  });
}

Result<Template> Templates::create(const Actor& actor, const TemplateInput& in) {
  if (!actor.can(Permission::reports_review)) return Error::forbidden();
  static const std::regex code_re("[a-z0-9][a-z0-9_-]{0,39}");
  if (!std::regex_match(in.code, code_re)) return Error::invalid("code", "lower-case letters, digits, - and _ (up to 40)");
  const Instant now = rt_.clock.now();
  const Instant effective = in.effective_from.value_or(now);
  if (effective < now - std::chrono::hours(24 * 30) || effective > now + std::chrono::hours(24 * 366))
    return Error::invalid("effective_from", "within the last 30 days or the next year");
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Template> {
    LL_TRY(auto unit, tx.query_one("SELECT id, path FROM orgs WHERE id = ?", {in.org_id.value_or(actor.org_id)}));
    if (!unit || !actor.sees(unit->text(1)))
      return Error{ErrorCode::not_found, "no such org unit in your scope", {{"org_id", "no such org unit in your scope"}}};
    LL_CHECK(check(tx, in, unit->text(1)));
    LL_TRY(auto row, tx.query_one("INSERT INTO report_templates (org_id, org_path, code, name, current_version, active,"
                                  " created_at, updated_at) VALUES (?,?,?,?,1,?,?,?)"
                                  " ON CONFLICT (org_id, code) DO NOTHING RETURNING id",
                                  {unit->integer(0), unit->text(1), in.code, in.name, in.active.value_or(true),
                                   to_millis(now), to_millis(now)}));
    if (!row)
      return Error{ErrorCode::conflict, "this HQ already has a template with that code", {{"code", "already used"}}};
    const int64_t id = row->integer(0);
    LL_CHECK(repo::insert_version(tx, id, version_of(in, 1, effective, actor, now)));
    LL_TRY(auto stored, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"reports.template.create", "report_template", std::to_string(id), unit->integer(0),
                            unit->text(1), nullptr, to_json(stored)}));
    return stored;
  });
}

Result<Template> Templates::change(const Actor& actor, int64_t id, const TemplateInput& in,
                                   std::optional<int64_t> version) {
  if (!actor.can(Permission::reports_review)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const Instant effective = in.effective_from.value_or(now);
  if (effective < now - std::chrono::minutes(5))
    return Error::invalid("effective_from", "a change applies from now on: past reports keep the version they had");
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Template> {
    LL_TRY(auto locked, tx.query_one("SELECT current_version FROM report_templates WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto before, repo::find_template(tx, id));
    if (!locked || !before || !actor.sees(before->org_path)) return Error::not_found("no such report template");
    if (version && *version != before->current_version)
      return Error{ErrorCode::precondition_failed, "the template was changed meanwhile; reload it", {}};
    if (effective < before->current().effective_from)
      return Error::invalid("effective_from", "must not be before the current version takes effect");
    LL_CHECK(check(tx, in, before->org_path));
    const int64_t next = before->current_version + 1;
    LL_CHECK(repo::insert_version(tx, id, version_of(in, next, effective, actor, now)));
    LL_TRY(int64_t n, tx.exec("UPDATE report_templates SET current_version = ?, name = ?, active = ?, updated_at = ?"
                              " WHERE id = ? AND current_version = ?",
                              {next, in.name, in.active.value_or(before->active), to_millis(now), id,
                               before->current_version}));
    if (n != 1) return Error::conflict("the template was changed meanwhile");
    LL_TRY(auto after, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"reports.template.change", "report_template", std::to_string(id), before->org_id,
                            before->org_path, to_json(*before), to_json(after)}));
    return after;
  });
}

}  // namespace lifeline::app::reports
