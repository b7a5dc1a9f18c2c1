#include "app/supplies/requests.h"

#include <set>

#include "app/audit/audit.h"
#include "app/supplies/access.h"
#include "app/supplies/ledger.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;
using store::TxMode;

namespace {

constexpr size_t kMaxLines = 50;

constexpr const char* kSelect =
    "SELECT r.id, r.utility_id, r.org_id, o.name, r.org_path, r.warehouse_id, w.name, r.state, r.purpose,"
    " r.needed_by, r.requested_by, r.requested_by_name, r.requested_at, r.approved_by, r.approved_by_name,"
    " r.approved_at, r.approval_note, r.second_by_name, r.second_at, r.issued_by_name, r.issued_at,"
    " r.received_by_name, r.received_at, r.closed_reason, r.version"
    " FROM supply_requests r JOIN orgs o ON o.id = r.org_id JOIN supply_warehouses w ON w.id = r.warehouse_id ";

std::optional<Instant> opt_instant(const store::Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<Instant>(from_millis(r.integer(i)));
}

Result<std::vector<SupplyRequest>> load(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<SupplyRequest> out;
  for (const auto& r : rows) {
    SupplyRequest q;
    q.id = r.integer(0);
    q.utility_id = r.integer(1);
    q.org_id = r.integer(2);
    q.org_name = r.text(3);
    q.org_path = r.text(4);
    q.warehouse_id = r.integer(5);
    q.warehouse_name = r.text(6);
    q.state = r.text(7);
    q.purpose = r.text(8);
    q.needed_by = r.opt_text(9);
    q.requested_by = r.opt_integer(10);
    q.requested_by_name = r.text(11);
    q.requested_at = from_millis(r.integer(12));
    q.approved_by = r.opt_integer(13);
    q.approved_by_name = r.opt_text(14);
    q.approved_at = opt_instant(r, 15);
    q.approval_note = r.opt_text(16);
    q.second_by_name = r.opt_text(17);
    q.second_at = opt_instant(r, 18);
    q.issued_by_name = r.opt_text(19);
    q.issued_at = opt_instant(r, 20);
    q.received_by_name = r.opt_text(21);
    q.received_at = opt_instant(r, 22);
    q.closed_reason = r.opt_text(23);
    q.version = r.integer(24);
    LL_TRY(auto lines, tx.query("SELECT l.id, l.item_id, i.name, i.code, i.base_unit, l.requested_milli,"
                                " l.entered_quantity, l.entered_unit, l.approved_milli, l.movement_id,"
                                " i.large_issue_milli FROM supply_request_lines l"
                                " JOIN supply_items i ON i.id = l.item_id WHERE l.request_id = ? ORDER BY l.id",
                                {q.id}));
    for (const auto& l : lines)
      q.lines.push_back({l.integer(0), l.integer(1), l.text(2), l.text(3), l.text(4), l.integer(5), l.real(6),
                         l.text(7), l.opt_integer(8), l.opt_integer(9), l.opt_integer(10)});
    out.push_back(std::move(q));
  }
  return out;
}

Result<std::optional<SupplyRequest>> find(Tx& tx, int64_t id) {
  LL_TRY(auto list, load(tx, "WHERE r.id = ?", {id}));
  if (list.empty()) return std::optional<SupplyRequest>();
  return std::optional<SupplyRequest>(std::move(list.front()));
}

bool handles_requests(const Actor& actor) {
  return actor.can(Permission::supplies_approve) || actor.can(Permission::supplies_manage);
}

// Requesters see their own unit's requests; approvers and storekeepers their utility's.
Result<SupplyRequest> visible(Tx& tx, const Actor& actor, int64_t id, bool lock) {
  if (lock) LL_CHECK(tx.query("SELECT id FROM supply_requests WHERE id = ? FOR UPDATE", {id}));
  LL_TRY(auto scope, scope_path(tx, actor));
  LL_TRY(auto r, find(tx, id));
  if (!r || !in_scope(scope, r->org_path) || !(handles_requests(actor) || actor.sees(r->org_path)))
    return Error::not_found("no such request");
  return std::move(*r);
}

nlohmann::json audit_json(const SupplyRequest& r) {
  nlohmann::json j = to_json(r);
  j.erase("version");
  return j;
}

Status moved(Tx& tx, int64_t id, const std::string& from, const std::string& set, store::Params params) {
  params.emplace_back(id);
  params.emplace_back(from);
  LL_TRY(int64_t n, tx.exec("UPDATE supply_requests SET " + set + ", version = version + 1 WHERE id = ? AND state = ?",
                            params));
  if (n != 1) return Error::conflict("the request changed meanwhile; reload it");
  return {};
}

store::Value who(const Actor& a) { return a.user_id ? store::Value(a.user_id) : store::Value(); }

// Posts one issue per approved line; all or nothing.
Status issue_lines(Tx& tx, const Actor& actor, const SupplyRequest& r, Instant now, const std::string& day,
                   std::optional<Shortfall>* shortfall) {
  LL_TRY(auto w, find_warehouse(tx, r.warehouse_id));
  if (!w) return Error::internal("the request's warehouse vanished");
  for (const auto& l : r.lines) {
    if (!l.approved_milli || *l.approved_milli == 0) continue;
    LL_TRY(auto item, find_item(tx, l.item_id));
    if (!item) return Error::internal("a requested item vanished");
    Posting p;
    p.kind = "issue";
    p.quantity_milli = *l.approved_milli;
    p.entered_quantity = from_milli(*l.approved_milli);
    p.entered_unit = item->base_unit;
    p.to_org_id = r.org_id;
    p.to_name = r.requested_by_name;
    p.purpose = r.purpose;
    p.reference = "申领单 #" + std::to_string(r.id);
    p.request_id = r.id;
    p.occurred_at = now;
    p.day = day;
    LL_TRY(auto posted, post(tx, actor, *w, *item, p, now, shortfall));
    LL_CHECK(tx.execute("UPDATE supply_request_lines SET movement_id = ? WHERE id = ?", {posted.movement_id, l.id}));
  }
  return moved(tx, r.id, "approved", "state = 'issued', issued_by_name = ?, issued_at = ?",
               {actor.display_name, to_millis(now)});
}

}  // namespace

void Requests::publish(const SupplyRequest& r) const {
  rt_.events.publish({"supplies.request", r.org_id, r.org_path, {{"id", r.id}, {"state", r.state}}});
}

Result<SupplyRequest> Requests::create(const Actor& actor, const NewRequest& in) {
  if (!actor.can(Permission::supplies_request)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (in.purpose.find_first_not_of(" \t") == std::string::npos) errors.push_back({"purpose", "say what it is for"});
  if (in.lines.empty() || in.lines.size() > kMaxLines)
    errors.push_back({"lines", "ask for 1 to " + std::to_string(kMaxLines) + " items"});
  if (in.needed_by) {
    if (auto d = parse_date(*in.needed_by, "needed_by"); !d) errors.push_back(d.error().fields.front());
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SupplyRequest> {
    LL_TRY(auto row, tx.query_one("SELECT id, path FROM orgs WHERE id = ?", {in.org_id.value_or(actor.org_id)}));
    if (!row || !actor.sees(row->text(1))) return not_found_field("org_id", "no such unit in your scope");
    const int64_t org_id = row->integer(0);
    const std::string org_path = row->text(1);
    LL_TRY(auto utility, utility_of(tx, org_path, "org_id"));
    Warehouse w;
    if (in.warehouse_id) {
      LL_TRY(w, visible_warehouse(tx, actor, *in.warehouse_id, "warehouse_id"));
      if (w.utility_id != utility.id) return not_found_field("warehouse_id", "no such warehouse in your utility");
    } else {
      LL_TRY(auto nearest, nearest_warehouse(tx, org_path));
      if (!nearest) return Error::invalid("warehouse_id", "your utility has no warehouse to ask");
      w = std::move(*nearest);
    }
    std::vector<FieldError> line_errors;
    std::set<int64_t> seen;
    struct Checked {
      int64_t item_id, milli;
      double quantity;
      std::string unit;
    };
    std::vector<Checked> checked;
    for (size_t i = 0; i < in.lines.size(); ++i) {
      const std::string at = "lines/" + std::to_string(i) + "/";
      const auto& l = in.lines[i];
      if (!l.item_id) {
        line_errors.push_back({at + "item_id", "is required"});
        continue;
      }
      auto item = find_item(tx, *l.item_id);
      if (!item) return item.error();
      if (!*item || (*item)->utility_id != utility.id) {
        line_errors.push_back({at + "item_id", "no such item in your utility"});
        continue;
      }
      if (!seen.insert(*l.item_id).second) line_errors.push_back({at + "item_id", "is asked for twice"});
      if (!l.quantity) {
        line_errors.push_back({at + "quantity", "is required"});
        continue;
      }
      const std::string unit = l.unit.value_or((*item)->base_unit);
      auto milli = to_milli(*l.quantity, unit, (*item)->base_unit, (*item)->units, at + "quantity", at + "unit");
      if (!milli) {
        for (const auto& f : milli.error().fields) line_errors.push_back(f);
        continue;
      }
      checked.push_back({*l.item_id, *milli, *l.quantity, unit});
    }
    if (!line_errors.empty()) return Error::invalid(std::move(line_errors));
    LL_TRY(int64_t id, tx.insert("INSERT INTO supply_requests (utility_id, org_id, org_path, warehouse_id, state,"
                                 " purpose, needed_by, requested_by, requested_by_name, requested_at)"
                                 " VALUES (?,?,?,?,'submitted',?,?,?,?,?) RETURNING id",
                                 {utility.id, org_id, org_path, w.id, in.purpose, in.needed_by, who(actor),
                                  actor.display_name, to_millis(now)}));
    for (const auto& c : checked)
      LL_CHECK(tx.execute("INSERT INTO supply_request_lines (request_id, item_id, requested_milli, entered_quantity,"
                          " entered_unit) VALUES (?,?,?,?,?)",
                          {id, c.item_id, c.milli, c.quantity, c.unit}));
    LL_TRY(auto created, find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.request.create", "supply_request", std::to_string(id), org_id, org_path, nullptr,
                            audit_json(*created)}));
    return std::move(*created);
  });
  if (r) publish(*r);
  return r;
}

Result<std::vector<SupplyRequest>> Requests::list(const Actor& actor, const RequestFilter& f) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  static const std::string_view kStates[] = {"submitted", "second_approval", "approved", "issued",
                                             "received",  "rejected",        "cancelled"};
  if (f.state && !one_of(*f.state, kStates)) return Error::invalid("state", "must be one of: " + list_of(kStates));
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<SupplyRequest>> {
    std::string prefix;
    if (f.org) {
      LL_TRY(auto unit, unit_in_scope(tx, actor, f.org, "org"));
      prefix = unit.path;
    } else {
      LL_TRY(prefix, scope_path(tx, actor));
    }
    // Requesters see only their own subtree's requests.
    if (!handles_requests(actor) && !prefix.starts_with(actor.org_path)) prefix = actor.org_path;
    std::string where = "WHERE r.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(prefix)};
    if (f.state) {
      where += " AND r.state = ?";
      params.emplace_back(*f.state);
    }
    if (f.warehouse_id) {
      where += " AND r.warehouse_id = ?";
      params.emplace_back(*f.warehouse_id);
    }
    return load(tx, where + " ORDER BY r.id DESC LIMIT 500", params);
  });
}

Result<SupplyRequest> Requests::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supplies_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible(tx, actor, id, false); });
}

Result<SupplyRequest> Requests::approve(const Actor& actor, int64_t id, const Approval& a,
                                        std::optional<Shortfall>* shortfall) {
  if (!actor.can(Permission::supplies_approve)) return Error::forbidden();
  if (a.issue && !actor.can(Permission::supplies_manage))
    return Error::forbidden("issuing needs supplies.manage (the storekeeper)");
  const Instant now = rt_.clock.now();
  const std::string day = local_time(rt_).date(now);
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SupplyRequest> {
    if (shortfall) shortfall->reset();
    LL_TRY(auto before, visible(tx, actor, id, true));
    if (before.state == "second_approval") {
      if (a.lines) return Error::invalid("lines", "the second approval confirms the quantities of the first");
      if (before.approved_by && actor.user_id && *before.approved_by == actor.user_id)
        return Error::conflict("a large request needs a second approval by another person");
      LL_CHECK(moved(tx, id, "second_approval", "state = 'approved', second_by = ?, second_by_name = ?, second_at = ?",
                     {who(actor), actor.display_name, to_millis(now)}));
    } else if (before.state == "submitted") {
      std::vector<FieldError> errors;
      std::vector<int64_t> approved;
      for (const auto& l : before.lines) approved.push_back(l.requested_milli);
      if (a.lines) {
        for (size_t i = 0; i < a.lines->size(); ++i) {
          const std::string at = "lines/" + std::to_string(i) + "/";
          const auto& given = (*a.lines)[i];
          size_t k = 0;
          while (k < before.lines.size() && (!given.item_id || before.lines[k].item_id != *given.item_id)) ++k;
          if (k == before.lines.size()) {
            errors.push_back({at + "item_id", "is not an item of this request"});
            continue;
          }
          if (!given.quantity || *given.quantity < 0) {
            errors.push_back({at + "quantity", "must be 0 or more"});
            continue;
          }
          if (*given.quantity == 0) {
            approved[k] = 0;
            continue;
          }
          LL_TRY(auto item, find_item(tx, before.lines[k].item_id));
          auto milli = to_milli(*given.quantity, given.unit.value_or(item->base_unit), item->base_unit, item->units,
                                at + "quantity", at + "unit");
          if (!milli) {
            for (const auto& f : milli.error().fields) errors.push_back(f);
            continue;
          }
          if (*milli > before.lines[k].requested_milli)
            errors.push_back({at + "quantity", "at most the " +
                                                   format_quantity(before.lines[k].requested_milli,
                                                                   before.lines[k].base_unit) +
                                                   " requested"});
          else approved[k] = *milli;
        }
      }
      if (!errors.empty()) return Error::invalid(std::move(errors));
      bool any = false, large = false;
      for (size_t k = 0; k < approved.size(); ++k) {
        any = any || approved[k] > 0;
        const auto& limit = before.lines[k].large_issue_milli;
        large = large || (limit && approved[k] > *limit);
        LL_CHECK(tx.execute("UPDATE supply_request_lines SET approved_milli = ? WHERE id = ?",
                            {approved[k], before.lines[k].id}));
      }
      if (!any) return Error::invalid("lines", "approve at least one item, or reject the request");
      LL_CHECK(moved(tx, id, "submitted",
                     std::string("state = '") + (large ? "second_approval" : "approved") +
                         "', approved_by = ?, approved_by_name = ?, approved_at = ?, approval_note = ?",
                     {who(actor), actor.display_name, to_millis(now), a.note}));
    } else {
      return Error::conflict("a request that is " + before.state + " cannot be approved");
    }
    LL_TRY(auto after, find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.request.approve", "supply_request", std::to_string(id), after->org_id,
                            after->org_path, audit_json(before), audit_json(*after)}));
    if (a.issue && after->state == "approved") {
      LL_CHECK(issue_lines(tx, actor, *after, now, day, shortfall));
      LL_TRY(auto issued, find(tx, id));
      LL_CHECK(audit::record(tx, actor, now,
                             {"supplies.request.issue", "supply_request", std::to_string(id), issued->org_id,
                              issued->org_path, audit_json(*after), audit_json(*issued)}));
      return std::move(*issued);
    }
    return std::move(*after);
  });
  if (r) publish(*r);
  return r;
}

Result<SupplyRequest> Requests::issue(const Actor& actor, int64_t id, std::optional<Shortfall>* shortfall) {
  if (!actor.can(Permission::supplies_manage)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const std::string day = local_time(rt_).date(now);
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SupplyRequest> {
    if (shortfall) shortfall->reset();
    LL_TRY(auto before, visible(tx, actor, id, true));
    if (before.state != "approved")
      return Error::conflict("a request that is " + before.state + " cannot be issued (approve it first)");
    LL_CHECK(issue_lines(tx, actor, before, now, day, shortfall));
    LL_TRY(auto after, find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.request.issue", "supply_request", std::to_string(id), after->org_id,
                            after->org_path, audit_json(before), audit_json(*after)}));
    return std::move(*after);
  });
  if (r) publish(*r);
  return r;
}

Result<SupplyRequest> Requests::reject(const Actor& actor, int64_t id, const std::string& reason) {
  if (!actor.can(Permission::supplies_approve)) return Error::forbidden();
  if (reason.find_first_not_of(" \t") == std::string::npos) return Error::invalid("reason", "say why");
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SupplyRequest> {
    LL_TRY(auto before, visible(tx, actor, id, true));
    if (before.state != "submitted" && before.state != "second_approval")
      return Error::conflict("a request that is " + before.state + " cannot be rejected");
    LL_CHECK(moved(tx, id, before.state,
                   "state = 'rejected', closed_reason = ?, approved_by = COALESCE(approved_by, ?),"
                   " approved_by_name = COALESCE(approved_by_name, ?), approved_at = COALESCE(approved_at, ?)",
                   {reason, who(actor), actor.display_name, to_millis(now)}));
    LL_TRY(auto after, find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.request.reject", "supply_request", std::to_string(id), after->org_id,
                            after->org_path, audit_json(before), audit_json(*after)}));
    return std::move(*after);
  });
  if (r) publish(*r);
  return r;
}

Result<SupplyRequest> Requests::confirm(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::supplies_request)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SupplyRequest> {
    LL_TRY(auto before, visible(tx, actor, id, true));
    const bool requester = before.requested_by && *before.requested_by == actor.user_id;
    if (!requester && !actor.sees(before.org_path))
      return Error::forbidden("the requesting unit confirms the receipt");
    if (before.state != "issued")
      return Error::conflict("a request that is " + before.state + " cannot be confirmed as received");
    LL_CHECK(moved(tx, id, "issued", "state = 'received', received_by_name = ?, received_at = ?",
                   {actor.display_name, to_millis(now)}));
    LL_TRY(auto after, find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.request.receive", "supply_request", std::to_string(id), after->org_id,
                            after->org_path, audit_json(before), audit_json(*after)}));
    return std::move(*after);
  });
  if (r) publish(*r);
  return r;
}

Result<SupplyRequest> Requests::cancel(const Actor& actor, int64_t id, const std::string& reason) {
  if (!actor.can(Permission::supplies_request)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<SupplyRequest> {
    LL_TRY(auto before, visible(tx, actor, id, true));
    const bool requester = before.requested_by && *before.requested_by == actor.user_id;
    if (!requester && !actor.can(Permission::supplies_approve))
      return Error::forbidden("only the requester withdraws a request");
    if (before.state != "submitted" && before.state != "second_approval")
      return Error::conflict("a request that is " + before.state + " cannot be withdrawn");
    LL_CHECK(moved(tx, id, before.state, "state = 'cancelled', closed_reason = ?", {reason}));
    LL_TRY(auto after, find(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"supplies.request.cancel", "supply_request", std::to_string(id), after->org_id,
                            after->org_path, audit_json(before), audit_json(*after)}));
    return std::move(*after);
  });
  if (r) publish(*r);
  return r;
}

nlohmann::json to_json(const SupplyRequest& r) {
  auto opt = [](const auto& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  auto when = [](const std::optional<Instant>& t) { return t ? nlohmann::json(format_instant(*t)) : nlohmann::json(); };
  nlohmann::json lines = nlohmann::json::array();
  for (const auto& l : r.lines)
    lines.push_back({{"id", l.id},
                     {"item_id", l.item_id},
                     {"item", {{"id", l.item_id}, {"name", l.item_name}, {"code", l.item_code}}},
                     {"unit", l.base_unit},
                     {"requested", from_milli(l.requested_milli)},
                     {"entered_quantity", l.entered_quantity},
                     {"entered_unit", l.entered_unit},
                     {"approved", l.approved_milli ? nlohmann::json(from_milli(*l.approved_milli)) : nlohmann::json()},
                     {"large", l.large_issue_milli && l.approved_milli.value_or(l.requested_milli) > *l.large_issue_milli},
                     {"movement_id", opt(l.movement_id)}});
  return {{"id", r.id},
          {"utility_id", r.utility_id},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"warehouse_id", r.warehouse_id},
          {"warehouse_name", r.warehouse_name},
          {"state", r.state},
          {"purpose", r.purpose},
          {"needed_by", opt(r.needed_by)},
          {"requested_by", opt(r.requested_by)},
          {"requested_by_name", r.requested_by_name},
          {"requested_at", format_instant(r.requested_at)},
          {"approved_by_name", opt(r.approved_by_name)},
          {"approved_at", when(r.approved_at)},
          {"approval_note", opt(r.approval_note)},
          {"second_by_name", opt(r.second_by_name)},
          {"second_at", when(r.second_at)},
          {"issued_by_name", opt(r.issued_by_name)},
          {"issued_at", when(r.issued_at)},
          {"received_by_name", opt(r.received_by_name)},
          {"received_at", when(r.received_at)},
          {"closed_reason", opt(r.closed_reason)},
          {"version", r.version},
          {"lines", lines}};
}

}  // namespace lifeline::app::supplies
