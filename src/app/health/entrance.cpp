#include "app/health/entrance.h"

#include "app/audit/audit.h"
#include "app/health/access.h"
#include "app/health/settings.h"
#include "app/health/staff_repo.h"
#include "app/privacy.h"
#include "core/local_time.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

namespace {

const char* const kSelect =
    "SELECT c.id, c.org_id, c.org_path, o.name, c.at, c.staff_id, COALESCE(s.name, ''), COALESCE(s.employee_no, ''),"
    " c.visitor_name, c.visitor_phone, c.purpose, c.host, c.temperature, c.alert, COALESCE(u.display_name, '')"
    " FROM entrance_checks c JOIN orgs o ON o.id = c.org_id LEFT JOIN staff s ON s.id = c.staff_id"
    " LEFT JOIN users u ON u.id = c.recorded_by ";

EntranceCheck from_row(const store::Row& r) {
  EntranceCheck c;
  c.id = r.integer(0);
  c.org_id = r.integer(1);
  c.org_path = r.text(2);
  c.org_name = r.text(3);
  c.at = from_millis(r.integer(4));
  c.staff_id = r.opt_integer(5);
  c.staff_name = r.text(6);
  c.employee_no = r.text(7);
  if (!c.staff_id) c.visitor = Visitor{r.is_null(8) ? "" : r.text(8), r.opt_text(9), r.opt_text(10), r.opt_text(11)};
  c.temperature = r.real(12);
  c.alert = r.boolean(13);
  c.recorded_by_name = r.text(14);
  return c;
}

Result<std::vector<EntranceCheck>> load(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kSelect) + where, params));
  std::vector<EntranceCheck> out;
  for (const auto& r : rows) out.push_back(from_row(r));
  return out;
}

Error not_found_field(const std::string& field, const std::string& message) {
  Error e = Error::not_found(message);
  e.fields.push_back({field, message});
  return e;
}

}  // namespace

namespace entrance_repo {
Result<std::vector<EntranceCheck>> of(Tx& tx, int64_t staff_id, Instant from, Instant to) {
  return load(tx, "WHERE c.staff_id = ? AND c.at >= ? AND c.at < ? ORDER BY c.at DESC, c.id DESC",
              {staff_id, to_millis(from), to_millis(to)});
}
}  // namespace entrance_repo

nlohmann::json to_json(const EntranceCheck& c, bool full_phone) {
  auto opt = [](const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  nlohmann::json visitor;
  if (c.visitor)
    visitor = {{"name", c.visitor->name},
               {"phone", c.visitor->phone
                             ? nlohmann::json(full_phone ? *c.visitor->phone : mask_phone(*c.visitor->phone))
                             : nlohmann::json()},
               // Numbers typed into the texts are masked wherever the phone is.
               {"purpose", full_phone ? opt(c.visitor->purpose) : mask_numbers_in_value(opt(c.visitor->purpose))},
               {"host", full_phone ? opt(c.visitor->host) : mask_numbers_in_value(opt(c.visitor->host))}};
  return {{"id", c.id},
          {"org_id", c.org_id},
          {"org_name", c.org_name},
          {"at", format_instant(c.at)},
          {"kind", c.staff_id ? "employee" : "visitor"},
          {"staff_id", c.staff_id ? nlohmann::json(*c.staff_id) : nlohmann::json()},
          {"staff_name", c.staff_id ? nlohmann::json(c.staff_name) : nlohmann::json()},
          {"employee_no", c.staff_id ? nlohmann::json(c.employee_no) : nlohmann::json()},
          {"visitor", visitor},
          {"temperature", c.temperature},
          {"alert", c.alert},
          {"recorded_by_name", c.recorded_by_name}};
}

Result<EntranceCheck> Entrance::record(const Actor& actor, const NewEntranceCheck& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  std::vector<FieldError> errors;
  int who = (in.employee_no ? 1 : 0) + (in.staff_id ? 1 : 0) + (in.visitor ? 1 : 0);
  if (who != 1) errors.push_back({"visitor", "give exactly one of employee_no, staff_id or visitor"});
  if (in.visitor && in.visitor->name.find_first_not_of(" \t\r\n") == std::string::npos)
    errors.push_back({"visitor/name", "must not be empty"});
  if (in.temperature < 30.0 || in.temperature > 45.0)
    errors.push_back({"temperature", "must be a body temperature between 30 and 45 °C"});
  Instant at = in.at.value_or(now);
  if (at > now + std::chrono::minutes(5)) errors.push_back({"at", "must not be in the future"});
  if (!errors.empty()) return Error::invalid(std::move(errors));

  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<EntranceCheck> {
    LL_TRY(auto site, tx.query_one("SELECT id, path FROM orgs WHERE id = ?", {in.org_id}));
    if (!site || !actor.sees(site->text(1))) return not_found_field("org_id", "no such site in your scope");
    const std::string site_path = site->text(1);
    LL_TRY(auto utility, utility_of(tx, site_path));
    if (!utility) return Error::invalid("org_id", "choose a site of a utility, not the association");
    std::optional<int64_t> staff_id;
    if (in.employee_no || in.staff_id) {
      std::optional<Staff> person;
      if (in.employee_no) {
        LL_TRY(person, staff_repo::find_by_employee_no(tx, *utility, *in.employee_no));
      } else {
        LL_TRY(person, staff_repo::find(tx, *in.staff_id));
      }
      // An employee of the site's utility; no one else's register is disclosed.
      const char* field = in.employee_no ? "employee_no" : "staff_id";
      if (!person || person->utility_id != *utility)
        return not_found_field(field, "no such employee on this utility's register");
      staff_id = person->id;
    }
    LL_TRY(auto settings, settings_for(tx, *utility));
    bool alert = in.temperature >= settings.fever_celsius - 1e-9;
    std::optional<std::string> name, phone, purpose, host;
    if (in.visitor) {
      name = in.visitor->name;
      phone = in.visitor->phone;
      purpose = in.visitor->purpose;
      host = in.visitor->host;
    }
    LL_TRY(int64_t id, tx.insert("INSERT INTO entrance_checks (org_id, org_path, at, staff_id, visitor_name,"
                                 " visitor_phone, purpose, host, temperature, alert, recorded_by)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {in.org_id, site_path, to_millis(at), staff_id, name, phone, purpose, host,
                                  in.temperature, alert,
                                  actor.user_id ? store::Value(actor.user_id) : store::Value()}));
    LL_TRY(auto stored, load(tx, "WHERE c.id = ?", {id}));
    if (stored.empty()) return Error::internal("entrance check vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.entrance.record", "entrance_check", std::to_string(id), in.org_id, site_path,
                            nullptr, to_json(stored[0], false)}));
    return stored[0];
  });
  if (r && r->alert)
    rt_.events.publish({"health.entrance_alert", r->org_id, r->org_path, {{"org_id", r->org_id}, {"id", r->id}}});
  return r;
}

Result<EntranceList> Entrance::list(const Actor& actor, const EntranceFilter& f) {
  if (!actor.can(Permission::health_records)) return Error::forbidden();
  LL_TRY(auto lt, LocalTime::load(rt_.config.time_zone));
  EntranceList out;
  out.date = lt.date(rt_.clock.now());
  if (f.date) {
    LL_TRY(out.date, parse_date(*f.date, "date"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<EntranceList> {
    LL_TRY(auto sc, scope(tx, actor, f.org));
    std::string where = "WHERE c.org_path LIKE ? ESCAPE '\\' AND c.at >= ? AND c.at < ?";
    if (f.alert_only) where += " AND c.alert = 1";
    LL_TRY(out.items, load(tx, where + " ORDER BY c.at DESC, c.id DESC LIMIT 5000",
                           {store::like_prefix(sc.path), to_millis(lt.start_of(out.date)),
                            to_millis(lt.start_of(add_days(out.date, 1)))}));
    for (const auto& c : out.items) {
      out.alerts += c.alert ? 1 : 0;
      out.visitors += c.staff_id ? 0 : 1;
    }
    return std::move(out);
  });
}

}  // namespace lifeline::app::health
