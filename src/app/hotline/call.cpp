#include "app/hotline/call.h"

#include "app/hotline/sla.h"
#include "app/privacy.h"
#include "core/time.h"

namespace lifeline::app::hotline {

namespace {

// Repeat callers are counted over the 30 days before the call.
const char* const kSelect =
    "SELECT c.id, c.org_id, c.org_path, o.name, c.utility_id, c.day, c.code, c.received_at, c.caller_phone,"
    " c.category, c.address, c.summary, c.state, c.x, c.y, c.incident_id, COALESCE(i.code, ''),"
    " COALESCE(w.state, CASE WHEN i.closed_at IS NULL THEN 'reported' ELSE 'closed' END), c.taken_by_name,"
    " c.responded_at, c.closed_at, c.followed_up_at, c.transferred_to, c.follow_up_note, c.resolution,"
    " c.satisfaction, c.version,"
    " (SELECT COUNT(*) FROM hotline_calls p WHERE p.caller_hash = c.caller_hash AND p.utility_id = c.utility_id"
    "   AND (p.received_at < c.received_at OR (p.received_at = c.received_at AND p.id < c.id))"
    "   AND p.received_at >= c.received_at - 2592000000)"
    " FROM hotline_calls c JOIN orgs o ON o.id = c.org_id LEFT JOIN incidents i ON i.id = c.incident_id"
    " LEFT JOIN work_orders w ON w.incident_id = c.incident_id ";

std::optional<Instant> opt_instant(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return from_millis(r.integer(i));
}

std::optional<double> opt_real(const store::Row& r, size_t i) {
  if (r.is_null(i)) return std::nullopt;
  return r.real(i);
}

Call from_row(const store::Row& r) {
  Call c;
  c.id = r.integer(0);
  c.org_id = r.integer(1);
  c.org_path = r.text(2);
  c.org_name = r.text(3);
  c.utility_id = r.integer(4);
  c.day = r.text(5);
  c.code = r.text(6);
  c.received_at = from_millis(r.integer(7));
  c.caller_phone = r.text(8);
  c.category = r.text(9);
  c.address = r.text(10);
  c.summary = r.text(11);
  c.state = r.text(12);
  c.x = opt_real(r, 13);
  c.y = opt_real(r, 14);
  c.incident_id = r.opt_integer(15);
  c.incident_code = r.text(16);
  c.incident_state = r.text(17);
  c.taken_by_name = r.text(18);
  c.responded_at = opt_instant(r, 19);
  c.closed_at = opt_instant(r, 20);
  c.followed_up_at = opt_instant(r, 21);
  c.transferred_to = r.opt_text(22);
  c.follow_up_note = r.opt_text(23);
  c.resolution = r.text(24);
  c.satisfaction = r.opt_integer(25);
  c.version = r.integer(26);
  c.repeat_count = r.integer(27);
  return c;
}

nlohmann::json instant_or_null(const std::optional<Instant>& i) {
  return i ? nlohmann::json(format_instant(*i)) : nlohmann::json();
}

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

namespace call_repo {

Result<std::vector<Call>> load(store::Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<Call> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Result<std::optional<Call>> find(store::Tx& tx, int64_t id) {
  LL_TRY(auto found, load(tx, "WHERE c.id = ?", {id}));
  if (found.empty()) return std::optional<Call>();
  return std::optional<Call>(std::move(found[0]));
}

}  // namespace call_repo

LocalTime local_time(const Runtime& rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  return *lt;
}

Result<Unit> unit_in_scope(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field) {
  LL_TRY(auto row, tx.query_one("SELECT id, path, kind FROM orgs WHERE id = ?", {org.value_or(actor.org_id)}));
  if (!row || !actor.sees(row->text(1))) {
    Error e = Error::not_found("no such org unit in your scope");
    e.fields.push_back({field, "no such org unit in your scope"});
    return e;
  }
  return Unit{row->integer(0), row->text(1), row->text(2)};
}

Result<Call> visible_call(store::Tx& tx, const Actor& actor, int64_t id) {
  LL_TRY(auto c, call_repo::find(tx, id));
  if (!c || !actor.sees(c->org_path)) return Error::not_found("no such call");
  return std::move(*c);
}

nlohmann::json to_json(const Call& c, Instant now, const std::optional<std::vector<repair::NearbyIncident>>& nearby) {
  Sla sla = sla_of(c.category, c.received_at, c.responded_at, c.closed_at, now);
  nlohmann::json incident;
  if (c.incident_id) incident = {{"id", *c.incident_id}, {"code", c.incident_code}, {"state", c.incident_state}};
  nlohmann::json j = {{"id", c.id},
                      {"code", c.code},
                      {"org_id", c.org_id},
                      {"org_name", c.org_name},
                      {"day", c.day},
                      {"received_at", format_instant(c.received_at)},
                      {"caller_phone", mask_phone(c.caller_phone)},
                      {"category", c.category},
                      // The caller's number is masked; so is any number typed into the texts.
                      {"address", mask_numbers_in_text(c.address)},
                      {"x", or_null(c.x)},
                      {"y", or_null(c.y)},
                      {"summary", mask_numbers_in_text(c.summary)},
                      {"state", c.state},
                      {"incident", incident},
                      {"taken_by_name", c.taken_by_name},
                      {"responded_at", instant_or_null(c.responded_at)},
                      {"closed_at", instant_or_null(c.closed_at)},
                      {"transferred_to", or_null(c.transferred_to)},
                      {"resolution", mask_numbers_in_text(c.resolution)},
                      {"satisfaction", or_null(c.satisfaction)},
                      {"follow_up_note", mask_numbers_in_value(or_null(c.follow_up_note))},
                      {"followed_up_at", instant_or_null(c.followed_up_at)},
                      {"sla",
                       {{"respond_due", format_instant(sla.respond_due)},
                        {"close_due", format_instant(sla.close_due)},
                        {"state", sla.state}}},
                      {"repeat_count", c.repeat_count},
                      {"version", c.version}};
  if (nearby) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& n : *nearby)
      items.push_back({{"id", n.id}, {"code", n.code}, {"type", n.type}, {"address", mask_numbers_in_text(n.address)},
                       {"distance_m", n.distance_m}});
    j["nearby_incidents"] = items;
  }
  return j;
}

nlohmann::json audit_json(const Call& c) {
  return {{"id", c.id},
          {"code", c.code},
          {"received_at", format_instant(c.received_at)},
          {"caller_phone", mask_phone(c.caller_phone)},
          {"category", c.category},
          {"address", c.address},
          {"summary", c.summary},
          {"state", c.state},
          {"incident_id", or_null(c.incident_id)},
          {"responded_at", instant_or_null(c.responded_at)},
          {"closed_at", instant_or_null(c.closed_at)},
          {"transferred_to", or_null(c.transferred_to)},
          {"resolution", c.resolution},
          {"satisfaction", or_null(c.satisfaction)},
          {"follow_up_note", or_null(c.follow_up_note)}};
}

}  // namespace lifeline::app::hotline
