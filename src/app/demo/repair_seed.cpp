#include "app/demo/repair_seed.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <tuple>

#include "app/demo/timeline.h"
#include "app/network/repo.h"
#include "core/time.h"

namespace lifeline::app::demo {

namespace {

using nlohmann::json;
using namespace std::chrono_literals;
using store::Tx;
using store::TxMode;

constexpr const char* kNetwork = "长沙主城区供水管网（演示）";
constexpr const char* kHospital = "长沙市公共卫生救治中心";

struct DemoMember {
  const char* name;
  const char* phone;
  std::vector<std::string> skills;
};

struct DemoTeam {
  const char* org;  // unit code
  const char* name;
  const char* kind;
  const char* base_address;
  double fx, fy;    // base as a fraction of the network's extent
  std::vector<std::string> vehicles;
  std::vector<DemoMember> members;
};

// One step of an order's timeline: who did it, how long after the report.
struct Step {
  const char* to;
  std::chrono::minutes after;
  const char* by;
  const char* note;
};

struct DemoIncident {
  const char* type;
  const char* pick;  // which pipe: "dn600", "hospital", "main", "branch", "node"
  const char* address;
  const char* description;
  std::chrono::minutes ago;  // reported this long before the seed runs (when on_day is 0)
  const char* source;
  int team;                  // index into the teams; -1 none
  std::vector<Step> steps;
  const char* area = "urban";
  int on_day = 0;            // else reported on this day of the demo timeline, at `ago` past midnight
};

const std::vector<DemoTeam>& teams() {
  static const std::vector<DemoTeam> t = {
      {"cs-repair1", "管网抢修一队", "repair", "芙蓉区车站北路36号（供水服务分公司东区抢修站）", 0.62, 0.55,
       {"湘A·3J721 抢修工程车", "湘A·5K093 挖掘机"},
       {{"张伟", "13807310005", {"队长", "阀门操作", "焊接"}},
        {"刘建军", "13974120011", {"焊接", "管道安装"}},
        {"黄志勇", "13974120012", {"挖掘机"}},
        {"周小龙", "13974120013", {"阀门操作", "带水作业"}},
        {"易海波", "13974120014", {"驾驶", "排水泵"}}}},
      {"cs-repair2", "管网抢修二队", "repair", "岳麓区枫林三路（供水服务分公司西区抢修站）", 0.28, 0.45,
       {"湘A·7M215 抢修工程车", "湘A·2P836 吊车"},
       {{"陈国平", "13974120021", {"队长", "阀门操作"}},
        {"罗勇", "13974120022", {"焊接", "带水作业"}},
        {"彭亮", "13974120023", {"挖掘机", "驾驶"}},
        {"谭永红", "13974120024", {"电工"}}}},
      {"cs-supply", "供水保障党员突击队", "commando", "开福区湘江中路（集团调度中心）", 0.5, 0.7,
       {"湘A·9Q118 应急指挥车"},
       {{"李卫东", "13974120031", {"队长", "党员", "阀门操作"}},
        {"邓文斌", "13974120032", {"党员", "焊接", "带水作业"}},
        {"肖红", "13974120033", {"党员", "水质采样"}},
        {"曾志刚", "13974120034", {"党员", "挖掘机"}}}},
      {"cs-supply", "青年志愿突击队", "volunteer", "雨花区劳动东路（营业所）", 0.7, 0.3, {"湘A·6T402 送水车"},
       {{"胡晓琳", "13974120041", {"送水", "入户宣传"}},
        {"杨帅", "13974120042", {"送水", "驾驶"}},
        {"蒋雨婷", "13974120043", {"测压", "入户宣传"}}}},
  };
  return t;
}

const std::vector<DemoIncident>& incidents() {
  static const std::vector<DemoIncident> list = {
      // The seed's DN600 burst on the third day of the response (26 January 2020), at 06:40.
      {"burst", "dn600", "芙蓉中路二段与人民中路交叉口", "DN600 球墨铸铁主干管爆管，路面积水约 30 cm，南北向交通管制",
       6h + 40min, "patrol", 0,
       {{"dispatched", 3min, "王敏", "调度中心派单，通知交警封路"},
        {"accepted", 5min, "张伟", "已接单，带挖掘机出发"},
        {"on_site", 27min, "张伟", "到场，设置围挡"},
        {"isolated", 2h + 10min, "张伟", "关闭 4 个阀门，漏点止水"},
        {"repaired", 14h, "张伟", "更换 DN600 管段 6 m，哈夫节 2 个"},
        {"restored", 15h + 20min, "张伟", "冲洗排放、水质检测合格后恢复供水"},
        {"closed", 17h, "王敏", "回访确认用水正常，路面已恢复"}},
       "urban", 3},
      {"leak", "hospital", "开福区洪山路湘雅路口（公共卫生救治中心供水干管）",
       "救治中心进水管三通处渗漏，为保障定点医院供水采用带水作业", 3h, "patrol", 2,
       {{"dispatched", 2min, "王敏", "定点医院保障，派党员突击队"},
        {"accepted", 3min, "李卫东", ""},
        {"on_site", 18min, "李卫东", "到场，联系医院后勤"},
        {"under_pressure", 55min, "李卫东", "不停水带压堵漏"}}},
      {"burst", "main", "雨花区韶山中路与劳动西路口", "DN300 供水管爆管，水冒出路面", 40min, "hotline", 1,
       {{"dispatched", 3min, "王敏", ""}, {"accepted", 6min, "陈国平", "已出发，途经施工路段"}}},
      {"leak", "branch", "天心区书院路 156 号小区门口", "人行道渗水", 9min, "hotline", -1, {}},
      {"no_water", "node", "开福区四方坪街道德峰小区", "整栋楼无水，疑似小区进水阀故障", 2h, "hotline", 3,
       {{"dispatched", 8min, "王敏", "志愿突击队先行送水"}}},
      {"low_pressure", "node", "岳麓区望月湖小区 12 栋", "高层用户反映水压偏低", 26h, "hotline", 1,
       {{"dispatched", 40min, "王敏", ""},
        {"accepted", 45min, "陈国平", ""},
        {"on_site", 1h + 30min, "陈国平", "实测 0.16 MPa"},
        {"isolated", 2h, "陈国平", "关闭支管阀门检修减压阀"},
        {"repaired", 4h, "陈国平", "更换减压阀"},
        {"restored", 4h + 20min, "陈国平", "水压恢复 0.28 MPa"}}},
      {"quality_complaint", "node", "芙蓉区定王台街道浏正街", "用户反映自来水发黄", 2 * 24h, "hotline", 0,
       {{"dispatched", 1h, "王敏", ""},
        {"accepted", 1h + 5min, "张伟", ""},
        {"on_site", 1h + 40min, "张伟", "末梢放水冲洗"},
        {"isolated", 1h + 50min, "张伟", ""},
        {"repaired", 2h + 30min, "张伟", "冲洗后余氯、浊度合格"},
        {"restored", 2h + 40min, "张伟", ""},
        {"closed", 5h, "王敏", "水质中心复检合格"}}},
      {"leak", "branch", "开福区湘江中路二段", "疑似漏水，现场核实为消防栓放水", 30h, "staff", 1,
       {{"dispatched", 10min, "王敏", ""}, {"cancelled", 50min, "王敏", "现场核实为消防部门取水，非漏水"}}},
      {"equipment_failure", "node", "长沙县星沙加压站", "2 号加压泵电机过热跳闸", 20h, "sensor", 0,
       {{"dispatched", 15min, "王敏", ""},
        {"accepted", 20min, "张伟", ""},
        {"on_site", 1h, "张伟", ""},
        {"isolated", 1h + 10min, "张伟", "切换备用泵"},
        {"repaired", 6h, "张伟", "更换电机轴承"},
        {"restored", 6h + 30min, "张伟", "2 号泵恢复运行"}},
       "suburban"},
  };
  return list;
}

}  // namespace

Status seed_repair(Platform& p) {
  Runtime& rt = p.runtime();
  const Actor system = Actor::system("demo");
  auto& repair = p.repair();

  // Already seeded? And the units, the network and the hospital's node.
  struct Place {
    bool seeded = false;
    int64_t utility = 0, network = 0;
    std::map<std::string, int64_t> units;
    std::optional<int64_t> crew_user;
    std::vector<std::string> hospital_nodes;
  };
  auto place = rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<Place> {
    Place pl;
    LL_TRY(auto cs, tx.query_one("SELECT id, path FROM orgs WHERE code = 'csws'"));
    if (!cs) return Error::internal("the demo utility csws is missing");
    pl.utility = cs->integer(0);
    LL_TRY(auto n, tx.query_one("SELECT COUNT(*) FROM teams WHERE org_path LIKE ?", {cs->text(1) + "%"}));
    pl.seeded = n && n->integer(0) > 0;
    LL_TRY(auto net, network::repo::find_by_name(tx, pl.utility, kNetwork));
    if (!net) return Error::internal("the demo network is missing");
    pl.network = *net;
    LL_TRY(auto units, tx.query("SELECT code, id FROM orgs WHERE code IN ('cs-repair1', 'cs-repair2', 'cs-supply')"));
    for (const auto& u : units) pl.units[u.text(0)] = u.integer(1);
    LL_TRY(auto crew, tx.query_one("SELECT id FROM users WHERE username = 'cs_repair'"));
    if (crew) pl.crew_user = crew->integer(0);
    LL_TRY(auto h, tx.query("SELECT nodes FROM priority_customers WHERE name = ? AND active = 1", {kHospital}));
    for (const auto& r : h) {
      auto nodes = json::parse(r.text(0), nullptr, false);
      if (nodes.is_array())
        for (const auto& node : nodes) pl.hospital_nodes.push_back(node.get<std::string>());
    }
    return pl;
  });
  if (!place) return place.error();
  if (place->seeded) return {};
  for (const char* code : {"cs-repair1", "cs-repair2", "cs-supply"})
    if (!place->units.count(code)) return Error::internal(std::string("demo unit ") + code + " is missing");

  auto model = p.networks().model(system, place->network);
  if (!model) return model.error();
  const auto& net = model->second->network();
  double minx = INFINITY, miny = INFINITY, maxx = -INFINITY, maxy = -INFINITY;
  for (const auto& n : net.nodes) {
    minx = std::min(minx, n.coordinates.x), maxx = std::max(maxx, n.coordinates.x);
    miny = std::min(miny, n.coordinates.y), maxy = std::max(maxy, n.coordinates.y);
  }

  // Teams, their bases spread over the city.
  std::vector<int64_t> team_ids;
  for (const auto& t : teams()) {
    repair::NewTeam nt;
    nt.org_id = place->units[t.org];
    nt.name = t.name;
    nt.kind = t.kind;
    nt.base_address = t.base_address;
    nt.base_x = std::round(minx + t.fx * (maxx - minx));
    nt.base_y = std::round(miny + t.fy * (maxy - miny));
    nt.vehicles = t.vehicles;
    for (const auto& m : t.members) {
      repair::Member member{m.name, std::string(m.phone), m.skills, std::nullopt};
      if (std::string_view(m.name) == "张伟") member.user_id = place->crew_user;
      nt.members.push_back(std::move(member));
    }
    if (std::string_view(t.name) == "管网抢修一队") nt.leader_user_id = place->crew_user;
    auto created = repair.teams.create(system, nt);
    if (!created) return created.error();
    team_ids.push_back((*created)["id"].get<int64_t>());
  }

  // Pipes to put the incidents on: deterministic picks from the model.
  auto pipe_where = [&](auto&& ok, size_t skip) -> std::optional<std::string> {
    for (size_t i = 0; i < net.links.size(); ++i) {
      const auto& l = net.links[i];
      if (l.type == net::LinkType::pipe && ok(l) && skip-- == 0) return l.id;
    }
    return std::nullopt;
  };
  size_t used_main = 3, used_branch = 11, used_node = 5;
  auto pick = [&](const std::string& what, repair::NewIncident& in) -> Status {
    if (what == "dn600") {
      in.link = pipe_where([](const net::Link& l) { return std::abs(l.diameter - 0.6) < 0.01; }, 5);
      if (!in.link) in.link = pipe_where([](const net::Link& l) { return l.diameter >= 0.5; }, 0);
    } else if (what == "hospital" && !place->hospital_nodes.empty()) {
      // The leak at the hospital's service connection (its node): the plan
      // that would close it cuts the hospital off, so it is repaired under pressure.
      in.node = place->hospital_nodes.front();
      in.diameter_mm = 300;
    } else if (what == "main" || what == "hospital") {
      in.link = pipe_where([](const net::Link& l) { return std::abs(l.diameter - 0.3) < 0.01; }, used_main);
      used_main += 37;
    } else if (what == "branch") {
      in.link = pipe_where([](const net::Link& l) { return l.diameter < 0.2; }, used_branch);
      used_branch += 53;
    } else {
      used_node += 997;
      in.node = net.nodes[used_node % net.nodes.size()].id;
    }
    if (!in.link && !in.node) return Error::internal("no pipe for the demo incident " + what);
    return {};
  };

  // Created in the order they were reported, so the day's numbers run in time order.
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Instant now = rt.clock.now();
  const Timeline timeline(local, now);
  auto reported_at = [&](const DemoIncident& d) {
    return d.on_day ? timeline.at(d.on_day, 0) + d.ago : now - d.ago;
  };
  std::vector<const DemoIncident*> by_time;
  for (const auto& d : incidents()) by_time.push_back(&d);
  std::stable_sort(by_time.begin(), by_time.end(),
                   [&](auto* a, auto* b) { return reported_at(*a) < reported_at(*b); });
  for (const DemoIncident* di : by_time) {
    const DemoIncident& d = *di;
    repair::NewIncident in;
    in.org_id = place->utility;
    in.type = d.type;
    in.source = d.source;
    in.network_id = place->network;
    in.address = d.address;
    in.area = d.area;
    in.description = d.description;
    const Instant reported = reported_at(d);
    in.reported_at = reported;
    LL_CHECK(pick(d.pick, in));
    auto created = repair.incidents.create(Actor::system("王敏"), in);
    if (!created) return created.error();
    const int64_t order = (*created)["work_order"]["id"].get<int64_t>();
    for (const auto& s : d.steps) {
      repair::Transition t;
      t.to = s.to;
      t.note = s.note;
      if (t.to == "dispatched") t.team_id = team_ids[static_cast<size_t>(d.team)];
      if (t.to == "cancelled") t.reason = s.note;
      auto moved = repair.work_orders.transition(Actor::system(s.by), order, t);
      if (!moved) return moved.error();
      if (t.to == "repaired" && std::string_view(d.pick) == "dn600") {
        for (auto [item, qty, unit] : {std::tuple{"DN600 球墨铸铁管", 6.0, "米"}, std::tuple{"DN600 哈夫节", 2.0, "个"},
                                       std::tuple{"C30 商品混凝土（路面恢复）", 4.5, "立方米"}}) {
          auto added = repair.work_orders.add_material(Actor::system(s.by), order, {item, unit, qty});
          if (!added) return added.error();
        }
      }
    }
    // The steps happened over the last days, not all at once now: put each
    // at its time (the services stamp "now").
    LL_CHECK(rt.db.run(TxMode::write, [&](Tx& tx) -> Status {
      LL_TRY(auto events, tx.query("SELECT id, to_state FROM work_order_events WHERE work_order_id = ? ORDER BY id",
                                   {order}));
      for (size_t i = 1; i < events.size() && i - 1 < d.steps.size(); ++i) {
        const Instant at = reported + d.steps[i - 1].after;
        LL_CHECK(tx.execute("UPDATE work_order_events SET at = ? WHERE id = ?", {to_millis(at), events[i].integer(0)}));
        if (std::string_view(d.steps[i - 1].to) == "closed" || std::string_view(d.steps[i - 1].to) == "cancelled")
          LL_CHECK(tx.execute("UPDATE incidents SET closed_at = ? WHERE id = (SELECT incident_id FROM work_orders"
                              " WHERE id = ?)",
                              {to_millis(at), order}));
      }
      for (const auto& s : d.steps)
        if (std::string_view(s.to) == "repaired")
          LL_CHECK(tx.execute("UPDATE work_order_materials SET recorded_at = ? WHERE work_order_id = ?",
                              {to_millis(reported + s.after), order}));
      if (!d.steps.empty())
        LL_CHECK(tx.execute("UPDATE work_orders SET updated_at = ? WHERE id = ?",
                            {to_millis(reported + d.steps.back().after), order}));
      return {};
    }));
  }

  // An arrears disconnection order, deferred under the level-I response.
  auto deferred = repair.work_orders.create_disconnection(
      Actor::system("王敏"), {place->utility, "0731-2019-068842", "雨花区劳动东路 139 号 3 栋 502", "欠缴水费 4 个月，累计 486.20 元"});
  if (!deferred) return deferred.error();
  return {};
}

}  // namespace lifeline::app::demo
