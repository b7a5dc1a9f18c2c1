#include "app/supplies/support.h"

#include <cmath>
#include <map>
#include <set>

#include "app/supplies/access.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;
using store::TxMode;

namespace {

constexpr const char* kSelect =
    "SELECT s.id, s.movement_id, s.utility_id, s.org_path, u.name, s.item_id, i.name, i.category, i.base_unit,"
    " m.warehouse_id, w.name, s.day, s.quantity_milli, s.recipient_name, s.recipient_type, s.contact_name,"
    " s.contact_phone, s.delivered_by, s.vehicle, s.note, s.concentration, s.delivered_at,"
    " (SELECT r.id FROM supply_movements r WHERE r.reverses_id = s.movement_id)"
    " FROM supply_support s JOIN orgs u ON u.id = s.utility_id JOIN supply_items i ON i.id = s.item_id"
    " JOIN supply_movements m ON m.id = s.movement_id JOIN supply_warehouses w ON w.id = m.warehouse_id ";

SupportRecord from_row(const store::Row& r) {
  SupportRecord s;
  s.id = r.integer(0);
  s.movement_id = r.integer(1);
  s.utility_id = r.integer(2);
  s.org_path = r.text(3);
  s.utility_name = r.text(4);
  s.item_id = r.integer(5);
  s.item_name = r.text(6);
  s.item_category = r.text(7);
  s.base_unit = r.text(8);
  s.warehouse_id = r.integer(9);
  s.warehouse_name = r.text(10);
  s.day = r.text(11);
  s.quantity_milli = r.integer(12);
  s.recipient_name = r.text(13);
  s.recipient_type = r.text(14);
  s.contact_name = r.text(15);
  s.contact_phone = r.text(16);
  s.delivered_by = r.text(17);
  s.vehicle = r.text(18);
  s.note = r.text(19);
  if (!r.is_null(20)) s.concentration = r.real(20);
  s.delivered_at = from_millis(r.integer(21));
  s.reversed_by = r.opt_integer(22);
  return s;
}

Result<std::string> prefix_for(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  if (!org) return scope_path(tx, actor);
  LL_TRY(auto unit, unit_in_scope(tx, actor, org, "org"));
  return unit.path;
}

Result<std::pair<std::string, std::string>> period(Tx& tx, const std::string& prefix,
                                                   const std::optional<std::string>& from,
                                                   const std::optional<std::string>& to, const std::string& today) {
  std::string f, t = today;
  if (to) {
    LL_TRY(t, parse_date(*to, "to"));
  }
  if (from) {
    LL_TRY(f, parse_date(*from, "from"));
  } else {
    LL_TRY(auto first, tx.query_one("SELECT MIN(day) FROM supply_support WHERE org_path LIKE ? ESCAPE '\\'",
                                    {store::like_prefix(prefix)}));
    f = first && !first->is_null(0) ? first->text(0) : t;
  }
  if (t < f) return Error::invalid("to", "must not be before from");
  return std::make_pair(f, t);
}

}  // namespace

std::vector<FieldError> check(const Delivery& d) {
  std::vector<FieldError> e;
  if (d.recipient_name.find_first_not_of(" \t") == std::string::npos)
    e.push_back({"recipient_name", "name the organisation supported"});
  if (!one_of(d.recipient_type, kRecipientTypes))
    e.push_back({"recipient_type", "must be one of: " + list_of(kRecipientTypes)});
  if (d.concentration && (!std::isfinite(*d.concentration) || *d.concentration <= 0 || *d.concentration > 100))
    e.push_back({"concentration", "must be a percentage above 0 and at most 100"});
  return e;
}

Result<int64_t> register_delivery(Tx& tx, const Actor& actor, int64_t movement_id, const Warehouse& w,
                                  const Item& item, int64_t quantity_milli, const std::string& day, Instant occurred_at,
                                  const std::string& note, const Delivery& d, Instant now) {
  LL_TRY(int64_t id,
         tx.insert("INSERT INTO supply_support (movement_id, utility_id, org_path, item_id, quantity_milli, day,"
                   " recipient_name, recipient_type, contact_name, contact_phone, concentration, delivered_by,"
                   " delivered_at, vehicle, note, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                   {movement_id, w.utility_id, w.org_path, item.id, quantity_milli, day, d.recipient_name,
                    d.recipient_type, d.contact_name, d.contact_phone, d.concentration ? d.concentration : item.concentration,
                    d.delivered_by, to_millis(d.delivered_at.value_or(occurred_at)), d.vehicle, note,
                    to_millis(now)}));
  LL_CHECK(photos::attach(tx, "supply_support", id, w.org_path, actor, now, d.photos));
  LL_CHECK(photos::attach(tx, "supply_support_receipt", id, w.org_path, actor, now, d.receipt));
  return id;
}

Result<std::vector<SupportRecord>> Support::list(const Actor& actor, const SupportFilter& f) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  if (f.recipient_type && !one_of(*f.recipient_type, kRecipientTypes))
    return Error::invalid("recipient_type", "must be one of: " + list_of(kRecipientTypes));
  const std::string today = local_time(rt_).date(rt_.clock.now());
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<SupportRecord>> {
    LL_TRY(auto prefix, prefix_for(tx, actor, f.org));
    LL_TRY(auto days, period(tx, prefix, f.from, f.to, today));
    std::string where = "WHERE s.org_path LIKE ? ESCAPE '\\' AND s.day >= ? AND s.day <= ?";
    store::Params params{store::like_prefix(prefix), days.first, days.second};
    if (f.recipient_type) {
      where += " AND s.recipient_type = ?";
      params.emplace_back(*f.recipient_type);
    }
    if (f.item_id) {
      where += " AND s.item_id = ?";
      params.emplace_back(*f.item_id);
    }
    LL_TRY(auto rows, tx.query(std::string(kSelect) + where + " ORDER BY s.delivered_at DESC, s.id DESC LIMIT 1000",
                               params));
    std::vector<SupportRecord> out;
    for (const auto& r : rows) out.push_back(from_row(r));
    return out;
  });
}

Result<SupportRecord> Support::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<SupportRecord> {
    LL_TRY(auto scope, scope_path(tx, actor));
    LL_TRY(auto row, tx.query_one(std::string(kSelect) + "WHERE s.id = ?", {id}));
    if (!row) return Error::not_found("no such support delivery");
    SupportRecord s = from_row(*row);
    if (!in_scope(scope, s.org_path)) return Error::not_found("no such support delivery");
    LL_TRY(s.photos, photos::list(tx, "supply_support", id));
    LL_TRY(s.receipt, photos::list(tx, "supply_support_receipt", id));
    return s;
  });
}

Result<SupportTotals> Support::totals(const Actor& actor, const SupportFilter& f) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  const std::string today = local_time(rt_).date(rt_.clock.now());
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<SupportTotals> {
    LL_TRY(auto prefix, prefix_for(tx, actor, f.org));
    LL_TRY(auto days, period(tx, prefix, f.from, f.to, today));
    if (days_between(days.first, days.second) > 3660) return Error::invalid("from", "a period is at most ten years");
    return support_totals(tx, prefix, days.first, days.second);
  });
}

Result<SupportTotals> support_totals(Tx& tx, const std::string& org_path, const std::string& from,
                                     const std::string& to) {
  SupportTotals t;
  t.from = from;
  t.to = to;
  LL_TRY(auto rows,
         tx.query("SELECT s.item_id, i.name, i.category, i.base_unit, s.recipient_type, s.recipient_name, s.day,"
                  " s.quantity_milli FROM supply_support s JOIN supply_items i ON i.id = s.item_id"
                  " WHERE s.org_path LIKE ? ESCAPE '\\' AND s.day >= ? AND s.day <= ?"
                  " AND NOT EXISTS (SELECT 1 FROM supply_movements r WHERE r.reverses_id = s.movement_id)"
                  " ORDER BY i.category, i.name, s.day",
                  {store::like_prefix(org_path), from, to}));
  std::map<int64_t, size_t> item_at;
  std::map<std::string, std::set<std::string>> recipients_by_type;
  std::map<std::string, int64_t> deliveries_by_type, per_day;
  std::set<std::string> recipients;
  for (const auto& r : rows) {
    const int64_t item_id = r.integer(0);
    auto [it, added] = item_at.emplace(item_id, t.items.size());
    if (added) t.items.push_back({item_id, r.text(1), r.text(2), r.text(3), 0, 0, {}});
    ItemTotal& total = t.items[it->second];
    const std::string type = r.text(4);
    const int64_t milli = r.integer(7);
    total.quantity_milli += milli;
    ++total.deliveries;
    bool found = false;
    for (auto& [ty, q] : total.by_type)
      if (ty == type) {
        q += milli;
        found = true;
      }
    if (!found) total.by_type.emplace_back(type, milli);
    recipients_by_type[type].insert(r.text(5));
    ++deliveries_by_type[type];
    recipients.insert(r.text(5));
    ++per_day[r.text(6)];
    ++t.deliveries;
  }
  t.recipients = static_cast<int64_t>(recipients.size());
  for (auto type : kRecipientTypes) {
    auto d = deliveries_by_type.find(std::string(type));
    if (d == deliveries_by_type.end()) continue;
    t.types.push_back({std::string(type), d->second,
                       static_cast<int64_t>(recipients_by_type[std::string(type)].size())});
  }
  for (const auto& [day, n] : per_day) t.per_day.emplace_back(day, n);
  return t;
}

nlohmann::json to_json(const SupportRecord& s) {
  return {{"id", s.id},
          {"movement_id", s.movement_id},
          {"utility_id", s.utility_id},
          {"utility_name", s.utility_name},
          {"item_id", s.item_id},
          {"item", {{"id", s.item_id}, {"name", s.item_name}, {"category", s.item_category}}},
          {"warehouse_id", s.warehouse_id},
          {"warehouse_name", s.warehouse_name},
          {"quantity", from_milli(s.quantity_milli)},
          {"unit", s.base_unit},
          {"quantity_text", format_quantity(s.quantity_milli, s.base_unit)},
          {"concentration", s.concentration ? nlohmann::json(*s.concentration) : nlohmann::json()},
          {"day", s.day},
          {"recipient_name", s.recipient_name},
          {"recipient_type", s.recipient_type},
          {"contact_name", s.contact_name},
          {"contact_phone", s.contact_phone},
          {"delivered_by", s.delivered_by},
          {"delivered_at", format_instant(s.delivered_at)},
          {"vehicle", s.vehicle},
          {"note", s.note},
          {"reversed_by", s.reversed_by ? nlohmann::json(*s.reversed_by) : nlohmann::json()},
          {"photos", s.photos},
          {"receipt_photos", s.receipt}};
}

nlohmann::json to_json(const SupportTotals& t) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& i : t.items) {
    nlohmann::json by_type = nlohmann::json::object();
    for (const auto& [type, milli] : i.by_type) by_type[type] = from_milli(milli);
    items.push_back({{"item_id", i.item_id},
                     {"item", i.item},
                     {"category", i.category},
                     {"unit", i.unit},
                     {"quantity", from_milli(i.quantity_milli)},
                     {"quantity_text", format_quantity(i.quantity_milli, i.unit)},
                     {"deliveries", i.deliveries},
                     {"by_recipient_type", by_type}});
  }
  nlohmann::json types = nlohmann::json::array();
  for (const auto& ty : t.types)
    types.push_back({{"recipient_type", ty.recipient_type}, {"deliveries", ty.deliveries},
                     {"recipients", ty.recipients}});
  nlohmann::json per_day = nlohmann::json::array();
  for (const auto& [day, n] : t.per_day) per_day.push_back({{"day", day}, {"deliveries", n}});
  return {{"from", t.from},         {"to", t.to},          {"deliveries", t.deliveries},
          {"recipients", t.recipients}, {"items", items}, {"recipient_types", types},
          {"per_day", per_day}};
}

}  // namespace lifeline::app::supplies
