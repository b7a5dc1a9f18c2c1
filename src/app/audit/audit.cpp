#include "app/audit/audit.h"

#include <set>

#include "app/privacy.h"
#include "store/like.h"

#include "core/time.h"

namespace lifeline::app::audit {

namespace {
// Before/after hold what clients sent (bounded by parse_json's depth cap);
// bytes that are not UTF-8 (a header's file name) must not fail the change.
std::optional<std::string> dump(const nlohmann::json& j) {
  if (j.is_null()) return std::nullopt;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
nlohmann::json load(const std::optional<std::string>& s) {
  if (!s) return nullptr;
  return nlohmann::json::parse(*s, nullptr, false);
}
}  // namespace

Status record(store::Tx& tx, const Actor& actor, Instant at, const Change& c) {
  auto r = tx.exec(
      "INSERT INTO audit_log (at, actor_id, actor_name, org_id, org_path, action, entity, entity_id,"
      " before_json, after_json, request_id, remote_address) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      {to_millis(at), actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.username,
       c.org_id ? store::Value(c.org_id) : store::Value(), c.org_path, c.action, c.entity, c.entity_id,
       dump(c.before), dump(c.after), actor.request_id, actor.remote_address});
  if (!r) return r.error();
  return {};
}

namespace {
// Health-module changes whose before/after describe a person's health or
// movements; settings, risk areas and the like stay readable.
bool personal_health(const Entry& e) {
  static const std::set<std::string, std::less<>> kPersonal = {
      "checkin", "entrance_check", "household_member", "health_note", "observation", "outing", "staff",
      "checkin_link"};
  return e.action.starts_with("health.") && kPersonal.contains(e.entity);
}
}  // namespace

Result<Page> list(store::Tx& tx, const Actor& actor, const Filter& f) {
  std::string scope = actor.org_path;
  if (f.org_id) {
    LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {*f.org_id}));
    if (!row || !actor.sees(row->text(0))) return Error::not_found("no such org");
    scope = row->text(0);
  }
  std::string sql =
      "SELECT id, at, actor_id, actor_name, org_id, action, entity, entity_id, before_json, after_json,"
      " request_id, remote_address FROM audit_log WHERE org_path LIKE ? ESCAPE '\\'";
  store::Params params{store::like_prefix(scope)};
  if (f.actor) { sql += " AND actor_name = ?"; params.emplace_back(*f.actor); }
  if (f.action) {
    if (f.action->ends_with(".")) {
      sql += " AND action LIKE ? ESCAPE '\\'";
      params.emplace_back(store::like_prefix(*f.action));
    } else {
      sql += " AND action = ?";
      params.emplace_back(*f.action);
    }
  }
  if (f.entity) { sql += " AND entity = ?"; params.emplace_back(*f.entity); }
  if (f.from) { sql += " AND at >= ?"; params.emplace_back(to_millis(*f.from)); }
  if (f.to) { sql += " AND at < ?"; params.emplace_back(to_millis(*f.to)); }
  if (f.before_id) { sql += " AND id < ?"; params.emplace_back(*f.before_id); }
  sql += " ORDER BY id DESC LIMIT ?";
  params.emplace_back(static_cast<int64_t>(f.limit + 1));
  LL_TRY(auto rows, tx.query(sql, params));
  const bool health_officer = actor.can(Permission::health_records);
  Page page;
  for (const auto& r : rows) {
    if (page.items.size() == static_cast<size_t>(f.limit)) {
      page.next_cursor = page.items.back().id;
      break;
    }
    page.items.push_back({r.integer(0), from_millis(r.integer(1)), r.opt_integer(2), r.text(3), r.opt_integer(4),
                          r.text(5), r.text(6), r.text(7), load(r.opt_text(8)), load(r.opt_text(9)), r.text(10),
                          r.text(11)});
    auto& e = page.items.back();
    if (!health_officer && personal_health(e)) {
      e.before = e.after = nullptr;
      e.redacted = true;
    }
    // The audit log is a list: phone and ID numbers in any text of the
    // before/after are masked like the lists' own fields (app/privacy.h).
    mask_numbers_in_json(e.before);
    mask_numbers_in_json(e.after);
  }
  return page;
}

nlohmann::json to_json(const Entry& e) {
  return {{"id", e.id},
          {"at", format_instant(e.at)},
          {"actor_id", e.actor_id ? nlohmann::json(*e.actor_id) : nlohmann::json()},
          {"actor_name", e.actor_name},
          {"org_id", e.org_id ? nlohmann::json(*e.org_id) : nlohmann::json()},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"before", e.before},
          {"after", e.after},
          {"request_id", e.request_id},
          {"remote_address", e.remote_address},
          {"redacted", e.redacted}};
}

}  // namespace lifeline::app::audit
