#include "net/inp_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "net/inp_lexer.h"
#include "net/inp_time.h"
#include "net/unit_conversion.h"

namespace lifeline::net {
namespace {

// Thrown inside the reader only; parse_inp turns it into an Error.
struct ParseError {
  std::uint32_t line;
  std::string message;
};

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

bool is(std::string_view token, std::string_view keyword) { return upper(token) == keyword; }

// Sections the engines interpret are parsed; these are kept verbatim.
constexpr std::string_view kRawSections[] = {"ENERGY", "QUALITY", "SOURCES", "REACTIONS", "MIXING",
                                             "REPORT", "LABELS",  "BACKDROP", "LEAKAGE"};
// Parsing order: what a line refers to is always read before it.
constexpr std::string_view kParsedSections[] = {
    "TITLE",  "OPTIONS", "PATTERNS",  "CURVES",   "JUNCTIONS", "RESERVOIRS", "TANKS",       "PIPES",
    "PUMPS",  "VALVES",  "DEMANDS",   "EMITTERS", "STATUS",    "CONTROLS",   "RULES",       "TIMES",
    "COORDINATES", "VERTICES", "TAGS"};

class InpReader {
 public:
  explicit InpReader(std::string_view text) : sections_(split_inp_sections(text)) {}

  Network read() {
    check_section_names();
    std::size_t nodes = 0, links = 0;
    for (auto name : {"JUNCTIONS", "RESERVOIRS", "TANKS"}) {
      for (const auto* s : sections_named(name)) nodes += line_count(*s);
    }
    for (auto name : {"PIPES", "PUMPS", "VALVES"}) {
      for (const auto* s : sections_named(name)) links += line_count(*s);
    }
    net_.reserve(nodes, links);
    for (std::string_view name : kParsedSections) {
      for (const auto* section : sections_named(name)) {
        for_each_inp_line(*section, [&](const InpLine& line, std::span<const std::string_view> tokens) {
          parse_line(name, line, tokens);
        });
      }
    }
    line_ = nullptr;  // it pointed at a visited line
    finish_options();
    for (std::string_view raw : kRawSections) {  // in the writer's order, so a round trip keeps it
      for (const auto* section : sections_named(raw)) {
        for_each_inp_line(*section, [&](const InpLine& line, std::span<const std::string_view>) {
          net_.raw_section(raw).lines.emplace_back(line.text);
        });
      }
    }
    infer_curve_types();
    convert_units(net_, Conversion::file_to_si);
    return std::move(net_);
  }

 private:
  std::vector<InpSectionText> sections_;
  Network net_;
  const InpLine* line_ = nullptr;
  std::span<const std::string_view> tok_;
  std::vector<bool> demands_replaced_;
  bool pressure_units_given_ = false;
  std::string default_pattern_id_;

  [[noreturn]] void fail(std::string message) const { throw ParseError{line_ ? line_->number : 0, std::move(message)}; }

  // Sections up to [END]; everything after it is ignored, as EPANET does.
  std::span<const InpSectionText> active_sections() const {
    std::size_t n = 0;
    while (n < sections_.size() && !(n > 0 && upper(sections_[n].name) == "END")) ++n;
    return {sections_.data(), n};
  }

  // An upper bound (physical lines), good enough to reserve capacity.
  static std::size_t line_count(const InpSectionText& section) {
    return static_cast<std::size_t>(std::count(section.body.begin(), section.body.end(), '\n')) + 1;
  }

  std::vector<const InpSectionText*> sections_named(std::string_view name) const {
    std::vector<const InpSectionText*> out;
    for (const auto& s : active_sections()) {
      if (upper(s.name) == name) out.push_back(&s);
    }
    return out;
  }

  void check_section_names() {
    auto sections = active_sections();
    if (!sections.empty()) {
      for_each_inp_line(sections[0], [&](const InpLine& line, std::span<const std::string_view>) {
        line_ = &line;
        fail("expected a section header such as [JUNCTIONS] before any data");
      });
    }
    for (std::size_t i = 1; i < sections.size(); ++i) {
      std::string name = upper(sections[i].name);
      bool known = false;
      for (auto k : kParsedSections) known = known || name == k;
      for (auto k : kRawSections) known = known || name == k;
      if (!known) throw ParseError{sections[i].header_line, "unknown section [" + std::string(sections[i].name) + "]"};
    }
  }

  // --- token helpers -------------------------------------------------------
  void need(std::size_t n, std::string_view what) const {
    if (tok_.size() < n) fail("expected " + std::string(what));
  }
  double number(std::size_t i, std::string_view what) const {
    if (i >= tok_.size()) fail("expected " + std::string(what));
    std::string_view s = tok_[i];
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v)) {
      fail("expected a number for " + std::string(what) + ", got '" + std::string(tok_[i]) + "'");
    }
    return v;
  }
  Index node(std::size_t i) const {
    Index n = net_.find_node(tok_[i]);
    if (n == kNone) fail("undefined node '" + std::string(tok_[i]) + "'");
    return n;
  }
  Index link(std::size_t i) const {
    Index l = net_.find_link(tok_[i]);
    if (l == kNone) fail("undefined link '" + std::string(tok_[i]) + "'");
    return l;
  }
  Index pattern(std::size_t i) const {
    if (i >= tok_.size() || tok_[i] == "*") return kNone;
    Index p = net_.find_pattern(tok_[i]);
    if (p == kNone) fail("undefined pattern '" + std::string(tok_[i]) + "'");
    return p;
  }
  Index curve(std::size_t i) const {
    if (i >= tok_.size() || tok_[i] == "*") return kNone;
    Index c = net_.find_curve(tok_[i]);
    if (c == kNone) fail("undefined curve '" + std::string(tok_[i]) + "'");
    return c;
  }
  std::string id(std::size_t i) const {
    std::string_view s = tok_[i];
    if (s.empty() || s.size() > 255) fail("expected an id of 1 to 255 characters");
    return std::string(s);
  }
  std::string rest_after(std::size_t i) const {
    if (i >= tok_.size()) return {};
    std::size_t start = static_cast<std::size_t>(tok_[i].data() - line_->text.data());
    if (start > 0 && line_->text[start - 1] == '"') --start;
    return std::string(line_->text.substr(start));
  }
  Node& node_ref(Index i) { return net_.nodes[static_cast<std::size_t>(i)]; }
  Link& link_ref(Index i) { return net_.links[static_cast<std::size_t>(i)]; }

  // --- sections ------------------------------------------------------------
  void parse_line(std::string_view section, const InpLine& line, std::span<const std::string_view> tokens) {
    line_ = &line;
    tok_ = tokens;
    if (section == "TITLE") net_.title.emplace_back(line.text);
    else if (section == "OPTIONS") option();
    else if (section == "PATTERNS") pattern_line();
    else if (section == "CURVES") curve_line();
    else if (section == "JUNCTIONS") junction();
    else if (section == "RESERVOIRS") reservoir();
    else if (section == "TANKS") tank();
    else if (section == "PIPES") pipe();
    else if (section == "PUMPS") pump();
    else if (section == "VALVES") valve();
    else if (section == "DEMANDS") demand();
    else if (section == "EMITTERS") emitter();
    else if (section == "STATUS") status();
    else if (section == "CONTROLS") control();
    else if (section == "RULES") rule();
    else if (section == "TIMES") time();
    else if (section == "COORDINATES") coordinate();
    else if (section == "VERTICES") vertex();
    else if (section == "TAGS") tag();
  }

  void add_node(Node n) {
    if (net_.add_node(std::move(n)) == kNone) fail("duplicate node id '" + std::string(tok_[0]) + "'");
  }

  void junction() {
    need(2, "junction: ID elevation [demand [pattern]]");
    Node n;
    n.id = id(0);
    n.elevation = number(1, "elevation");
    n.demands.push_back(Demand{tok_.size() > 2 ? number(2, "demand") : 0.0, pattern(3), {}});
    add_node(std::move(n));
  }

  void reservoir() {
    need(2, "reservoir: ID head [pattern]");
    Node n;
    n.id = id(0);
    n.type = NodeType::reservoir;
    n.elevation = number(1, "head");
    n.pattern = pattern(2);
    add_node(std::move(n));
  }

  void tank() {
    need(6, "tank: ID elevation init-level min-level max-level diameter [min-volume [volume-curve [overflow]]]");
    Node n;
    n.id = id(0);
    n.elevation = number(1, "elevation");
    Tank t;
    t.initial_level = number(2, "initial level");
    t.min_level = number(3, "minimum level");
    t.max_level = number(4, "maximum level");
    t.diameter = number(5, "diameter");
    t.min_volume = tok_.size() > 6 ? number(6, "minimum volume") : 0.0;
    t.volume_curve = curve(7);
    if (tok_.size() > 8) {
      std::string o = upper(tok_[8]);
      if (o != "YES" && o != "NO" && o != "TRUE" && o != "FALSE") fail("expected YES or NO for tank overflow");
      t.can_overflow = o == "YES" || o == "TRUE";
    }
    if (net_.add_tank(std::move(n), t) == kNone) fail("duplicate node id '" + std::string(tok_[0]) + "'");
  }

  Link link_ends(std::string_view what) {
    need(3, what);
    Link l;
    l.id = id(0);
    l.from = node(1);
    l.to = node(2);
    return l;
  }

  void add_link(Link l) {
    if (net_.add_link(std::move(l)) == kNone) fail("duplicate link id '" + std::string(tok_[0]) + "'");
  }

  void pipe() {
    const char* form = "pipe: ID node1 node2 length diameter roughness [minor-loss [status]]";
    need(6, form);
    Link l = link_ends(form);
    l.length = number(3, "length");
    l.diameter = number(4, "diameter");
    l.roughness = number(5, "roughness");
    if (l.length <= 0 || l.diameter <= 0 || l.roughness <= 0) fail("expected positive length, diameter and roughness");
    std::size_t status_at = 7;
    if (tok_.size() == 7 && (is(tok_[6], "OPEN") || is(tok_[6], "CLOSED") || is(tok_[6], "CV"))) status_at = 6;
    else if (tok_.size() > 6) l.minor_loss = number(6, "minor loss");
    if (tok_.size() > status_at) {
      std::string s = upper(tok_[status_at]);
      if (s == "CLOSED") l.status = LinkStatus::closed;
      else if (s == "CV") l.check_valve = true;
      else if (s != "OPEN") fail("expected pipe status OPEN, CLOSED or CV, got '" + std::string(tok_[status_at]) + "'");
    }
    add_link(std::move(l));
  }

  void pump() {
    const char* form = "pump: ID node1 node2 HEAD curve | POWER kw [SPEED s] [PATTERN p]";
    Link l = link_ends(form);
    l.type = LinkType::pump;
    l.setting = 1.0;
    std::size_t i = 3;
    if (tok_.size() == 4) {  // EPANET 1.x form: a bare power value
      l.power = number(3, "pump power");
      i = 4;
    }
    for (; i < tok_.size(); i += 2) {
      if (i + 1 >= tok_.size()) fail(std::string("expected a value after '") + std::string(tok_[i]) + "'");
      std::string key = upper(tok_[i]);
      if (key == "HEAD") l.curve = curve(i + 1);
      else if (key == "POWER") l.power = number(i + 1, "pump power");
      else if (key == "SPEED") l.setting = number(i + 1, "pump speed");
      else if (key == "PATTERN") l.pattern = pattern(i + 1);
      else fail("expected HEAD, POWER, SPEED or PATTERN, got '" + std::string(tok_[i]) + "'");
    }
    if (l.curve == kNone && l.power <= 0) fail("expected a HEAD curve or a positive POWER for the pump");
    add_link(std::move(l));
  }

  void valve() {
    const char* form = "valve: ID node1 node2 diameter type setting [minor-loss]";
    need(6, form);
    Link l = link_ends(form);
    l.diameter = number(3, "diameter");
    std::string type = upper(tok_[4]);
    if (type == "PRV") l.type = LinkType::prv;
    else if (type == "PSV") l.type = LinkType::psv;
    else if (type == "PBV") l.type = LinkType::pbv;
    else if (type == "FCV") l.type = LinkType::fcv;
    else if (type == "TCV") l.type = LinkType::tcv;
    else if (type == "GPV") l.type = LinkType::gpv;
    else if (type == "PCV") l.type = LinkType::pcv;
    else fail("expected valve type PRV, PSV, PBV, FCV, TCV, GPV or PCV, got '" + std::string(tok_[4]) + "'");
    l.status = LinkStatus::active;
    if (l.type == LinkType::gpv) {
      l.curve = curve(5);
      if (l.curve == kNone) fail("expected a headloss curve id for the GPV");
    } else {
      l.setting = number(5, "valve setting");
    }
    if (tok_.size() > 6) l.minor_loss = number(6, "minor loss");
    if (l.type == LinkType::pcv && tok_.size() > 7) l.curve = curve(7);
    add_link(std::move(l));
  }

  void demand() {
    need(2, "demand: junction demand [pattern [category]]");
    Index n = node(0);
    Node& target = node_ref(n);
    if (target.type != NodeType::junction) fail("expected a junction id, '" + target.id + "' is not a junction");
    if (demands_replaced_.size() < net_.nodes.size()) demands_replaced_.resize(net_.nodes.size(), false);
    // EPANET 2.2: the first [DEMANDS] entry replaces the demand from [JUNCTIONS].
    if (!demands_replaced_[static_cast<std::size_t>(n)]) {
      target.demands.clear();
      demands_replaced_[static_cast<std::size_t>(n)] = true;
    }
    Demand d{number(1, "demand"), pattern(2), std::string(line_->comment)};
    if (tok_.size() > 3) d.category = rest_after(3);
    target.demands.push_back(std::move(d));
  }

  void emitter() {
    need(2, "emitter: junction coefficient");
    node_ref(node(0)).emitter = number(1, "emitter coefficient");
  }

  void status() {
    need(2, "status: link OPEN|CLOSED|setting");
    Link& l = link_ref(link(0));
    std::string s = upper(tok_[1]);
    if (s == "OPEN") l.status = LinkStatus::open;
    else if (s == "CLOSED") l.status = LinkStatus::closed;
    else if (s == "ACTIVE" && is_valve(l.type)) l.status = LinkStatus::active;
    else if (l.type == LinkType::pipe) fail("expected OPEN or CLOSED for a pipe");
    else {
      l.setting = number(1, "status or setting");
      if (is_valve(l.type)) l.status = LinkStatus::active;
    }
  }

  void pattern_line() {
    need(1, "pattern: ID multipliers...");
    Index p = net_.find_pattern(tok_[0]);
    if (p == kNone) p = net_.add_pattern(Pattern{id(0), {}});
    auto& factors = net_.patterns[static_cast<std::size_t>(p)].factors;
    for (std::size_t i = 1; i < tok_.size(); ++i) factors.push_back(number(i, "pattern multiplier"));
  }

  void curve_line() {
    need(3, "curve: ID x y");
    if ((tok_.size() - 1) % 2 != 0) fail("expected x y pairs after the curve id");
    Index c = net_.find_curve(tok_[0]);
    if (c == kNone) c = net_.add_curve(Curve{id(0), CurveType::generic, {}});
    auto& points = net_.curves[static_cast<std::size_t>(c)].points;
    for (std::size_t i = 1; i + 1 < tok_.size(); i += 2) points.emplace_back(number(i, "curve x"), number(i + 1, "curve y"));
  }

  void control() {
    const char* form = "control: LINK id OPEN|CLOSED|setting AT TIME t | AT CLOCKTIME t | IF NODE id ABOVE|BELOW value";
    need(6, form);
    if (!is(tok_[0], "LINK")) fail(std::string("expected ") + form);
    Control c;
    c.link = link(1);
    std::string action = upper(tok_[2]);
    if (action == "OPEN") c.action = Control::Action::open;
    else if (action == "CLOSED") c.action = Control::Action::closed;
    else {
      c.action = Control::Action::setting;
      c.setting = number(2, "control setting");
    }
    std::string kind = upper(tok_[3]);
    std::string what = upper(tok_[4]);
    if (kind == "AT" && (what == "TIME" || what == "CLOCKTIME")) {
      c.condition = what == "TIME" ? Control::Condition::at_time : Control::Condition::at_clocktime;
      auto t = parse_inp_time(tok_.subspan(5));
      if (!t) fail("expected a time such as 6:00, 6 or 6 AM");
      c.value = static_cast<double>(*t);
    } else if (kind == "IF" && what == "NODE") {
      need(8, form);
      c.node = node(5);
      std::string cmp = upper(tok_[6]);
      if (cmp == "ABOVE") c.condition = Control::Condition::node_above;
      else if (cmp == "BELOW") c.condition = Control::Condition::node_below;
      else fail("expected ABOVE or BELOW, got '" + std::string(tok_[6]) + "'");
      c.value = number(7, "control threshold");
    } else {
      fail(std::string("expected ") + form);
    }
    net_.controls.push_back(c);
  }

  void rule() {
    if (is(tok_[0], "RULE")) {
      // EPANET (rules.c, since 2.2) takes the line as a rule's start only
      // when it is exactly "RULE name" (error 201 otherwise).
      if (tok_.size() != 2) fail("expected 'RULE name': one word, the rule's name");
      net_.rules.push_back(Rule{std::string(tok_[1]), {}});
      return;
    }
    if (net_.rules.empty()) fail("expected 'RULE name' before rule clauses");
    net_.rules.back().lines.emplace_back(line_->text);
  }

  void coordinate() {
    need(3, "coordinates: node x y");
    Node& n = node_ref(node(0));
    n.coordinates = Point{number(1, "x"), number(2, "y")};
    n.has_coordinates = true;
  }

  void vertex() {
    need(3, "vertices: link x y");
    link_ref(link(0)).vertices.push_back(Point{number(1, "x"), number(2, "y")});
  }

  void tag() {
    need(3, "tags: NODE|LINK id tag");
    std::string kind = upper(tok_[0]);
    if (kind == "NODE") node_ref(node(1)).tag = rest_after(2);
    else if (kind == "LINK") link_ref(link(1)).tag = rest_after(2);
    else fail("expected NODE or LINK, got '" + std::string(tok_[0]) + "'");
  }

  void option() {
    need(2, "option: keyword value");
    Options& o = net_.options;
    std::string k0 = upper(tok_[0]);
    std::string k1 = upper(tok_[1]);
    auto value_at = [&](std::size_t i) -> std::string_view {
      if (i >= tok_.size()) fail("expected a value after " + k0 + " " + k1);
      return tok_[i];
    };
    if (k0 == "UNITS") {
      auto u = parse_flow_units(tok_[1]);
      if (!u) fail("expected flow units CFS, GPM, MGD, IMGD, AFD, LPS, LPM, MLD, CMH, CMD or CMS, got '" + std::string(tok_[1]) + "'");
      o.flow_units = *u;
    } else if (k0 == "HEADLOSS") {
      auto h = parse_headloss(tok_[1]);
      if (!h) fail("expected headloss H-W, D-W or C-M, got '" + std::string(tok_[1]) + "'");
      o.headloss = *h;
    } else if (k0 == "PRESSURE" && k1 == "EXPONENT") {
      o.pressure_exponent = number(2, "pressure exponent");
    } else if (k0 == "PRESSURE") {
      auto p = parse_pressure_units(tok_[1]);
      if (!p) fail("expected pressure units PSI, KPA, METERS, BAR or FEET, got '" + std::string(tok_[1]) + "'");
      o.pressure_units = *p;
      pressure_units_given_ = true;
    } else if (k0 == "PATTERN") {
      default_pattern_id_ = std::string(tok_[1]);
    } else if (k0 == "DEMAND" && k1 == "MULTIPLIER") {
      o.demand_multiplier = number(2, "demand multiplier");
    } else if (k0 == "DEMAND" && k1 == "MODEL") {
      o.demand_model = upper(value_at(2));
    } else if (k0 == "EMITTER" && k1 == "EXPONENT") {
      o.emitter_exponent = number(2, "emitter exponent");
      if (o.emitter_exponent <= 0) fail("expected a positive emitter exponent");
    } else if (k0 == "MINIMUM" && k1 == "PRESSURE") {
      o.minimum_pressure = number(2, "minimum pressure");
    } else if (k0 == "REQUIRED" && k1 == "PRESSURE") {
      o.required_pressure = number(2, "required pressure");
    } else {
      o.other.emplace_back(std::string(tok_[0]), rest_after(1));
    }
  }

  void finish_options() {
    if (!pressure_units_given_) net_.options.pressure_units = default_pressure_units(net_.options.flow_units);
    if (default_pattern_id_.empty()) return;
    net_.options.default_pattern = net_.find_pattern(default_pattern_id_);
    if (net_.options.default_pattern == kNone) net_.options.other.emplace_back("PATTERN", default_pattern_id_);
  }

  void time() {
    need(2, "time: keyword value");
    Times& t = net_.times;
    std::string k0 = upper(tok_[0]);
    std::string k1 = upper(tok_[1]);
    auto at = [&](std::size_t i) -> long long {
      auto v = parse_inp_time(i < tok_.size() ? tok_.subspan(i) : std::span<const std::string_view>{});
      if (!v) fail("expected a time such as 24:00, 24, 24 HOURS or 6 AM after " + k0);
      return *v;
    };
    if (k0 == "DURATION") t.duration = at(1);
    else if (k0 == "HYDRAULIC" && k1 == "TIMESTEP") t.hydraulic_step = at(2);
    else if (k0 == "QUALITY" && k1 == "TIMESTEP") t.quality_step = at(2);
    else if (k0 == "PATTERN" && k1 == "TIMESTEP") t.pattern_step = at(2);
    else if (k0 == "PATTERN" && k1 == "START") t.pattern_start = at(2);
    else if (k0 == "REPORT" && k1 == "TIMESTEP") t.report_step = at(2);
    else if (k0 == "REPORT" && k1 == "START") t.report_start = at(2);
    else if (k0 == "START" && k1 == "CLOCKTIME") t.start_clocktime = at(2);
    else if (k0 == "STATISTIC") t.statistic = upper(tok_[1]);
    else t.other.emplace_back(std::string(tok_[0]), rest_after(1));
  }

  void infer_curve_types() {
    auto mark = [&](Index c, CurveType type) {
      if (c != kNone) net_.curves[static_cast<std::size_t>(c)].type = type;
    };
    for (const auto& l : net_.links) {
      if (l.type == LinkType::pump) mark(l.curve, CurveType::pump);
      if (l.type == LinkType::gpv) mark(l.curve, CurveType::headloss);
      if (l.type == LinkType::pcv) mark(l.curve, CurveType::valve);
    }
    for (const auto& t : net_.tanks) mark(t.volume_curve, CurveType::volume);
    if (const RawSection* energy = net_.find_raw_section("ENERGY")) {
      for (const auto& text : energy->lines) {
        std::istringstream in(text);
        std::string w0, w1, w2, w3;
        in >> w0 >> w1 >> w2 >> w3;
        if (upper(w0) == "PUMP" && upper(w2).starts_with("EFFIC")) mark(net_.find_curve(w3), CurveType::efficiency);
      }
    }
  }
};

}  // namespace

Result<Network> parse_inp(std::string_view text, std::string_view file_name) {
  // A NUL would be cut off by C APIs and cannot be stored in PostgreSQL text.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    std::size_t line = 1;  // counted as the lexer does: LF, CRLF or CR
    for (std::size_t i = 0; i < nul; ++i)
      if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n')) ++line;
    return Error::invalid(std::string(file_name) + ":" + std::to_string(line), "NUL character (not a text file)");
  }
  try {
    return InpReader(text).read();
  } catch (const ParseError& e) {
    std::string where = std::string(file_name) + ":" + std::to_string(e.line);
    return Error::invalid(where, e.message);
  } catch (const std::bad_alloc&) {
    return Error::invalid(std::string(file_name), "file too large to read");
  }
}

Result<Network> read_inp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::invalid(path, "cannot open the file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = std::move(buffer).str();
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  return parse_inp(text, name);
}

}  // namespace lifeline::net
