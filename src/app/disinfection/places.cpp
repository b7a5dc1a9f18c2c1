#include "app/disinfection/places.h"

#include <cmath>

#include "app/accounts/secrets.h"
#include "app/audit/audit.h"
#include "app/supplies/access.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::disinfection {

using store::Tx;
using store::TxMode;

namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.utility_id, p.org_id, o.name, p.org_path, p.name, p.kind, p.times_per_day, p.after_each_use,"
    " p.agent, p.dose, p.agent_item_id, p.dose_milli, p.warehouse_id, COALESCE(i.name, ''),"
    " COALESCE(i.base_unit, ''), COALESCE(w.name, ''), p.qr_token, p.active, p.version, p.created_at"
    " FROM disinfection_places p JOIN orgs o ON o.id = p.org_id"
    " LEFT JOIN supply_items i ON i.id = p.agent_item_id LEFT JOIN supply_warehouses w ON w.id = p.warehouse_id ";

Place from_row(const store::Row& r) {
  Place p;
  p.id = r.integer(0);
  p.utility_id = r.integer(1);
  p.org_id = r.integer(2);
  p.org_name = r.text(3);
  p.org_path = r.text(4);
  p.name = r.text(5);
  p.kind = r.text(6);
  p.times_per_day = static_cast<int>(r.integer(7));
  p.after_each_use = r.boolean(8);
  p.agent = r.text(9);
  p.dose = r.text(10);
  p.agent_item_id = r.opt_integer(11);
  p.dose_milli = r.opt_integer(12);
  p.warehouse_id = r.opt_integer(13);
  p.agent_item_name = r.text(14);
  p.agent_unit = r.text(15);
  p.warehouse_name = r.text(16);
  p.qr_token = r.text(17);
  p.active = r.boolean(18);
  p.version = r.integer(19);
  p.created_at = from_millis(r.integer(20));
  return p;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

std::vector<FieldError> check(const NewPlace& in) {
  std::vector<FieldError> e;
  bool kind_ok = false;
  for (auto k : kPlaceKinds) kind_ok = kind_ok || k == in.kind;
  if (!kind_ok) {
    std::string all;
    for (auto k : kPlaceKinds) all += (all.empty() ? "" : ", ") + std::string(k);
    e.push_back({"kind", "must be one of: " + all});
  }
  if (blank(in.name)) e.push_back({"name", "must not be empty"});
  if (blank(in.agent)) e.push_back({"agent", "name the disinfectant"});
  if (in.times_per_day < 1 || in.times_per_day > 12) e.push_back({"times_per_day", "must be between 1 and 12"});
  if (in.dose_quantity && !in.agent_item_id)
    e.push_back({"agent_item_id", "give the stock item the dose is drawn from"});
  return e;
}

// The agent's dose in the item's base unit × 1000.
Result<std::optional<int64_t>> dose_milli(Tx& tx, std::optional<int64_t> item_id, const std::optional<double>& quantity,
                                          const std::optional<std::string>& unit) {
  if (!item_id || !quantity) return std::optional<int64_t>();
  LL_TRY(auto item, supplies::find_item(tx, *item_id));
  if (!item) return supplies::not_found_field("agent_item_id", "no such item");
  LL_TRY(int64_t milli, supplies::to_milli(*quantity, unit.value_or(item->base_unit), item->base_unit, item->units,
                                           "dose_quantity", "dose_unit"));
  return std::optional<int64_t>(milli);
}

}  // namespace

bool may_read(const Actor& actor) {
  return actor.can(Permission::supplies_read) || actor.can(Permission::disinfection_record);
}

std::string scan_path(const std::string& token) { return "/#/d/" + token; }

Result<std::optional<Place>> find_place(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kSelect) + "WHERE p.id = ?", {id}));
  if (!row) return std::optional<Place>();
  return std::optional<Place>(from_row(*row));
}

Result<std::vector<Place>> places_under(Tx& tx, const std::string& org_path, bool active_only) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + "WHERE p.org_path LIKE ? ESCAPE '\\'" +
                                 (active_only ? " AND p.active = 1" : "") + " ORDER BY p.org_path, p.kind, p.name",
                             {store::like_prefix(org_path)}));
  std::vector<Place> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<Place> visible_place(Tx& tx, const Actor& actor, int64_t id, const std::string& field) {
  LL_TRY(auto p, find_place(tx, id));
  if (!p || !actor.sees(p->org_path)) return supplies::not_found_field(field, "no such place in your unit");
  return std::move(*p);
}

Result<std::vector<Place>> Places::list(const Actor& actor, std::optional<int64_t> org) {
  if (!may_read(actor)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<Place>> {
    LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
    if (!row || !actor.sees(row->text(0))) return supplies::not_found_field("org", "no such org unit in your scope");
    return places_under(tx, row->text(0), false);
  });
}

Result<Place> Places::get(const Actor& actor, int64_t id) {
  if (!may_read(actor)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_place(tx, actor, id, "id"); });
}

Result<Place> Places::by_token(const Actor& actor, const std::string& token) {
  if (!may_read(actor)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Place> {
    LL_TRY(auto row, tx.query_one("SELECT id FROM disinfection_places WHERE qr_token = ?", {token}));
    if (!row) return supplies::not_found_field("qr_token", "no place has this code");
    return visible_place(tx, actor, row->integer(0), "qr_token");
  });
}

Result<Place> Places::create(const Actor& actor, const NewPlace& in) {
  if (!actor.can(Permission::disinfection_manage)) return Error::forbidden();
  if (auto e = check(in); !e.empty()) return Error::invalid(std::move(e));
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Place> {
    LL_TRY(auto row, tx.query_one("SELECT id, path FROM orgs WHERE id = ?", {in.org_id.value_or(actor.org_id)}));
    if (!row || !actor.sees(row->text(1))) return supplies::not_found_field("org_id", "no such unit in your scope");
    const int64_t org_id = row->integer(0);
    const std::string path = row->text(1);
    LL_TRY(auto utility, supplies::utility_of(tx, path, "org_id"));
    std::optional<int64_t> warehouse_id;
    if (in.agent_item_id) {
      LL_TRY(auto item, supplies::item_of_utility(tx, utility.id, *in.agent_item_id, "agent_item_id"));
      if (in.warehouse_id) {
        LL_TRY(auto w, supplies::find_warehouse(tx, *in.warehouse_id));
        if (!w || w->utility_id != utility.id)
          return supplies::not_found_field("warehouse_id", "no such warehouse in the unit's utility");
        warehouse_id = w->id;
      } else {
        LL_TRY(auto w, supplies::nearest_warehouse(tx, path));
        if (!w) return Error::invalid("warehouse_id", "the unit has no warehouse to draw the agent from");
        warehouse_id = w->id;
      }
    }
    LL_TRY(auto dose, dose_milli(tx, in.agent_item_id, in.dose_quantity, in.dose_unit));
    LL_TRY(auto taken, tx.query_one("SELECT 1 FROM disinfection_places WHERE org_id = ? AND name = ?", {org_id, in.name}));
    if (taken) return Error::invalid("name", "the unit already has a place with this name");
    // The token only finds the place; whether the scanner may record there is the scope's decision.
    const std::string token = random_token("d").substr(0, 24);
    LL_TRY(int64_t id, tx.insert("INSERT INTO disinfection_places (utility_id, org_id, org_path, name, kind,"
                                 " times_per_day, after_each_use, agent, dose, agent_item_id, dose_milli, warehouse_id,"
                                 " qr_token, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {utility.id, org_id, path, in.name, in.kind, in.times_per_day, in.after_each_use,
                                  in.agent, in.dose, in.agent_item_id, dose, warehouse_id, token, to_millis(now)}));
    LL_TRY(auto place, find_place(tx, id));
    nlohmann::json after = to_json(*place);
    after.erase("qr_token");
    LL_CHECK(audit::record(tx, actor, now,
                           {"disinfection.place.create", "disinfection_place", std::to_string(id), org_id, path,
                            nullptr, after}));
    return std::move(*place);
  });
}

Result<Place> Places::update(const Actor& actor, int64_t id, const PlacePatch& p) {
  if (!actor.can(Permission::disinfection_manage)) return Error::forbidden();
  if (p.times_per_day && (*p.times_per_day < 1 || *p.times_per_day > 12))
    return Error::invalid("times_per_day", "must be between 1 and 12");
  if ((p.name && blank(*p.name)) || (p.agent && blank(*p.agent)))
    return Error::invalid(p.name && blank(*p.name) ? "name" : "agent", "must not be empty");
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Place> {
    LL_CHECK(tx.query("SELECT id FROM disinfection_places WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto before, visible_place(tx, actor, id, "id"));
    std::optional<int64_t> dose = before.dose_milli;
    if (p.dose_quantity) {
      LL_TRY(dose, dose_milli(tx, before.agent_item_id, *p.dose_quantity, p.dose_unit));
    }
    LL_CHECK(tx.execute("UPDATE disinfection_places SET name = ?, agent = ?, dose = ?, times_per_day = ?,"
                        " after_each_use = ?, active = ?, dose_milli = ?, version = version + 1 WHERE id = ?",
                        {p.name.value_or(before.name), p.agent.value_or(before.agent), p.dose.value_or(before.dose),
                         p.times_per_day.value_or(before.times_per_day), p.after_each_use.value_or(before.after_each_use),
                         p.active.value_or(before.active), dose, id}));
    LL_TRY(auto after, find_place(tx, id));
    nlohmann::json a = to_json(*after), b = to_json(before);
    a.erase("qr_token");
    b.erase("qr_token");
    LL_CHECK(audit::record(tx, actor, now,
                           {"disinfection.place.update", "disinfection_place", std::to_string(id), after->org_id,
                            after->org_path, b, a}));
    return std::move(*after);
  });
}

nlohmann::json to_json(const Place& p) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"id", p.id},
          {"utility_id", p.utility_id},
          {"org_id", p.org_id},
          {"org_name", p.org_name},
          {"name", p.name},
          {"kind", p.kind},
          {"times_per_day", p.times_per_day},
          {"after_each_use", p.after_each_use},
          {"agent", p.agent},
          {"dose", p.dose},
          {"agent_item_id", opt(p.agent_item_id)},
          {"agent_item_name", p.agent_item_name},
          {"dose_quantity", p.dose_milli ? nlohmann::json(supplies::from_milli(*p.dose_milli)) : nlohmann::json()},
          {"dose_unit", p.agent_unit},
          {"warehouse_id", opt(p.warehouse_id)},
          {"warehouse_name", p.warehouse_name},
          {"qr_token", p.qr_token},
          {"scan_path", scan_path(p.qr_token)},
          {"active", p.active},
          {"version", p.version}};
}

}  // namespace lifeline::app::disinfection
