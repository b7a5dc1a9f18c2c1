// Rule evaluation as EPANET 2.3's rules.c does it (checkrules, evalpremises,
// checktime, checkstatus, checkvalue, updateactionlist, takeactions).
#include "hydraulics/rules.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "hydraulics/controls.h"
#include "hydraulics/rule_parser.h"

namespace lifeline::hydraulics {
namespace {

using rules::Attribute;
using rules::Premise;
using rules::Relation;
using rules::StatusWord;
using rules::Subject;

constexpr double kTolerance = 1e-3;  // EPANET's rule tolerance, in file units (internal units for settings)
constexpr double kTiny = 1e-6;       // EPANET's TINY
constexpr long long kSecondsPerDay = 86400;

// A time premise: inequalities test the current time; = and <> test whether
// the time was passed during the interval (t1, t2] since the last check.
bool time_holds(const Premise& p, long long t1, long long t2) {
  const double x = p.value;
  switch (p.relation) {
    case Relation::lt: return t2 < x;
    case Relation::le: return t2 <= x;
    case Relation::gt: return t2 > x;
    case Relation::ge: return t2 >= x;
    case Relation::eq:
    case Relation::ne: {
      // The interval wraps past midnight for clock times (11 PM to 1 AM).
      const bool within = t2 < t1 ? (x >= t1 || x <= t2) : (x >= t1 && x <= t2);
      return p.relation == Relation::eq ? within : !within;
    }
  }
  return false;
}

bool status_holds(const Premise& p, Status status) {
  StatusWord now = StatusWord::open;
  if (status <= Status::closed) now = StatusWord::closed;
  else if (status == Status::active) now = StatusWord::active;
  if (p.relation == Relation::eq) return now == p.status;
  if (p.relation == Relation::ne) return now != p.status;
  return false;  // EPANET ignores other relations on a status
}

// EPANET's tolerant comparisons, written as it rejects a premise (so a NaN
// value holds as it does there); note that <= and >= are the strict ones.
bool compare(double x, Relation r, double value) {
  switch (r) {
    case Relation::eq: return !(std::fabs(x - value) > kTolerance);
    case Relation::ne: return !(std::fabs(x - value) < kTolerance);
    case Relation::lt: return !(x > value + kTolerance);
    case Relation::le: return !(x > value - kTolerance);
    case Relation::gt: return !(x < value - kTolerance);
    case Relation::ge: return !(x < value + kTolerance);
  }
  return false;
}

}  // namespace

struct RuleSet::Impl {
  std::vector<rules::Rule> rules;
  // Junctions whose demand categories can never go negative: their share of
  // the system demand is their full demand. Others sum the positive
  // categories, as EPANET's Dsystem does.
  std::vector<char> nonnegative_demand;

  double system_demand(const Model& m, const State& s) const {
    double total = 0;
    const long long period = (s.time + m.times.pattern_start) / std::max<long long>(m.times.pattern_step, 1);
    for (int j = 0; j < m.n_junctions; ++j) {
      if (nonnegative_demand[static_cast<std::size_t>(j)]) {
        total += s.full_demand[static_cast<std::size_t>(j)];
        continue;
      }
      for (int c = m.demand_start[static_cast<std::size_t>(j)]; c < m.demand_start[static_cast<std::size_t>(j) + 1]; ++c) {
        const DemandCategory& d = m.demands[static_cast<std::size_t>(c)];
        const auto& f = m.patterns[static_cast<std::size_t>(d.pattern)].factors;
        const double q = d.base * f[static_cast<std::size_t>(period % static_cast<long long>(f.size()))] *
                         m.options.demand_multiplier;
        if (q > 0.0) total += q;
      }
    }
    return total;
  }

  // A node or link value in the file's units (EPANET's checkvalue); false
  // when the premise cannot hold (no setting, a reservoir's fill time, ...).
  bool value_holds(const Premise& p, const Model& m, const State& s) const {
    const Ucf& u = m.ucf;
    const auto i = static_cast<std::size_t>(p.index);
    double x = 0;
    switch (p.attribute) {
      case Attribute::demand:
        x = (p.subject == Subject::system ? system_demand(m, s) : s.node_demand[i]) * u.flow;
        break;
      case Attribute::head:
      case Attribute::grade: x = s.head[i] * u.head; break;
      case Attribute::pressure: x = (s.head[i] - m.elevation[i]) * u.pressure; break;
      case Attribute::level: x = (s.head[i] - m.elevation[i]) * u.head; break;
      case Attribute::flow: x = std::fabs(s.flow[i]) * u.flow; break;
      case Attribute::setting: {
        x = s.setting[i];
        if (x == kMissing) return false;
        switch (m.links[i].kind) {
          case LinkKind::prv:
          case LinkKind::psv:
          case LinkKind::pbv: x *= u.pressure; break;
          case LinkKind::fcv: x *= u.flow; break;
          default: break;
        }
        break;
      }
      case Attribute::filltime:
      case Attribute::draintime: {
        const int t = m.tank_of_node[i];
        if (t < 0) return false;
        const Tank& tank = m.tanks[static_cast<std::size_t>(t)];
        if (tank.area == 0.0) return false;
        const double inflow = s.node_demand[i];
        const double volume = s.tank_volume[static_cast<std::size_t>(t)];
        if (p.attribute == Attribute::filltime) {
          if (inflow <= kTiny) return false;
          x = (tank.vmax - volume) / inflow;
        } else {
          if (inflow >= -kTiny) return false;
          x = (tank.vmin - volume) / inflow;
        }
        break;
      }
      default: return false;  // a number compared with a status, as EPANET: never true
    }
    return compare(x, p.relation, p.value);
  }

  bool premise_holds(const Premise& p, const Model& m, const State& s, long long time1) const {
    if (p.attribute == Attribute::time) return time_holds(p, time1, s.time);
    if (p.attribute == Attribute::clocktime) {
      const long long start = m.times.start_clocktime;
      return time_holds(p, (time1 + start) % kSecondsPerDay, (s.time + start) % kSecondsPerDay);
    }
    if (p.status != StatusWord::none) return status_holds(p, s.status[static_cast<std::size_t>(p.index)]);
    return value_holds(p, m, s);
  }

  // EPANET's evalpremises: OR tries a premise only while the result so far
  // is false, AND gives up when it is false; so OR binds tighter than AND:
  // "A OR B AND C OR D" is "(A OR B) AND (C OR D)".
  bool premises_hold(const rules::Rule& r, const Model& m, const State& s, long long time1) const {
    bool result = true;
    for (const Premise& p : r.premises) {
      if (p.or_with_previous) {
        if (!result) result = premise_holds(p, m, s, time1);
      } else {
        if (!result) return false;
        result = premise_holds(p, m, s, time1);
      }
    }
    return result;
  }
};

Result<RuleSet> RuleSet::compile(const net::Network& network, const Model& model) {
  auto parsed = rules::parse_rules(network, model);
  if (!parsed) return parsed.error();
  RuleSet set;
  set.impl_->rules = std::move(parsed).value();
  auto& nonnegative = set.impl_->nonnegative_demand;
  nonnegative.assign(static_cast<std::size_t>(model.n_junctions), 1);
  for (int j = 0; j < model.n_junctions; ++j) {
    for (int c = model.demand_start[static_cast<std::size_t>(j)]; c < model.demand_start[static_cast<std::size_t>(j) + 1]; ++c) {
      const DemandCategory& d = model.demands[static_cast<std::size_t>(c)];
      bool negative_factor = false;
      for (double f : model.patterns[static_cast<std::size_t>(d.pattern)].factors) negative_factor |= f < 0.0;
      if (d.base < 0.0 || negative_factor || model.options.demand_multiplier < 0.0)
        nonnegative[static_cast<std::size_t>(j)] = 0;
    }
  }
  return set;
}

RuleSet::RuleSet() : impl_(std::make_unique<Impl>()) {}
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

bool RuleSet::empty() const { return !impl_ || impl_->rules.empty(); }

bool RuleSet::check(const Model& model, State& state, long long dt) const {
  if (empty()) return false;
  const long long time1 = state.time - dt + 1;  // the interval (time - dt, time]

  // The action list: one action per link. A later rule takes a link's slot
  // only with a strictly higher priority, so ties go to the earlier rule.
  struct Item {
    const rules::Action* action;
    int rule;
  };
  std::vector<Item> list;
  std::unordered_map<int, std::size_t> slot_of_link;
  const auto& all = impl_->rules;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const rules::Rule& r = all[i];
    if (!r.enabled) continue;
    const auto& actions = impl_->premises_hold(r, model, state, time1) ? r.then_actions : r.else_actions;
    for (const rules::Action& a : actions) {
      auto [it, added] = slot_of_link.try_emplace(a.link, list.size());
      if (added) list.push_back({&a, static_cast<int>(i)});
      else if (r.priority > all[static_cast<std::size_t>(list[it->second].rule)].priority)
        list[it->second] = {&a, static_cast<int>(i)};
    }
  }

  // EPANET prepends to its list, so it acts on the last entry first. An
  // action counts only when it changes the link: opening a closed link,
  // closing an open one, or moving a setting by more than the tolerance.
  // STATUS IS ACTIVE changes nothing, as in EPANET.
  bool changed = false;
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const rules::Action& a = *it->action;
    const auto k = static_cast<std::size_t>(a.link);
    const Status s = state.status[k];
    if (a.status == StatusWord::open && s <= Status::closed) {
      changed |= set_link_status(model, state, a.link, true);
    } else if (a.status == StatusWord::closed && s > Status::closed) {
      changed |= set_link_status(model, state, a.link, false);
    } else if (a.setting != kMissing && std::fabs(a.setting - state.setting[k]) > kTolerance) {
      changed |= set_link_setting(model, state, a.link, a.setting);
    }
  }
  return changed;
}

}  // namespace lifeline::hydraulics
