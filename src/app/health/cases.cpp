#include "app/health/cases.h"

#include <map>

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

Result<LocalTime> local_time(const Runtime& rt) { return LocalTime::load(rt.config.time_zone); }

template <size_t N>
bool one_of(const std::string& v, const char* const (&allowed)[N]) {
  for (const char* a : allowed)
    if (v == a) return true;
  return false;
}

template <size_t N>
std::string list_of(const char* const (&allowed)[N]) {
  std::string out;
  for (const char* a : allowed) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

Error not_found_field(const std::string& field, const std::string& message) {
  Error e = Error::not_found(message);
  e.fields.push_back({field, message});
  return e;
}

// ---- household members ----

const char* const kMemberSelect =
    "SELECT id, staff_id, name, relation, phone, risk_status, recent_travel, returned_from, returned_on, updated_at"
    " FROM household_members ";

HouseholdMember member_from_row(const store::Row& r) {
  HouseholdMember m;
  m.id = r.integer(0);
  m.staff_id = r.integer(1);
  m.name = r.text(2);
  m.relation = r.text(3);
  m.phone = r.opt_text(4);
  m.risk_status = r.text(5);
  m.recent_travel = r.opt_text(6);
  m.returned_from = r.opt_text(7);
  m.returned_on = r.opt_text(8);
  m.updated_at = from_millis(r.integer(9));
  return m;
}

// The person themself (health.self) or a health officer over them may change
// their household; anyone else who may read it gets 403, the rest 404.
// The person's row is locked: changes of one household (the 30-member cap,
// a removal against a case being opened) run one after the other.
Result<Staff> household_writer(Tx& tx, const Actor& actor, int64_t staff_id) {
  LL_CHECK(tx.query("SELECT id FROM staff WHERE id = ? FOR UPDATE", {staff_id}));
  LL_TRY(auto s, readable(tx, actor, staff_id));
  if ((is_self(actor, s) && actor.can(Permission::health_self)) || may_manage(actor, s)) return s;
  return Error::forbidden("only the person themself or a health officer of their unit may change the household");
}

std::vector<FieldError> value_errors(const MemberInput& in) {
  std::vector<FieldError> errors;
  auto trimmed_empty = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
  if (in.name && (trimmed_empty(*in.name) || in.name->size() > 100))
    errors.push_back({"name", "must be 1 to 100 characters"});
  if (in.relation && !one_of(*in.relation, kRelations))
    errors.push_back({"relation", "must be one of: " + list_of(kRelations)});
  if (in.risk_status && !one_of(*in.risk_status, kRiskStatuses))
    errors.push_back({"risk_status", "must be one of: " + list_of(kRiskStatuses)});
  if (in.returned_on && *in.returned_on) {
    auto d = parse_date(**in.returned_on, "returned_on");
    if (!d) errors.push_back({"returned_on", "must be a date YYYY-MM-DD"});
  }
  return errors;
}

Status validate_member(const MemberInput& in, bool creating) {
  std::vector<FieldError> errors;
  if (creating && !in.name) errors.push_back({"name", "is required"});
  if (creating && !in.relation) errors.push_back({"relation", "is required"});
  for (auto& e : value_errors(in)) errors.push_back(std::move(e));
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

// ---- observations ----

const char* const kObservationSelect =
    "SELECT ob.id, ob.staff_id, s.name, s.employee_no, s.org_id, ob.org_path, o.name, ob.member_id,"
    " ob.subject_name, ob.kind, ob.reason, ob.start_on, ob.planned_end_on, ob.released_on, ob.released_by,"
    " ob.created_at, s.utility_id FROM observations ob JOIN staff s ON s.id = ob.staff_id"
    " JOIN orgs o ON o.id = s.org_id ";

// Loads cases with their visits; the fever flag of a visit uses the threshold of the person's utility.
Result<std::vector<Observation>> load_observations(Tx& tx, const std::string& where, const store::Params& params) {
  LL_TRY(auto rows, tx.query(std::string(kObservationSelect) + where, params));
  std::vector<Observation> out;
  std::map<int64_t, size_t> index;
  std::map<int64_t, double> fever;  // utility → threshold
  std::vector<int64_t> utility;
  for (const auto& r : rows) {
    Observation o;
    o.id = r.integer(0);
    o.staff_id = r.integer(1);
    o.staff_name = r.text(2);
    o.employee_no = r.text(3);
    o.org_id = r.integer(4);
    o.org_path = r.text(5);
    o.org_name = r.text(6);
    o.member_id = r.opt_integer(7);
    o.subject_name = r.text(8);
    o.kind = r.text(9);
    o.reason = r.text(10);
    o.start_on = r.text(11);
    o.planned_end_on = r.text(12);
    o.released_on = r.opt_text(13);
    o.released_by = r.opt_integer(14);
    o.created_at = from_millis(r.integer(15));
    utility.push_back(r.integer(16));
    if (!fever.count(utility.back())) {
      LL_TRY(auto s, settings_for(tx, utility.back()));
      fever[utility.back()] = s.fever_celsius;
    }
    index[o.id] = out.size();
    out.push_back(std::move(o));
  }
  if (out.empty()) return out;
  std::string in;
  store::Params ids;
  for (const auto& o : out) {
    in += in.empty() ? "?" : ",?";
    ids.emplace_back(o.id);
  }
  LL_TRY(auto visits, tx.query("SELECT id, observation_id, day, visited_at, visitor, temperature, findings"
                               " FROM observation_visits WHERE observation_id IN (" + in + ") ORDER BY day, id",
                               ids));
  for (const auto& r : visits) {
    auto it = index.find(r.integer(1));
    if (it == index.end()) continue;
    Visit v;
    v.id = r.integer(0);
    v.observation_id = r.integer(1);
    v.day = r.text(2);
    v.visited_at = from_millis(r.integer(3));
    v.visitor = r.text(4);
    if (!r.is_null(5)) v.temperature = r.real(5);
    v.findings = r.opt_text(6);
    v.fever = v.temperature && *v.temperature >= fever[utility[it->second]];
    out[it->second].visits.push_back(std::move(v));
  }
  return out;
}

nlohmann::json audit_json(const Observation& o) {
  return {{"id", o.id},           {"staff_id", o.staff_id},         {"member_id", o.member_id ? nlohmann::json(*o.member_id) : nlohmann::json()},
          {"kind", o.kind},       {"reason", o.reason},             {"start_on", o.start_on},
          {"planned_end_on", o.planned_end_on}, {"released_on", opt(o.released_on)}};
}

nlohmann::json audit_json(const HouseholdMember& m) {
  auto j = to_json(m, false);  // the phone number masked, as the audit list is read by admins
  return j;
}

}  // namespace

std::vector<FieldError> member_errors(const MemberInput& in) { return value_errors(in); }

// ---- repository functions ----

namespace cases_repo {

Result<std::vector<HouseholdMember>> household_of(Tx& tx, int64_t staff_id) {
  LL_TRY(auto rows, tx.query(std::string(kMemberSelect) + "WHERE staff_id = ? ORDER BY id", {staff_id}));
  std::vector<HouseholdMember> out;
  for (const auto& r : rows) out.push_back(member_from_row(r));
  return out;
}

Result<std::optional<HouseholdMember>> member(Tx& tx, int64_t id) {
  LL_TRY(auto row, tx.query_one(std::string(kMemberSelect) + "WHERE id = ?", {id}));
  if (!row) return std::optional<HouseholdMember>();
  return std::optional<HouseholdMember>(member_from_row(*row));
}

Result<std::vector<Observation>> observations_of(Tx& tx, int64_t staff_id) {
  return load_observations(tx, "WHERE ob.staff_id = ? ORDER BY ob.start_on DESC, ob.id DESC", {staff_id});
}

Result<std::optional<Observation>> observation(Tx& tx, int64_t id) {
  LL_TRY(auto found, load_observations(tx, "WHERE ob.id = ?", {id}));
  if (found.empty()) return std::optional<Observation>();
  return std::optional<Observation>(std::move(found[0]));
}

}  // namespace cases_repo

// ---- JSON ----

nlohmann::json to_json(const HouseholdMember& m, bool full_phone) {
  return {{"id", m.id},
          {"staff_id", m.staff_id},
          {"name", m.name},
          {"relation", m.relation},
          {"phone", m.phone ? nlohmann::json(full_phone ? *m.phone : mask_phone(*m.phone)) : nlohmann::json()},
          {"risk_status", m.risk_status},
          // Numbers typed into the texts are masked wherever the phone is.
          {"recent_travel", full_phone ? opt(m.recent_travel) : mask_numbers_in_value(opt(m.recent_travel))},
          {"returned_from", full_phone ? opt(m.returned_from) : mask_numbers_in_value(opt(m.returned_from))},
          {"returned_on", opt(m.returned_on)},
          {"updated_at", format_instant(m.updated_at)}};
}

nlohmann::json to_json(const Visit& v) {
  return {{"id", v.id},
          {"observation_id", v.observation_id},
          {"day", v.day},
          {"visited_at", format_instant(v.visited_at)},
          {"visitor", v.visitor},
          {"temperature", v.temperature ? nlohmann::json(*v.temperature) : nlohmann::json()},
          {"findings", opt(v.findings)},
          {"fever", v.fever}};
}

nlohmann::json to_json(const Observation& o, bool with_visits) {
  nlohmann::json j = {{"id", o.id},
                      {"staff_id", o.staff_id},
                      {"staff_name", o.staff_name},
                      {"employee_no", o.employee_no},
                      {"org_id", o.org_id},
                      {"org_name", o.org_name},
                      {"member_id", o.member_id ? nlohmann::json(*o.member_id) : nlohmann::json()},
                      {"subject", o.member_id ? "member" : "employee"},
                      {"subject_name", o.subject_name},
                      {"kind", o.kind},
                      {"reason", o.reason},
                      {"start_on", o.start_on},
                      {"planned_end_on", o.planned_end_on},
                      {"days", days_between(o.start_on, o.planned_end_on)},
                      {"released_on", opt(o.released_on)},
                      {"status", o.released_on ? "released" : "active"},
                      {"created_at", format_instant(o.created_at)}};
  if (with_visits) {
    nlohmann::json visits = nlohmann::json::array();
    for (const auto& v : o.visits) visits.push_back(to_json(v));
    j["visits"] = visits;
  }
  return j;
}

// ---- households ----

Result<std::vector<HouseholdMember>> Cases::household(const Actor& actor, int64_t staff_id) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<HouseholdMember>> {
    LL_TRY(auto s, readable(tx, actor, staff_id));
    return cases_repo::household_of(tx, s.id);
  });
}

Result<HouseholdMember> Cases::add_member(const Actor& actor, int64_t staff_id, const MemberInput& in) {
  LL_CHECK(validate_member(in, true));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<HouseholdMember> {
    LL_TRY(auto s, household_writer(tx, actor, staff_id));
    LL_TRY(auto count, tx.query_one("SELECT COUNT(*) FROM household_members WHERE staff_id = ?", {s.id}));
    if (count && count->integer(0) >= 30) return Error::conflict("a household has at most 30 members");
    auto value = [](const std::optional<std::optional<std::string>>& v) {
      return v && *v ? store::Value(**v) : store::Value();
    };
    LL_TRY(int64_t id, tx.insert("INSERT INTO household_members (staff_id, name, relation, phone, risk_status,"
                                 " recent_travel, returned_from, returned_on, updated_at) VALUES (?,?,?,?,?,?,?,?,?)"
                                 " RETURNING id",
                                 {s.id, *in.name, *in.relation, value(in.phone), in.risk_status.value_or("normal"),
                                  value(in.recent_travel), value(in.returned_from), value(in.returned_on),
                                  to_millis(now)}));
    LL_TRY(auto m, cases_repo::member(tx, id));
    if (!m) return Error::internal("household member vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.household.create", "household_member", std::to_string(id), s.org_id, s.org_path,
                            nullptr, audit_json(*m)}));
    return *m;
  });
}

Result<HouseholdMember> Cases::change_member(const Actor& actor, int64_t member_id, const MemberInput& in) {
  LL_CHECK(validate_member(in, false));
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<HouseholdMember> {
    LL_CHECK(tx.query("SELECT id FROM household_members WHERE id = ? FOR UPDATE", {member_id}));  // no lost update
    LL_TRY(auto m, cases_repo::member(tx, member_id));
    if (!m) return Error::not_found("no such household member");
    auto s = household_writer(tx, actor, m->staff_id);
    if (!s) {
      if (s.error().code == ErrorCode::not_found) return Error::not_found("no such household member");
      return s.error();
    }
    nlohmann::json before = audit_json(*m);
    HouseholdMember n = *m;
    if (in.name) n.name = *in.name;
    if (in.relation) n.relation = *in.relation;
    if (in.risk_status) n.risk_status = *in.risk_status;
    if (in.phone) n.phone = *in.phone;
    if (in.recent_travel) n.recent_travel = *in.recent_travel;
    if (in.returned_from) n.returned_from = *in.returned_from;
    if (in.returned_on) n.returned_on = *in.returned_on;
    LL_CHECK(tx.execute("UPDATE household_members SET name = ?, relation = ?, phone = ?, risk_status = ?,"
                        " recent_travel = ?, returned_from = ?, returned_on = ?, updated_at = ? WHERE id = ?",
                        {n.name, n.relation, n.phone, n.risk_status, n.recent_travel, n.returned_from, n.returned_on,
                         to_millis(now), n.id}));
    LL_TRY(auto stored, cases_repo::member(tx, n.id));
    if (!stored) return Error::internal("household member vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.household.update", "household_member", std::to_string(n.id), s->org_id,
                            s->org_path, before, audit_json(*stored)}));
    return *stored;
  });
}

Status Cases::remove_member(const Actor& actor, int64_t member_id) {
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Status {
    LL_CHECK(tx.query("SELECT id FROM household_members WHERE id = ? FOR UPDATE", {member_id}));
    LL_TRY(auto m, cases_repo::member(tx, member_id));
    if (!m) return Error::not_found("no such household member");
    auto s = household_writer(tx, actor, m->staff_id);
    if (!s) {
      if (s.error().code == ErrorCode::not_found) return Error::not_found("no such household member");
      return s.error();
    }
    LL_TRY(auto cases, tx.query_one("SELECT COUNT(*) FROM observations WHERE member_id = ?", {member_id}));
    if (cases && cases->integer(0) > 0)
      return Error::conflict("this household member has observation cases on record and cannot be removed;"
                             " set risk_status instead");
    LL_CHECK(tx.execute("DELETE FROM household_members WHERE id = ?", {member_id}));
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.household.delete", "household_member", std::to_string(member_id), s->org_id,
                            s->org_path, audit_json(*m), nullptr}));
    return {};
  });
}

// ---- observation cases ----

Result<Observation> Cases::open(const Actor& actor, const NewObservation& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  LL_TRY(auto lt, local_time(rt_));
  const auto now = rt_.clock.now();
  std::vector<FieldError> errors;
  if (in.kind != "home" && in.kind != "centralised") errors.push_back({"kind", "must be one of: home, centralised"});
  if (in.reason.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"reason", "must not be empty"});
  std::string start = lt.date(now);
  if (in.start_on) {
    auto d = parse_date(*in.start_on, "start_on");
    if (d) start = *d;
    else errors.push_back({"start_on", "must be a date YYYY-MM-DD"});
  }
  std::string end;
  if (in.days && in.planned_end_on) {
    errors.push_back({"planned_end_on", "give either days or planned_end_on, not both"});
  } else if (in.days) {
    if (*in.days != 7 && *in.days != 14) errors.push_back({"days", "must be 7 or 14 (or give planned_end_on)"});
    else end = add_days(start, static_cast<int>(*in.days));
  } else if (in.planned_end_on) {
    auto d = parse_date(*in.planned_end_on, "planned_end_on");
    if (!d) errors.push_back({"planned_end_on", "must be a date YYYY-MM-DD"});
    else if (*d <= start) errors.push_back({"planned_end_on", "must be after start_on"});
    else if (days_between(start, *d) > 60) errors.push_back({"planned_end_on", "must be at most 60 days after start_on"});
    else end = *d;
  } else {
    errors.push_back({"days", "give days (7 or 14) or planned_end_on"});
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));

  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Observation> {
    // The person's row is locked: two cases opened at once for one subject
    // run one after the other, and the second finds the first open.
    LL_CHECK(tx.query("SELECT id FROM staff WHERE id = ? FOR UPDATE", {in.staff_id}));
    auto person = manageable(tx, actor, in.staff_id);
    if (!person) return not_found_field("staff_id", "no such person on the register in your scope");
    const Staff& s = *person;
    std::string subject = s.name;
    if (in.member_id) {
      LL_TRY(auto m, cases_repo::member(tx, *in.member_id));
      if (!m || m->staff_id != s.id) return not_found_field("member_id", "no such member in this person's household");
      subject = m->name;
    }
    LL_TRY(auto open_case, tx.query_one(in.member_id
                                            ? "SELECT id FROM observations WHERE staff_id = ? AND member_id = ?"
                                              " AND released_on IS NULL"
                                            : "SELECT id FROM observations WHERE staff_id = ? AND member_id IS NULL"
                                              " AND released_on IS NULL",
                                        in.member_id ? store::Params{s.id, *in.member_id} : store::Params{s.id}));
    if (open_case)
      return Error::conflict(subject + " is already under observation (case " + std::to_string(open_case->integer(0)) +
                             "); release it first");
    LL_TRY(int64_t id, tx.insert("INSERT INTO observations (staff_id, org_path, member_id, subject_name, kind, reason,"
                                 " start_on, planned_end_on, created_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                                 {s.id, s.org_path, in.member_id, subject, in.kind, in.reason, start, end,
                                  to_millis(now)}));
    LL_TRY(auto o, cases_repo::observation(tx, id));
    if (!o) return Error::internal("observation vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.observation.open", "observation", std::to_string(id), s.org_id, s.org_path,
                            nullptr, audit_json(*o)}));
    return *o;
  });
  if (r) rt_.events.publish({"health.observation", r->org_id, r->org_path,
                             {{"org_id", r->org_id}, {"id", r->id}, {"action", "opened"}}});
  return r;
}

Result<ObservationList> Cases::list(const Actor& actor, const ObservationFilter& f) {
  if (!actor.can(Permission::health_records)) return Error::forbidden();
  if (f.status != "active" && f.status != "released" && f.status != "all")
    return Error::invalid("status", "must be one of: active, released, all");
  LL_TRY(auto lt, local_time(rt_));
  ObservationList out;
  out.date = lt.date(rt_.clock.now());
  if (f.date) {
    LL_TRY(out.date, parse_date(*f.date, "date"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<ObservationList> {
    LL_TRY(auto sc, scope(tx, actor, f.org));
    std::string where = "WHERE ob.org_path LIKE ? ESCAPE '\\'";
    if (f.status == "active") where += " AND ob.released_on IS NULL";
    if (f.status == "released") where += " AND ob.released_on IS NOT NULL";
    LL_TRY(out.items, load_observations(tx, where + " ORDER BY ob.start_on DESC, ob.id DESC LIMIT 2000",
                                        {store::like_prefix(sc.path)}));
    for (const auto& o : out.items) {
      std::optional<Visit> v;
      for (const auto& x : o.visits)
        if (x.day == out.date) v = x;
      out.visit_on_date.push_back(v);
    }
    return std::move(out);
  });
}

Result<Observation> Cases::get(const Actor& actor, int64_t id) {
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Observation> {
    LL_TRY(auto o, cases_repo::observation(tx, id));
    if (!o || !readable(tx, actor, o->staff_id)) return Error::not_found("no such observation case");
    return *o;
  });
}

Result<std::pair<Visit, Observation>> Cases::visit(const Actor& actor, int64_t id, const NewVisit& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  LL_TRY(auto lt, local_time(rt_));
  const auto now = rt_.clock.now();
  std::vector<FieldError> errors;
  if (in.visitor.find_first_not_of(" \t\r\n") == std::string::npos) errors.push_back({"visitor", "must not be empty"});
  Instant at = in.visited_at.value_or(now);
  if (at > now + std::chrono::minutes(5)) errors.push_back({"visited_at", "must not be in the future"});
  if (in.temperature && (*in.temperature < 34.0 || *in.temperature > 43.0))
    errors.push_back({"temperature", "must be a body temperature between 34 and 43 °C"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  const std::string day = lt.date(at);

  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<std::pair<Visit, Observation>> {
    // Locked: a visit and the release of one case (or two releases) run one after the other.
    LL_CHECK(tx.query("SELECT id FROM observations WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto o, cases_repo::observation(tx, id));
    if (!o || !manageable(tx, actor, o->staff_id)) return Error::not_found("no such observation case");
    if (o->released_on) return Error::conflict("this case was released on " + *o->released_on);
    if (day < o->start_on) return Error::invalid("visited_at", "is before the case started (" + o->start_on + ")");
    for (const auto& v : o->visits)
      if (v.day == day) return Error::conflict("this case was already visited on " + day + " (one visit a day)");
    LL_TRY(int64_t vid, tx.insert("INSERT INTO observation_visits (observation_id, day, visited_at, visitor,"
                                  " temperature, findings, recorded_by) VALUES (?,?,?,?,?,?,?) RETURNING id",
                                  {o->id, day, to_millis(at), in.visitor, in.temperature, in.findings,
                                   actor.user_id ? store::Value(actor.user_id) : store::Value()}));
    LL_TRY(auto stored, cases_repo::observation(tx, id));
    if (!stored) return Error::internal("observation vanished");
    std::optional<Visit> visit;
    for (const auto& v : stored->visits)
      if (v.id == vid) visit = v;
    if (!visit) return Error::internal("visit vanished");
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.observation.visit", "observation", std::to_string(o->id), o->org_id, o->org_path,
                            nullptr, to_json(*visit)}));
    return std::make_pair(*visit, *stored);
  });
  if (r) rt_.events.publish({"health.observation", r->second.org_id, r->second.org_path,
                             {{"org_id", r->second.org_id}, {"id", r->second.id}, {"action", "visited"}}});
  return r;
}

Result<Observation> Cases::release(const Actor& actor, int64_t id, const Release& in) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  LL_TRY(auto lt, local_time(rt_));
  const auto now = rt_.clock.now();
  std::string on = lt.date(now);
  if (in.released_on) {
    LL_TRY(on, parse_date(*in.released_on, "released_on"));
  }
  if (on > lt.date(now)) return Error::invalid("released_on", "must not be in the future");
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Observation> {
    // Locked: a visit and the release of one case (or two releases) run one after the other.
    LL_CHECK(tx.query("SELECT id FROM observations WHERE id = ? FOR UPDATE", {id}));
    LL_TRY(auto o, cases_repo::observation(tx, id));
    if (!o || !manageable(tx, actor, o->staff_id)) return Error::not_found("no such observation case");
    if (o->released_on) return Error::conflict("this case was already released on " + *o->released_on);
    if (on < o->start_on) return Error::invalid("released_on", "is before the case started (" + o->start_on + ")");
    bool has_note = in.note && in.note->find_first_not_of(" \t\r\n") != std::string::npos;
    if (on < o->planned_end_on) {
      std::vector<FieldError> errors;
      if (!in.early)
        errors.push_back({"early", "the planned end is " + o->planned_end_on +
                                       ": set early to true (with a note) to release before it"});
      if (!has_note) errors.push_back({"note", "say why the case is released before its planned end"});
      if (!errors.empty()) return Error::invalid(std::move(errors));
    }
    nlohmann::json before = audit_json(*o);
    LL_CHECK(tx.execute("UPDATE observations SET released_on = ?, released_by = ? WHERE id = ?",
                        {on, actor.user_id ? store::Value(actor.user_id) : store::Value(), o->id}));
    if (has_note) {
      std::string text = std::string(on < o->planned_end_on ? "提前解除观察" : "解除观察") + "（" + o->subject_name +
                         "）：" + *in.note;
      LL_CHECK(tx.execute("INSERT INTO health_notes (staff_id, at, author_id, author_name, text) VALUES (?,?,?,?,?)",
                          {o->staff_id, to_millis(now), actor.user_id ? store::Value(actor.user_id) : store::Value(),
                           actor.display_name, text}));
    }
    LL_TRY(auto stored, cases_repo::observation(tx, id));
    if (!stored) return Error::internal("observation vanished");
    nlohmann::json after = audit_json(*stored);
    after["early"] = on < o->planned_end_on;
    if (has_note) after["note"] = *in.note;
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.observation.release", "observation", std::to_string(id), o->org_id, o->org_path,
                            before, after}));
    return *stored;
  });
  if (r) rt_.events.publish({"health.observation", r->org_id, r->org_path,
                             {{"org_id", r->org_id}, {"id", r->id}, {"action", "released"}}});
  return r;
}

Result<DueList> Cases::due(const Actor& actor, std::optional<int64_t> org, std::optional<std::string> date) {
  if (!actor.can(Permission::health_records)) return Error::forbidden();
  LL_TRY(auto lt, local_time(rt_));
  DueList out;
  out.date = lt.date(rt_.clock.now());
  if (date) {
    LL_TRY(out.date, parse_date(*date, "date"));
  }
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<DueList> {
    LL_TRY(auto sc, scope(tx, actor, org));
    // Under observation that day: started, not released by then.
    LL_TRY(auto cases, load_observations(tx,
                                         "WHERE ob.org_path LIKE ? ESCAPE '\\' AND ob.start_on <= ?"
                                         " AND (ob.released_on IS NULL OR ob.released_on > ?)"
                                         " ORDER BY ob.planned_end_on, ob.id",
                                         {store::like_prefix(sc.path), out.date, out.date}));
    for (auto& o : cases) {
      if (!o.released_on && o.planned_end_on <= out.date) {
        out.ready_for_release.push_back(std::move(o));
        continue;
      }
      bool visited = false;
      for (const auto& v : o.visits) visited = visited || v.day == out.date;
      if (!visited) out.missing_visit.push_back(std::move(o));
    }
    return std::move(out);
  });
}

}  // namespace lifeline::app::health
