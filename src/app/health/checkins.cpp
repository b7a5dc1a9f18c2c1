#include "app/health/checkins.h"

#include <algorithm>
#include <map>

#include "app/audit/audit.h"
#include "app/emergency/service.h"
#include "app/health/access.h"
#include "app/health/checkin_counts.h"
#include "app/health/links.h"
#include "app/health/settings.h"
#include "app/health/staff_repo.h"
#include "app/privacy.h"
#include "core/time.h"
#include "store/like.h"

namespace lifeline::app::health {

using store::Tx;
using store::TxMode;

const char* const kCheckinSelect =
    "SELECT c.id, c.staff_id, c.org_id, c.org_path, c.day, c.submitted_at, c.channel, c.entered_by, u.display_name,"
    " c.temperature, c.symptoms, c.location, c.city, c.risk_travel, c.risk_areas, c.contact, c.work_status,"
    " c.household, c.remarks, c.late, c.fever, c.has_symptoms, c.abnormal, c.abnormal_reasons, c.version"
    " FROM checkins c LEFT JOIN users u ON u.id = c.entered_by ";

namespace {

std::vector<std::string> string_list(const std::string& json_text) {
  std::vector<std::string> out;
  auto j = nlohmann::json::parse(json_text, nullptr, false);
  if (j.is_array())
    for (const auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

// What the audit trail keeps of a check-in: who, when, how, and which fields
// changed — never the health values (commanders read the audit trail).
nlohmann::json audit_json(const Checkin& c) {
  return {{"id", c.id},           {"staff_id", c.staff_id}, {"day", c.day},
          {"version", c.version}, {"channel", c.channel},   {"late", c.late},
          {"entered_by", c.entered_by ? nlohmann::json(*c.entered_by) : nlohmann::json()}};
}

std::vector<std::string> changed_fields(const CheckinInput& a, const CheckinInput& b) {
  std::vector<std::string> out;
  if (a.temperature != b.temperature) out.push_back("temperature");
  if (a.symptoms != b.symptoms) out.push_back("symptoms");
  if (a.location != b.location) out.push_back("location");
  if (a.city != b.city) out.push_back("city");
  if (a.risk_travel != b.risk_travel) out.push_back("risk_travel");
  if (a.risk_areas != b.risk_areas) out.push_back("risk_areas");
  if (a.contact != b.contact) out.push_back("contact");
  if (a.work_status != b.work_status) out.push_back("work_status");
  if (a.household != b.household) out.push_back("household");
  if (a.remarks != b.remarks) out.push_back("remarks");
  return out;
}

CountedCheckin counted(const Checkin& c) {
  return {c.staff_id,           c.org_path,       c.day,
          c.late,               c.abnormal,       c.fever,
          c.has_symptoms,       c.input.risk_travel, c.input.contact,
          c.input.location,     c.input.work_status};
}

Result<bool> checkin_required(Tx& tx, const std::string& org_path) {
  LL_TRY(auto active, emergency::policy_at(tx, org_path));
  return active && active->policy.checkin_required;
}

}  // namespace

Checkin checkin_from_row(const store::Row& r) {
  Checkin c;
  c.id = r.integer(0);
  c.staff_id = r.integer(1);
  c.org_id = r.integer(2);
  c.org_path = r.text(3);
  c.day = r.text(4);
  c.submitted_at = from_millis(r.integer(5));
  c.channel = r.text(6);
  c.entered_by = r.opt_integer(7);
  c.entered_by_name = r.opt_text(8);
  c.input.temperature = r.real(9);
  c.input.symptoms = string_list(r.text(10));
  c.input.location = r.text(11);
  c.input.city = r.opt_text(12);
  c.input.risk_travel = r.boolean(13);
  c.input.risk_areas = r.opt_text(14);
  c.input.contact = r.text(15);
  c.input.work_status = r.text(16);
  if (auto h = r.opt_text(17)) {
    auto j = nlohmann::json::parse(*h, nullptr, false);
    if (!j.is_discarded()) c.input.household = std::move(j);
  }
  c.input.remarks = r.opt_text(18);
  c.late = r.boolean(19);
  c.fever = r.boolean(20);
  c.has_symptoms = r.boolean(21);
  c.abnormal = r.boolean(22);
  if (auto reasons = r.opt_text(23)) c.reasons = string_list(*reasons);
  c.version = r.integer(24);
  return c;
}

nlohmann::json to_json(const Checkin& c, const std::vector<RiskArea>& areas) {
  const auto& in = c.input;
  return {{"id", c.id},
          {"staff_id", c.staff_id},
          {"org_id", c.org_id},
          {"day", c.day},
          {"submitted_at", format_instant(c.submitted_at)},
          {"channel", c.channel},
          {"entered_by", c.entered_by ? nlohmann::json{{"id", *c.entered_by}, {"name", opt(c.entered_by_name)}}
                                      : nlohmann::json()},
          {"temperature", in.temperature},
          {"symptoms", in.symptoms},
          {"location", in.location},
          {"city", opt(in.city)},
          {"risk_travel", in.risk_travel},
          {"risk_areas", opt(in.risk_areas)},
          {"contact", in.contact},
          {"work_status", in.work_status},
          {"household", in.household},
          {"remarks", opt(in.remarks)},
          {"late", c.late},
          {"fever", c.fever},
          {"has_symptoms", c.has_symptoms},
          {"abnormal", c.abnormal},
          {"abnormal_reasons", reasons_json(c.reasons, in, areas)},
          {"version", c.version}};
}

Checkins::Checkins(Runtime& rt) : rt_(rt), areas_(rt) {
  auto lt = LocalTime::load(rt.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  if (lt) tz_.emplace(std::move(*lt));
}

Result<Submitted> Checkins::submit(const Submission& s) {
  const auto now = rt_.clock.now();
  const std::string day = tz_->date(now);
  const bool proxy = s.staff_id.has_value();
  if (!s.link_token) {
    if (!s.actor) return Error::unauthenticated();
    if (!s.actor->can(proxy ? Permission::health_manage : Permission::health_self)) return Error::forbidden();
  }
  struct Published {
    int64_t org_id;
    std::string org_path;
    bool abnormal;
  };
  std::optional<Published> event;
  // What the check-in needs to know is read first, outside the write
  // transaction, which then holds only the few writes: on SQLite writers
  // share one commit and wait for each other, readers do not; on PostgreSQL
  // the row locks are held for as short as can be.
  struct Context {
    Staff person;
    std::string principal, channel;
    std::optional<int64_t> entered_by;
    Settings settings;
    std::vector<RiskArea> areas;
    bool required = false;
    std::optional<api::StoredResponse> earlier;  // the key's stored answer
  };
  auto context = rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Context> {
    Context ctx;
    if (s.link_token) {
      LL_TRY(ctx.person, resolve_link(tx, *s.link_token));
      ctx.principal = "link:" + std::to_string(ctx.person.id);
      ctx.channel = "link";
    } else if (proxy) {
      LL_TRY(ctx.person, manageable(tx, *s.actor, *s.staff_id));
      ctx.principal = "user:" + std::to_string(s.actor->user_id);
      ctx.channel = "proxy";
      ctx.entered_by = s.actor->user_id;
    } else {
      LL_TRY(ctx.person, self(tx, *s.actor));
      ctx.principal = "user:" + std::to_string(s.actor->user_id);
      ctx.channel = "self";
    }
    if (s.idempotency_key) {
      LL_TRY(ctx.earlier, idem_.find(tx, ctx.principal, *s.idempotency_key, s.fingerprint));
      if (ctx.earlier) return ctx;
    }
    LL_TRY(ctx.settings, settings_for(tx, ctx.person.utility_id));
    LL_TRY(ctx.areas, active_risk_areas(tx, ctx.person.utility_id, day));
    LL_TRY(ctx.required, checkin_required(tx, ctx.person.org_path));
    return ctx;
  });
  if (!context) return context.error();
  auto replay = [](const api::StoredResponse& earlier) {
    Submitted out;
    out.status = earlier.status;
    out.body = earlier.body;
    out.replayed = earlier.same_request;
    out.key_reused = !earlier.same_request;
    return out;
  };
  if (context->earlier) return replay(*context->earlier);
  const Staff& person = context->person;
  const Settings& settings = context->settings;
  const auto& areas = context->areas;
  Actor link_actor;  // who the audit trail names for a link: the link, not a login
  if (s.link_token) {
    link_actor.username = link_actor.display_name = "checkin-link:" + std::to_string(person.id);
    link_actor.org_id = person.org_id;
    link_actor.org_path = person.org_path;
    link_actor.request_id = s.request_id;
    link_actor.remote_address = s.remote_address;
  }
  if (!person.active || (person.left_on && *person.left_on <= day))
    return Error::conflict("此人已不在在册名单上 (this person is no longer on the active register)");
  if (tz_->minute_of_day(now) < settings.window_start)
    return Error::conflict("打卡 " + format_clock_time(settings.window_start) + " 开始 (check-in opens at " +
                           format_clock_time(settings.window_start) + ")");
  if (auto errors = validate(s.input, settings); !errors.empty()) return Error::invalid(std::move(errors));
  const Assessment a = assess(s.input, settings, areas);

  Checkin c;
  c.staff_id = person.id;
  c.org_id = person.org_id;
  c.org_path = person.org_path;
  c.day = day;
  c.submitted_at = now;
  c.channel = context->channel;
  c.entered_by = context->entered_by;
  if (c.entered_by) c.entered_by_name = s.actor->display_name;
  c.input = s.input;
  c.late = now > tz_->at(day, settings.deadline);
  c.fever = a.fever;
  c.has_symptoms = a.has_symptoms;
  c.abnormal = a.abnormal;
  c.reasons = a.codes();
  const std::string symptoms = nlohmann::json(c.input.symptoms).dump();
  const std::string reasons = nlohmann::json(c.reasons).dump();
  const store::Value household = c.input.household.is_null() ? store::Value() : store::Value(c.input.household.dump());
  nlohmann::json body = to_json(c, areas);  // id and version are set below, per attempt
  body["name"] = person.name;
  body["org_name"] = person.org_name;
  body["required"] = context->required;

  // Four statements for a first check-in: the row (its unique (staff_id,
  // day) key decides between two concurrent first submissions), the audit
  // entry, the census counts, the idempotency record.
  auto r = rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<Submitted> {
    if (s.link_token) LL_CHECK(mark_link_used(tx, *s.link_token, now));
    LL_TRY(auto inserted,
           tx.query_one("INSERT INTO checkins (staff_id, org_id, org_path, day, submitted_at, channel, entered_by,"
                        " temperature, symptoms, location, city, risk_travel, risk_areas, contact, work_status,"
                        " household, remarks, late, fever, has_symptoms, abnormal, abnormal_reasons, version)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)"
                        " ON CONFLICT (staff_id, day) DO NOTHING RETURNING id",
                        {c.staff_id, c.org_id, c.org_path, day, to_millis(now), c.channel, c.entered_by,
                         c.input.temperature, symptoms, c.input.location, c.input.city, c.input.risk_travel,
                         c.input.risk_areas, c.input.contact, c.input.work_status, household, c.input.remarks,
                         c.late, c.fever, c.has_symptoms, c.abnormal, reasons}));
    Checkin stored = c;
    const Actor& by = s.link_token ? link_actor : *s.actor;
    int status = 201;
    std::optional<Checkin> before;
    if (inserted) {
      stored.id = inserted->integer(0);
      stored.version = 1;
      LL_CHECK(audit::record(tx, by, now,
                             {"health.checkin.create", "checkin", std::to_string(stored.id), c.org_id, c.org_path,
                              nullptr, audit_json(stored)}));
    } else {
      // A second submission the same day: lock the row, then replace it.
      LL_TRY(auto existing, tx.query_one(std::string(kCheckinSelect) + "WHERE c.staff_id = ? AND c.day = ? FOR UPDATE OF c",
                                         {person.id, day}));
      if (!existing) return Error::internal("check-in vanished");
      before = checkin_from_row(*existing);
      stored.id = before->id;
      stored.version = before->version + 1;
      LL_CHECK(tx.execute("UPDATE checkins SET org_id = ?, org_path = ?, submitted_at = ?, channel = ?, entered_by = ?,"
                          " temperature = ?, symptoms = ?, location = ?, city = ?, risk_travel = ?, risk_areas = ?,"
                          " contact = ?, work_status = ?, household = ?, remarks = ?, late = ?, fever = ?,"
                          " has_symptoms = ?, abnormal = ?, abnormal_reasons = ?, version = ? WHERE id = ?",
                          {c.org_id, c.org_path, to_millis(now), c.channel, c.entered_by, c.input.temperature,
                           symptoms, c.input.location, c.input.city, c.input.risk_travel, c.input.risk_areas,
                           c.input.contact, c.input.work_status, household, c.input.remarks, c.late, c.fever,
                           c.has_symptoms, c.abnormal, reasons, stored.version, stored.id}));
      nlohmann::json after = audit_json(stored);
      after["changed"] = changed_fields(before->input, c.input);
      LL_CHECK(audit::record(tx, by, now,
                             {"health.checkin.update", "checkin", std::to_string(stored.id), c.org_id, c.org_path,
                              audit_json(*before), after}));
      status = 200;
    }
    const CountedCheckin now_counted = counted(stored);
    if (before) {
      const CountedCheckin was = counted(*before);
      LL_CHECK(count_checkin(tx, &was, now_counted));
    } else {
      LL_CHECK(count_checkin(tx, nullptr, now_counted));
    }
    Submitted out;
    out.status = status;
    nlohmann::json answer = body;
    answer["id"] = stored.id;
    answer["version"] = stored.version;
    out.body = answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (s.idempotency_key)
      LL_CHECK(idem_.remember(tx, context->principal, *s.idempotency_key, s.fingerprint, out.status, out.body, now));
    event = Published{c.org_id, c.org_path, c.abnormal};
    return out;
  });
  if (!r && s.idempotency_key && api::Idempotency::raced(r.error())) {
    // A concurrent request with the same key committed first: answer as it was answered.
    LL_TRY(auto earlier, idem_.find(rt_.db, context->principal, *s.idempotency_key, s.fingerprint));
    if (earlier) return replay(*earlier);
  }
  if (r && event)
    rt_.events.publish({"health.checkin", event->org_id, event->org_path,
                        {{"day", day}, {"org_id", event->org_id}, {"abnormal", event->abnormal}}});
  return r;
}

Result<nlohmann::json> Checkins::form(const Actor* actor, const std::optional<std::string>& link_token) {
  if (!link_token && (!actor || !actor->can(Permission::health_self))) return Error::forbidden();
  const auto now = rt_.clock.now();
  const std::string day = tz_->date(now);
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    Staff person;
    if (link_token) {
      LL_TRY(person, resolve_link(tx, *link_token));
    } else {
      LL_TRY(person, self(tx, *actor));
    }
    LL_TRY(Settings settings, settings_for(tx, person.utility_id));
    LL_TRY(auto areas, active_risk_areas(tx, person.utility_id, day));
    LL_TRY(bool required, checkin_required(tx, person.org_path));
    LL_TRY(auto row, tx.query_one(std::string(kCheckinSelect) + "WHERE c.staff_id = ? AND c.day = ?",
                                  {person.id, day}));
    nlohmann::json names = nlohmann::json::array();
    for (const auto& a : areas) names.push_back(a.name);
    const int minute = tz_->minute_of_day(now);
    return nlohmann::json{
        {"person", {{"id", person.id}, {"name", person.name}, {"org_name", person.org_name}}},
        {"day", day},
        {"window", {{"start", format_clock_time(settings.window_start)},
                    {"deadline", format_clock_time(settings.deadline)}}},
        {"open", minute >= settings.window_start},
        {"late", now > tz_->at(day, settings.deadline)},
        {"required", required},
        {"settings", {{"symptoms", settings.symptoms}, {"fever_celsius", settings.fever_celsius}}},
        {"risk_areas", names},
        {"today", row ? to_json(checkin_from_row(*row), areas) : nlohmann::json()}};
  });
}

Result<nlohmann::json> Checkins::list(const Actor& actor, const CheckinFilter& f) {
  if (!actor.can(Permission::health_records)) return Error::forbidden();
  std::string day = tz_->date(rt_.clock.now());
  if (f.date) {
    LL_TRY(day, parse_date(*f.date, "date"));
  }
  if (f.limit < 1 || f.limit > 500) return Error::invalid("limit", "must be between 1 and 500");
  if (f.offset < 0) return Error::invalid("offset", "must not be negative");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto sc, scope(tx, actor, f.org));
    std::string where = "JOIN staff s ON s.id = c.staff_id JOIN orgs o ON o.id = c.org_id"
                        " WHERE c.day = ? AND c.org_path LIKE ? ESCAPE '\\'";
    if (f.abnormal_only) where += " AND c.abnormal = 1";
    const store::Params params{day, store::like_prefix(sc.path)};
    LL_TRY(auto total, tx.query_one("SELECT COUNT(*) FROM checkins c " + where, params));
    std::string sql = std::string(kCheckinSelect);
    sql.insert(sql.find(" FROM checkins"), ", s.name, s.employee_no, s.phone, o.name, s.utility_id");
    store::Params page = params;
    page.emplace_back(int64_t{f.limit});
    page.emplace_back(int64_t{f.offset});
    LL_TRY(auto rows, tx.query(sql + where + " ORDER BY c.abnormal DESC, c.org_path, s.employee_no LIMIT ? OFFSET ?",
                               page));
    std::map<int64_t, std::vector<RiskArea>> areas;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& r : rows) {
      Checkin c = checkin_from_row(r);
      const int64_t utility = r.integer(29);
      if (!areas.contains(utility)) {
        LL_TRY(areas[utility], active_risk_areas(tx, utility, day));
      }
      nlohmann::json j = to_json(c, areas[utility]);
      j["name"] = r.text(25);
      j["employee_no"] = r.text(26);
      j["phone"] = r.is_null(27) ? nlohmann::json() : nlohmann::json(mask_phone(r.text(27)));
      // A list: the phone is masked, and so are numbers typed into the texts.
      for (const char* field : {"remarks", "city", "risk_areas"})
        if (j.contains(field)) j[field] = mask_numbers_in_value(j[field]);
      j["org_name"] = r.text(28);
      items.push_back(std::move(j));
    }
    return nlohmann::json{{"org", {{"id", sc.org_id}, {"name", sc.name}}},
                          {"date", day},
                          {"total", total ? total->integer(0) : 0},
                          {"limit", f.limit},
                          {"offset", f.offset},
                          {"items", items}};
  });
}

namespace {
struct UtilityScope {
  int64_t id;
  std::string path, name;
};
Result<UtilityScope> utility_scope(Tx& tx, const Actor& actor, std::optional<int64_t> org) {
  LL_TRY(auto sc, scope(tx, actor, org));
  LL_TRY(auto utility, utility_of(tx, sc.path));
  if (!utility) return Error::invalid("org", "settings are kept per utility: choose a utility or a unit in one");
  LL_TRY(auto row, tx.query_one("SELECT path, name FROM orgs WHERE id = ?", {*utility}));
  if (!row) return Error::not_found("no such utility");
  return UtilityScope{*utility, row->text(0), row->text(1)};
}
}  // namespace

Result<nlohmann::json> Checkins::settings(const Actor& actor, std::optional<int64_t> org) {
  if (!actor.can(Permission::health_census)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto u, utility_scope(tx, actor, org));
    LL_TRY(Settings st, settings_for(tx, u.id));
    nlohmann::json j = to_json(st);
    j["utility"] = {{"id", u.id}, {"name", u.name}};
    return j;
  });
}

Result<nlohmann::json> Checkins::update_settings(const Actor& actor, std::optional<int64_t> org,
                                                 const SettingsPatch& p) {
  if (!actor.can(Permission::health_manage)) return Error::forbidden();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::write, [&](Tx& tx) -> Result<nlohmann::json> {
    LL_TRY(auto u, utility_scope(tx, actor, org));
    if (!actor.sees(u.path)) return Error::forbidden("the rules of a utility are kept by its own health officers");
    // The patch applies to the latest rules: make sure the row exists, lock it, then read it.
    LL_CHECK(lock_settings(tx, u.id, to_millis(now)));
    LL_TRY(Settings st, settings_for(tx, u.id));
    const Settings old = st;
    if (p.window_start) st.window_start = *p.window_start;
    if (p.deadline) st.deadline = *p.deadline;
    if (p.fever_celsius) st.fever_celsius = *p.fever_celsius;
    if (p.symptoms) st.symptoms = *p.symptoms;
    if (p.retention_days) st.retention_days = *p.retention_days;
    std::vector<FieldError> errors;
    if (st.window_start >= st.deadline) errors.push_back({"deadline", "must be after window_start"});
    if (!(st.fever_celsius >= 36.0 && st.fever_celsius <= 39.0))
      errors.push_back({"fever_celsius", "must be between 36.0 and 39.0"});
    if (st.symptoms.empty() || st.symptoms.size() > 30)
      errors.push_back({"symptoms", "list between 1 and 30 symptoms"});
    for (size_t i = 0; i < st.symptoms.size(); ++i) {
      if (st.symptoms[i].empty()) errors.push_back({"symptoms/" + std::to_string(i), "must not be empty"});
      else if (st.symptoms[i].size() > 60) errors.push_back({"symptoms/" + std::to_string(i), "is too long"});
      else if (std::find(st.symptoms.begin(), st.symptoms.begin() + static_cast<std::ptrdiff_t>(i), st.symptoms[i]) !=
               st.symptoms.begin() + static_cast<std::ptrdiff_t>(i))
        errors.push_back({"symptoms/" + std::to_string(i), "is listed twice"});
    }
    if (st.retention_days < 0 || st.retention_days > 3650)
      errors.push_back({"retention_days", "must be between 0 and 3650"});
    if (!errors.empty()) return Error::invalid(std::move(errors));
    LL_CHECK(save_settings(tx, u.id, st, to_millis(now)));
    LL_CHECK(audit::record(tx, actor, now,
                           {"health.settings.update", "health_settings", std::to_string(u.id), u.id, u.path,
                            to_json(old), to_json(st)}));
    nlohmann::json j = to_json(st);
    j["utility"] = {{"id", u.id}, {"name", u.name}};
    return j;
  });
}

}  // namespace lifeline::app::health
