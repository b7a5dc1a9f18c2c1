#include "app/demo/health_seed.h"

#include <map>

#include "app/audit/audit.h"
#include "app/demo/timeline.h"
#include "app/health/checkin_counts.h"
#include "app/health/generate.h"
#include "app/health/settings.h"
#include "core/local_time.h"

namespace lifeline::app::demo {

namespace {

namespace gen = health::gen;

struct UnitWeight {
  const char* code;
  double weight;
};

// 长沙水业集团's ~2,700 staff: most at the plants, the supply branch and its crews.
constexpr UnitWeight kChangsha[] = {
    {"csws", 0.6},       {"cs-office", 1.0},  {"cs-safety", 0.8}, {"cs-hr", 0.6},      {"cs-quality", 1.5},
    {"cs-service", 3.0}, {"cs-supply", 3.0},  {"cs-drain", 2.0},  {"cs-wp2", 4.0},     {"cs-wp5", 4.0},
    {"cs-wp8", 4.0},     {"cs-wwtp-hq", 3.0}, {"cs-repair1", 2.5}, {"cs-repair2", 2.5}, {"cs-commando", 1.0}};
constexpr UnitWeight kZhuzhou[] = {{"zzsw", 0.5},   {"zz-office", 1.0}, {"zz-service", 3.0},
                                   {"zz-quality", 1.0}, {"zz-wp1", 3.0}, {"zz-wp3", 3.0}, {"zz-repair", 2.0}};

struct Loaded {
  int64_t utility_id = 0;
  std::string utility_path;
  std::vector<gen::Unit> units;
  std::map<std::string, gen::Unit> by_code;
};

Result<Loaded> load_units(store::Tx& tx, const char* utility, const UnitWeight* weights, size_t n) {
  Loaded out;
  for (size_t i = 0; i < n; ++i) {
    LL_TRY(auto row, tx.query_one("SELECT id, path, kind, name FROM orgs WHERE code = ?", {weights[i].code}));
    if (!row) return Error::internal(std::string("demo unit missing: ") + weights[i].code);
    gen::Unit u{row->integer(0), row->text(1), row->text(2), row->text(3), weights[i].weight};
    if (u.kind == "utility") u.kind = "department";  // staff at the head office
    out.units.push_back(u);
    out.by_code[weights[i].code] = u;
    if (std::string_view(weights[i].code) == utility) {
      out.utility_id = u.id;
      out.utility_path = u.path;
    }
  }
  return out;
}

Result<std::optional<int64_t>> user_id(store::Tx& tx, const char* username) {
  LL_TRY(auto row, tx.query_one("SELECT id FROM users WHERE username = ?", {username}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->integer(0));
}

}  // namespace

Status seed_health(Platform& p) {
  Runtime& rt = p.runtime();
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Instant now = rt.clock.now();
  const int64_t now_ms = to_millis(now);
  const Timeline timeline(local, now);
  const std::string today = timeline.date(timeline.today());
  const int now_minute = local.minute_of_day(now);
  // Check-in became required the day level I was declared (day 0, health
  // counts a day from the one its requirement came into force: docs/health.md).
  const std::string first_day = timeline.date(0);

  return rt.db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    LL_TRY(auto cs_org, tx.query_one("SELECT id FROM orgs WHERE code = 'csws'"));
    if (!cs_org) return Error::internal("the demo utility csws is missing");
    LL_TRY(auto has, tx.query_one("SELECT COUNT(*) FROM staff WHERE utility_id = ?", {cs_org->integer(0)}));
    if (has && has->integer(0) > 0) return {};

    gen::Random r(2020);
    LL_TRY(auto cs, load_units(tx, "csws", kChangsha, std::size(kChangsha)));
    LL_TRY(auto zz, load_units(tx, "zzsw", kZhuzhou, std::size(kZhuzhou)));
    // The health officer looks after the whole group (older demo databases had her in HR only).
    LL_CHECK(tx.execute("UPDATE users SET org_id = ? WHERE username = 'cs_health'", {cs.utility_id}));
    LL_TRY(auto cs_health, user_id(tx, "cs_health"));
    LL_TRY(auto zz_admin, user_id(tx, "zz_admin"));

    health::Settings settings;
    for (int64_t utility : {cs.utility_id, zz.utility_id}) {
      LL_CHECK(health::save_settings(tx, utility, settings, now_ms));
      struct Area {
        const char* name;
        const char* level;
        int from;                // response day (the seed's 23 Jan, 24 Jan, 1 Feb 2020)
        std::optional<int> to;   // the seed's 20 Feb 2020
      };
      for (const Area& a : {Area{"湖北省武汉市", "high", 0, {}}, Area{"湖北省孝感市", "high", 1, {}},
                            Area{"湖北省黄冈市", "high", 1, {}}, Area{"浙江省温州市", "medium", 9, {}},
                            Area{"广东省深圳市", "medium", 9, 28}}) {
        LL_CHECK(tx.execute("INSERT INTO risk_areas (utility_id, name, level, valid_from, valid_to, created_at)"
                            " VALUES (?,?,?,?,?,?)",
                            {utility, a.name, a.level, timeline.date(a.from),
                             a.to ? store::Value(timeline.date(*a.to)) : store::Value(),
                             to_millis(timeline.at(a.from, 9))}));
      }
    }

    // The demo logins of both utilities on the register, in their own units.
    LL_TRY(auto logins, tx.query("SELECT u.id, u.display_name, u.phone, u.org_id, o.path FROM users u"
                                 " JOIN orgs o ON o.id = u.org_id WHERE u.username LIKE 'cs\\_%' ESCAPE '\\'"
                                 " OR u.username LIKE 'zz\\_%' ESCAPE '\\' ORDER BY u.id"));
    int serial = 0;
    int cs_logins = 0;
    for (const auto& u : logins) {
      const bool changsha = u.text(4).starts_with(cs.utility_path);
      cs_logins += changsha;
      char no[16];
      std::snprintf(no, sizeof no, "%s9%05d", changsha ? "CS" : "ZZ", ++serial);
      LL_CHECK(tx.execute("INSERT INTO staff (utility_id, org_id, org_path, employee_no, name, position, phone,"
                          " key_post, home_district, user_id, active, joined_on, created_at, updated_at)"
                          " VALUES (?,?,?,?,?,?,?,0,?,?,1,?,?,?)",
                          {changsha ? cs.utility_id : zz.utility_id, u.integer(3), u.text(4), std::string(no),
                           u.text(1), "职员", u.opt_text(2), changsha ? "岳麓区" : "天元区", u.integer(0),
                           "2015-03-01", now_ms, now_ms}));
    }
    // The seed's 2,700 staff in Changsha, the logins among them.
    const int zz_logins = static_cast<int>(logins.size()) - cs_logins;
    LL_TRY(auto cs_people, gen::add_staff(tx, r, cs.utility_id, cs.units, 2700 - cs_logins, "CS", "2010-01-01", now_ms));
    LL_TRY(auto zz_people, gen::add_staff(tx, r, zz.utility_id, zz.units, 600 - zz_logins, "ZZ", "2010-01-01", now_ms));

    gen::HistoryOptions h;
    h.first_day = first_day;
    h.last_day = today;
    h.local = local;
    h.window_start = settings.window_start;
    h.deadline = settings.deadline;
    h.fever_celsius = settings.fever_celsius;
    h.symptoms = settings.symptoms;
    h.now_minute = std::max(now_minute, 2);
    h.today_rate = 0.85;
    h.officer = cs_health;
    h.spring_festival = timeline.date(2);  // the seed's 25 January 2020
    h.first_day_from = 10 * 60;            // level I was declared at 10:00 on day 0
    h.cases = false;  // the cases below are placed by hand
    LL_TRY(auto cs_counts, gen::add_history(tx, r, cs_people, 0, cs_people.size(), h));
    h.officer = zz_admin;
    h.cases = true;
    LL_TRY(auto zz_counts, gen::add_history(tx, r, zz_people, 0, zz_people.size(), h));
    h.officer = cs_health;
    std::vector<gen::Unit> cs_sites = {cs.by_code["cs-wp2"], cs.by_code["cs-wp5"], cs.by_code["cs-wp8"]};
    LL_TRY(int64_t entrance, gen::add_entrance_checks(tx, r, cs_sites, cs_people, h, 6));

    // People by unit, for the hand-placed cases.
    auto someone_in = [&](const char* code, size_t nth) -> const gen::Person* {
      const int64_t org = cs.by_code[code].id;
      for (const auto& p : cs_people)
        if (p.org_id == org && !p.user_id && nth-- == 0) return &p;
      return nullptr;
    };
    const gen::Person* returned = someone_in("cs-wp5", 3);
    const gen::Person* repairer = someone_in("cs-repair1", 5);
    const gen::Person* clerk = someone_in("cs-service", 7);
    const gen::Person* walker = someone_in("cs-supply", 2);
    const gen::Person* driver = someone_in("cs-repair2", 4);
    if (!returned || !repairer || !clerk || !walker || !driver) return Error::internal("demo staff missing");
    const store::Value officer = cs_health ? store::Value(*cs_health) : store::Value();

    // Households: a few employees with their family members.
    LL_TRY(auto cs_staff_row, tx.query_one("SELECT s.id FROM staff s JOIN users u ON u.id = s.user_id"
                                           " WHERE u.username = 'cs_staff'"));
    struct Member {
      int64_t staff;
      const char* name;
      const char* relation;
      const char* status;
      const char* travel;
    };
    std::optional<int64_t> repairer_spouse;
    std::vector<Member> members = {{repairer->id, "罗秀英", "spouse", "home_observation", "湖北省武汉市"},
                                   {repairer->id, "陈子涵", "child", "normal", nullptr},
                                   {returned->id, "李桂兰", "parent", "normal", nullptr},
                                   {clerk->id, "何建军", "spouse", "normal", "湖南省岳阳市"},
                                   {walker->id, "周雨欣", "child", "normal", nullptr}};
    if (cs_staff_row) {
      members.push_back({cs_staff_row->integer(0), "孙晓丽", "spouse", "normal", nullptr});
      members.push_back({cs_staff_row->integer(0), "赵一鸣", "child", "normal", nullptr});
      members.push_back({cs_staff_row->integer(0), "赵德胜", "parent", "normal", "湖南省常德市"});
    }
    for (const auto& m : members) {
      LL_TRY(int64_t id, tx.insert("INSERT INTO household_members (staff_id, name, relation, phone, risk_status,"
                                   " recent_travel, returned_from, returned_on, updated_at)"
                                   " VALUES (?,?,?,?,?,?,?,?,?) RETURNING id",
                                   {m.staff, m.name, m.relation, gen::mobile_phone(r), m.status,
                                    m.travel ? store::Value(m.travel) : store::Value(),
                                    m.travel ? store::Value(m.travel) : store::Value(),
                                    m.travel ? store::Value(add_days(today, -10)) : store::Value(), now_ms}));
      if (m.staff == repairer->id && std::string_view(m.relation) == "spouse") repairer_spouse = id;
    }

    // Three home-observation cases with their daily visits; the second has no visit today.
    struct Obs {
      const gen::Person* person;
      std::optional<int64_t> member;
      const char* subject;
      const char* reason;
      int started_days_ago, length;
      bool visited_today;
    };
    const Obs cases[] = {
        {returned, std::nullopt, nullptr, "自湖北省武汉市返回，居家观察14天", 5, 14, true},
        {repairer, repairer_spouse, "罗秀英", "家属自湖北省武汉市返回，居家观察14天", 10, 14, false},
        {clerk, std::nullopt, nullptr, "同楼栋出现确诊病例，居家观察7天", 2, 7, true},
    };
    int64_t visits = 0;
    for (const auto& c : cases) {
      const std::string start = add_days(today, -c.started_days_ago);
      LL_TRY(int64_t obs, tx.insert("INSERT INTO observations (staff_id, org_path, member_id, subject_name, kind,"
                                    " reason, start_on, planned_end_on, created_at) VALUES (?,?,?,?,'home',?,?,?,?)"
                                    " RETURNING id",
                                    {c.person->id, c.person->org_path,
                                     c.member ? store::Value(*c.member) : store::Value(),
                                     c.subject ? std::string(c.subject) : c.person->name, c.reason, start,
                                     add_days(start, c.length), to_millis(local.at(start, 9 * 60))}));
      for (int d = c.started_days_ago; d >= 0; --d) {
        if (d == 0 && !c.visited_today) break;
        const std::string day = add_days(today, -d);
        const int minute = d == 0 ? std::min(now_minute > 0 ? now_minute - 1 : 0, 9 * 60 + 30) : 9 * 60 + r.below(90);
        LL_CHECK(tx.execute("INSERT INTO observation_visits (observation_id, day, visited_at, visitor, temperature,"
                            " findings, recorded_by) VALUES (?,?,?,?,?,?,?)",
                            {obs, day, to_millis(local.at(day, minute)), "社区网格员 黄丽",
                             36.3 + r.below(5) / 10.0, "体温正常，无咳嗽乏力", officer}));
        ++visits;
      }
      if (!c.member) {
        LL_CHECK(tx.execute("UPDATE checkins SET work_status = 'isolated' WHERE staff_id = ? AND day >= ?",
                            {c.person->id, start}));
      }
    }

    // Outings: two back, one waiting for approval, one overdue (approved, planned back two hours ago).
    const int64_t hour = 3600000;
    struct Outing {
      const gen::Person* person;
      const char* destination;
      const char* purpose;
      int64_t depart, planned;
      const char* status;
      std::optional<int64_t> returned;
    };
    const Outing outings[] = {
        {walker, "湘雅二医院", "就医复诊", now_ms - 28 * hour, now_ms - 24 * hour, "returned", now_ms - 24 * hour - 1800000},
        {driver, "岳麓区政务服务中心", "办理业务", now_ms - 50 * hour, now_ms - 47 * hour, "returned", now_ms - 47 * hour},
        {clerk, "社区药店", "购药", now_ms + 2 * hour, now_ms + 3 * hour, "requested", std::nullopt},
        {driver, "望城区父母家", "看望老人", now_ms - 6 * hour, now_ms - 2 * hour, "approved", std::nullopt},
    };
    for (const auto& o : outings) {
      const bool decided = std::string_view(o.status) != "requested";
      LL_CHECK(tx.execute("INSERT INTO outings (staff_id, org_path, destination, purpose, depart_at, planned_return_at,"
                          " status, decided_by, decided_at, returned_at, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                          {o.person->id, o.person->org_path, o.destination, o.purpose, o.depart, o.planned, o.status,
                           decided ? officer : store::Value(),
                           decided ? store::Value(o.depart - hour) : store::Value(),
                           o.returned ? store::Value(*o.returned) : store::Value(), o.depart - 2 * hour}));
    }

    // An entrance alert today at 第八水厂 (a visitor at 37.6 °C).
    const auto& wp8 = cs.by_code["cs-wp8"];
    LL_CHECK(tx.execute("INSERT INTO entrance_checks (org_id, org_path, at, visitor_name, visitor_phone, purpose, host,"
                        " temperature, alert, recorded_by) VALUES (?,?,?,?,?,?,?,37.6,1,?)",
                        {wp8.id, wp8.path, now_ms - 20 * 60000, "钟永刚", gen::mobile_phone(r), "药剂送货",
                         "第八水厂值班室", officer}));

    // The census counts of the seeded days, from the rows (app/health/checkin_counts.h).
    LL_CHECK(health::recount_checkins(tx, "/", first_day, today));
    return audit::record(tx, Actor::system("demo"), now,
                         {"health.demo_seed", "health", "", 1, "/1/", nullptr,
                          {{"staff", static_cast<int64_t>(cs_people.size() + zz_people.size() + logins.size())},
                           {"checkins", cs_counts.checkins + zz_counts.checkins},
                           {"observations", 3 + zz_counts.observations},
                           {"visits", visits + zz_counts.visits},
                           {"entrance_checks", entrance + 1}}});
  });
}

}  // namespace lifeline::app::demo
