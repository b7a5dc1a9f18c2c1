#include "app/demo/assurance_seed.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "app/demo/timeline.h"
#include "app/network/repo.h"
#include "app/org/repo.h"

namespace lifeline::app::demo {

namespace {

using assurance::CarePlan;
using assurance::CustomerFields;
using assurance::NewPatrol;

struct Known {
  const char* generated;  // the generator's generic name
  const char* name;
  const char* category;
  int tier;
  const char* address;
  const char* contact;
  const char* phone;
  const char* notes;
};

// The generated layer's customers, as the register knows them in Changsha.
constexpr Known kKnown[] = {
    {"市第一人民医院北院", "长沙市公共卫生救治中心", "designated_hospital", 1, "开福区洪山路湘雅路口（长沙市第一医院北院）",
     "彭院长", "13974810001", "新冠肺炎定点救治医院；第二路供水5天建成，响应第11天通水"},
    {"市中心医院", "长沙市中心医院", "hospital", 1, "雨花区韶山南路161号", "周科长", "13974810002", "后备定点医院"},
    {"湘雅附属医院", "中南大学湘雅医院", "hospital", 1, "开福区湘雅路87号", "欧阳主任", "13974810003",
     "省级重症救治定点医院"},
    {"市第二人民医院", "湖南省人民医院", "hospital", 1, "芙蓉区解放西路61号", "谭科长", "13974810004", ""},
    {"市第一人民医院发热门诊", "长沙市第一医院发热门诊", "fever_clinic", 1, "开福区营盘路311号", "刘护士长",
     "13974810005", ""},
    {"市中心医院发热门诊", "长沙市中心医院发热门诊", "fever_clinic", 1, "雨花区韶山南路161号", "陈护士长", "13974810006",
     ""},
    {"芙蓉区发热门诊", "湖南省人民医院发热门诊", "fever_clinic", 1, "芙蓉区解放西路61号", "邓护士长", "13974810007", ""},
    {"市疾控中心", "长沙市疾病预防控制中心", "cdc", 1, "开福区芙蓉中路一段480号", "胡主任", "13974810008",
     "核酸检测实验室24小时运行"},
    {"中国电信数据中心", "中国电信长沙分公司", "telecom", 2, "芙蓉区五一大道398号", "罗经理", "13974810009",
     "疫情防控通信保障枢纽"},
    {"市疫情防控指挥部", "长沙市疫情防控指挥部", "emergency_command", 1, "岳麓区岳麓大道218号（市政府）", "肖秘书",
     "13974810010", ""},
};

// Changsha's fever clinics (发热门诊) besides the three of the generated layer: 46 in all.
constexpr const char* kFeverClinics[] = {
    "中南大学湘雅医院发热门诊",         "中南大学湘雅二医院发热门诊",       "中南大学湘雅三医院发热门诊",
    "湖南省人民医院马王堆院区发热门诊", "湖南省人民医院岳麓山院区发热门诊", "长沙市第三医院发热门诊",
    "长沙市第四医院发热门诊",           "长沙市第八医院发热门诊",           "长沙市妇幼保健院发热门诊",
    "湖南中医药大学第一附属医院发热门诊", "湖南中医药大学第二附属医院发热门诊", "湖南省中医药研究院附属医院发热门诊",
    "湖南省儿童医院发热门诊",           "湖南省妇幼保健院发热门诊",         "湖南省肿瘤医院发热门诊",
    "湖南省第二人民医院发热门诊",       "湖南省职业病防治院发热门诊",       "湖南省胸科医院发热门诊",
    "湖南省马王堆医院发热门诊",         "湖南航天医院发热门诊",             "中国人民解放军第九二一医院发热门诊",
    "武警湖南省总队医院发热门诊",       "湖南旺旺医院发热门诊",             "长沙泰和医院发热门诊",
    "长沙市芙蓉区人民医院发热门诊",     "长沙市天心区人民医院发热门诊",     "长沙市岳麓区人民医院发热门诊",
    "长沙市开福区人民医院发热门诊",     "长沙市雨花区人民医院发热门诊",     "长沙市望城区人民医院发热门诊",
    "长沙县人民医院发热门诊",           "长沙县第二人民医院发热门诊",       "长沙市第一医院北院发热门诊",
    "湖南省康复医院发热门诊",           "湖南省湘雅博爱康复医院发热门诊",   "长沙市第四医院滨水新城院区发热门诊",
    "湖南省荣军医院发热门诊",           "长沙市雨花区中医医院发热门诊",     "长沙市望城区中医医院发热门诊",
    "长沙县中医院发热门诊",             "长沙市天心区中医医院发热门诊",     "湖南中医药大学第一附属医院东院发热门诊",
    "长沙市岳麓区中医医院发热门诊",
};

// Beyond hospitals: who else the emergency depends on.
struct Other {
  const char* name;
  const char* category;
  int tier;
  const char* address;
  const char* contact;
  const char* notes;
};
constexpr Other kOthers[] = {
    {"中国移动长沙分公司枢纽楼", "telecom", 2, "芙蓉区五一大道", "杨经理", ""},
    {"中国联通长沙分公司通信枢纽", "telecom", 2, "天心区书院路", "何经理", ""},
    {"湖南广播电视台", "broadcasting", 2, "开福区金鹰影视文化城", "贺主任", "疫情发布与应急广播"},
    {"长沙市集中医学观察点（岳麓区）", "quarantine_site", 1, "岳麓区枫林三路", "汤站长", "入境及密接人员集中隔离"},
    {"湖南省医用防护用品生产企业（星沙）", "prevention_factory", 2, "长沙县经开区", "姚厂长", "口罩、防护服日夜生产"},
    {"长沙市应急物资储备中心", "logistics", 2, "雨花区黎托街道", "宋主任", "防疫物资集散"},
};

const char* const kContacts[] = {"张", "王", "李", "赵", "陈", "杨", "黄", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const char* const kTitles[] = {"护士长", "主任", "科长", "院办主任"};

std::string phone(int n) {
  std::string digits = std::to_string(10000 + n % 90000);
  return "1397311" + digits.substr(digits.size() - 4);
}

// Junctions with demand spread over the city: on a grid over the network's
// extent, the demand junction nearest each cell's centre, none used twice.
std::vector<std::string> spread_junctions(const net::Network& net, std::size_t count, std::set<std::string>& used) {
  double minx = std::numeric_limits<double>::infinity(), miny = minx, maxx = -minx, maxy = -minx;
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < net.nodes.size(); ++i) {
    const auto& n = net.nodes[i];
    if (n.type != net::NodeType::junction || !n.has_coordinates || used.count(n.id)) continue;
    double demand = 0;
    for (const auto& d : n.demands) demand += d.base;
    if (demand <= 0) continue;
    candidates.push_back(i);
    minx = std::min(minx, n.coordinates.x), maxx = std::max(maxx, n.coordinates.x);
    miny = std::min(miny, n.coordinates.y), maxy = std::max(maxy, n.coordinates.y);
  }
  std::vector<std::string> out;
  if (candidates.empty()) return out;
  const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
  for (std::size_t cell = 0; cell < side * side && out.size() < count; ++cell) {
    const double cx = minx + (maxx - minx) * (static_cast<double>(cell % side) + 0.5) / static_cast<double>(side);
    const double cy = miny + (maxy - miny) * (static_cast<double>(cell / side) + 0.5) / static_cast<double>(side);
    std::size_t best = candidates.front();
    double best_d = std::numeric_limits<double>::infinity();
    for (auto i : candidates) {
      const auto& p = net.nodes[i].coordinates;
      const double d = (p.x - cx) * (p.x - cx) + (p.y - cy) * (p.y - cy);
      if (d < best_d && !used.count(net.nodes[i].id)) best = i, best_d = d;
    }
    if (used.insert(net.nodes[best].id).second) out.push_back(net.nodes[best].id);
  }
  return out;
}

CustomerFields fields(int64_t org, int64_t network, const std::string& node, std::string name, std::string category,
                      int tier, std::string address, std::string contact, std::string contact_phone, std::string notes) {
  CustomerFields f;
  f.org_id = org;
  f.name = std::move(name);
  f.category = std::move(category);
  f.tier = tier;
  f.address = std::move(address);
  f.contact_name = std::optional<std::string>(std::move(contact));
  f.contact_phone = std::optional<std::string>(std::move(contact_phone));
  f.network_id = std::optional<int64_t>(network);
  f.nodes = std::vector<std::string>{node};
  const bool hospital = *f.category == "designated_hospital" || *f.category == "hospital";
  f.min_pressure_m = std::optional<double>(hospital ? 22.0 : 18.0);
  f.demand_m3h = std::optional<double>(hospital ? 60.0 : *f.category == "fever_clinic" ? 4.0 : 6.0);
  f.notes = std::move(notes);
  return f;
}

}  // namespace

// The rounds of days 1 … today before `until` (the service takes the last
// days' rounds only), straight into the patrol log, in one statement per 100.
struct PatrolHistory {
  int64_t customer_id;
  std::string org_path;
  int per_day;
  Instant until;
  std::size_t serial;
};

Status add_patrol_history(store::Tx& tx, const Timeline& timeline, const std::vector<PatrolHistory>& plans) {
  static constexpr const char* kCrew[] = {"张伟", "刘建军", "周小龙", "李卫东", "邓文斌", "陈国平"};
  static constexpr const char* kFine[] = {"水压正常，阀门井无渗漏", "水压正常，进水阀门完好", "与用户后勤核对用水，正常",
                                          "泵房运行正常，水压稳定"};
  constexpr const char* kInsert = "INSERT INTO patrols (customer_id, org_path, done_at, done_by, done_by_name, ok,"
                                  " pressure_m, findings, created_at) VALUES ";
  std::string sql;
  store::Params params;
  std::size_t pending = 0;
  auto flush = [&]() -> Status {
    if (pending == 0) return {};
    sql = kInsert;
    for (std::size_t i = 0; i < pending; ++i) sql += i ? ",(?,?,?,NULL,?,?,?,?,?)" : "(?,?,?,NULL,?,?,?,?,?)";
    LL_CHECK(tx.execute(sql, params));
    params.clear();
    pending = 0;
    return {};
  };
  std::size_t round = 0;
  for (const auto& plan : plans) {
    const auto interval = std::chrono::minutes(24 * 60 / plan.per_day);
    for (int day = 1; day <= timeline.today(); ++day) {
      for (int k = 0; k < plan.per_day; ++k) {
        const Instant at = timeline.at(day, 7, 30) + interval * k +
                           std::chrono::minutes(static_cast<int64_t>((plan.serial * 37 + static_cast<std::size_t>(day) * 11) % 90));
        if (at >= plan.until) break;
        ++round;
        const bool problem = round % 97 == 0;  // now and then a valve chamber to pump out
        const int64_t ms = to_millis(at);
        params.insert(params.end(),
                      {plan.customer_id, plan.org_path, ms, std::string(kCrew[(plan.serial + static_cast<std::size_t>(day)) % 6]),
                       problem ? 0 : 1, 24.0 + static_cast<double>((plan.serial * 7 + round) % 11),
                       std::string(problem ? "阀门井积水，已通知抢修队抽排" : kFine[round % 4]), ms});
        if (++pending == 100) LL_CHECK(flush());
      }
    }
  }
  return flush();
}

Status seed_assurance(Platform& p) {
  Runtime& rt = p.runtime();
  const Actor system = Actor::system("demo");
  constexpr const char* kNetwork = "长沙主城区供水管网（演示）";
  LL_TRY(auto found, rt.db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::optional<std::pair<int64_t, int64_t>>> {
    LL_TRY(auto org, org::repo::find_by_code(tx, "csws"));
    if (!org) return std::optional<std::pair<int64_t, int64_t>>();
    LL_TRY(auto network, network::repo::find_by_name(tx, org->id, kNetwork));
    if (!network) return std::optional<std::pair<int64_t, int64_t>>();
    LL_TRY(auto registered, tx.query_one("SELECT COUNT(*) FROM priority_customers WHERE network_id = ?", {*network}));
    if (registered && registered->integer(0) > 0) return std::optional<std::pair<int64_t, int64_t>>();
    return std::optional<std::pair<int64_t, int64_t>>(std::pair{org->id, *network});
  }));
  if (!found) return {};  // no demo network, or its register is there already
  const auto [utility, network_id] = *found;
  LL_TRY(auto current, p.networks().model(system, network_id));
  const net::Network& net = current.second->network();

  std::vector<CustomerFields> items;
  std::set<std::string> used;
  std::set<std::string> names;
  int serial = 0;
  int fever_clinics = 0;
  // The generated layer, named as Changsha knows it.
  for (const auto& c : current.second->segmented().customers()) {
    const std::string node = net.nodes[static_cast<std::size_t>(c.node)].id;
    const Known* known = nullptr;
    for (const auto& k : kKnown)
      if (c.name == k.generated) known = &k;
    CustomerFields f =
        known ? fields(utility, network_id, node, known->name, known->category, known->tier, known->address,
                       known->contact, known->phone, known->notes)
              : fields(utility, network_id, node, c.name, c.category, 2, "长沙市", std::string(kContacts[serial % 15]) + "主任",
                       phone(serial), "");
    ++serial;
    if (!names.insert(*f.name).second) continue;
    used.insert(node);
    fever_clinics += *f.category == "fever_clinic";
    items.push_back(std::move(f));
  }
  // The other fever clinics, spread over the city, up to 46.
  std::vector<std::string> clinics;
  for (const char* name : kFeverClinics)
    if (!names.count(name) && fever_clinics + static_cast<int>(clinics.size()) < 46) clinics.push_back(name);
  auto nodes = spread_junctions(net, clinics.size() + std::size(kOthers), used);
  std::size_t next = 0;
  for (const auto& name : clinics) {
    if (next >= nodes.size()) break;
    const std::string contact = std::string(kContacts[serial % 15]) + kTitles[serial % 4];
    items.push_back(fields(utility, network_id, nodes[next++], name, "fever_clinic", 1, "长沙市", contact, phone(serial), ""));
    names.insert(name);
    ++serial;
  }
  for (const auto& o : kOthers) {
    if (next >= nodes.size() || names.count(o.name)) continue;
    items.push_back(fields(utility, network_id, nodes[next++], o.name, o.category, o.tier, o.address, o.contact,
                           phone(serial++), o.notes));
  }
  LL_TRY(auto ids, p.assurance().customers.create_all(system, items));

  // Care plans, the patrols of the last day through the service (one clinic
  // overdue, one with low pressure), and the rounds of the days before.
  const Instant now = rt.clock.now();
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Timeline timeline(local, now);
  std::vector<PatrolHistory> history;
  const Actor crew = Actor::system("张伟");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto& f = items[i];
    const bool top = *f.category == "designated_hospital";
    const bool clinic = *f.category == "fever_clinic" || *f.category == "hospital";
    CarePlan plan;
    plan.patrols_per_day = top ? 3 : clinic ? 2 : 1;
    plan.pressure_check = top || clinic;
    plan.contact_on_call = std::optional<std::string>(top ? "管网抢修一队 张伟 13807310005" : "供水服务分公司值班室");
    plan.measures = top ? "双水源供水；抢修一队驻点24小时待命；进水阀门专人看护；每班测压"
                   : clinic ? "每日两次巡查，测压；周边管网停水作业须提前报告指挥部"
                            : "每日巡查一次";
    LL_CHECK(p.assurance().care.put_plan(system, ids[i], plan));
    const bool overdue = *f.name == "湖南省儿童医院发热门诊";
    const bool low = *f.name == "长沙市第三医院发热门诊";
    const auto interval = std::chrono::minutes(24 * 60 / plan.patrols_per_day);
    Instant first_recorded = now;
    for (int k = plan.patrols_per_day; k >= 1; --k) {
      NewPatrol patrol;
      // Rounds at different times, the last one at least half an hour inside its interval.
      const auto jitter = std::chrono::minutes(30) + std::chrono::minutes(static_cast<int64_t>(i * 37 % 180)) % (interval / 2);
      patrol.done_at = now - interval * k + jitter - (overdue ? std::chrono::hours(24) : std::chrono::hours(0));
      patrol.ok = true;
      patrol.pressure_m = std::optional<double>((low && k == 1) ? 14.5 : 26.0 + static_cast<double>((i * 7 + static_cast<std::size_t>(k)) % 9));
      patrol.findings = (low && k == 1) ? "末端压力偏低，已报调度中心" : "水压正常，阀门井无渗漏";
      first_recorded = std::min(first_recorded, *patrol.done_at);
      LL_CHECK(p.assurance().care.record(crew, ids[i], patrol));
    }
    history.push_back({ids[i], "", static_cast<int>(plan.patrols_per_day), first_recorded - interval / 2, i});
  }
  return rt.db.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    for (auto& h : history) {
      LL_TRY(auto row, tx.query_one("SELECT org_path FROM priority_customers WHERE id = ?", {h.customer_id}));
      if (!row) return Error::internal("a demo priority customer vanished");
      h.org_path = row->text(0);
    }
    return add_patrol_history(tx, timeline, history);
  });
}

}  // namespace lifeline::app::demo
