#include "net/inp_writer.h"

#include <charconv>
#include <fstream>

#include "net/inp_time.h"
#include "net/unit_conversion.h"

namespace lifeline::net {
namespace {

class InpWriter {
 public:
  explicit InpWriter(const Network& net) : net_(net) { convert_units(net_, Conversion::si_to_file); }

  std::string write() {
    section("TITLE");
    for (const auto& t : net_.title) line(t);
    junctions();
    reservoirs();
    tanks();
    pipes();
    pumps();
    valves();
    tags();
    demands();
    statuses();
    patterns();
    curves();
    controls();
    rules();
    raw("ENERGY");
    emitters();
    for (const char* name : {"QUALITY", "SOURCES", "REACTIONS", "MIXING"}) raw(name);
    times();
    raw("REPORT");
    options();
    coordinates();
    vertices();
    for (const char* name : {"LABELS", "BACKDROP", "LEAKAGE"}) raw(name);
    out_ += "\n[END]\n";
    return std::move(out_);
  }

 private:
  Network net_;  // a copy in file units
  std::string out_;

  void section(const char* name) {
    if (!out_.empty()) out_ += '\n';
    out_ += '[';
    out_ += name;
    out_ += "]\n";
  }
  void line(std::string_view text) {
    out_ += text;
    out_ += '\n';
  }
  void id(std::string_view s) {
    bool quote = s.find_first_of(" \t;") != std::string_view::npos;
    if (quote) out_ += '"';
    out_ += s;
    if (quote) out_ += '"';
  }
  void field(std::string_view s) {
    out_ += ' ';
    id(s);
  }
  void num(double v) {
    char buf[32];
    // 15 significant digits undo the rounding of the unit conversion.
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
    out_ += ' ';
    out_.append(buf, r.ptr);
  }
  void end() { out_ += '\n'; }
  std::string_view node_id(Index i) const { return net_.nodes[static_cast<std::size_t>(i)].id; }
  std::string_view link_id(Index i) const { return net_.links[static_cast<std::size_t>(i)].id; }
  std::string_view pattern_id(Index i) const { return net_.patterns[static_cast<std::size_t>(i)].id; }
  std::string_view curve_id(Index i) const { return net_.curves[static_cast<std::size_t>(i)].id; }

  void junctions() {
    section("JUNCTIONS");
    for (const auto& n : net_.nodes) {
      if (n.type != NodeType::junction) continue;
      id(n.id);
      num(n.elevation);
      num(n.demands.empty() ? 0.0 : n.demands[0].base);
      if (!n.demands.empty() && n.demands[0].pattern != kNone) field(pattern_id(n.demands[0].pattern));
      end();
    }
  }

  void reservoirs() {
    section("RESERVOIRS");
    for (const auto& n : net_.nodes) {
      if (n.type != NodeType::reservoir) continue;
      id(n.id);
      num(n.elevation);
      if (n.pattern != kNone) field(pattern_id(n.pattern));
      end();
    }
  }

  void tanks() {
    section("TANKS");
    for (const auto& t : net_.tanks) {
      const Node& n = net_.nodes[static_cast<std::size_t>(t.node)];
      id(n.id);
      for (double v : {n.elevation, t.initial_level, t.min_level, t.max_level, t.diameter, t.min_volume}) num(v);
      if (t.volume_curve != kNone) field(curve_id(t.volume_curve));
      else if (t.can_overflow) field("*");
      if (t.can_overflow) field("YES");
      end();
    }
  }

  void pipes() {
    section("PIPES");
    for (const auto& l : net_.links) {
      if (l.type != LinkType::pipe) continue;
      id(l.id);
      field(node_id(l.from));
      field(node_id(l.to));
      for (double v : {l.length, l.diameter, l.roughness, l.minor_loss}) num(v);
      field(l.check_valve ? "CV" : l.status == LinkStatus::closed ? "Closed" : "Open");
      end();
    }
  }

  void pumps() {
    section("PUMPS");
    for (const auto& l : net_.links) {
      if (l.type != LinkType::pump) continue;
      id(l.id);
      field(node_id(l.from));
      field(node_id(l.to));
      if (l.curve != kNone) {
        field("HEAD");
        field(curve_id(l.curve));
      }
      if (l.power > 0) {
        field("POWER");
        num(l.power);
      }
      if (l.setting != 1.0) {
        field("SPEED");
        num(l.setting);
      }
      if (l.pattern != kNone) {
        field("PATTERN");
        field(pattern_id(l.pattern));
      }
      end();
    }
  }

  void valves() {
    section("VALVES");
    for (const auto& l : net_.links) {
      if (!is_valve(l.type)) continue;
      id(l.id);
      field(node_id(l.from));
      field(node_id(l.to));
      num(l.diameter);
      field(to_string(l.type));
      if (l.type == LinkType::gpv) field(curve_id(l.curve));
      else num(l.setting);
      num(l.minor_loss);
      if (l.type == LinkType::pcv && l.curve != kNone) field(curve_id(l.curve));
      end();
    }
  }

  void tags() {
    section("TAGS");
    for (const auto& n : net_.nodes) {
      if (n.tag.empty()) continue;
      out_ += "NODE";
      field(n.id);
      out_ += ' ';
      line(n.tag);
    }
    for (const auto& l : net_.links) {
      if (l.tag.empty()) continue;
      out_ += "LINK";
      field(l.id);
      out_ += ' ';
      line(l.tag);
    }
  }

  void demands() {
    section("DEMANDS");
    for (const auto& n : net_.nodes) {
      bool simple = n.demands.size() <= 1 && (n.demands.empty() || n.demands[0].category.empty());
      if (n.type != NodeType::junction || simple) continue;
      for (const auto& d : n.demands) {
        id(n.id);
        num(d.base);
        if (d.pattern != kNone) field(pattern_id(d.pattern));
        if (!d.category.empty()) {
          out_ += " ;";
          out_ += d.category;
        }
        end();
      }
    }
  }

  void statuses() {
    section("STATUS");
    for (const auto& l : net_.links) {
      bool fixed = l.type == LinkType::pump ? l.status == LinkStatus::closed
                                            : is_valve(l.type) && l.status != LinkStatus::active;
      if (!fixed) continue;
      id(l.id);
      field(l.status == LinkStatus::closed ? "Closed" : "Open");
      end();
    }
  }

  void patterns() {
    section("PATTERNS");
    for (const auto& p : net_.patterns) {
      if (p.factors.empty()) {
        id(p.id);
        end();
      }
      for (std::size_t i = 0; i < p.factors.size(); i += 6) {
        id(p.id);
        for (std::size_t j = i; j < std::min(i + 6, p.factors.size()); ++j) num(p.factors[j]);
        end();
      }
    }
  }

  void curves() {
    section("CURVES");
    for (const auto& c : net_.curves) {
      for (const auto& [x, y] : c.points) {
        id(c.id);
        num(x);
        num(y);
        end();
      }
    }
  }

  void controls() {
    section("CONTROLS");
    for (const auto& c : net_.controls) {
      out_ += "LINK";
      field(link_id(c.link));
      if (c.action == Control::Action::setting) num(c.setting);
      else field(c.action == Control::Action::open ? "OPEN" : "CLOSED");
      switch (c.condition) {
        case Control::Condition::at_time:
        case Control::Condition::at_clocktime:
          out_ += c.condition == Control::Condition::at_time ? " AT TIME" : " AT CLOCKTIME";
          field(format_inp_time(static_cast<long long>(c.value)));
          break;
        case Control::Condition::node_above:
        case Control::Condition::node_below:
          out_ += " IF NODE";
          field(node_id(c.node));
          field(c.condition == Control::Condition::node_above ? "ABOVE" : "BELOW");
          num(c.value);
          break;
      }
      end();
    }
  }

  void rules() {
    section("RULES");
    for (const auto& r : net_.rules) {
      out_ += "RULE";
      field(r.name);
      end();
      for (const auto& l : r.lines) line(l);
      end();
    }
  }

  void raw(const char* name) {
    section(name);
    if (const RawSection* s = net_.find_raw_section(name)) {
      for (const auto& l : s->lines) line(l);
    }
  }

  void emitters() {
    section("EMITTERS");
    for (const auto& n : net_.nodes) {
      if (n.emitter == 0) continue;
      id(n.id);
      num(n.emitter);
      end();
    }
  }

  void times() {
    section("TIMES");
    const Times& t = net_.times;
    auto entry = [&](const char* key, long long v) {
      out_ += key;
      field(format_inp_time(v));
      end();
    };
    entry("DURATION", t.duration);
    entry("HYDRAULIC TIMESTEP", t.hydraulic_step);
    entry("QUALITY TIMESTEP", t.quality_step);
    entry("PATTERN TIMESTEP", t.pattern_step);
    entry("PATTERN START", t.pattern_start);
    entry("REPORT TIMESTEP", t.report_step);
    entry("REPORT START", t.report_start);
    entry("START CLOCKTIME", t.start_clocktime);
    out_ += "STATISTIC";
    field(t.statistic);
    end();
    for (const auto& [k, v] : t.other) line(k + " " + v);
  }

  void options() {
    section("OPTIONS");
    const Options& o = net_.options;
    auto entry = [&](const char* key, std::string_view value) {
      out_ += key;
      field(value);
      end();
    };
    auto number = [&](const char* key, double v) {
      out_ += key;
      num(v);
      end();
    };
    entry("UNITS", to_string(o.flow_units));
    entry("HEADLOSS", to_string(o.headloss));
    entry("PRESSURE", to_string(o.pressure_units));
    if (o.default_pattern != kNone) entry("PATTERN", pattern_id(o.default_pattern));
    number("DEMAND MULTIPLIER", o.demand_multiplier);
    number("EMITTER EXPONENT", o.emitter_exponent);
    entry("DEMAND MODEL", o.demand_model);
    number("MINIMUM PRESSURE", o.minimum_pressure);
    number("REQUIRED PRESSURE", o.required_pressure);
    number("PRESSURE EXPONENT", o.pressure_exponent);
    for (const auto& [k, v] : o.other) line(k + " " + v);
  }

  void coordinates() {
    section("COORDINATES");
    for (const auto& n : net_.nodes) {
      if (!n.has_coordinates) continue;
      id(n.id);
      num(n.coordinates.x);
      num(n.coordinates.y);
      end();
    }
  }

  void vertices() {
    section("VERTICES");
    for (const auto& l : net_.links) {
      for (const auto& p : l.vertices) {
        id(l.id);
        num(p.x);
        num(p.y);
        end();
      }
    }
  }
};

}  // namespace

std::string write_inp(const Network& net) { return InpWriter(net).write(); }

Status write_inp_file(const Network& net, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error::invalid(path, "cannot open the file for writing");
  std::string text = write_inp(net);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!out) return Error::invalid(path, "cannot write the file");
  return {};
}

}  // namespace lifeline::net
