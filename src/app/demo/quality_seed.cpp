#include "app/demo/quality_seed.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/demo/timeline.h"
#include "app/network/repo.h"
#include "app/org/repo.h"
#include "app/quality/access.h"
#include "core/time.h"
#include "net/node_links.h"
#include "store/like.h"

namespace lifeline::app::demo {

namespace {

using quality::Indicator;
using store::Tx;
using store::TxMode;

constexpr const char* kNetwork = "长沙主城区供水管网（演示）";

class Draw {
 public:
  explicit Draw(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() % 1000000) / 1e6; }
  int between(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<uint64_t>(hi - lo + 1)); }

 private:
  uint64_t s_;
};

std::string fmt(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Roads of 长沙 for the network points' names.
constexpr const char* kRoads[] = {
    "五一大道", "芙蓉中路", "韶山北路", "劳动西路", "人民东路", "解放西路", "湘江中路", "岳麓大道", "万家丽路",
    "东二环",   "车站北路", "桐梓坡路", "麓山南路", "金星北路", "银盆岭",   "三一大道", "营盘路",   "黄兴中路",
    "书院路",   "曙光北路", "八一路",   "蔡锷北路", "中山路",   "坡子街",   "城南路",   "雨花亭",   "侯家塘",
    "东塘",     "袁家岭",   "马王堆",   "伍家岭",   "新河",     "四方坪",   "月湖",     "洪山路",   "湘雅路",
    "茶子山",   "望月湖",   "枫林路",   "岳华路"};
constexpr const char* kEstates[] = {"德政园小区", "望月湖小区", "左家塘小区", "砂子塘小区", "高桥小区", "马栏山小区",
                                    "洞井小区",   "圭塘小区",   "浏城桥小区", "清水塘小区", "金盆岭小区", "长岭小区",
                                    "桂花村小区", "湖南农大小区", "荷花园小区", "火星小区", "东风路小区", "新开铺小区",
                                    "伍家岭小区", "湘春小区"};

struct PlantDef {
  const char* code;
  const char* short_name;
  const char* source;
};
constexpr PlantDef kPlants[] = {{"cs-wp2", "第二水厂", "湘江（猴子石取水口）"},
                                {"cs-wp5", "第五水厂", "湘江（五水厂取水口）"},
                                {"cs-wp8", "第八水厂", "湘江（捞刀河口取水口）"}};

struct Person {
  int64_t id = 0;
  std::string username, name, role;
  int64_t org_id = 0;
  std::string org_name, org_path;
};

struct Lab {
  Person a, b, head;  // enters, checks, approves
};

struct Place {
  int64_t utility = 0, centre = 0, network = 0;
  std::string utility_path;
  std::map<std::string, int64_t> plants;
  bool seeded = false;
};

Actor actor_of(const Person& p) {
  Actor a;
  a.user_id = p.id;
  a.username = p.username;
  a.display_name = p.name;
  a.role = p.role;
  a.org_id = p.org_id;
  a.org_name = p.org_name;
  a.org_path = p.org_path;
  return a;
}

Result<Person> person(Platform& p, const std::string& username, const std::string& name, const std::string& role,
                      int64_t org, const std::string& password, const std::string& phone) {
  auto find = [&]() {
    return p.runtime().db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<Person>> {
      LL_TRY(auto r, tx.query_one("SELECT u.id, u.username, u.display_name, u.role, u.org_id, o.name, o.path FROM users u"
                                  " JOIN orgs o ON o.id = u.org_id WHERE u.username = ?",
                                  {username}));
      if (!r) return std::optional<Person>();
      return std::optional<Person>(
          Person{r->integer(0), r->text(1), r->text(2), r->text(3), r->integer(4), r->text(5), r->text(6)});
    });
  };
  LL_TRY(auto found, find());
  if (found) return *found;
  LL_CHECK(p.accounts().create_user(Actor::system("demo"), {username, name, role, org, password, phone}));
  LL_TRY(found, find());
  if (!found) return Error::internal("demo user " + username + " vanished");
  return *found;
}

// A plausible measured value for an indicator at a point (Changsha's Xiang
// River water, chlorinated with sodium hypochlorite). nullopt: not tested
// here (ozone and chlorine dioxide are not used).
std::optional<nlohmann::json> value_for(const std::string& code, const std::string& type, const std::string& name,
                                        Draw& d) {
  const bool raw = type == "raw", outlet = type == "outlet";
  const bool settled = type == "process" && name.find("沉淀") != std::string::npos;
  const bool process = type == "process";
  if (code == "turbidity")
    return fmt(raw ? d.uniform(8, 30) : settled ? d.uniform(1.2, 2.8) : process ? d.uniform(0.12, 0.35)
               : outlet ? d.uniform(0.10, 0.30) : d.uniform(0.15, 0.48), 2);
  if (code == "free_chlorine") {
    if (process) return fmt(settled ? d.uniform(1.0, 1.4) : d.uniform(0.9, 1.2), 2);
    if (outlet) return fmt(d.uniform(0.62, 0.95), 2);
    if (type == "network") return fmt(d.uniform(0.30, 0.62), 2);
    return fmt(d.uniform(0.14, 0.42), 2);
  }
  if (code == "ph") return fmt(raw ? d.uniform(7.3, 7.9) : d.uniform(7.1, 7.6), 2);
  if (code == "colour") return raw ? nlohmann::json(fmt(d.uniform(15, 30), 0)) : nlohmann::json("<5");
  if (code == "odour_taste") return raw ? "微弱土腥味" : "无";
  if (code == "visible_matter") return raw ? "少量悬浮物" : "无";
  if (code == "codmn") return fmt(raw ? d.uniform(2.0, 3.6) : outlet ? d.uniform(1.0, 1.8) : d.uniform(1.1, 1.9), 2);
  if (code == "ammonia_n") return raw ? nlohmann::json(fmt(d.uniform(0.08, 0.35), 2)) : nlohmann::json("<0.02");
  if (code == "hpc") return fmt(raw ? d.uniform(300, 3000) : outlet ? d.uniform(0, 5) : d.uniform(0, 15), 0);
  if (code == "total_coliforms") return raw ? nlohmann::json(fmt(d.uniform(200, 2400), 0)) : nlohmann::json("未检出");
  if (code == "e_coli") return raw ? nlohmann::json(fmt(d.uniform(20, 300), 0)) : nlohmann::json("未检出");
  if (code == "ozone" || code == "chlorine_dioxide" || code == "chlorite" || code == "chlorate" || code == "bromate")
    return std::nullopt;
  if (code == "total_chlorine") return fmt(d.uniform(0.9, 1.2), 2);
  if (code == "chloride") return fmt(d.uniform(20, 40), 1);
  if (code == "sulfate") return fmt(d.uniform(30, 60), 1);
  if (code == "tds") return fmt(d.uniform(120, 220), 0);
  if (code == "total_hardness") return fmt(d.uniform(60, 110), 0);
  if (code == "aluminium") return fmt(d.uniform(0.03, 0.09), 3);
  if (code == "fluoride") return fmt(d.uniform(0.2, 0.35), 2);
  if (code == "nitrate_n") return fmt(d.uniform(0.8, 1.8), 2);
  if (code == "chloroform") return fmt(d.uniform(0.008, 0.02), 4);
  if (code == "thms") return fmt(d.uniform(0.2, 0.4), 2);
  if (code == "gross_alpha") return fmt(d.uniform(0.02, 0.05), 3);
  if (code == "gross_beta") return fmt(d.uniform(0.05, 0.12), 3);
  const Indicator* ind = quality::find_indicator(code);
  if (!ind) return std::nullopt;
  if (ind->limit.kind == quality::LimitKind::not_detected || ind->limit.max == 0) return "未检出";
  char buf[64];
  std::snprintf(buf, sizeof buf, "<%.3g", ind->limit.max / 10);
  return std::string(buf);
}

Result<Place> place_of(Platform& p) {
  return p.runtime().db.transact(TxMode::read, [&](Tx& tx) -> Result<Place> {
    Place pl;
    LL_TRY(auto cs, org::repo::find_by_code(tx, "csws"));
    if (!cs) return Error::internal("the demo utility csws is missing");
    pl.utility = cs->id;
    pl.utility_path = cs->path;
    LL_TRY(auto centre, org::repo::find_by_code(tx, "cs-quality"));
    if (!centre) return Error::internal("the demo quality centre is missing");
    pl.centre = centre->id;
    for (const auto& plant : kPlants) {
      LL_TRY(auto o, org::repo::find_by_code(tx, plant.code));
      if (!o) return Error::internal(std::string("demo plant ") + plant.code + " is missing");
      pl.plants[plant.code] = o->id;
    }
    LL_TRY(auto net, network::repo::find_by_name(tx, pl.utility, kNetwork));
    if (!net) return Error::internal("the demo network is missing");
    pl.network = *net;
    LL_TRY(auto n, tx.query_one("SELECT COUNT(*) FROM quality_points WHERE utility_id = ?", {pl.utility}));
    pl.seeded = n && n->integer(0) > 0;
    return pl;
  });
}

// The sheets of one day's routine and raised tasks due by `now`, entered,
// checked and approved by the lab's three people (the last hours' still in review).
class History {
 public:
  History(Platform& p, const Place& place, std::map<int64_t, Lab> labs, const Timeline& tl)
      : p_(p), place_(place), labs_(std::move(labs)), tl_(tl), draw_(20200124) {}

  Status fill(int day, const std::set<int64_t>& skip_points) {
    const Instant now = tl_.now();
    const std::string date = tl_.date(day);
    LL_CHECK(p_.runtime().db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
      LL_TRY(auto tasks, quality::task_repo::select(
                             tx, "WHERE t.utility_id = ? AND t.day = ? AND t.state = 'open' AND t.kind IN ('routine',"
                                 " 'raised') AND t.due_at <= ? ORDER BY t.due_at, t.id",
                             {place_.utility, date, to_millis(now)}));
      for (const auto& t : tasks) {
        if (skip_points.count(t.point_id)) continue;
        LL_CHECK(sheet(tx, t, now));
      }
      return true;
    }));
    return {};
  }

 private:
  Result<quality::Applicable> limit(Tx& tx, const Indicator& ind, const std::string& type) {
    auto key = std::string(ind.code) + "@" + type;
    auto it = limits_.find(key);
    if (it != limits_.end()) return it->second;
    LL_TRY(auto a, quality::limit_at(tx, ind, place_.utility, place_.utility_path, type));
    limits_.emplace(key, a);
    return a;
  }

  Result<const quality::Point*> point(Tx& tx, int64_t id) {
    auto it = points_.find(id);
    if (it == points_.end()) {
      LL_TRY(auto p, quality::point_repo::find(tx, id));
      if (!p) return Error::internal("demo point vanished");
      it = points_.emplace(id, std::move(*p)).first;
    }
    return &it->second;
  }

  Status sheet(Tx& tx, const quality::Task& t, Instant now) {
    LL_TRY(const quality::Point* pt, point(tx, t.point_id));
    const int64_t lab_org = t.level == "centre" ? place_.centre : pt->plant_id.value_or(place_.centre);
    const Lab& lab = labs_.at(lab_org);
    const int window = t.kind == "raised" && t.level == "shift" ? 100 : 150;
    const Instant sampled = t.due_at - std::chrono::minutes(draw_.between(10, window));
    const Instant entered = sampled + std::chrono::minutes(draw_.between(20, 60));
    const Instant checked = entered + std::chrono::minutes(draw_.between(30, 90));
    const Instant approved = checked + std::chrono::minutes(draw_.between(30, 120));
    quality::Sample s;
    s.utility_id = pt->utility_id;
    s.org_path = pt->org_path;
    s.point_id = pt->id;
    s.point_type = pt->type;
    s.plant_id = pt->plant_id;
    s.day = tl_.local().date(sampled);
    s.fails = 0;
    std::vector<quality::ResultRow> rows;
    for (const auto& code : t.indicators) {
      auto value = value_for(code, pt->type, pt->name, draw_);
      if (!value) continue;
      const Indicator* ind = quality::find_indicator(code);
      auto measured = quality::parse_value(*ind, *value, "value");
      if (!measured) return measured.error();
      LL_TRY(auto a, limit(tx, *ind, pt->type));
      quality::ResultRow r;
      r.indicator = code;
      r.measured = *measured;
      r.unit = std::string(ind->unit);
      r.method = std::string(ind->method);
      r.judgement = quality::judge(*ind, a, *measured);
      r.limit_text = a.text;
      s.fails += r.judgement == "fail";
      s.warnings += r.judgement == "warning";
      rows.push_back(std::move(r));
    }
    if (rows.empty()) return {};
    const std::string state = approved <= now ? "approved" : checked <= now ? "checked" : "entered";
    const store::Value null;
    LL_TRY(int64_t id, tx.insert(
                           "INSERT INTO quality_samples (utility_id, org_path, lab_org_id, lab_org_path, point_id,"
                           " point_type, plant_id, task_id, level, sampled_at, day, sampler, source, instrument, note,"
                           " state, fails, warnings, entered_by, entered_by_name, entered_at, checked_by,"
                           " checked_by_name, checked_at, approved_by, approved_by_name, approved_at)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,'manual',?,'',?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                           {s.utility_id, s.org_path, lab_org, lab.a.org_path, s.point_id, s.point_type, s.plant_id,
                            t.id, t.level, to_millis(sampled), s.day, lab.a.name,
                            t.level == "shift" ? "在线浊度仪/余氯仪（现场比对）" : "实验室", state, s.fails, s.warnings,
                            lab.a.id, lab.a.name, to_millis(entered),
                            state != "entered" ? store::Value(lab.b.id) : null,
                            state != "entered" ? store::Value(lab.b.name) : null,
                            state != "entered" ? store::Value(to_millis(checked)) : null,
                            state == "approved" ? store::Value(lab.head.id) : null,
                            state == "approved" ? store::Value(lab.head.name) : null,
                            state == "approved" ? store::Value(to_millis(approved)) : null}));
    std::string sql = "INSERT INTO quality_results (sample_id, indicator, qualifier, value, detection_limit, text, unit,"
                      " method, judgement, limit_text) VALUES ";
    store::Params params;
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      sql += i ? ",(?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?)";
      params.insert(params.end(), {id, r.indicator, r.measured.qualifier, r.measured.value, r.measured.detection_limit,
                                   r.measured.text, r.unit, r.method, r.judgement, r.limit_text});
    }
    LL_CHECK(tx.execute(sql, params));
    LL_CHECK(tx.execute("UPDATE quality_tasks SET state = 'done', sample_id = ?, done_at = ? WHERE id = ?",
                        {id, to_millis(entered), t.id}));
    if (state == "approved") {
      s.results = std::move(rows);
      LL_CHECK(quality::add_to_rollup(tx, s));
    }
    return {};
  }

  Platform& p_;
  const Place& place_;
  std::map<int64_t, Lab> labs_;
  const Timeline& tl_;
  Draw draw_;
  std::map<std::string, quality::Applicable> limits_;
  std::map<int64_t, quality::Point> points_;
};

Status create_points(Platform& p, const Place& place, const Timeline&) {
  const Actor system = Actor::system("demo");
  auto& points = p.quality().points;
  auto model = p.networks().model(system, place.network);
  if (!model) return model.error();
  const auto& net = model->second->network();
  net::NodeLinks links(net);
  std::vector<net::Index> reservoirs, grid, leaves;
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    const auto& n = net.nodes[i];
    if (n.type == net::NodeType::reservoir) reservoirs.push_back(static_cast<net::Index>(i));
    if (n.type != net::NodeType::junction) continue;
    const auto degree = links.of(static_cast<net::Index>(i)).size();
    if (degree >= 3) grid.push_back(static_cast<net::Index>(i));
    if (degree == 1) leaves.push_back(static_cast<net::Index>(i));
  }
  auto add = [&](quality::PointFields f) -> Status {
    auto r = points.create(system, f);
    if (!r) return r.error();
    return {};
  };
  // The plants: raw water, two process stages (shift tests), the outlet on the plant's source node.
  for (size_t i = 0; i < std::size(kPlants); ++i) {
    const auto& def = kPlants[i];
    const int64_t plant = place.plants.at(def.code);
    const std::string prefix = std::string(def.code).substr(3);  // "wp2"
    std::optional<double> x, y;
    std::optional<std::string> node;
    if (i < reservoirs.size()) {
      node = net.nodes[static_cast<size_t>(reservoirs[i])].id;
      x = net.nodes[static_cast<size_t>(reservoirs[i])].coordinates.x;
      y = net.nodes[static_cast<size_t>(reservoirs[i])].coordinates.y;
    }
    struct Stage {
      const char* suffix;
      const char* type;
      std::string name;
      double dx;
    };
    const Stage stages[] = {{"-YS", "raw", std::string(def.short_name) + "原水（" + def.source + "）", -120},
                            {"-CD", "process", std::string(def.short_name) + "沉淀池出水", -80},
                            {"-LC", "process", std::string(def.short_name) + "滤池出水", -40},
                            {"-CC", "outlet", std::string(def.short_name) + "出厂水", 0}};
    for (const auto& s : stages) {
      quality::PointFields f;
      f.code = "WP" + prefix.substr(2) + s.suffix;
      f.name = s.name;
      f.type = s.type;
      f.plant_id = plant;
      f.address = std::string("长沙市") + def.short_name;
      if (std::string_view(s.type) == "outlet" && node) {
        f.network_id = place.network;
        f.node = node;
      } else if (x) {
        f.x = *x + s.dx;
        f.y = *y - 60;
      }
      LL_CHECK(add(f));
    }
  }
  // 80 network points: 60 on the grid, 20 network ends on dead-end branches; 6 secondary-supply pump rooms.
  auto spread = [](const std::vector<net::Index>& from, size_t n, size_t offset) {
    std::vector<net::Index> out;
    if (from.empty()) return out;
    const size_t step = std::max<size_t>(1, from.size() / n);
    for (size_t i = 0; out.size() < n && i < from.size(); ++i) out.push_back(from[(offset + i * step) % from.size()]);
    return out;
  };
  const auto grid_nodes = spread(grid, 60, 7);
  for (size_t i = 0; i < grid_nodes.size(); ++i) {
    quality::PointFields f;
    char code[32];
    std::snprintf(code, sizeof code, "GW-%02zu", i + 1);
    f.code = code;
    f.name = std::string(kRoads[i % std::size(kRoads)]) + (i >= std::size(kRoads) ? "二号" : "") + "管网点";
    f.type = "network";
    f.org_id = place.centre;
    f.network_id = place.network;
    f.node = net.nodes[static_cast<size_t>(grid_nodes[i])].id;
    f.address = std::string("长沙市") + kRoads[i % std::size(kRoads)];
    f.population = 20000;
    LL_CHECK(add(f));
  }
  const auto end_nodes = spread(leaves, 26, 3);
  for (size_t i = 0; i < end_nodes.size(); ++i) {
    const bool secondary = i >= 20;
    quality::PointFields f;
    char code[32];
    std::snprintf(code, sizeof code, secondary ? "ECGS-%02zu" : "MS-%02zu", secondary ? i - 19 : i + 1);
    f.code = code;
    const char* estate = kEstates[i % std::size(kEstates)];
    f.name = secondary ? std::string(estate) + "二次供水泵房" : std::string(estate) + "末梢水";
    f.type = secondary ? "secondary" : "network_end";
    f.org_id = place.centre;
    f.network_id = place.network;
    f.node = net.nodes[static_cast<size_t>(end_nodes[i])].id;
    f.address = std::string("长沙市") + estate;
    LL_CHECK(add(f));
  }
  // The hospitals and the 46 fever clinics of the register.
  LL_TRY(auto customers, p.runtime().db.transact(TxMode::read, [&](Tx& tx) {
    return tx.query("SELECT id, name, category FROM priority_customers WHERE org_path LIKE ? ESCAPE '\\' AND active = 1"
                    " AND network_id IS NOT NULL AND category IN ('designated_hospital', 'hospital', 'fever_clinic')"
                    " ORDER BY tier, id",
                    {store::like_prefix(place.utility_path)});
  }));
  int hospital = 0, clinic = 0;
  for (const auto& c : customers) {
    const bool fever = c.text(2) == "fever_clinic";
    quality::PointFields f;
    char code[32];
    std::snprintf(code, sizeof code, fever ? "FR-%02d" : "YY-%02d", fever ? ++clinic : ++hospital);
    f.code = code;
    f.name = c.text(1) + "供水点";
    f.type = "customer";
    f.org_id = place.centre;
    f.customer_id = c.integer(0);
    LL_CHECK(add(f));
  }
  return {};
}

// Day 9: residual chlorine 0.02 mg/L at a network end, through the services at the timeline's hours.
class Story {
 public:
  Story(Platform& p, const Timeline& tl, const Lab& centre, int64_t point)
      : p_(p), tl_(tl), centre_(centre), point_(point), clock_(tl.now()),
        rt_{p.runtime().db, clock_, p.runtime().events, p.runtime().config},
        module_(rt_, p.networks(), p.repair()) {}

  Status day9() {
    // The routine daily sample of the raised plan: chlorine has decayed at the end of the line.
    LL_TRY(auto routine, task_at(9, "raised"));
    LL_TRY(int64_t failed, sheet(9, 10, 40, routine, {{"turbidity", "0.32"}, {"free_chlorine", "0.02"}, {"hpc", "8"},
                                                      {"total_coliforms", "未检出"}}));
    LL_CHECK(review(failed, 9, 11, 50));
    LL_TRY(auto cases, p_.runtime().db.transact(TxMode::read, [&](Tx& tx) {
      return tx.query_one("SELECT id FROM quality_exceedances WHERE sample_id = ?", {failed});
    }));
    if (!cases) return Error::internal("the demo exceedance did not open");
    case_ = cases->integer(0);
    // Flushed at the end of the line; the retests at the point and its neighbours pass.
    LL_TRY(auto retests, p_.runtime().db.transact(TxMode::read, [&](Tx& tx) {
      return quality::task_repo::select(tx, "WHERE t.exceedance_id = ? AND t.state = 'open' ORDER BY t.id", {case_});
    }));
    const char* values[] = {"0.12", "0.21", "0.26", "0.18"};
    size_t i = 0;
    for (const auto& t : retests) {
      LL_TRY(int64_t id, sheet_at(t.point_id, 9, 15, 0 + static_cast<int>(i) * 5, t.id,
                                  {{"free_chlorine", values[i % 4]}}));
      LL_CHECK(review(id, 9, 16, 10 + static_cast<int>(i) * 3));
      ++i;
    }
    return {};
  }

  Status day10() {
    LL_TRY(auto retest, task_key("x" + std::to_string(case_) + ":" + tl_.date(10)));
    LL_TRY(int64_t a, sheet(10, 9, 20, retest, {{"free_chlorine", "0.15"}, {"turbidity", "0.28"}}));
    LL_CHECK(review(a, 10, 10, 30));
    LL_TRY(auto routine, task_at(10, "raised"));
    LL_TRY(int64_t b, sheet(10, 10, 30, routine, {{"turbidity", "0.26"}, {"free_chlorine", "0.17"}, {"hpc", "5"},
                                                  {"total_coliforms", "未检出"}}));
    LL_CHECK(review(b, 10, 13, 0));
    clock_.set(tl_.at(10, 17, 0));
    auto done = module_.exceedances.set_cause(
        actor_of(centre_.head), case_,
        "该末梢位于德政园片区支管末端，春节期间片区用水量骤减，管网水龄延长至约60小时，夜间余氯衰减至检出限附近。",
        "1. 当日对该支管末端及相邻两处消火栓排放冲洗共约40立方米；2. 第五水厂出厂余氯由0.65提高至0.80 mg/L；"
        "3. 该片区末梢纳入每日余氯巡检，直至连续三次合格并恢复常规频次。");
    if (!done) return done.error();
    return {};
  }

 private:
  Result<int64_t> task_at(int day, const std::string& kind) {
    LL_TRY(auto t, p_.runtime().db.transact(TxMode::read, [&](Tx& tx) {
      return quality::task_repo::select(tx, "WHERE t.point_id = ? AND t.day = ? AND t.kind = ? AND t.state = 'open'",
                                        {point_, tl_.date(day), kind});
    }));
    if (t.empty()) return Error::internal("the demo end point has no open task on day " + std::to_string(day));
    return t[0].id;
  }
  Result<int64_t> task_key(const std::string& key) {
    LL_TRY(auto t, p_.runtime().db.transact(TxMode::read, [&](Tx& tx) {
      return quality::task_repo::select(tx, "WHERE t.task_key = ?", {key});
    }));
    if (t.empty()) return Error::internal("no demo task " + key);
    return t[0].id;
  }
  Result<int64_t> sheet(int day, int hour, int minute, int64_t task,
                        const std::vector<std::pair<std::string, std::string>>& values) {
    return sheet_at(point_, day, hour, minute, task, values);
  }
  Result<int64_t> sheet_at(int64_t point, int day, int hour, int minute, int64_t task,
                           const std::vector<std::pair<std::string, std::string>>& values) {
    quality::NewSample s;
    s.point_id = point;
    s.task_id = task;
    s.level = "centre";
    s.sampled_at = tl_.at(day, hour, minute);
    s.sampler = "陈静、周涛";
    s.instrument = "HACH DR300 便携式余氯仪（现场）/ 实验室";
    for (const auto& [code, v] : values) s.results.push_back({code, v, std::nullopt, std::nullopt});
    clock_.set(tl_.at(day, hour, minute) + std::chrono::minutes(25));
    LL_TRY(auto a, module_.samples.enter(actor_of(centre_.a), s, std::nullopt,
                                         [](const quality::Sample& x) { return nlohmann::json{{"id", x.id}}; }));
    return nlohmann::json::parse(a.body).value("id", int64_t{0});
  }
  Status review(int64_t id, int day, int hour, int minute) {
    clock_.set(tl_.at(day, hour, minute) - std::chrono::minutes(20));
    LL_TRY(auto c, module_.samples.review(actor_of(centre_.b), id, {"check", std::nullopt}));
    clock_.set(tl_.at(day, hour, minute));
    LL_TRY(auto a, module_.samples.review(actor_of(centre_.head), id, {"approve", std::nullopt}));
    (void)c;
    (void)a;
    return {};
  }

  Platform& p_;
  const Timeline& tl_;
  const Lab& centre_;
  int64_t point_;
  ManualClock clock_;
  Runtime rt_;
  quality::Module module_;
  int64_t case_ = 0;
};

}  // namespace

Status seed_quality(Platform& p, const std::string& password) {
  LL_TRY(auto place, place_of(p));
  if (place.seeded) return {};
  Runtime& rt = p.runtime();
  const LocalTime local = quality::local_time(rt);
  const Timeline tl(local, rt.clock.now());
  const Actor system = Actor::system("demo");

  // The three levels' people: two analysts and the head of each lab.
  std::map<int64_t, Lab> labs;
  {
    Lab centre;
    LL_TRY(centre.a, person(p, "cs_lab", "陈静", "lab_analyst", place.centre, password, "13807310007"));
    LL_TRY(centre.b, person(p, "cs_lab2", "周涛", "lab_analyst", place.centre, password, "13807310011"));
    LL_TRY(centre.head, person(p, "cs_quality", "罗建华", "quality_manager", place.centre, password, "13807310012"));
    labs[place.centre] = centre;
    const char* names[][3] = {{"唐丽", "蒋波", "彭志红"}, {"曾敏", "邓凯", "谭建军"}, {"龙霞", "易峰", "贺文斌"}};
    for (size_t i = 0; i < std::size(kPlants); ++i) {
      const std::string prefix = std::string("cs_") + std::string(kPlants[i].code).substr(3);
      const int64_t org = place.plants.at(kPlants[i].code);
      Lab lab;
      LL_TRY(lab.a, person(p, prefix + "_lab1", names[i][0], "lab_analyst", org, password, "1380731010" + std::to_string(i)));
      LL_TRY(lab.b, person(p, prefix + "_lab2", names[i][1], "lab_analyst", org, password, "1380731011" + std::to_string(i)));
      LL_TRY(lab.head, person(p, prefix + "_head", names[i][2], "quality_manager", org, password,
                              "1380731012" + std::to_string(i)));
      labs[org] = lab;
    }
  }

  auto& q = p.quality();
  {
    auto pop = q.plans.set_population(system, place.utility, 1600000);
    if (!pop) return pop.error();
    quality::InternalLimit turbidity{"turbidity", "outlet", std::nullopt, 0.5, "内控：出厂水浑浊度不大于0.5 NTU", "", {}};
    auto set = q.limits.set(system, place.utility, turbidity);
    if (!set) return set.error();
    auto plans = q.plans.install_defaults(system, place.utility);
    if (!plans) return plans.error();
  }
  LL_CHECK(create_points(p, place, tl));

  // The regime's history: normal before the response, raised from its day 0 on.
  LL_CHECK(rt.db.transact(TxMode::write, [&](Tx& tx) -> Result<bool> {
    LL_TRY(auto e, tx.query_one("SELECT MIN(id) FROM emergencies WHERE level = 'I'"));
    for (int day = -6; day <= 0; ++day)
      LL_CHECK(tx.execute("INSERT INTO quality_regime_days (utility_id, day, regime, emergency_id, level, decided_at)"
                          " VALUES (?,?,?,?,?,?) ON CONFLICT (utility_id, day) DO NOTHING",
                          {place.utility, tl.date(day), day < 0 ? "normal" : "raised",
                           day < 0 || !e ? store::Value() : store::Value(e->integer(0)),
                           day < 0 ? store::Value() : store::Value("I"), to_millis(tl.at(day, 0, 5))}));
    return true;
  }));

  // The network end of the story: the first one (MS-01).
  LL_TRY(auto story_point, rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto r, tx.query_one("SELECT id FROM quality_points WHERE utility_id = ? AND code = 'MS-01'", {place.utility}));
    if (!r) return Error::internal("the demo network end MS-01 is missing");
    return r->integer(0);
  }));
  History history(p, place, labs, tl);
  Story story(p, tl, labs.at(place.centre), story_point);
  for (int day = 1; day <= tl.today(); ++day) {
    LL_TRY(auto g, q.tasks.generate_for(place.utility, tl.date(day), local.start_of(tl.date(day))));
    (void)g;
    const bool story_day = day == 9 || day == 10;
    LL_CHECK(history.fill(day, story_day ? std::set<int64_t>{story_point} : std::set<int64_t>{}));
    if (day == 9) LL_CHECK(story.day9());
    if (day == 10) LL_CHECK(story.day10());
  }
  LL_TRY(auto flagged, q.tasks.flag_overdue(rt.clock.now()));
  (void)flagged;
  return {};
}

}  // namespace lifeline::app::demo
