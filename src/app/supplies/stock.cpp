#include "app/supplies/stock.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "app/health/staff_repo.h"
#include "app/notify/outbox.h"
#include "app/supplies/access.h"
#include "core/local_time.h"
#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;
using store::TxMode;

namespace {

using Key = std::pair<int64_t, int64_t>;  // warehouse, item

struct WarehouseRow {
  int64_t id = 0, org_id = 0;
  std::string name, org_name, path;
};

Result<std::vector<WarehouseRow>> warehouses_under(Tx& tx, const std::string& prefix) {
  LL_TRY(auto rows, tx.query("SELECT w.id, w.org_id, w.name, o.name, w.org_path FROM supply_warehouses w"
                             " JOIN orgs o ON o.id = w.org_id WHERE w.org_path LIKE ? ESCAPE '\\'"
                             " ORDER BY w.org_path, w.name",
                             {store::like_prefix(prefix)}));
  std::vector<WarehouseRow> out;
  for (const auto& r : rows) out.push_back({r.integer(0), r.integer(1), r.text(2), r.text(3), r.text(4)});
  return out;
}

// People per warehouse: each unit's headcount goes to its nearest warehouse
// (the one at the unit, else the closest above it), so no one is counted twice.
Result<std::map<int64_t, int64_t>> people_served(Tx& tx, const std::string& prefix,
                                                 const std::vector<WarehouseRow>& warehouses,
                                                 const std::string& today) {
  std::map<int64_t, int64_t> out;
  if (warehouses.empty()) return out;
  LL_TRY(auto counts, health::staff_repo::headcount_by_unit(tx, prefix, today));
  for (const auto& [path, n] : counts) {
    const WarehouseRow* best = nullptr;
    for (const auto& w : warehouses)
      if (path.starts_with(w.path) && (!best || w.path.size() > best->path.size())) best = &w;
    if (best) out[best->id] += n;
  }
  return out;
}

// Rounds a purchase up to whole packs of the item's largest packaging unit.
void suggest(StockLine& s) {
  const double need = s.forecast ? std::max(s.daily_use, *s.forecast) : s.daily_use;
  const bool short_cover = need > 0 && s.days_of_supply && *s.days_of_supply < kCoverDays;
  if (!s.below_reorder && !short_cover) return;
  const auto target = s.reorder_milli + s.safety_milli + static_cast<int64_t>(std::ceil(need * kCoverDays * 1000));
  int64_t missing = target - s.usable_milli;
  if (missing <= 0) return;
  s.suggested_unit = s.item.base_unit;
  double factor = 1;
  for (const auto& u : s.item.units)
    if (u.factor > factor) {
      factor = u.factor;
      s.suggested_unit = u.unit;
    }
  s.suggested_packs = std::ceil(static_cast<double>(missing) / (factor * 1000.0));
  s.suggested_milli = static_cast<int64_t>(std::llround(s.suggested_packs * factor * 1000.0));
}

}  // namespace

Result<std::vector<StockLine>> stock_board(Tx& tx, const std::string& prefix, const std::string& today) {
  LL_TRY(auto warehouses, warehouses_under(tx, prefix));
  std::map<int64_t, const WarehouseRow*> wh;
  for (const auto& w : warehouses) wh[w.id] = &w;
  std::map<Key, StockLine> lines;
  auto line = [&](int64_t warehouse_id, int64_t item_id) -> StockLine* {
    auto w = wh.find(warehouse_id);
    if (w == wh.end()) return nullptr;
    auto [it, added] = lines.try_emplace({warehouse_id, item_id});
    if (added) {
      it->second.warehouse_id = warehouse_id;
      it->second.warehouse_org_id = w->second->org_id;
      it->second.warehouse = w->second->name;
      it->second.warehouse_org = w->second->org_name;
      it->second.warehouse_path = w->second->path;
      it->second.item.id = item_id;
    }
    return &it->second;
  };
  const std::string soon = add_days(today, kExpiryWarningDays);
  // Only the rows holding stock: the ledger never deletes a used-up lot's row,
  // so after a year most rows are at zero and add nothing but their line.
  LL_TRY(auto stock, tx.query("SELECT s.warehouse_id, s.item_id, s.lot_id, l.lot_no, s.expires_on, s.on_hand_milli"
                              " FROM supply_stock s JOIN supply_lots l ON l.id = s.lot_id"
                              " WHERE s.on_hand_milli > 0 AND s.org_path LIKE ? ESCAPE '\\'"
                              " ORDER BY COALESCE(s.expires_on, '9999-12-31'), s.lot_id",
                              {store::like_prefix(prefix)}));
  for (const auto& r : stock) {
    StockLine* s = line(r.integer(0), r.integer(1));
    if (!s) continue;
    const int64_t milli = r.integer(5);
    const auto expires = r.opt_text(4);
    s->on_hand_milli += milli;
    if (expires && *expires < today) {
      s->expired_milli += milli;
    } else {
      s->usable_milli += milli;
      if (expires && *expires <= soon) s->expiring_milli += milli;
      if (expires && !s->next_expiry) s->next_expiry = expires;
    }
    s->lots.push_back({r.integer(2), r.text(3), expires, milli});
  }
  // An item once stocked in a warehouse keeps its line when used up (out of
  // stock, 0 days of supply): one index probe per warehouse and item of its
  // utility's catalogue (the ledger stocks nothing else there) instead of
  // reading the empty rows.
  LL_TRY(auto stocked, tx.query("SELECT w.id, i.id FROM supply_warehouses w"
                                " JOIN supply_items i ON i.utility_id = w.utility_id"
                                " WHERE w.org_path LIKE ? ESCAPE '\\' AND EXISTS (SELECT 1 FROM supply_stock s"
                                " WHERE s.warehouse_id = w.id AND s.item_id = i.id)",
                                {store::like_prefix(prefix)}));
  for (const auto& r : stocked) line(r.integer(0), r.integer(1));
  LL_TRY(auto levels, tx.query("SELECT v.warehouse_id, v.item_id, v.reorder_milli, v.safety_milli FROM supply_levels v"
                               " JOIN supply_warehouses w ON w.id = v.warehouse_id WHERE w.org_path LIKE ? ESCAPE '\\'",
                               {store::like_prefix(prefix)}));
  for (const auto& r : levels) {
    StockLine* s = line(r.integer(0), r.integer(1));
    if (!s) continue;
    s->reorder_milli = r.integer(2);
    s->safety_milli = r.integer(3);
  }
  LL_TRY(auto use, tx.query("SELECT warehouse_id, item_id, SUM(used_milli) FROM supply_movement_lines"
                            " WHERE day >= ? AND day <= ? AND org_path LIKE ? ESCAPE '\\' AND used_milli <> 0"
                            " GROUP BY warehouse_id, item_id",
                            {add_days(today, 1 - kUseWindowDays), today, store::like_prefix(prefix)}));
  for (const auto& r : use) {
    auto it = lines.find({r.integer(0), r.integer(1)});
    if (it == lines.end()) continue;  // used up and gone: no stock row, no level
    it->second.daily_use = std::max(0.0, static_cast<double>(r.integer(2)) / 1000.0 / kUseWindowDays);
  }
  // A warehouse stocks only its utility's items: their catalogues cover every line.
  LL_TRY(auto items, items_of_warehouses_under(tx, prefix));
  LL_TRY(auto people, people_served(tx, prefix, warehouses, today));
  std::vector<StockLine> out;
  for (auto& [key, s] : lines) {
    auto item = items.find(key.second);
    if (item == items.end()) continue;
    s.item = item->second;
    s.people = people.count(s.warehouse_id) ? people[s.warehouse_id] : 0;
    if (s.item.per_person_day && *s.item.per_person_day > 0) s.forecast = *s.item.per_person_day * s.people;
    const double need = std::max(s.daily_use, s.forecast.value_or(0));
    if (need > 0) s.days_of_supply = static_cast<double>(s.usable_milli) / 1000.0 / need;
    s.below_reorder = s.reorder_milli > 0 && s.usable_milli <= s.reorder_milli;
    s.below_safety = s.safety_milli > 0 && s.usable_milli < s.safety_milli;
    suggest(s);
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(), [](const StockLine& a, const StockLine& b) {
    return std::tie(a.warehouse_path, a.warehouse, a.item.category, a.item.name) <
           std::tie(b.warehouse_path, b.warehouse, b.item.category, b.item.name);
  });
  return out;
}

std::vector<Alert> alerts_of(const std::vector<StockLine>& board, const std::string& today) {
  std::vector<Alert> out;
  const std::string soon = add_days(today, kExpiryWarningDays);
  for (const auto& s : board) {
    Alert base;
    base.warehouse_id = s.warehouse_id;
    base.warehouse_org_id = s.warehouse_org_id;
    base.warehouse = s.warehouse;
    base.warehouse_path = s.warehouse_path;
    base.item_id = s.item.id;
    base.item = s.item.name;
    base.unit = s.item.base_unit;
    base.days_of_supply = s.days_of_supply;
    base.reorder_milli = s.reorder_milli;
    if (s.below_reorder) {
      Alert a = base;
      a.kind = "low_stock";
      a.on_hand_milli = s.usable_milli;
      out.push_back(a);
    }
    for (const auto& lot : s.lots) {
      if (!lot.expires_on || *lot.expires_on > soon) continue;
      Alert a = base;
      a.kind = *lot.expires_on < today ? "expired" : "expiring";
      a.on_hand_milli = lot.on_hand_milli;
      a.lot_no = lot.lot_no;
      a.expires_on = lot.expires_on;
      out.push_back(a);
    }
  }
  return out;
}

Result<std::string> Stock::prefix(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  if (!org) return scope_path(tx, actor);
  LL_TRY(auto unit, unit_in_scope(tx, actor, org, "org"));
  return unit.path;
}

Result<std::vector<StockLine>> Stock::board(const Actor& actor, std::optional<int64_t> org,
                                            std::optional<int64_t> warehouse_id) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  const std::string today = local_time(rt_).date(rt_.clock.now());
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<StockLine>> {
    LL_TRY(auto path, prefix(tx, actor, org));
    LL_TRY(auto board, stock_board(tx, path, today));
    if (warehouse_id) {
      LL_TRY(auto w, visible_warehouse(tx, actor, *warehouse_id, "warehouse_id"));
      std::erase_if(board, [&](const StockLine& s) { return s.warehouse_id != w.id; });
    }
    return board;
  });
}

Result<std::vector<Alert>> Stock::alerts(const Actor& actor, std::optional<int64_t> org) {
  const std::string today = local_time(rt_).date(rt_.clock.now());
  LL_TRY(auto board, this->board(actor, org, std::nullopt));
  return alerts_of(board, today);
}

Result<std::vector<StockLine>> Stock::purchase_list(const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto board, this->board(actor, org, std::nullopt));
  std::erase_if(board, [](const StockLine& s) { return s.suggested_milli == 0; });
  return board;
}

Status Stock::notify_alerts(Instant now) {
  const std::string today = local_time(rt_).date(now);
  // Read in a snapshot; write only the notices (a notice already sent is dropped by its key).
  LL_TRY(auto board, rt_.db.transact(TxMode::read, [&](Tx& tx) { return stock_board(tx, "/", today); }));
  const auto alerts = alerts_of(board, today);
  if (alerts.empty()) return {};
  return rt_.db.run(TxMode::write, [&](Tx& tx) -> Status {
    for (const auto& a : alerts) {
      notify::Notice n;
      n.org_id = a.warehouse_org_id;
      n.org_path = a.warehouse_path;
      n.link = "/supplies/stock?warehouse=" + std::to_string(a.warehouse_id);
      const std::string where = a.warehouse + "「" + a.item + "」";
      if (a.kind == "low_stock") {
        n.event = "supplies.low_stock";
        n.priority = notify::Priority::normal;
        n.title = "防疫物资低于订货点";
        n.text = where + "可用库存 " + format_quantity(a.on_hand_milli, a.unit) + "，订货点 " +
                 format_quantity(a.reorder_milli, a.unit) +
                 (a.days_of_supply ? "，约可用 " + std::to_string(static_cast<int>(*a.days_of_supply)) + " 天" : "") +
                 "。请及时采购或调拨。";
        n.dedup_key = "supplies.low_stock:" + std::to_string(a.warehouse_id) + ":" + std::to_string(a.item_id) + ":" +
                      today;
      } else {
        const bool expired = a.kind == "expired";
        n.event = expired ? "supplies.expired" : "supplies.expiring";
        n.priority = expired ? notify::Priority::normal : notify::Priority::low;
        n.title = expired ? "防疫物资已过期" : "防疫物资即将过期";
        n.text = where + "批号 " + (a.lot_no->empty() ? std::string("（无）") : *a.lot_no) + " " +
                 format_quantity(a.on_hand_milli, a.unit) + (expired ? " 已于 " : " 将于 ") + *a.expires_on +
                 " 过期。" + (expired ? "请报废处理。" : "请优先发放使用。");
        n.dedup_key = n.event + ":" + std::to_string(a.warehouse_id) + ":" + *a.lot_no + ":" + *a.expires_on;
      }
      LL_CHECK(notify::enqueue(tx, n, now));
    }
    return {};
  });
}

nlohmann::json to_json(const StockLine& s) {
  nlohmann::json lots = nlohmann::json::array();
  for (const auto& l : s.lots)
    lots.push_back({{"lot_id", l.lot_id},
                    {"lot_no", l.lot_no},
                    {"expires_on", l.expires_on ? nlohmann::json(*l.expires_on) : nlohmann::json()},
                    {"on_hand", from_milli(l.on_hand_milli)}});
  auto round2 = [](double v) { return std::round(v * 100) / 100; };
  nlohmann::json j = {
      {"item", {{"id", s.item.id}, {"name", s.item.name}, {"code", s.item.code}, {"category", s.item.category}}},
      {"item_id", s.item.id},
      {"warehouse", {{"id", s.warehouse_id}, {"name", s.warehouse}, {"org_id", s.warehouse_org_id},
                     {"org_name", s.warehouse_org}}},
      {"warehouse_id", s.warehouse_id},
      {"on_hand", from_milli(s.on_hand_milli)},
      {"usable", from_milli(s.usable_milli)},
      {"unit", s.item.base_unit},
      {"days_of_supply", s.days_of_supply ? nlohmann::json(round2(*s.days_of_supply)) : nlohmann::json()},
      {"below_reorder", s.below_reorder},
      {"below_safety", s.below_safety},
      {"expiring", from_milli(s.expiring_milli)},
      {"expired", from_milli(s.expired_milli)},
      {"next_expiry", s.next_expiry ? nlohmann::json(*s.next_expiry) : nlohmann::json()},
      {"reorder_point", from_milli(s.reorder_milli)},
      {"safety_stock", from_milli(s.safety_milli)},
      {"daily_use", round2(s.daily_use)},
      {"forecast_per_day", s.forecast ? nlohmann::json(round2(*s.forecast)) : nlohmann::json()},
      {"people", s.people},
      {"lots", lots}};
  if (s.suggested_milli > 0)
    j["suggested"] = {{"quantity", from_milli(s.suggested_milli)},
                      {"packs", s.suggested_packs},
                      {"pack_unit", s.suggested_unit}};
  return j;
}

nlohmann::json to_json(const Alert& a) {
  return {{"kind", a.kind},
          {"warehouse_id", a.warehouse_id},
          {"warehouse", a.warehouse},
          {"item_id", a.item_id},
          {"item", a.item},
          {"unit", a.unit},
          {"on_hand", from_milli(a.on_hand_milli)},
          {"reorder_point", from_milli(a.reorder_milli)},
          {"days_of_supply", a.days_of_supply ? nlohmann::json(std::round(*a.days_of_supply * 10) / 10)
                                              : nlohmann::json()},
          {"lot_no", a.lot_no ? nlohmann::json(*a.lot_no) : nlohmann::json()},
          {"expires_on", a.expires_on ? nlohmann::json(*a.expires_on) : nlohmann::json()}};
}

}  // namespace lifeline::app::supplies
