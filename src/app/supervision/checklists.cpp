#include "app/supervision/checklists.h"

#include "app/audit/audit.h"
#include "app/supervision/json.h"
#include "app/supervision/repo.h"
#include "store/like.h"

namespace lifeline::app::supervision {

using store::Tx;
using store::TxMode;

namespace {

Status check_items(const std::vector<ChecklistItem>& items) {
  std::vector<FieldError> errors;
  if (items.empty()) errors.push_back({"items", "a checklist needs at least one item"});
  if (items.size() > 100) errors.push_back({"items", "at most 100 items"});
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].text.find_first_not_of(" \t\r\n") == std::string::npos)
      errors.push_back({"items/" + std::to_string(i) + "/text", "must not be empty"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

Status write_items(Tx& tx, int64_t id, const std::vector<ChecklistItem>& items) {
  LL_CHECK(tx.execute("DELETE FROM supervision_checklist_items WHERE checklist_id = ?", {id}));
  for (size_t i = 0; i < items.size(); ++i)
    LL_CHECK(tx.execute("INSERT INTO supervision_checklist_items (checklist_id, position, category, text)"
                        " VALUES (?,?,?,?)",
                        {id, static_cast<int64_t>(i), items[i].category, items[i].text}));
  return {};
}

}  // namespace

Result<std::vector<Checklist>> Checklists::list(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::supervision_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Checklist>> {
    LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
    if (!unit || !actor.sees(unit->text(0))) return Error{ErrorCode::not_found, "no such org unit in your scope", {{"org", "no such org unit in your scope"}}};
    const std::string path = unit->text(0);
    // Kept at this unit or above it (the HQ's), or below it.
    return repo::checklists(tx, "WHERE (? LIKE (c.org_path || '%') OR c.org_path LIKE ? ESCAPE '\\') ORDER BY c.id",
                            {path, store::like_prefix(path)});
  });
}

Result<Checklist> Checklists::create(const Actor& actor, const ChecklistInput& in) {
  if (!actor.can(Permission::supervision_conduct)) return Error::forbidden();
  if (!in.name || in.name->empty()) return Error::invalid("name", "is required");
  LL_CHECK(check_items(in.items.value_or(std::vector<ChecklistItem>{})));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Checklist> {
    LL_TRY(auto unit, tx.query_one("SELECT id, path FROM orgs WHERE id = ?", {in.org_id.value_or(actor.org_id)}));
    if (!unit || !actor.sees(unit->text(1))) return Error::invalid("org_id", "no such org unit in your scope");
    LL_TRY(int64_t id, tx.insert("INSERT INTO supervision_checklists (org_id, org_path, name, active, created_at,"
                                 " updated_at) VALUES (?,?,?,?,?,?) RETURNING id",
                                 {unit->integer(0), unit->text(1), *in.name, in.active.value_or(true), to_millis(now),
                                  to_millis(now)}));
    LL_CHECK(write_items(tx, id, *in.items));
    LL_TRY(auto stored, repo::find_checklist(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supervision.checklist.create", "supervision_checklist", std::to_string(id),
                            unit->integer(0), unit->text(1), nullptr, to_json(*stored)}));
    return std::move(*stored);
  });
}

Result<Checklist> Checklists::update(const Actor& actor, int64_t id, const ChecklistInput& in,
                                     std::optional<int64_t> version) {
  if (!actor.can(Permission::supervision_conduct)) return Error::forbidden();
  if (in.name && in.name->empty()) return Error::invalid("name", "must not be empty");
  if (in.items) LL_CHECK(check_items(*in.items));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Checklist> {
    LL_TRY(auto locked, tx.query_one("SELECT id FROM supervision_checklists WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto before, repo::find_checklist(tx, id));
    if (!locked || !before || !actor.sees(before->org_path)) return Error::not_found("no such checklist");
    if (version && *version != before->version)
      return Error{ErrorCode::precondition_failed, "the checklist was changed meanwhile; reload it", {}};
    LL_CHECK(tx.execute("UPDATE supervision_checklists SET name = ?, active = ?, version = version + 1, updated_at = ?"
                        " WHERE id = ?",
                        {in.name.value_or(before->name), in.active.value_or(before->active), to_millis(now), id}));
    if (in.items) LL_CHECK(write_items(tx, id, *in.items));
    LL_TRY(auto after, repo::find_checklist(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supervision.checklist.update", "supervision_checklist", std::to_string(id),
                            before->org_id, before->org_path, to_json(*before), to_json(*after)}));
    return std::move(*after);
  });
}

}  // namespace lifeline::app::supervision
