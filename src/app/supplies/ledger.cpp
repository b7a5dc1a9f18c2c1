#include "app/supplies/ledger.h"

#include <algorithm>
#include <tuple>

#include "app/supplies/access.h"

namespace lifeline::app::supplies {

using store::Tx;

namespace {

struct StockRow {
  int64_t lot_id = 0;
  int64_t on_hand = 0;
  std::optional<std::string> expires_on;
};

bool takes(const std::string& kind) {
  return kind == "issue" || kind == "transfer" || kind == "scrap" || kind == "support";
}

// Consumption: what left for use (issues, support) and what came back (returns).
int64_t used_of(const std::string& kind, int64_t delta) {
  if (kind == "issue" || kind == "support" || kind == "return") return -delta;
  return 0;
}

Result<std::vector<StockRow>> locked_rows(Tx& tx, int64_t warehouse_id, int64_t item_id,
                                          std::optional<int64_t> lot_id) {
  Result<store::Rows> rows =
      lot_id ? tx.query("SELECT lot_id, on_hand_milli, expires_on FROM supply_stock"
                        " WHERE warehouse_id = ? AND lot_id = ? AND item_id = ? FOR UPDATE",
                        {warehouse_id, *lot_id, item_id})
             : tx.query("SELECT lot_id, on_hand_milli, expires_on FROM supply_stock"
                        " WHERE warehouse_id = ? AND item_id = ? AND on_hand_milli > 0"
                        " ORDER BY COALESCE(expires_on, '9999-12-31'), lot_id FOR UPDATE",
                        {warehouse_id, item_id});
  if (!rows) return rows.error();
  std::vector<StockRow> out;
  for (const auto& r : *rows) out.push_back({r.integer(0), r.integer(1), r.opt_text(2)});
  return out;
}

Result<std::string> lot_no_of(Tx& tx, int64_t lot_id) {
  LL_TRY(auto lot, find_lot(tx, lot_id));
  return lot ? lot->lot_no : std::string();
}

Status decrement(Tx& tx, const Warehouse& w, const Item& item, int64_t lot_id, int64_t milli, Instant now,
                 std::optional<Shortfall>* shortfall) {
  LL_TRY(int64_t changed, tx.exec("UPDATE supply_stock SET on_hand_milli = on_hand_milli - ?, updated_at = ?"
                                  " WHERE warehouse_id = ? AND lot_id = ? AND on_hand_milli >= ?",
                                  {milli, to_millis(now), w.id, lot_id, milli}));
  if (changed == 1) return {};
  // Only reachable when the row lock was not taken first: refuse, never go below zero.
  Shortfall s{item.id, item.name, w.name, item.base_unit, std::nullopt, 0, milli};
  if (shortfall) *shortfall = s;
  return shortfall_error(s);
}

Status increment(Tx& tx, const Warehouse& w, const Lot& lot, int64_t milli, Instant now) {
  return tx.execute("INSERT INTO supply_stock (warehouse_id, lot_id, item_id, org_path, expires_on, on_hand_milli,"
                    " updated_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (warehouse_id, lot_id) DO UPDATE SET"
                    " on_hand_milli = supply_stock.on_hand_milli + excluded.on_hand_milli,"
                    " updated_at = excluded.updated_at",
                    {w.id, lot.id, lot.item_id, w.org_path, lot.expires_on, milli, to_millis(now)});
}

// Takes `milli` of the item out of the warehouse: the chosen lot, or the
// lots that expire first (expired lots only when scrapping). Lines are negative.
Result<std::vector<Line>> take(Tx& tx, const Warehouse& w, const Item& item, const Posting& p, int64_t milli,
                               Instant now, std::optional<Shortfall>* shortfall) {
  LL_TRY(auto rows, locked_rows(tx, w.id, item.id, p.lot_id));
  const bool any_lot = p.lot_id || p.kind == "scrap";
  int64_t usable = 0;
  std::vector<StockRow> usable_rows;
  for (const auto& r : rows) {
    if (!any_lot && r.expires_on && *r.expires_on < p.day) continue;  // expired: scrap it, do not issue it
    usable += r.on_hand;
    usable_rows.push_back(r);
  }
  if (usable < milli) {
    Shortfall s{item.id, item.name, w.name, item.base_unit, std::nullopt, usable, milli};
    if (p.lot_id) {
      LL_TRY(s.lot_no, lot_no_of(tx, *p.lot_id));
    }
    if (shortfall) *shortfall = s;
    return shortfall_error(s);
  }
  std::vector<Line> lines;
  int64_t left = milli;
  for (const auto& r : usable_rows) {
    if (left == 0) break;
    const int64_t part = std::min(left, r.on_hand);
    if (part == 0) continue;
    LL_CHECK(decrement(tx, w, item, r.lot_id, part, now, shortfall));
    LL_TRY(auto lot_no, lot_no_of(tx, r.lot_id));
    lines.push_back({w.id, r.lot_id, lot_no, r.expires_on, -part, used_of(p.kind, -part)});
    left -= part;
  }
  return lines;
}

// The lot stock arrives in: `lot_no` (default the expiry date, or '' for
// stock without either), created on first use; its expiry never changes.
Result<Lot> arrival_lot(Tx& tx, const Item& item, const Posting& p, Instant now) {
  if (p.lot_id) {
    LL_TRY(auto lot, find_lot(tx, *p.lot_id));
    if (!lot || lot->item_id != item.id) return Error::invalid("lot_id", "is not a lot of this item");
    return std::move(*lot);
  }
  const std::string lot_no = p.lot_no.value_or(p.expires_on.value_or(""));
  LL_CHECK(tx.execute("INSERT INTO supply_lots (item_id, lot_no, expires_on, created_at) VALUES (?,?,?,?)"
                      " ON CONFLICT (item_id, lot_no) DO NOTHING",
                      {item.id, lot_no, p.expires_on, to_millis(now)}));
  LL_TRY(auto row, tx.query_one("SELECT id, expires_on FROM supply_lots WHERE item_id = ? AND lot_no = ?",
                                {item.id, lot_no}));
  if (!row) return Error::internal("lot vanished");
  Lot lot{row->integer(0), item.id, lot_no, row->opt_text(1)};
  if (p.expires_on && lot.expires_on != p.expires_on)
    return Error::invalid("expires_on", "lot " + (lot_no.empty() ? std::string("without a number") : lot_no) +
                                            " expires on " + lot.expires_on.value_or("no date") +
                                            "; a different expiry is a different lot");
  return lot;
}

// A count: the lot counted (chosen, named, the only one in stock, or the
// item's lot without a number), locked after making sure its row exists.
Result<std::vector<Line>> count(Tx& tx, const Warehouse& w, const Item& item, const Posting& p, int64_t& difference,
                                Instant now) {
  std::optional<Lot> lot;
  if (p.lot_id || p.lot_no || p.expires_on) {
    LL_TRY(lot, arrival_lot(tx, item, p, now));
  } else {
    LL_TRY(auto held, tx.query("SELECT lot_id FROM supply_stock WHERE warehouse_id = ? AND item_id = ?"
                               " AND on_hand_milli > 0 ORDER BY lot_id",
                               {w.id, item.id}));
    if (held.size() > 1)
      return Error::invalid("lot_id", "this warehouse holds " + std::to_string(held.size()) +
                                          " lots of the item: count each lot (give lot_id)");
    Posting named = p;
    if (held.size() == 1) named.lot_id = held[0].integer(0);
    LL_TRY(lot, arrival_lot(tx, item, named, now));
  }
  // Make the row exist, then lock it: two counts of a new lot cannot both start from zero.
  LL_CHECK(increment(tx, w, *lot, 0, now));
  LL_TRY(auto row, tx.query_one("SELECT on_hand_milli FROM supply_stock WHERE warehouse_id = ? AND lot_id = ?"
                                " FOR UPDATE",
                                {w.id, lot->id}));
  const int64_t before = row ? row->integer(0) : 0;
  const int64_t counted = p.counted_milli.value_or(0);
  difference = counted - before;
  LL_CHECK(tx.execute("UPDATE supply_stock SET on_hand_milli = ?, updated_at = ? WHERE warehouse_id = ? AND lot_id = ?",
                      {counted, to_millis(now), w.id, lot->id}));
  return std::vector<Line>{{w.id, lot->id, lot->lot_no, lot->expires_on, difference, 0}};
}

Result<int64_t> insert_movement(Tx& tx, const Actor& actor, const Warehouse& w, const Item& item, const Posting& p,
                                int64_t quantity, std::optional<int64_t> lot_id, std::optional<int64_t> difference,
                                std::optional<int64_t> reverses, Instant now) {
  return tx.insert(
      "INSERT INTO supply_movements (utility_id, org_path, kind, source, warehouse_id, to_warehouse_id, item_id,"
      " lot_id, quantity_milli, entered_quantity, entered_unit, counted_milli, difference_milli, to_org_id, to_name,"
      " purpose, supplier, reference, request_id, reverses_id, day, occurred_at, note, created_by, created_by_name,"
      " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
      {w.utility_id, w.org_path, p.kind, p.source, w.id, p.to_warehouse_id, item.id, lot_id, quantity,
       p.entered_quantity, p.entered_unit, p.counted_milli, difference, p.to_org_id, p.to_name, p.purpose,
       p.supplier, p.reference, p.request_id, reverses, p.day, to_millis(p.occurred_at), p.note,
       actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name, to_millis(now)});
}

// `paths[i]`: the org path of line i's warehouse.
Status insert_lines(Tx& tx, int64_t movement_id, int64_t item_id, const std::string& day,
                    const std::vector<Line>& lines, const std::vector<std::string>& paths) {
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    LL_CHECK(tx.execute("INSERT INTO supply_movement_lines (movement_id, warehouse_id, lot_id, item_id, org_path, day,"
                        " delta_milli, used_milli) VALUES (?,?,?,?,?,?,?,?)",
                        {movement_id, l.warehouse_id, l.lot_id, item_id, paths[i], day, l.delta_milli,
                         l.used_milli}));
  }
  return {};
}

}  // namespace

Error shortfall_error(const Shortfall& s) {
  const std::string where = s.lot_no ? "lot " + (s.lot_no->empty() ? std::string("without a number") : *s.lot_no) +
                                           " of " + s.item + " in " + s.warehouse
                                     : s.item + " in " + s.warehouse;
  const std::string message = "not enough stock: " + where + " has " + format_quantity(s.on_hand_milli, s.unit) +
                              " on hand, " + format_quantity(s.requested_milli, s.unit) + " asked";
  Error e = Error::conflict(message);
  e.fields.push_back({"quantity", message});
  return e;
}

Result<Posted> post(Tx& tx, const Actor& actor, const Warehouse& w, const Item& item, const Posting& p, Instant now,
                    std::optional<Shortfall>* shortfall) {
  if (p.lot_id) {
    LL_TRY(auto chosen, find_lot(tx, *p.lot_id));
    if (!chosen || chosen->item_id != item.id) return Error::invalid("lot_id", "is not a lot of this item");
  }
  Posted out;
  std::vector<std::string> paths;
  std::optional<int64_t> lot_id = p.lot_id, difference;
  int64_t quantity = p.quantity_milli;
  if (p.kind == "adjust") {
    int64_t diff = 0;
    LL_TRY(out.lines, count(tx, w, item, p, diff, now));
    difference = diff;
    lot_id = out.lines.front().lot_id;
    quantity = diff < 0 ? -diff : diff;
    paths.push_back(w.org_path);
  } else if (takes(p.kind)) {
    LL_TRY(out.lines, take(tx, w, item, p, p.quantity_milli, now, shortfall));
    paths.assign(out.lines.size(), w.org_path);
    if (p.kind == "transfer") {
      if (!p.to_warehouse_id) return Error::invalid("to_warehouse_id", "is required for a transfer");
      LL_TRY(auto target, find_warehouse(tx, *p.to_warehouse_id));
      if (!target) return Error::internal("transfer target vanished");
      std::vector<Line> arrivals;
      for (const auto& l : out.lines) {
        LL_TRY(auto lot, find_lot(tx, l.lot_id));
        LL_CHECK(increment(tx, *target, *lot, -l.delta_milli, now));
        arrivals.push_back({target->id, l.lot_id, l.lot_no, l.expires_on, -l.delta_milli, 0});
        paths.push_back(target->org_path);
      }
      out.lines.insert(out.lines.end(), arrivals.begin(), arrivals.end());
    }
  } else {  // receipt, return
    LL_TRY(auto lot, arrival_lot(tx, item, p, now));
    LL_CHECK(increment(tx, w, lot, p.quantity_milli, now));
    lot_id = lot.id;
    out.lines.push_back({w.id, lot.id, lot.lot_no, lot.expires_on, p.quantity_milli,
                         used_of(p.kind, p.quantity_milli)});
    paths.push_back(w.org_path);
  }
  LL_TRY(out.movement_id, insert_movement(tx, actor, w, item, p, quantity, lot_id, difference, std::nullopt, now));
  LL_CHECK(insert_lines(tx, out.movement_id, item.id, p.day, out.lines, paths));
  return out;
}

Result<Posted> reverse(Tx& tx, const Actor& actor, int64_t id, const std::string& note, Instant occurred_at,
                       const std::string& day, Instant now, std::optional<Shortfall>* shortfall) {
  LL_TRY(auto locked, tx.query_one("SELECT id FROM supply_movements WHERE id = ? FOR UPDATE", {id}));
  LL_TRY(auto original, find_movement(tx, id));
  if (!locked || !original) return not_found_field("reverses", "no such movement");
  if (original->reverses_id)
    return Error::invalid("reverses", "movement " + std::to_string(id) +
                                          " is itself a reversal and cannot be reversed; record a new movement");
  if (original->reversed_by) {
    Error e = Error::conflict("movement " + std::to_string(id) + " was already reversed by movement " +
                              std::to_string(*original->reversed_by));
    e.fields.push_back({"reverses", e.message});
    return e;
  }
  LL_TRY(auto w, find_warehouse(tx, original->warehouse_id));
  LL_TRY(auto item, find_item(tx, original->item_id));
  if (!w || !item) return Error::internal("the movement's warehouse or item vanished");

  // Undo each line, in (warehouse, lot) order so row locks are taken in one order.
  std::vector<Line> lines = original->lines;
  std::sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return std::tie(a.warehouse_id, a.lot_id) < std::tie(b.warehouse_id, b.lot_id);
  });
  Posted out;
  std::vector<std::string> paths;
  for (const auto& l : lines) {
    LL_TRY(auto target, find_warehouse(tx, l.warehouse_id));
    LL_TRY(auto lot, find_lot(tx, l.lot_id));
    if (!target || !lot) return Error::internal("a line's warehouse or lot vanished");
    const int64_t delta = -l.delta_milli;
    if (delta < 0) {
      LL_TRY(auto row, tx.query_one("SELECT on_hand_milli FROM supply_stock WHERE warehouse_id = ? AND lot_id = ?"
                                    " FOR UPDATE",
                                    {target->id, lot->id}));
      const int64_t on_hand = row ? row->integer(0) : 0;
      if (on_hand < -delta) {
        Shortfall s{item->id, item->name, target->name, item->base_unit, lot->lot_no, on_hand, -delta};
        if (shortfall) *shortfall = s;
        return shortfall_error(s);
      }
      LL_CHECK(decrement(tx, *target, *item, lot->id, -delta, now, shortfall));
    } else if (delta > 0) {
      LL_CHECK(increment(tx, *target, *lot, delta, now));
    }
    out.lines.push_back({target->id, lot->id, lot->lot_no, lot->expires_on, delta, -l.used_milli});
    paths.push_back(target->org_path);
  }
  Posting p;
  p.kind = original->kind;
  p.source = original->source;
  p.to_warehouse_id = original->to_warehouse_id;
  p.entered_quantity = original->entered_quantity;
  p.entered_unit = original->entered_unit;
  p.to_org_id = original->to_org_id;
  p.to_name = original->to_name;
  p.purpose = original->purpose;
  p.reference = original->reference;
  p.request_id = original->request_id;
  p.note = note;
  p.occurred_at = occurred_at;
  p.day = day;
  std::optional<int64_t> difference;
  if (original->difference_milli) difference = -*original->difference_milli;
  LL_TRY(out.movement_id, insert_movement(tx, actor, *w, *item, p, original->quantity_milli, original->lot_id,
                                          difference, id, now));
  LL_CHECK(insert_lines(tx, out.movement_id, item->id, day, out.lines, paths));
  return out;
}

Result<std::optional<Movement>> find_movement(Tx& tx, int64_t id) {
  LL_TRY(auto row,
         tx.query_one("SELECT m.id, m.utility_id, m.org_path, m.kind, m.source, m.warehouse_id, w.name,"
                      " m.to_warehouse_id, COALESCE(t.name, ''), m.item_id, i.name, i.code, i.base_unit, m.lot_id,"
                      " m.quantity_milli, m.entered_quantity, m.entered_unit, m.counted_milli, m.difference_milli,"
                      " m.to_org_id, COALESCE(o.name, ''), m.to_name, m.purpose, m.supplier, m.reference,"
                      " m.request_id, m.reverses_id, (SELECT r.id FROM supply_movements r WHERE r.reverses_id = m.id),"
                      " m.day, m.occurred_at, m.created_at, m.created_by_name, m.note, w.org_id"
                      " FROM supply_movements m JOIN supply_warehouses w ON w.id = m.warehouse_id"
                      " JOIN supply_items i ON i.id = m.item_id"
                      " LEFT JOIN supply_warehouses t ON t.id = m.to_warehouse_id"
                      " LEFT JOIN orgs o ON o.id = m.to_org_id WHERE m.id = ?",
                      {id}));
  if (!row) return std::optional<Movement>();
  const auto& r = *row;
  Movement m;
  m.id = r.integer(0);
  m.utility_id = r.integer(1);
  m.org_path = r.text(2);
  m.kind = r.text(3);
  m.source = r.opt_text(4);
  m.warehouse_id = r.integer(5);
  m.warehouse_name = r.text(6);
  m.to_warehouse_id = r.opt_integer(7);
  m.to_warehouse_name = r.text(8);
  m.item_id = r.integer(9);
  m.item_name = r.text(10);
  m.item_code = r.text(11);
  m.base_unit = r.text(12);
  m.lot_id = r.opt_integer(13);
  m.quantity_milli = r.integer(14);
  if (!r.is_null(15)) m.entered_quantity = r.real(15);
  m.entered_unit = r.text(16);
  m.counted_milli = r.opt_integer(17);
  m.difference_milli = r.opt_integer(18);
  m.to_org_id = r.opt_integer(19);
  m.to_org_name = r.text(20);
  m.to_name = r.text(21);
  m.purpose = r.text(22);
  m.supplier = r.text(23);
  m.reference = r.text(24);
  m.request_id = r.opt_integer(25);
  m.reverses_id = r.opt_integer(26);
  m.reversed_by = r.opt_integer(27);
  m.day = r.text(28);
  m.occurred_at = from_millis(r.integer(29));
  m.created_at = from_millis(r.integer(30));
  m.created_by_name = r.text(31);
  m.note = r.text(32);
  m.org_id = r.integer(33);
  LL_TRY(auto lines, tx.query("SELECT l.warehouse_id, l.lot_id, s.lot_no, s.expires_on, l.delta_milli, l.used_milli"
                              " FROM supply_movement_lines l JOIN supply_lots s ON s.id = l.lot_id"
                              " WHERE l.movement_id = ? ORDER BY l.id",
                              {id}));
  for (const auto& l : lines)
    m.lines.push_back({l.integer(0), l.integer(1), l.text(2), l.opt_text(3), l.integer(4), l.integer(5)});
  return std::optional<Movement>(std::move(m));
}

}  // namespace lifeline::app::supplies
