#include "net/city_generator.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <string>

namespace lifeline::net {
namespace {

constexpr double kBlock = 150.0;       // m between grid junctions
constexpr double kPressure = 28.0;     // m, minimum service pressure at a zone's highest junction
constexpr double kPeopleDensity = 0.003;  // persons per m² of block (3 000 per km²): mains sized for it
constexpr double kPlantPeakFlow = 1.0;    // m³/s a treatment plant delivers at peak hour
constexpr double kPeakFactor = 1.6;       // peak hour / average day (the diurnal patterns peak at 1.6)

const char* const kHospitals[] = {"市第一人民医院北院", "市中心医院",   "湘雅附属医院", "市第二人民医院",
                                  "市第三人民医院",     "市妇幼保健院", "市儿童医院",   "市中医医院",
                                  "市传染病医院",       "市肺科医院",   "市第四人民医院", "市第五人民医院"};
const char* const kFeverClinics[] = {"市第一人民医院发热门诊", "市中心医院发热门诊", "芙蓉区发热门诊",
                                     "天心区发热门诊",         "岳麓区发热门诊",     "开福区发热门诊",
                                     "雨花区发热门诊",         "望城区发热门诊"};
const char* const kCdc[] = {"市疾控中心", "芙蓉区疾控中心", "岳麓区疾控中心", "雨花区疾控中心"};
const char* const kTelecom[] = {"中国电信数据中心", "中国移动枢纽楼", "中国联通通信枢纽"};
const char* const kCommand[] = {"市疫情防控指挥部", "市应急管理局指挥中心", "市供水调度中心"};

class CityBuilder {
 public:
  explicit CityBuilder(const CityOptions& o) : target_(std::max<std::int64_t>(o.links, 60)), rng_(o.seed) {}

  City build() {
    layout();
    patterns();
    grid();
    plants();
    tanks();
    customers();
    branches();
    city_.network.options.flow_units = FlowUnits::lps;
    city_.network.options.pressure_units = PressureUnits::meters;
    city_.network.options.headloss = HeadlossFormula::hazen_williams;
    city_.network.times.duration = 24 * 3600;
    city_.network.title = {"lifeline synthetic city", "links " + std::to_string(target_) + ", population " +
                                                          std::to_string(city_.population)};
    return std::move(city_);
  }

 private:
  std::int64_t target_;
  std::mt19937_64 rng_;
  City city_;
  int rows_ = 0, cols_ = 0, zones_ = 0;
  double drop_ = 0;  // m the ground falls from west to east
  std::vector<double> zone_head_;  // m, hydraulic grade each zone is run at
  std::vector<Index> grid_node_;   // rows_ x cols_
  Index residential_ = kNone, commercial_ = kNone, flat_ = kNone;

  double uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(std::max(n, 1))); }
  Network& net() { return city_.network; }

  static std::string name(const char* prefix, std::size_t i) {
    std::string s(prefix);
    s += std::to_string(i);
    return s;
  }
  double ground(double x, double y) const {
    const double width = cols_ * kBlock;
    return 12.0 + drop_ * (1.0 - x / width) + 3.0 * std::sin(y / 700.0) + 2.0 * std::sin(x / 900.0 + y / 1300.0);
  }
  int zone_of_col(int c) const { return std::min(zones_ - 1, c * zones_ / cols_); }
  Index at(int r, int c) const { return grid_node_[static_cast<std::size_t>(r * cols_ + c)]; }

  void layout() {
    // Grid streets take about three quarters of the links; 2 R C ~ 0.75 L.
    double cells = 0.375 * static_cast<double>(target_);
    cols_ = std::max(4, static_cast<int>(std::sqrt(cells * 1.5)));
    rows_ = std::max(3, static_cast<int>(cells / cols_));
    // A gentle fall (4 m/km, at most 60 m) split into zones of about 10 m each.
    drop_ = std::min(60.0, 4.0 * cols_ * kBlock / 1000.0);
    zones_ = std::clamp(static_cast<int>(drop_ / 10.0), 2, 8);
    zone_head_.assign(static_cast<std::size_t>(zones_), 0.0);
    for (int c = 0; c < cols_; ++c) {
      auto& head = zone_head_[static_cast<std::size_t>(zone_of_col(c))];
      for (int r = 0; r < rows_; ++r) head = std::max(head, ground(c * kBlock, r * kBlock) + 2.0 + kPressure);
    }
  }

  void patterns() {
    const double res[24] = {0.45, 0.35, 0.3, 0.3, 0.4, 0.7, 1.25, 1.6, 1.45, 1.2, 1.1, 1.15,
                            1.2,  1.05, 0.95, 0.95, 1.05, 1.3, 1.55, 1.5, 1.3, 1.05, 0.8, 0.6};
    const double com[24] = {0.3, 0.25, 0.25, 0.25, 0.3, 0.45, 0.8, 1.2, 1.5, 1.6, 1.6, 1.55,
                            1.4, 1.5,  1.55, 1.5,  1.4, 1.2,  0.9, 0.7, 0.55, 0.45, 0.4, 0.35};
    residential_ = net().add_pattern(Pattern{"RES", {res, res + 24}});
    commercial_ = net().add_pattern(Pattern{"COM", {com, com + 24}});
    flat_ = net().add_pattern(Pattern{"FLAT", std::vector<double>(24, 1.0)});
  }

  Index junction(const std::string& id, double x, double y, double people) {
    Node n;
    n.id = id;
    n.elevation = ground(x, y);
    n.has_coordinates = true;
    n.coordinates = {x, y};
    if (people > 0) {
      n.demands.push_back(Demand{people * kLitresPerPersonDay * 1e-3 / 86400.0, uniform() < 0.7 ? residential_ : commercial_, {}});
      city_.population += static_cast<std::int64_t>(people);
    } else {
      n.demands.push_back(Demand{0.0, kNone, {}});
    }
    return net().add_node(std::move(n));
  }

  Index pipe(Index a, Index b, double diameter_mm) {
    const Node &na = net().nodes[static_cast<std::size_t>(a)], &nb = net().nodes[static_cast<std::size_t>(b)];
    Link l;
    l.id = name("P", net().links.size());
    l.from = a;
    l.to = b;
    l.length = std::max(5.0, std::round(1.05 * std::hypot(na.coordinates.x - nb.coordinates.x, na.coordinates.y - nb.coordinates.y)));
    l.diameter = diameter_mm * 1e-3;
    l.roughness = diameter_mm >= 600 ? 130 : 100 + 10 * below(4);
    return net().add_link(std::move(l));
  }

  void valve(Index link, Index node) {
    auto& v = city_.valves.valves;
    v.push_back(IsolationValve{name("V", v.size()), link, node, true});
  }

  double street_diameter(int index) const { return index % 8 == 0 ? (index % 24 == 0 ? 800 : 600) : 300; }

  void grid() {
    grid_node_.resize(static_cast<std::size_t>(rows_ * cols_));
    const double people = kBlock * kBlock * kPeopleDensity;
    for (int r = 0; r < rows_; ++r) {
      for (int c = 0; c < cols_; ++c) {
        double x = c * kBlock + (uniform() - 0.5) * 40, y = r * kBlock + (uniform() - 0.5) * 40;
        grid_node_[static_cast<std::size_t>(r * cols_ + c)] =
            junction(name("J", static_cast<std::size_t>(r)) + "_" + std::to_string(c), x, y, people * (0.6 + 0.8 * uniform()));
      }
    }
    std::vector<std::vector<Index>> incident(grid_node_.size());
    auto note = [&](Index link, int r, int c) { incident[static_cast<std::size_t>(r * cols_ + c)].push_back(link); };
    for (int r = 0; r < rows_; ++r) {
      for (int c = 0; c + 1 < cols_; ++c) {
        bool boundary = zone_of_col(c) != zone_of_col(c + 1);
        if (boundary && r % 4 != 2) continue;  // zones meet only through PRVs
        Index l = boundary ? prv(at(r, c), at(r, c + 1), zone_of_col(c + 1)) : pipe(at(r, c), at(r, c + 1), street_diameter(r));
        if (boundary) {
          valve(l, at(r, c));
          valve(l, at(r, c + 1));
          continue;
        }
        note(l, r, c);
        note(l, r, c + 1);
      }
    }
    for (int c = 0; c < cols_; ++c) {
      for (int r = 0; r + 1 < rows_; ++r) {
        Index l = pipe(at(r, c), at(r + 1, c), street_diameter(c));
        note(l, r, c);
        note(l, r + 1, c);
      }
    }
    // N-1 at most junctions: every street but one gets a valve at the crossing.
    for (std::size_t g = 0; g < incident.size(); ++g) {
      auto& links = incident[g];
      if (links.size() < 2 || uniform() < 0.2) continue;
      std::size_t keep = static_cast<std::size_t>(below(static_cast<int>(links.size())));
      for (std::size_t i = 0; i < links.size(); ++i) {
        if (i != keep) valve(links[i], grid_node_[g]);
      }
    }
  }

  Index prv(Index from, Index to, int downstream_zone) {
    Link l;
    l.id = name("PRV", net().links.size());
    l.type = LinkType::prv;
    l.from = from;
    l.to = to;
    l.diameter = 0.3;
    l.status = LinkStatus::active;
    // Set below the zone's own grade line: the PRV backs the zone up rather than feeding it daily.
    l.setting = zone_head_[static_cast<std::size_t>(downstream_zone)] - 8.0 - net().nodes[static_cast<std::size_t>(to)].elevation;
    return net().add_link(std::move(l));
  }

  // Plants sit on trunk-main crossings spread over each zone, one per
  // kPlantPeakFlow of the zone's peak demand.
  void plants() {
    double zone_demand[8] = {};
    for (int r = 0; r < rows_; ++r) {
      for (int c = 0; c < cols_; ++c) zone_demand[zone_of_col(c)] += net().nodes[static_cast<std::size_t>(at(r, c))].demands[0].base;
    }
    std::size_t p = 0;
    for (int zone = 0; zone < zones_; ++zone) {
      const int count = std::max(1, static_cast<int>(std::ceil(kPeakFactor * zone_demand[zone] / kPlantPeakFlow)));
      const int c0 = zone * cols_ / zones_, c1 = std::max(c0 + 1, (zone + 1) * cols_ / zones_);
      const int across = std::max(1, static_cast<int>(std::round(std::sqrt(count * (c1 - c0) / static_cast<double>(rows_)))));
      const int down = (count + across - 1) / across;
      for (int k = 0; k < count; ++k, ++p) {
        int c = c0 + (2 * (k % across) + 1) * (c1 - c0) / (2 * across);
        int r = (2 * (k / across) + 1) * rows_ / (2 * down);
        c = std::clamp(c / 8 * 8 >= c0 ? c / 8 * 8 : c, c0, c1 - 1);  // prefer a trunk main
        r = std::clamp(r / 8 * 8, 0, rows_ - 1);
        add_plant(p, at(r, c), zone, kPeakFactor * zone_demand[zone] / count);
      }
    }
  }

  void add_plant(std::size_t p, Index feed, int zone, double design_flow) {
    const Node& f = net().nodes[static_cast<std::size_t>(feed)];
    double x = f.coordinates.x + 0.4 * kBlock, y = f.coordinates.y + 0.45 * kBlock;
    double level = ground(x, y) + 2.0;
    Node res;
    res.id = name("R", p);
    res.type = NodeType::reservoir;
    res.elevation = level;
    res.has_coordinates = true;
    res.coordinates = {x + 60, y + 60};
    Index reservoir = net().add_node(std::move(res));
    Index outlet = junction(name("W", p), x, y, 0);
    // Three-point curve: shut-off 10 % above the duty head, falling to 70 % at twice the duty flow.
    double head = zone_head_[static_cast<std::size_t>(zone)] + 6.0 - level;
    Index curve = net().add_curve(
        Curve{name("PC", p), CurveType::pump, {{0.0, 1.1 * head}, {design_flow, head}, {2.0 * design_flow, 0.7 * head}}});
    for (int k = 0; k < 2; ++k) {  // duty and standby
      Link pump;
      pump.id = name(k == 0 ? "PU" : "PS", p);
      pump.type = LinkType::pump;
      pump.from = reservoir;
      pump.to = outlet;
      pump.curve = curve;
      pump.setting = 1.0;
      pump.status = k == 0 ? LinkStatus::open : LinkStatus::closed;
      Index l = net().add_link(std::move(pump));
      valve(l, reservoir);
      valve(l, outlet);
    }
    Index main = pipe(outlet, feed, 1000);
    valve(main, feed);
  }

  void tanks() {
    const int count = std::max(1, static_cast<int>(target_ / 25000));
    for (int t = 0; t < count; ++t) {
      int r = below(rows_), c = below(cols_);
      Index at_node = at(r, c);
      const Node& g = net().nodes[static_cast<std::size_t>(at_node)];
      Node n;
      n.id = name("T", static_cast<std::size_t>(t));
      n.elevation = zone_head_[static_cast<std::size_t>(zone_of_col(c))] - 4.0;
      n.has_coordinates = true;
      n.coordinates = {g.coordinates.x + 50, g.coordinates.y - 50};
      Tank tank;
      tank.initial_level = 3.0;
      tank.min_level = 0.5;
      tank.max_level = 6.0;
      tank.diameter = 25.0;
      Index tank_node = net().add_tank(std::move(n), tank);
      Index l = pipe(tank_node, at_node, 400);
      valve(l, at_node);
    }
  }

  void customers() {
    struct Kind {
      const char* category;
      std::span<const char* const> names;
      double litres_per_second;  // typical consumption
    };
    const Kind kinds[] = {{"hospital", kHospitals, 6.0},       {"fever_clinic", kFeverClinics, 1.0},
                          {"cdc", kCdc, 0.8},                   {"telecom", kTelecom, 1.5},
                          {"emergency_command", kCommand, 0.5}};
    const int mix[10] = {0, 1, 2, 3, 4, 0, 1, 0, 1, 0};  // per ten: four hospitals, three clinics, one of each other
    int used[5] = {};
    const int count = std::clamp(static_cast<int>(target_ / 2500), 10, 400);
    std::vector<bool> taken(grid_node_.size(), false);
    for (int k = 0; k < count; ++k) {
      auto cell = static_cast<std::size_t>(below(rows_ * cols_));
      for (int attempt = 0; attempt < 20 && taken[cell]; ++attempt) cell = static_cast<std::size_t>(below(rows_ * cols_));
      if (taken[cell]) continue;
      taken[cell] = true;
      const Kind& kind = kinds[mix[k % 10]];
      int n = used[mix[k % 10]]++;
      std::string label = kind.names[static_cast<std::size_t>(n) % kind.names.size()];
      if (static_cast<std::size_t>(n) >= kind.names.size()) {  // names repeat: number the campuses
        label += "（";
        label += std::to_string(static_cast<std::size_t>(n) / kind.names.size() + 1);
        label += "号院区）";
      }
      Node& node = net().nodes[grid_node_[cell]];
      node.demands.push_back(Demand{kind.litres_per_second * (0.7 + 0.6 * uniform()) * 1e-3, flat_, kind.category});
      node.tag = label;
      city_.customers.push_back(PriorityCustomer{grid_node_[cell], label, kind.category});
    }
  }

  void branches() {
    std::size_t next = 0;
    while (static_cast<std::int64_t>(net().links.size()) < target_) {
      Index root = at(below(rows_), below(cols_));
      const Node& g = net().nodes[static_cast<std::size_t>(root)];
      double angle = uniform() * 6.283185307179586;
      double x = g.coordinates.x, y = g.coordinates.y;
      int length = 1 + below(3);
      Index prev = root;
      for (int k = 0; k < length && static_cast<std::int64_t>(net().links.size()) < target_; ++k) {
        double step = 60 + 60 * uniform();
        x += step * std::cos(angle);
        y += step * std::sin(angle);
        Index b = junction(name("B", next++), x, y, 40 + 120 * uniform());
        Index l = pipe(prev, b, k == 0 ? 150 : 100);
        if (k == 0) valve(l, root);
        prev = b;
      }
    }
  }
};

}  // namespace

City generate_city(const CityOptions& options) { return CityBuilder(options).build(); }

}  // namespace lifeline::net
