#include "app/demo/duty_seed.h"

#include <map>
#include <random>
#include <set>

#include "app/audit/audit.h"
#include "app/demo/timeline.h"
#include "app/duty/access.h"
#include "app/duty/repo.h"
#include "app/duty/schedule.h"
#include "core/local_time.h"

namespace lifeline::app::demo {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using store::Tx;
using store::TxMode;

struct PostSpec {
  const char* unit;
  const char* name;
  const char* kind;
  const char* phone;
  bool red;
  const char* radio;
  const char* location;
  const char* rotation;      // the epidemic roster's rotation
  int handoff;               // minutes
  std::vector<std::string> logins;  // demo logins on the roster, first in order
  int extra;                 // register people of the unit added after them
  const char* festival;      // the Spring Festival roster's rotation
};

const std::vector<PostSpec>& posts() {
  static const std::vector<PostSpec> all = {
      {"csws", "集团调度中心值班调度", "dispatch", "0731-85171110", true, "调度1频道", "集团调度中心（芙蓉中路）",
       "day_night_12h", 8 * 60, {"cs_dispatcher"}, 3, "daily_24h"},
      {"csws", "领导带班", "leader", "0731-85171100", false, "指挥1频道", "集团应急防疫指挥部", "daily_24h",
       8 * 60 + 30, {"cs_supervisor", "cs_admin"}, 2, "weekly"},
      {"cs-wp2", "第二水厂值班长", "plant_shift", "0731-84412202", false, "二厂3频道", "第二水厂中控楼",
       "three_shifts_8h", 0, {"cs_staff"}, 3, "day_night_12h"},
      {"cs-wp5", "第五水厂值班长", "plant_shift", "0731-84412505", false, "五厂3频道", "第五水厂中控楼",
       "day_night_12h", 8 * 60, {}, 4, "daily_24h"},
      {"cs-wp8", "第八水厂中控室", "control_room", "0731-84412808", false, "八厂2频道", "第八水厂中控室",
       "three_shifts_8h", 0, {}, 4, "day_night_12h"},
      {"cs-service", "客服热线坐席", "hotline", "0731-85171096", false, "", "客户服务中心热线大厅", "day_night_12h",
       8 * 60, {}, 6, "day_night_12h"},
      {"cs-drain", "排水公司值班巡检", "drainage_patrol", "0731-84567110", false, "排水2频道", "排水公司调度室",
       "daily_24h", 8 * 60, {}, 4, "daily_24h"},
      {"cs-wwtp-hq", "花桥污水处理厂值班", "plant_shift", "0731-84567201", false, "花桥1频道", "花桥污水处理厂中控室",
       "day_night_12h", 8 * 60, {}, 4, "daily_24h"},
  };
  return all;
}

struct Unit {
  int64_t id = 0;
  std::string path;
};

Result<Unit> unit(Tx& tx, const char* code) {
  LL_TRY(auto row, tx.query_one("SELECT id, path FROM orgs WHERE code = ?", {code}));
  if (!row) return Error::internal(std::string("demo unit missing: ") + code);
  return Unit{row->integer(0), row->text(1)};
}

// The roster's people: the demo logins named, the unit's people in home
// observation (so the roster shows them unfit), then register people of the unit.
Result<std::vector<int64_t>> people_for(Tx& tx, const PostSpec& spec, const Unit& u, std::set<int64_t>& used) {
  std::vector<int64_t> out;
  for (const auto& login : spec.logins) {
    LL_TRY(auto row, tx.query_one("SELECT s.id FROM staff s JOIN users u ON u.id = s.user_id WHERE u.username = ?",
                                  {login}));
    if (row) out.push_back(row->integer(0));
  }
  LL_TRY(auto observed, tx.query("SELECT DISTINCT o.staff_id FROM observations o JOIN staff s ON s.id = o.staff_id"
                                 " WHERE s.org_id = ? AND o.member_id IS NULL AND o.released_on IS NULL",
                                 {u.id}));
  for (const auto& r : observed) out.push_back(r.integer(0));
  LL_TRY(auto rest, tx.query("SELECT id FROM staff WHERE org_id = ? AND user_id IS NULL AND active = 1"
                             " ORDER BY key_post DESC, id LIMIT 40",
                             {u.id}));
  // Nobody on two posts' rotations: the register people of a unit are shared out.
  for (const auto& r : rest) {
    if (static_cast<int>(out.size()) >= static_cast<int>(spec.logins.size()) + spec.extra) break;
    if (std::find(out.begin(), out.end(), r.integer(0)) == out.end() && !used.count(r.integer(0)))
      out.push_back(r.integer(0));
  }
  used.insert(out.begin(), out.end());
  return out;
}

duty::LayerInput layer(const char* name, const char* rotation, int handoff, const std::string& starts_on,
                       std::vector<int64_t> members) {
  duty::LayerInput l;
  l.name = name;
  l.rotation = rotation;
  l.handoff = handoff;
  l.starts_on = starts_on;
  l.members = std::move(members);
  return l;
}

const char* const kDispatchLog[] = {
    "接110联动转来市民报告：五一大道与芙蓉路口路面冒水，已通知管网抢修一队前往核查",
    "接市防指通知：今日起各定点医院供水保障提升为一级，要求加密巡查",
    "向第二水厂下达指令：出厂水余氯按0.8mg/L控制，做好加氯设备巡检",
    "公共卫生救治中心反映水压偏低，已调度第八水厂提升出厂压力0.02MPa",
    "接客服热线转来：岳麓区某小区停水，核实为二次供水泵房故障，已通知物业及维修单位",
    "向各水厂下达指令：做好次氯酸钠库存盘点，库存低于7天用量的立即上报",
    "完成全网压力、流量巡检，各监测点数据正常",
    "接省住建厅电话询问集团疫情防控及供水保障情况，已按要求报送",
};
const char* const kPlantLog[] = {
    "交接班后巡检：加氯间、加矾间、送水泵房运行正常，出厂水浊度0.12NTU、余氯0.85mg/L",
    "完成滤池反冲洗，各滤池运行正常",
    "门岗测温：外来送货人员1名体温正常，已登记",
    "次氯酸钠储罐液位巡检，库存约可用9天",
    "中控系统报警：3号送水泵振动偏大，已切换至备用泵并通知机修班",
    "按调度指令调整出厂压力，调整后管网末梢压力正常",
    "对中控室、交接班区域进行消毒，已记录",
};
const char* const kHotlineLog[] = {
    "受理来电23个，其中停水咨询9个、疫情期间缴费政策咨询8个，均已答复或转办",
    "接重点用户（定点医院）来电反映水压波动，已转调度中心",
    "按集团通知对来电市民宣传疫情期间欠费不停水政策",
    "回访昨日停水用户6户，均已恢复供水",
};
const char* const kDrainLog[] = {
    "巡查雨污水泵站6座，运行正常",
    "医疗机构周边污水管网巡查，窨井无溢流，已投加消毒剂",
    "污水处理厂进水水量、水质正常，加大出水消毒力度",
};

const char* const kHandover[] = {
    "本班运行平稳，设备无异常。防疫物资（口罩、消毒液）已清点，库存充足。",
    "本班处理突发情况1起，已闭环；请接班人员继续关注重点用户水压。",
    "夜间巡检正常，中控系统运行正常，已完成交接区域消毒。",
};

struct Random {
  std::mt19937_64 engine{2020};
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(engine); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine) < p; }
};

template <size_t N>
const char* pick(Random& r, const char* const (&items)[N]) {
  return items[r.below(static_cast<int>(N))];
}

// Two weeks of check-ins, log entries, hand-overs and spot checks along the schedule itself.
Status seed_history(Tx& tx, const duty::Zone& zone, const Timeline& t, Instant now) {
  Random r;
  LL_TRY(auto group, tx.query_one("SELECT path FROM orgs WHERE code = 'csws'"));
  LL_TRY(auto posts, duty::repo::posts_in(tx, group ? group->text(0) : "/"));
  const Instant from = t.at(t.today() - 13, 0);
  LL_TRY(auto plans, duty::repo::plans(tx, posts, {from - hours(24), now + hours(48)}));
  LL_TRY(auto incidents, tx.query("SELECT id FROM incidents ORDER BY reported_at DESC LIMIT 5"));
  LL_TRY(auto dispatcher, tx.query_one("SELECT id, display_name FROM users WHERE username = 'cs_commander'"));
  const store::Value checker = dispatcher ? store::Value(dispatcher->integer(0)) : store::Value();
  int64_t entries = 0, handovers = 0;
  for (size_t i = 0; i < posts.size(); ++i) {
    const auto& post = posts[i];
    const auto rs = duty::runs(duty::final_schedule(zone, plans[i], {from, now + hours(48)}));
    std::map<int64_t, std::string> names;
    for (size_t k = 0; k < rs.size(); ++k) {
      const auto& run = rs[k];
      if (!run.person || run.span.from >= now || run.span.from < from) continue;
      const int64_t person = *run.person;
      // Check-in: nearly always, now and then a few minutes late.
      if (r.chance(0.96)) {
        const Instant at = run.span.from - minutes(r.below(20)) + (r.chance(0.08) ? minutes(25) : minutes(0));
        if (at <= now)
          LL_CHECK(tx.execute("INSERT INTO duty_shift_checkins (post_id, org_path, staff_id, shift_start, shift_end,"
                              " checked_in_at, late, user_id) VALUES (?,?,?,?,?,?,?,NULL) ON CONFLICT DO NOTHING",
                              {post.id, post.org_path, person, to_millis(run.span.from), to_millis(run.span.until),
                               to_millis(at), at > run.span.from + minutes(10)}));
      }
      // Log entries through the shift (up to now).
      const auto length = std::chrono::duration_cast<minutes>(run.span.until - run.span.from).count();
      const int n = post.kind == "dispatch" ? 4 + r.below(3) : post.kind == "leader" ? 1 : 2 + r.below(2);
      int64_t last = 0;
      for (int e = 0; e < n; ++e) {
        const Instant at = run.span.from + minutes(30 + (length - 60) * (e + 1) / (n + 1));
        if (at > now) break;
        const char* text = post.kind == "dispatch"   ? pick(r, kDispatchLog)
                           : post.kind == "hotline"  ? pick(r, kHotlineLog)
                           : post.kind == "drainage_patrol" ? pick(r, kDrainLog)
                           : post.kind == "leader"   ? "带班领导到集团调度中心检查值班情况，听取当日供水保障和疫情防控工作汇报"
                                                     : pick(r, kPlantLog);
        const char* kind = post.kind == "dispatch" ? (e % 3 == 0 ? "call_received" : e % 3 == 1 ? "instruction_issued" : "event")
                           : post.kind == "hotline" ? "call_received"
                           : post.kind == "leader" ? "instruction_issued"
                                                   : "patrol";
        std::optional<int64_t> incident;
        if (post.kind == "dispatch" && e == 0 && !incidents.empty() && r.chance(0.3))
          incident = incidents[static_cast<size_t>(r.below(static_cast<int>(incidents.size())))].integer(0);
        LL_TRY(last, tx.insert("INSERT INTO duty_log_entries (post_id, org_path, at, kind, text, incident_id, staff_id,"
                               " author_name, created_at) VALUES (?,?,?,?,?,?,?,"
                               " (SELECT name FROM staff WHERE id = ?),?) RETURNING id",
                               {post.id, post.org_path, to_millis(at), kind, text, incident, person, person,
                                to_millis(at)}));
        ++entries;
      }
      // A correction, once.
      if (last && post.kind == "dispatch" && k == 3) {
        LL_CHECK(tx.execute("INSERT INTO duty_log_entries (post_id, org_path, at, kind, text, corrects_id, staff_id,"
                            " author_name, created_at) SELECT post_id, org_path, at + 600000, 'other',"
                            " '更正：上条记录中压力调整值应为0.03MPa', id, staff_id, author_name, created_at + 600000"
                            " FROM duty_log_entries WHERE id = ?",
                            {last}));
        ++entries;
      }
      // Hand-over to the next person, acknowledged at the start of their shift.
      if (k + 1 < rs.size() && rs[k + 1].person && rs[k + 1].span.from == run.span.until &&
          run.span.until - minutes(15) <= now) {
        const Instant written = run.span.until - minutes(10 + r.below(20));
        const bool acknowledged = rs[k + 1].span.from + minutes(5) <= now && !r.chance(0.03);
        const Instant ack = rs[k + 1].span.from + minutes(r.below(9));
        nlohmann::json items = nlohmann::json::array();
        if (r.chance(0.4)) items.push_back(post.kind == "dispatch" ? "关注公共卫生救治中心二路供水压力" : "3号送水泵待机修复核");
        LL_CHECK(tx.execute("INSERT INTO duty_handovers (post_id, org_path, shift_start, from_staff_id, to_staff_id,"
                            " note, open_items, written_at, written_by_name, acknowledged_at, acknowledged_by_name,"
                            " flagged_at) VALUES (?,?,?,?,?,?,?,?,(SELECT name FROM staff WHERE id = ?),?,"
                            " (SELECT name FROM staff WHERE id = ?),?) ON CONFLICT DO NOTHING",
                            {post.id, post.org_path, to_millis(rs[k + 1].span.from), person, *rs[k + 1].person,
                             pick(r, kHandover), items.dump(), to_millis(std::min(written, now)), person,
                             acknowledged ? store::Value(to_millis(ack)) : store::Value(),
                             acknowledged ? store::Value(*rs[k + 1].person) : store::Value(),
                             !acknowledged && rs[k + 1].span.from < now ? store::Value(to_millis(rs[k + 1].span.from))
                                                                        : store::Value()}));
        ++handovers;
      }
    }
    // Spot checks (查岗): one a day at the dispatch centre and the plants, one call not answered.
    if (post.kind == "dispatch" || post.kind == "plant_shift" || post.kind == "control_room") {
      for (int day = t.today() - 13; day <= t.today(); ++day) {
        const Instant at = t.at(day, 1 + r.below(22), r.below(60));
        if (at > now) continue;
        auto on = duty::on_duty_at(zone, plans[i], at, hours(24 * 31));
        const bool answered = !(post.kind == "control_room" && day == t.today() - 4);
        LL_CHECK(tx.execute("INSERT INTO duty_spot_checks (post_id, org_path, at, answered, answered_by, staff_id, note,"
                            " checked_by, checked_by_name, created_at) VALUES (?,?,?,?,"
                            " (SELECT name FROM staff WHERE id = ?),?,?,?,?,?)",
                            {post.id, post.org_path, to_millis(at), answered,
                             answered && on ? store::Value(*on->person) : store::Value(),
                             on ? store::Value(*on->person) : store::Value(),
                             answered ? "值班人员在岗，应答及时" : "值班电话无人接听，10分钟后回拨，已提醒",
                             checker, dispatcher ? dispatcher->text(1) : std::string("指挥部"), to_millis(at)}));
      }
    }
  }
  return audit::record(tx, Actor::system("demo"), now,
                       {"duty.demo_seed", "duty", "", 1, "/1/", nullptr,
                        {{"log_entries", entries}, {"handovers", handovers}}});
}

}  // namespace

Status seed_duty(Platform& p) {
  Runtime& rt = p.runtime();
  const Actor system = Actor::system("demo");
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const duty::Zone zone = duty::zone_of(rt);
  const Instant now = rt.clock.now();
  const Timeline t(local, now);
  LL_TRY(auto done, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<bool> {
    LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM duty_posts p JOIN orgs o ON o.id = p.org_id WHERE o.code = 'csws'"));
    LL_TRY(auto staff, tx.query_one("SELECT COUNT(*) FROM staff s JOIN orgs o ON o.id = s.utility_id WHERE o.code = 'csws'"));
    return (row && row->integer(0) > 0) || !staff || staff->integer(0) == 0;
  }));
  if (done) return {};

  // The epidemic roster took over when the level-I response began (its first shift on day 1).
  const std::string epidemic_from = t.date(0), festival_from = t.date(-6);
  int64_t dispatch_post = 0;
  std::set<int64_t> used;
  for (const auto& spec : posts()) {
    LL_TRY(auto u, rt.db.transact(TxMode::read, [&](Tx& tx) { return unit(tx, spec.unit); }));
    duty::PostInput in;
    in.org_id = u.id;
    in.name = spec.name;
    in.kind = spec.kind;
    in.phone = std::optional<std::string>(spec.phone);
    in.red_phone = spec.red;
    if (*spec.radio) in.radio_channel = std::optional<std::string>(spec.radio);
    in.location = std::optional<std::string>(spec.location);
    LL_TRY(auto post, p.duty().posts.create(system, in));
    if (spec.red) dispatch_post = post.id;
    LL_TRY(auto people, rt.db.transact(TxMode::read, [&](Tx& tx) { return people_for(tx, spec, u, used); }));
    if (people.empty()) continue;
    duty::NewRoster festival{post.id, "normal", "2020年春节值班表", {}};
    festival.layers.push_back(layer("春节值班", spec.festival, spec.handoff, festival_from, people));
    LL_CHECK(p.duty().rosters.create(system, festival));
    duty::NewRoster epidemic{post.id, "epidemic", "疫情防控值班表", {}};
    std::vector<int64_t> order = people;
    if (std::string_view(spec.kind) == "leader" && order.size() > 1) {
      // 总经理带周末班: a weekend layer above the daily rotation.
      LL_TRY(auto gm, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<std::optional<int64_t>> {
        LL_TRY(auto row, tx.query_one("SELECT s.id FROM staff s JOIN users u ON u.id = s.user_id"
                                      " WHERE u.username = 'cs_commander'"));
        return row ? std::optional<int64_t>(row->integer(0)) : std::nullopt;
      }));
      epidemic.layers.push_back(layer("班子成员轮流带班", spec.rotation, spec.handoff, epidemic_from, order));
      if (gm) {
        auto weekend = layer("总经理周末带班", "weekly", spec.handoff, epidemic_from, {*gm});
        weekend.restriction = duty::Weekly{0x60, 0, duty::kMinutesPerDay};
        epidemic.layers.push_back(weekend);
      }
    } else {
      epidemic.layers.push_back(layer("疫情期间轮值", spec.rotation, spec.handoff, epidemic_from, order));
    }
    LL_CHECK(p.duty().rosters.create(system, epidemic));
  }

  // A swap the commander approved, and one a dispatcher asks for tomorrow.
  LL_TRY(auto people, rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::vector<int64_t>> {
    LL_TRY(auto rosters, duty::repo::rosters_of_post(tx, dispatch_post));
    for (const auto& r : rosters)
      if (r.kind == "epidemic" && !r.layers.empty()) {
        std::vector<int64_t> ids;
        for (const auto& m : r.layers[0].members) ids.push_back(m.id);
        return ids;
      }
    return std::vector<int64_t>{};
  }));
  if (people.size() >= 3) {
    duty::NewOverride cover{dispatch_post, "cover", {t.at(t.today() - 3, 20), t.at(t.today() - 2, 8)}, people[2],
                            std::nullopt, "原值班调度员家中老人就医，经指挥部同意代班"};
    LL_CHECK(p.duty().overrides.create(system, cover));
    LL_TRY(auto dispatcher, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<std::optional<store::Row>> {
      return tx.query_one("SELECT u.id, u.display_name, u.org_id, o.path FROM users u JOIN orgs o ON o.id = u.org_id"
                          " WHERE u.username = 'cs_dispatcher'");
    }));
    if (dispatcher) {
      Actor wang;
      wang.user_id = dispatcher->integer(0);
      wang.username = "cs_dispatcher";
      wang.display_name = dispatcher->text(1);
      wang.role = "dispatcher";
      wang.org_id = dispatcher->integer(2);
      wang.org_path = dispatcher->text(3);
      // Her first shift after tomorrow morning, taken by the next dispatcher in the rotation.
      LL_TRY(auto next, rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<duty::Span>> {
        LL_TRY(auto post, duty::repo::find_post(tx, dispatch_post));
        LL_TRY(auto plans, duty::repo::plans(tx, {*post}, {now, now + hours(24 * 8)}));
        for (const auto& r : duty::runs(duty::final_schedule(zone, plans[0], {now + hours(12), now + hours(24 * 7)})))
          if (r.person == people[0] && r.span.from > now + hours(12)) return std::optional<duty::Span>(r.span);
        return std::optional<duty::Span>();
      }));
      if (next) {
        duty::NewOverride swap{dispatch_post, "swap", *next, people[1], people[0], "孩子学校线上开学需在家陪同，申请与同事调班"};
        LL_CHECK(p.duty().overrides.create(wang, swap));
      }
    }
  }
  return rt.db.run(TxMode::write, [&](Tx& tx) { return seed_history(tx, zone, t, now); });
}

}  // namespace lifeline::app::demo
