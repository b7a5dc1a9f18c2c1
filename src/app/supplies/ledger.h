// The movement ledger (出入库台账): the only way stock changes. A movement is
// written once and never edited; a mistake is reversed by a new movement
// that names it (a reversal itself is never reversed). Each movement writes
// its lines (what it did to each warehouse and lot) and moves the stock rows
// in the same transaction, so stock on hand always equals the sum of the
// ledger's lines (tested).
//
// Concurrency (no global lock): stock that leaves is taken under a row lock
// on the stock rows it reads (SELECT … FOR UPDATE on supply_stock, in FEFO
// order), decremented with a conditional UPDATE (… AND on_hand_milli >= ?),
// and the table's CHECK (on_hand_milli >= 0) is the last word. Stock that
// arrives is an upsert (INSERT … ON CONFLICT DO UPDATE). A reversal locks the
// movement it reverses, and reverses_id is UNIQUE. Many issues racing for the
// last boxes therefore queue on the rows of that item in that warehouse
// only; other items and warehouses proceed beside them.
//
// This is also the seam other modules post through (disinfection consumes
// its agent here): post() checks nothing about the actor — callers check
// permissions and scope first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/supplies/model.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::supplies {

struct Posting {
  std::string kind;                    // receipt, issue, transfer, return, adjust, scrap, support
  std::optional<std::string> source;   // receipt source, scrap reason
  std::optional<int64_t> to_warehouse_id;  // transfer (checked by the caller: same utility)
  std::optional<int64_t> lot_id;       // a chosen lot (FEFO otherwise)
  std::optional<std::string> lot_no, expires_on;  // receipt and return: the lot it arrives in
  int64_t quantity_milli = 0;          // > 0; adjust: unused
  std::optional<int64_t> counted_milli;  // adjust
  std::optional<double> entered_quantity;
  std::string entered_unit;
  std::optional<int64_t> to_org_id;
  std::string to_name, purpose, supplier, reference, note;
  std::optional<int64_t> request_id;
  Instant occurred_at;
  std::string day;                     // local date of occurred_at
};

struct Posted {
  int64_t movement_id = 0;
  std::vector<Line> lines;
};

// Writes the movement, its lines and the stock. On a shortfall: conflict
// naming "quantity", and `shortfall` says what was missing.
Result<Posted> post(store::Tx& tx, const Actor& actor, const Warehouse& warehouse, const Item& item,
                    const Posting& p, Instant now, std::optional<Shortfall>* shortfall = nullptr);

// Reverses movement `id` (its lines negated, the same lots): conflict naming
// "reverses" when it is itself a reversal or was reversed already; a
// shortfall when the stock it brought in has left again.
Result<Posted> reverse(store::Tx& tx, const Actor& actor, int64_t id, const std::string& note, Instant occurred_at,
                       const std::string& day, Instant now, std::optional<Shortfall>* shortfall = nullptr);

// One movement with its lines and names; nullopt when there is none.
Result<std::optional<Movement>> find_movement(store::Tx& tx, int64_t id);

// The shortfall as an error: 409 naming "quantity", the item, the warehouse
// and the quantity on hand.
Error shortfall_error(const Shortfall& s);

}  // namespace lifeline::app::supplies
