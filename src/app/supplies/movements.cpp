#include "app/supplies/movements.h"

#include <algorithm>

#include "app/audit/audit.h"
#include "app/supplies/access.h"
#include "core/time.h"
#include "sheets/table.h"
#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;
using store::TxMode;

namespace {

constexpr int kExportLimit = 50000;

bool blank(const std::optional<std::string>& s) {
  return !s || s->find_first_not_of(" \t\r\n") == std::string::npos;
}

// The rules a movement's fields follow before any database work.
std::vector<FieldError> check_fields(const NewMovement& in) {
  std::vector<FieldError> e;
  if (!one_of(in.kind, kKinds)) {
    e.push_back({"kind", "must be one of: " + list_of(kKinds)});
    return e;
  }
  if (in.reverses) return e;  // the rest comes from the movement reversed
  if (!in.warehouse_id) e.push_back({"warehouse_id", "is required"});
  if (!in.item_id && blank(in.item_code)) e.push_back({"item_id", "is required (or item_code, the scanned code)"});
  const bool counts = in.kind == "adjust";
  if (counts) {
    if (!in.counted_quantity) e.push_back({"counted_quantity", "is required for a stock count"});
    else if (!(*in.counted_quantity >= 0)) e.push_back({"counted_quantity", "must not be negative"});
    if (in.quantity)
      e.push_back({"quantity", "a count takes counted_quantity; the difference is computed from the stock"});
  } else if (!in.quantity) {
    e.push_back({"quantity", "is required"});
  } else if (!(*in.quantity > 0)) {
    e.push_back({"quantity", "must be greater than 0"});
  }
  if (in.kind == "receipt" && in.source && !one_of(*in.source, kReceiptSources))
    e.push_back({"source", "must be one of: " + list_of(kReceiptSources)});
  if (in.kind == "scrap" && (!in.source || !one_of(*in.source, kScrapReasons)))
    e.push_back({"reason", "must be one of: " + list_of(kScrapReasons)});
  if (in.kind == "issue") {
    if (blank(in.purpose)) e.push_back({"purpose", "say what the supplies are for"});
    if (!in.to_org_id && blank(in.to_name))
      e.push_back({"to_name", "say who receives them: to_org_id (a unit) or to_name (a team or a person)"});
  }
  if (in.kind == "transfer") {
    if (!in.to_warehouse_id) e.push_back({"to_warehouse_id", "is required for a transfer"});
    else if (in.warehouse_id && *in.to_warehouse_id == *in.warehouse_id)
      e.push_back({"to_warehouse_id", "must be another warehouse"});
  }
  if (in.kind == "support") {
    if (!in.support) e.push_back({"recipient_name", "is required for support to another organisation"});
    else
      for (auto& f : check(*in.support)) e.push_back(std::move(f));
  } else if (in.support) {
    e.push_back({"recipient_name", "only support movements have a recipient organisation"});
  }
  if (in.expires_on) {
    if (auto d = parse_date(*in.expires_on, "expires_on"); !d) e.push_back(d.error().fields.front());
  }
  return e;
}

std::optional<std::string> source_of(const NewMovement& in) {
  if (in.kind == "receipt") return in.source.value_or("purchase");
  if (in.kind == "scrap") return in.source;
  return std::nullopt;
}

Result<Movement> reload(Tx& tx, int64_t id) {
  LL_TRY(auto m, find_movement(tx, id));
  if (!m) return Error::internal("movement vanished");
  return std::move(*m);
}

nlohmann::json audit_json(const Movement& m) {
  nlohmann::json j = to_json(m);
  j.erase("lines");
  return j;
}

}  // namespace

void Movements::publish(const Movement& m) const {
  rt_.events.publish({"supplies.movement", m.org_id, m.org_path,
                      {{"id", m.id}, {"kind", m.kind}, {"warehouse_id", m.warehouse_id}, {"item_id", m.item_id}}});
}

Result<Recorded> Movements::record(const Actor& actor, const NewMovement& in, const std::optional<Retry>& retry,
                                   std::optional<Shortfall>* shortfall) {
  if (!actor.can(Permission::supplies_manage)) return Error::forbidden();
  if (auto errors = check_fields(in); !errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  if (in.occurred_at && *in.occurred_at > now + std::chrono::minutes(5))
    return Error::invalid("occurred_at", "must not be in the future");
  auto r = write(actor, in, retry, shortfall);
  // Two requests with one key raced: the other committed first; answer with its response.
  if (!r && retry && r.error().code == ErrorCode::conflict && !(shortfall && *shortfall)) {
    const std::string principal = "user:" + std::to_string(actor.user_id);
    auto earlier = rt_.db.transact(TxMode::read, [&](Tx& tx) {
      return idem_.find(tx, principal, retry->key, retry->fingerprint);
    });
    if (earlier && *earlier)
      return Recorded{(*earlier)->status, (*earlier)->body, (*earlier)->same_request, !(*earlier)->same_request, {}};
  }
  if (r && r->movement) publish(*r->movement);
  return r;
}

Result<Recorded> Movements::write(const Actor& actor, const NewMovement& in, const std::optional<Retry>& retry,
                                  std::optional<Shortfall>* shortfall) {
  const Instant now = rt_.clock.now();
  const Instant occurred = in.occurred_at.value_or(now);
  const std::string day = local_time(rt_).date(occurred);
  const std::string principal = "user:" + std::to_string(actor.user_id);
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Recorded> {
    if (shortfall) shortfall->reset();
    if (retry) {
      LL_TRY(auto earlier, idem_.find(tx, principal, retry->key, retry->fingerprint));
      if (earlier) return Recorded{earlier->status, earlier->body, earlier->same_request, !earlier->same_request, {}};
    }
    LL_TRY(auto scope, scope_path(tx, actor));
    Posted posted;
    std::optional<int64_t> support_id;
    if (in.reverses) {
      LL_TRY(auto original, find_movement(tx, *in.reverses));
      if (!original || !in_scope(scope, original->org_path))
        return not_found_field("reverses", "no such movement in your scope");
      if (original->kind != in.kind)
        return Error::invalid("kind", "a reversal has the kind of the movement it reverses: " + original->kind);
      if (in.warehouse_id && *in.warehouse_id != original->warehouse_id)
        return Error::invalid("warehouse_id", "is not the warehouse of the movement reversed");
      if (in.item_id && *in.item_id != original->item_id)
        return Error::invalid("item_id", "is not the item of the movement reversed");
      LL_TRY(posted, reverse(tx, actor, *in.reverses, in.note.value_or(""), occurred, day, now, shortfall));
    } else {
      LL_TRY(auto w, visible_warehouse(tx, actor, *in.warehouse_id, "warehouse_id"));
      if (!w.active) return Error::invalid("warehouse_id", "the warehouse is closed");
      Item item;
      if (in.item_id) {
        LL_TRY(item, item_of_utility(tx, w.utility_id, *in.item_id, "item_id"));
      } else {
        LL_TRY(auto found, find_item_by_code(tx, w.utility_id, *in.item_code));
        if (!found) return not_found_field("item_code", "no item with this code in the warehouse's utility");
        item = std::move(*found);
      }
      Posting p;
      p.kind = in.kind;
      p.source = source_of(in);
      p.lot_id = in.lot_id;
      p.lot_no = in.lot_no;
      p.expires_on = in.expires_on;
      p.entered_unit = in.unit.value_or(item.base_unit);
      if (in.kind == "adjust") {
        p.entered_quantity = in.counted_quantity;
        if (*in.counted_quantity > 0) {
          LL_TRY(p.counted_milli, to_milli(*in.counted_quantity, p.entered_unit, item.base_unit, item.units,
                                           "counted_quantity"));
        } else {
          if (!unit_factor(p.entered_unit, item.base_unit, item.units))
            return Error::invalid("unit", "\"" + p.entered_unit + "\" does not convert to " + item.base_unit);
          p.counted_milli = 0;
        }
      } else {
        p.entered_quantity = in.quantity;
        LL_TRY(p.quantity_milli, to_milli(*in.quantity, p.entered_unit, item.base_unit, item.units));
      }
      if (in.to_warehouse_id) {
        LL_TRY(auto target, visible_warehouse(tx, actor, *in.to_warehouse_id, "to_warehouse_id"));
        if (target.utility_id != w.utility_id)
          return Error::invalid("to_warehouse_id", "must be a warehouse of the same utility");
        if (!target.active) return Error::invalid("to_warehouse_id", "the warehouse is closed");
        p.to_warehouse_id = target.id;
      }
      if (in.to_org_id) {
        LL_TRY(auto unit, unit_in_scope(tx, actor, in.to_org_id, "to_org_id"));
        if (!unit.path.starts_with(item.org_path))
          return not_found_field("to_org_id", "no such unit in the warehouse's utility");
        p.to_org_id = unit.id;
      }
      p.to_name = in.to_name.value_or("");
      p.purpose = in.purpose.value_or("");
      p.supplier = in.supplier.value_or("");
      p.reference = in.reference.value_or("");
      p.note = in.note.value_or("");
      p.occurred_at = occurred;
      p.day = day;
      if (in.kind == "support") p.to_name = in.support->recipient_name;
      LL_TRY(posted, post(tx, actor, w, item, p, now, shortfall));
      if (in.kind == "support") {
        LL_TRY(support_id, register_delivery(tx, actor, posted.movement_id, w, item, p.quantity_milli, day, occurred,
                                             p.note, *in.support, now));
      }
    }
    LL_TRY(auto m, reload(tx, posted.movement_id));
    const std::string action = m.reverses_id ? "supplies.movement.reverse" : "supplies.movement." + m.kind;
    LL_CHECK(audit::record(tx, actor, now,
                           {action, "supply_movement", std::to_string(m.id), m.org_id, m.org_path, nullptr, audit_json(m)}));
    nlohmann::json body = to_json(m);
    if (support_id) body["support_id"] = *support_id;
    Recorded out{201, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), false, false, m};
    if (retry) LL_CHECK(idem_.remember(tx, principal, retry->key, retry->fingerprint, out.status, out.body, now));
    return out;
  });
}

Result<MovementPage> Movements::list(const Actor& actor, const MovementFilter& f) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  if (f.kind && !one_of(*f.kind, kKinds)) return Error::invalid("kind", "must be one of: " + list_of(kKinds));
  std::optional<std::string> from, to;
  if (f.from) {
    LL_TRY(from, parse_date(*f.from, "from"));
  }
  if (f.to) {
    LL_TRY(to, parse_date(*f.to, "to"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<MovementPage> {
    std::string prefix;
    if (f.org) {
      LL_TRY(auto unit, unit_in_scope(tx, actor, f.org, "org"));
      prefix = unit.path;
    } else {
      LL_TRY(prefix, scope_path(tx, actor));
    }
    // A transfer shows under both warehouses' units.
    std::string where =
        "WHERE (m.org_path LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM supply_warehouses t WHERE"
        " t.id = m.to_warehouse_id AND t.org_path LIKE ? ESCAPE '\\'))";
    store::Params params{store::like_prefix(prefix), store::like_prefix(prefix)};
    if (f.warehouse_id) {
      LL_TRY(auto w, visible_warehouse(tx, actor, *f.warehouse_id, "warehouse_id"));
      where += " AND (m.warehouse_id = ? OR m.to_warehouse_id = ?)";
      params.insert(params.end(), {w.id, w.id});
    }
    if (f.item_id) {
      where += " AND m.item_id = ?";
      params.emplace_back(*f.item_id);
    }
    if (f.kind) {
      where += " AND m.kind = ?";
      params.emplace_back(*f.kind);
    }
    if (from) {
      where += " AND m.day >= ?";
      params.emplace_back(*from);
    }
    if (to) {
      where += " AND m.day <= ?";
      params.emplace_back(*to);
    }
    if (f.before_id) {
      where += " AND m.id < ?";
      params.emplace_back(*f.before_id);
    }
    const int limit = std::clamp(f.limit, 1, kExportLimit);
    LL_TRY(auto rows, tx.query("SELECT m.id FROM supply_movements m " + where + " ORDER BY m.id DESC LIMIT " +
                                   std::to_string(limit + 1),
                               params));
    MovementPage page;
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(limit); ++i) {
      LL_TRY(auto m, reload(tx, rows[i].integer(0)));
      page.items.push_back(std::move(m));
    }
    if (rows.size() > static_cast<size_t>(limit)) page.next_cursor = page.items.back().id;
    return page;
  });
}

Result<Movement> Movements::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Movement> {
    LL_TRY(auto scope, scope_path(tx, actor));
    LL_TRY(auto m, find_movement(tx, id));
    if (!m || !in_scope(scope, m->org_path)) return Error::not_found("no such movement");
    return std::move(*m);
  });
}

Result<std::string> Movements::export_xlsx(const Actor& actor, MovementFilter f) {
  f.limit = kExportLimit;
  f.before_id.reset();
  LL_TRY(auto page, list(actor, f));
  sheets::Sheet sheet;
  sheet.name = "出入库台账";
  sheet.header = {"编号", "日期", "时间", "类型", "来源/原因", "仓库", "调入仓库", "物资编码", "物资", "批号",
                  "数量", "单位", "录入数量", "录入单位", "盘点数", "盘盈亏", "领用单位", "领用人/班组", "用途",
                  "供应商", "单据号", "冲销", "经办人", "备注"};
  static const std::pair<const char*, const char*> kKindNames[] = {
      {"receipt", "入库"}, {"issue", "出库"},   {"transfer", "调拨"}, {"return", "退库"},
      {"adjust", "盘点"},  {"scrap", "报废"},   {"support", "对外支援"}};
  static const std::pair<const char*, const char*> kSourceNames[] = {
      {"purchase", "采购"}, {"donation", "捐赠"},   {"transfer_in", "调入"}, {"production", "自产"},
      {"expired", "过期"},  {"damaged", "损坏"}};
  auto name_of = [](const auto& table, const std::string& code) {
    for (const auto& [c, n] : table)
      if (code == c) return std::string(n);
    return code;
  };
  const LocalTime lt = local_time(rt_);
  for (const auto& m : page.items) {
    std::string lots;
    for (const auto& l : m.lines)
      if (l.warehouse_id == m.warehouse_id && !l.lot_no.empty())
        lots += (lots.empty() ? "" : "、") + l.lot_no;
    const int minute = lt.minute_of_day(m.occurred_at);
    auto cell_milli = [](const std::optional<int64_t>& v) -> sheets::Cell {
      if (!v) return std::monostate{};
      return from_milli(*v);
    };
    std::string reversal;
    if (m.reverses_id) reversal = "冲销 #" + std::to_string(*m.reverses_id);
    else if (m.reversed_by) reversal = "已被 #" + std::to_string(*m.reversed_by) + " 冲销";
    sheet.rows.push_back({static_cast<double>(m.id), m.day, format_clock_time(minute), name_of(kKindNames, m.kind),
                          m.source ? name_of(kSourceNames, *m.source) : std::string(), m.warehouse_name,
                          m.to_warehouse_name, m.item_code, m.item_name, lots, from_milli(m.quantity_milli),
                          m.base_unit,
                          m.entered_quantity ? sheets::Cell(*m.entered_quantity) : sheets::Cell(std::monostate{}),
                          m.entered_unit, cell_milli(m.counted_milli), cell_milli(m.difference_milli),
                          m.to_org_name, m.to_name, m.purpose, m.supplier, m.reference, reversal,
                          m.created_by_name, m.note});
  }
  return sheets::write_xlsx({sheet});
}

nlohmann::json to_json(const Movement& m) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  auto milli = [](const std::optional<int64_t>& v) { return v ? nlohmann::json(from_milli(*v)) : nlohmann::json(); };
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : m.lines)
    lines.push_back({{"warehouse_id", l.warehouse_id},
                     {"lot_id", l.lot_id},
                     {"lot_no", l.lot_no},
                     {"expires_on", opt(l.expires_on)},
                     {"delta", from_milli(l.delta_milli)}});
  return {{"id", m.id},
          {"kind", m.kind},
          {"source", opt(m.source)},
          {"warehouse_id", m.warehouse_id},
          {"warehouse", {{"id", m.warehouse_id}, {"name", m.warehouse_name}}},
          {"to_warehouse_id", opt(m.to_warehouse_id)},
          {"to_warehouse_name", m.to_warehouse_name},
          {"item_id", m.item_id},
          {"item", {{"id", m.item_id}, {"name", m.item_name}, {"code", m.item_code}}},
          {"lot_id", opt(m.lot_id)},
          {"quantity", from_milli(m.quantity_milli)},
          {"unit", m.base_unit},
          {"entered_quantity", opt(m.entered_quantity)},
          {"entered_unit", m.entered_unit},
          {"counted_quantity", milli(m.counted_milli)},
          {"difference", milli(m.difference_milli)},
          {"to_org_id", opt(m.to_org_id)},
          {"to_org_name", m.to_org_name},
          {"to_name", m.to_name},
          {"purpose", m.purpose},
          {"supplier", m.supplier},
          {"reference", m.reference},
          {"request_id", opt(m.request_id)},
          {"reverses", opt(m.reverses_id)},
          {"reversed_by", opt(m.reversed_by)},
          {"day", m.day},
          {"occurred_at", format_instant(m.occurred_at)},
          {"created_at", format_instant(m.created_at)},
          {"created_by_name", m.created_by_name},
          {"note", m.note},
          {"lines", lines}};
}

}  // namespace lifeline::app::supplies
