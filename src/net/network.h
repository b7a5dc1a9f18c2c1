// The water network model: an EPANET 2.2 network held in compact,
// index-based storage. Nodes and links live in vectors and refer to each
// other by index; ids map to indices through hash maps, so a model of a
// million links costs a few hundred bytes per element and look-ups are O(1).
//
// Units: every physical member is SI (m, m³/s, m head, m³, W, s) whatever the
// file used; Options remembers the file's units so the writer converts back.
// Sections the engines do not interpret (energy, quality, reactions, report,
// labels, backdrop, ...) are kept as raw text and written back unchanged.
//
// Thread safety: a Network is a plain value; concurrent reads are safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/id_index.h"
#include "net/units.h"

namespace lifeline::net {

using Index = std::int32_t;  // index into Network::nodes/links/patterns/curves
inline constexpr Index kNone = -1;

struct Point {
  double x = 0;  // map units of the file's own (unknown) CRS
  double y = 0;
  bool operator==(const Point&) const = default;
};

enum class NodeType : std::uint8_t { junction, reservoir, tank };
enum class LinkType : std::uint8_t { pipe, pump, prv, psv, pbv, fcv, tcv, gpv, pcv };
enum class LinkStatus : std::uint8_t {
  open,    // pipes and pumps default; a valve fixed open
  closed,  // closed in the file (pipe status, [STATUS] CLOSED)
  active,  // a valve regulating at its setting (the default for valves)
};

const char* to_string(NodeType type);
const char* to_string(LinkType type);
bool is_valve(LinkType type);

struct Demand {
  double base = 0;            // m³/s
  Index pattern = kNone;      // kNone: the default pattern
  std::string category;       // [DEMANDS] category name, may be empty
  bool operator==(const Demand&) const = default;
};

struct Node {
  std::string id;
  NodeType type = NodeType::junction;
  double elevation = 0;       // m; for a reservoir its total head, m
  std::vector<Demand> demands;  // junctions only; several categories allowed
  Index pattern = kNone;      // reservoir head pattern
  double emitter = 0;         // emitter coefficient, m³/s per m^emitter_exponent
  Index tank = kNone;         // index into Network::tanks for a tank
  std::string tag;
  bool has_coordinates = false;
  Point coordinates;
};

struct Tank {
  Index node = kNone;
  double initial_level = 0;   // m above elevation
  double min_level = 0;       // m
  double max_level = 0;       // m
  double diameter = 0;        // m
  double min_volume = 0;      // m³
  Index volume_curve = kNone;
  bool can_overflow = false;  // EPANET 2.2 Overflow flag
  bool operator==(const Tank&) const = default;
};

struct Link {
  std::string id;
  LinkType type = LinkType::pipe;
  Index from = kNone;         // start node (Node1)
  Index to = kNone;           // end node (Node2)
  double length = 0;          // m (pipes)
  double diameter = 0;        // m (pipes, valves)
  double roughness = 0;       // H-W C or C-M n (unitless), D-W roughness in m
  double minor_loss = 0;      // unitless coefficient
  bool check_valve = false;   // pipe with a check valve (status CV)
  LinkStatus status = LinkStatus::open;
  double setting = 0;         // valves: PRV/PSV/PBV m head, FCV m³/s, TCV/PCV unitless; pumps: relative speed
  Index curve = kNone;        // pump head curve, GPV headloss curve, PCV valve curve
  double power = 0;           // constant-power pump, W (0: uses a head curve)
  Index pattern = kNone;      // pump speed pattern
  std::string tag;
  std::vector<Point> vertices;
};

struct Pattern {
  std::string id;
  std::vector<double> factors;  // unitless multipliers
  bool operator==(const Pattern&) const = default;
};

// What a curve's x and y mean follows from where it is used; it decides the
// unit conversion. Curves used nowhere are kept in file units (generic).
enum class CurveType : std::uint8_t { generic, pump, efficiency, volume, headloss, valve };

struct Curve {
  std::string id;
  CurveType type = CurveType::generic;
  std::vector<std::pair<double, double>> points;  // pump: (m³/s, m); efficiency: (m³/s, %);
                                                  // volume: (m, m³); headloss: (m³/s, m); valve: (%, %)
  bool operator==(const Curve&) const = default;
};

// A simple control from [CONTROLS].
struct Control {
  enum class Action : std::uint8_t { open, closed, setting };
  enum class Condition : std::uint8_t { at_time, at_clocktime, node_above, node_below };
  Index link = kNone;
  Action action = Action::open;
  double setting = 0;         // SI, as Link::setting
  Condition condition = Condition::at_time;
  Index node = kNone;         // for node_above/node_below
  double value = 0;           // s for times; tank level m or junction pressure m head
  bool operator==(const Control&) const = default;
};

// A [RULES] rule kept as text: its name and its lines, not simulated here.
struct Rule {
  std::string name;
  std::vector<std::string> lines;  // "IF ...", "AND ...", "THEN ...", "PRIORITY n"
  bool operator==(const Rule&) const = default;
};

struct Options {
  FlowUnits flow_units = FlowUnits::gpm;
  PressureUnits pressure_units = PressureUnits::psi;
  HeadlossFormula headloss = HeadlossFormula::hazen_williams;
  Index default_pattern = kNone;  // PATTERN option; kNone: EPANET falls back to pattern "1"
  double demand_multiplier = 1.0;
  double emitter_exponent = 0.5;
  std::string demand_model = "DDA";
  double minimum_pressure = 0;    // m head (PDA)
  double required_pressure = 0.1; // m head (PDA)
  double pressure_exponent = 0.5;
  // Every other option line, keyword and value as written (e.g. "TRIALS", "40").
  std::vector<std::pair<std::string, std::string>> other;
  bool operator==(const Options&) const = default;
};

struct Times {
  long long duration = 0;          // s
  long long hydraulic_step = 3600; // s
  long long quality_step = 300;    // s
  long long pattern_step = 3600;   // s
  long long pattern_start = 0;     // s
  long long report_step = 3600;    // s
  long long report_start = 0;      // s
  long long start_clocktime = 0;   // s after midnight
  std::string statistic = "NONE";
  std::vector<std::pair<std::string, std::string>> other;  // e.g. RULE TIMESTEP
  bool operator==(const Times&) const = default;
};

// A section kept verbatim (without comments), e.g. ENERGY, QUALITY, LABELS.
struct RawSection {
  std::string name;                // upper case, without brackets
  std::vector<std::string> lines;
  bool operator==(const RawSection&) const = default;
};

class Network {
 public:
  std::vector<std::string> title;
  std::vector<Node> nodes;
  std::vector<Tank> tanks;
  std::vector<Link> links;
  std::vector<Pattern> patterns;
  std::vector<Curve> curves;
  std::vector<Control> controls;
  std::vector<Rule> rules;
  Options options;
  Times times;
  std::vector<RawSection> raw_sections;

  // Adders keep the id maps in step; they return kNone for a duplicate id.
  Index add_node(Node node);
  Index add_link(Link link);
  Index add_pattern(Pattern pattern);
  Index add_curve(Curve curve);
  Index add_tank(Node node, Tank tank);  // adds the node and its tank data

  void reserve(std::size_t n_nodes, std::size_t n_links);  // capacity only, for bulk loading

  Index find_node(std::string_view id) const;     // kNone when absent
  Index find_link(std::string_view id) const;
  Index find_pattern(std::string_view id) const;
  Index find_curve(std::string_view id) const;

  RawSection& raw_section(std::string_view name);  // creates it at the end if absent
  const RawSection* find_raw_section(std::string_view name) const;

  std::size_t count(NodeType type) const;
  std::size_t count(LinkType type) const;

 private:
  IdIndex node_ids_, link_ids_, pattern_ids_, curve_ids_;
};

}  // namespace lifeline::net
