#include "app/hotline/calls.h"

#include <algorithm>
#include <cstdio>

#include "app/audit/audit.h"
#include "app/code_sequence.h"
#include "app/hotline/phone.h"
#include "app/hotline/sla.h"
#include "app/privacy.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::hotline {

using store::Tx;
using store::TxMode;

namespace {

constexpr size_t kListLimit = 500;

bool one_of(const std::string& v, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// "RX-20200125-0042"
std::string call_code(const std::string& day, int64_t seq) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "-%04lld", static_cast<long long>(seq));
  std::string compact;
  for (char ch : day)
    if (ch != '-') compact += ch;
  return "RX-" + compact + buf;
}

Result<Call> reload(Tx& tx, int64_t id) {
  LL_TRY(auto c, call_repo::find(tx, id));
  if (!c) return Error::internal("call vanished");
  return std::move(*c);
}

}  // namespace

void Calls::publish(const Call& c) const {
  rt_.events.publish({"hotline.call", c.org_id, c.org_path,
                      {{"org_id", c.org_id}, {"id", c.id}, {"code", c.code}, {"state", c.state},
                       {"category", c.category}}});
}

Result<Call> Calls::log(const Actor& actor, const NewCall& in) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  const Instant received = in.received_at.value_or(now);
  std::vector<FieldError> errors;
  auto phone = normalise_phone(in.caller_phone);
  if (!phone) errors.push_back({"caller_phone", "not a Chinese mobile or landline number"});
  if (!sla_targets(in.category))
    errors.push_back({"category", "must be one of: no_water, low_pressure, burst_leak, quality, billing, "
                                  "epidemic_policy, other"});
  if (blank(in.summary)) errors.push_back({"summary", "must not be empty"});
  if (received > now + std::chrono::minutes(5)) errors.push_back({"received_at", "must not be in the future"});
  if (in.x.has_value() != in.y.has_value()) errors.push_back({in.x ? "y" : "x", "give both x and y, or neither"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const std::string day = local_time(rt_).date(received);

  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Call> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, in.org_id, "org_id"));
    LL_TRY(auto utility, tx.query_one("SELECT id FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')"
                                      " ORDER BY LENGTH(path) LIMIT 1",
                                      {unit.path}));
    if (!utility) return Error::invalid("org_id", "calls are logged for a utility or one of its units");
    const int64_t utility_id = utility->integer(0);
    LL_TRY(auto last, tx.query_one("SELECT COALESCE(MAX(seq), 0) FROM hotline_calls WHERE utility_id = ? AND day = ?",
                                   {utility_id, day}));
    // Two calls logged at once take two numbers (code_sequence.h).
    LL_TRY(const int64_t seq, next_in_sequence(tx, "hotline:" + std::to_string(utility_id) + ":" + day,
                                                (last ? last->integer(0) : 0) + 1));
    LL_TRY(int64_t id,
           tx.insert("INSERT INTO hotline_calls (org_id, org_path, utility_id, day, seq, code, received_at,"
                     " caller_phone, caller_hash, category, address, x, y, summary, state, taken_by, taken_by_name,"
                     " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'open',?,?,?) RETURNING id",
                     {unit.id, unit.path, utility_id, day, seq, call_code(day, seq), to_millis(received), *phone,
                      caller_hash(*phone), in.category, in.address, in.x, in.y, in.summary,
                      actor.user_id ? store::Value(actor.user_id) : store::Value(), actor.display_name,
                      to_millis(now)}));
    LL_TRY(auto c, reload(tx, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"hotline.call.log", "hotline_call", std::to_string(id), c.org_id, c.org_path, nullptr,
                            audit_json(c)}));
    return c;
  });
  if (r) publish(*r);
  return r;
}

Result<CallList> Calls::list(const Actor& actor, const CallFilter& f) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  if (f.state && std::find(std::begin(kStates), std::end(kStates), *f.state) == std::end(kStates))
    return Error::invalid("state", "must be one of: open, handled, transferred, closed");
  std::optional<std::string> from, to;
  if (f.from) {
    LL_TRY(from, parse_date(*f.from, "from"));
  }
  if (f.to) {
    LL_TRY(to, parse_date(*f.to, "to"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<CallList> {
    LL_TRY(auto unit, unit_in_scope(tx, actor, f.org, "org"));
    std::string where = "WHERE c.org_path LIKE ? ESCAPE '\\'";
    store::Params params{store::like_prefix(unit.path)};
    if (from) {
      where += " AND c.day >= ?";
      params.emplace_back(*from);
    }
    if (to) {
      where += " AND c.day <= ?";
      params.emplace_back(*to);
    }
    if (f.q && !blank(*f.q)) {
      std::string like = "%";
      for (char ch : *f.q) {
        if (ch == '%' || ch == '_' || ch == '\\') like += '\\';
        like += ch;
      }
      like += '%';
      where += " AND (c.code LIKE ? ESCAPE '\\' OR c.address LIKE ? ESCAPE '\\' OR c.summary LIKE ? ESCAPE '\\'";
      params.insert(params.end(), {like, like, like});
      if (auto phone = normalise_phone(*f.q)) {
        where += " OR c.caller_hash = ?";
        params.emplace_back(caller_hash(*phone));
      }
      where += ")";
    }
    CallList out;
    // Counts by state over the whole filter (before the state itself).
    LL_TRY(auto counts, tx.query("SELECT c.state, COUNT(*) FROM hotline_calls c " + where + " GROUP BY c.state",
                                 params));
    for (const auto& row : counts) {
      int64_t n = row.integer(1);
      const std::string s = row.text(0);
      if (s == "open") out.open = n;
      else if (s == "handled") out.handled = n;
      else if (s == "transferred") out.transferred = n;
      else if (s == "closed") out.closed = n;
      if (!f.state || *f.state == s) out.total += n;
    }
    if (f.state) {
      where += " AND c.state = ?";
      params.emplace_back(*f.state);
    }
    LL_TRY(out.items, call_repo::load(tx, where + " ORDER BY c.received_at DESC, c.id DESC LIMIT " +
                                              std::to_string(kListLimit),
                                      params));
    return out;
  });
}

Result<Call> Calls::get(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) { return visible_call(tx, actor, id); });
}

Result<Call> Calls::transition(const Actor& actor, int64_t id, const Transition& t) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  if (!one_of(t.to, {"handled", "transferred", "closed"}))
    return Error::invalid("to", "must be one of: handled, transferred, closed");
  if (t.to == "transferred" && (!t.transferred_to || blank(*t.transferred_to)))
    return Error::invalid("transferred_to", "say where the call is transferred to");
  if (t.to == "closed" && (!t.resolution || blank(*t.resolution)))
    return Error::invalid("resolution", "say how the call was resolved");
  const Instant now = rt_.clock.now();
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Call> {
    // Locked: two operators moving one call run one after the other, and the
    // second is judged on the state the first left.
    LL_CHECK(tx.query("SELECT id FROM hotline_calls WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto c, visible_call(tx, actor, id));
    const bool allowed = (c.state == "open" && (t.to == "handled" || t.to == "transferred")) ||
                         ((c.state == "handled" || c.state == "transferred") && t.to == "closed");
    if (!allowed)
      return Error::conflict("a call that is " + c.state + " cannot become " + t.to +
                             " (open → handled | transferred → closed)");
    nlohmann::json before = audit_json(c);
    const bool closing = t.to == "closed";
    LL_TRY(int64_t changed,
           tx.exec("UPDATE hotline_calls SET state = ?, responded_at = ?, closed_at = ?, transferred_to = ?,"
                   " resolution = ?, version = version + 1 WHERE id = ? AND state = ?",
                   {t.to, to_millis(c.responded_at.value_or(now)),
                    closing ? store::Value(to_millis(now)) : store::Value(),
                    t.to == "transferred" ? t.transferred_to : c.transferred_to,
                    t.resolution.value_or(c.resolution), id, c.state}));
    if (changed != 1) return Error::conflict("the call changed meanwhile; reload it");
    LL_TRY(auto after, reload(tx, id));
    nlohmann::json after_json = audit_json(after);
    if (t.note) after_json["note"] = *t.note;
    LL_CHECK(audit::record(tx, actor, now,
                           {"hotline.call." + t.to, "hotline_call", std::to_string(id), after.org_id,
                            after.org_path, before, after_json}));
    return after;
  });
  if (r) publish(*r);
  return r;
}

Result<std::string> Calls::caller(const Actor& actor, int64_t id) {
  if (!actor.can(Permission::hotline_take)) return Error::forbidden();
  const Instant now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::string> {
    LL_TRY(auto c, visible_call(tx, actor, id));
    LL_CHECK(audit::record(tx, actor, now,
                           {"hotline.call.reveal_caller", "hotline_call", std::to_string(id), c.org_id, c.org_path,
                            nullptr, {{"code", c.code}, {"caller_phone", mask_phone(c.caller_phone)}}}));
    return c.caller_phone;
  });
}

Result<std::vector<Call>> Calls::close_for_incident(int64_t incident_id) {
  const Instant now = rt_.clock.now();
  const Actor system = Actor::system("hotline");
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::vector<Call>> {
    std::vector<Call> closed;
    LL_TRY(auto order, tx.query_one("SELECT w.state, i.code FROM work_orders w JOIN incidents i ON i.id = w.incident_id"
                                    " WHERE w.incident_id = ?",
                                    {incident_id}));
    if (!order || order->text(0) != "closed") return closed;
    const std::string resolution = "抢修工单已闭环（" + order->text(1) + "）";
    LL_TRY(auto open, call_repo::load(tx, "WHERE c.incident_id = ? AND c.state <> 'closed'", {incident_id}));
    for (const auto& c : open) {
      // Conditional: an operator may close the call at the same moment; then it is theirs.
      LL_TRY(int64_t changed,
             tx.exec("UPDATE hotline_calls SET state = 'closed', responded_at = COALESCE(responded_at, ?),"
                     " closed_at = ?, resolution = CASE WHEN resolution = '' THEN ? ELSE resolution END,"
                     " version = version + 1 WHERE id = ? AND state <> 'closed'",
                     {to_millis(now), to_millis(now), resolution, c.id}));
      if (changed != 1) continue;
      LL_TRY(auto after, reload(tx, c.id));
      LL_CHECK(audit::record(tx, system, now,
                             {"hotline.call.closed", "hotline_call", std::to_string(c.id), after.org_id,
                              after.org_path, audit_json(c), audit_json(after)}));
      closed.push_back(std::move(after));
    }
    return closed;
  });
  if (r)
    for (const auto& c : *r) publish(c);
  return r;
}

}  // namespace lifeline::app::hotline
