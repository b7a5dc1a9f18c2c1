// Rule-based controls: the [RULES] grammar and its errors, and evaluation
// on hand-made states (premises, AND/OR, time windows, priorities, ELSE,
// unit conversion in US and SI files); then a run through simulate() whose
// rule firings are worked out by hand.
#include "hydraulics/rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "hydraulics/simulation.h"
#include "net/inp_reader.h"

namespace lifeline::hydraulics {
namespace {

// J1 -P1- J2 -V1(PRV)- J3 -P2- T1, a pump from R1 to J1, a check-valve pipe
// P3, an FCV and a GPV on a side path. Elevations: J* 10 (J1 0), R1 50, T1 100.
std::string network_text(const std::string& flow_units, const std::string& rules) {
  return R"([TITLE]
rules test
[JUNCTIONS]
 J1  0   100
 J2  10  0
 J3  10  50
 J4  10  0
 J5  10  0
[RESERVOIRS]
 R1  50
[TANKS]
 T1  100  10  0  30  50  0
[PIPES]
 P1  J1  J2  1000  12  100  0  Open
 P2  J3  T1  1000  12  100  0  Open
 P3  J1  T1  1000  12  100  0  CV
 P4  J4  J3  1000  12  100  0  Open
 P5  J5  J3  1000  12  100  0  Open
[PUMPS]
 PU1  R1  J1  HEAD C1
[VALVES]
 V1  J2  J3  12  PRV  50   0
 V2  J1  J4  12  FCV  100  0
 V3  J4  J5  12  GPV  C2   0
[CURVES]
 C1  1000  200
 C2  0     0
 C2  1000  10
[OPTIONS]
 Units  )" + flow_units + R"(
[TIMES]
 Duration  24
[RULES]
)" + rules + "\n[END]\n";
}

struct Case {
  net::Network net;
  Model model;
  State state;

  int node(const std::string& id) const { return model.node_of[static_cast<std::size_t>(net.find_node(id))]; }
  int link(const std::string& id) const { return static_cast<int>(net.find_link(id)); }
  Status status(const std::string& id) const { return state.status[static_cast<std::size_t>(link(id))]; }
  double setting(const std::string& id) const { return state.setting[static_cast<std::size_t>(link(id))]; }
  double& head(const std::string& id) { return state.head[static_cast<std::size_t>(node(id))]; }
};

// The state EPANET starts from, with every value the rules read laid out.
State initial_state(const Model& m) {
  State s;
  const auto n = static_cast<std::size_t>(m.n_nodes());
  const auto nj = static_cast<std::size_t>(m.n_junctions);
  const auto nl = static_cast<std::size_t>(m.n_links());
  s.head = m.elevation;
  s.full_demand.assign(nj, 0.0);
  s.demand_flow.assign(nj, 0.0);
  s.emitter_flow.assign(nj, 0.0);
  s.node_demand.assign(n, 0.0);
  s.connected.assign(n, 1);
  s.flow.assign(nl, 0.0);
  s.locked.assign(nl, 0);
  for (const Link& l : m.links) {
    s.status.push_back(l.status);
    s.setting.push_back(l.kc);
  }
  for (const Tank& t : m.tanks) {
    s.head[static_cast<std::size_t>(t.node)] = t.h0;
    s.tank_volume.push_back(t.v0);
  }
  return s;
}

// The network with its rules set aside for build_model, then the rules
// compiled on their own, so that a rule error is the compiler's.
Result<Case> load(const std::string& rules, const std::string& units = "GPM") {
  auto net = net::parse_inp(network_text(units, rules), "rules.inp");
  if (!net) return net.error();
  Case c;
  c.net = std::move(*net);
  auto kept = std::move(c.net.rules);
  c.net.rules.clear();
  auto model = build_model(c.net);
  if (!model) return model.error();
  c.model = std::move(*model);
  c.net.rules = std::move(kept);
  c.state = initial_state(c.model);
  return c;
}

struct Compiled {
  Case c;
  RuleSet rules;
  bool check(long long dt = 360) { return rules.check(c.model, c.state, dt); }
};

Compiled compiled(const std::string& rules, const std::string& units = "GPM") {
  auto c = load(rules, units);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  if (!c) return {};
  auto set = RuleSet::compile(c->net, c->model);
  EXPECT_TRUE(set.ok()) << (set.ok() ? "" : set.error().message);
  if (!set) return {};
  return {std::move(*c), std::move(*set)};
}

std::string compile_error(const std::string& rules) {
  auto c = load(rules);
  if (!c) return "network: " + c.error().message;
  auto set = RuleSet::compile(c->net, c->model);
  if (set) return "compiled";
  EXPECT_EQ(set.error().fields.size(), 1u);
  if (!set.error().fields.empty()) {
    EXPECT_EQ(set.error().fields[0].field, "rules");
  }
  return set.error().message;
}

constexpr double kHour = 3600;

// --- grammar and errors ------------------------------------------------------

TEST(RulesCompile, NoRulesIsEmpty) {
  auto r = compiled("");
  EXPECT_TRUE(r.rules.empty());
  EXPECT_FALSE(r.check());
}

TEST(RulesCompile, ErrorsNameRuleLineAndWhat) {
  const std::string e = compile_error("RULE Low\nIF TANK T1 LEVEL > 5\nAND TANK T9 LEVEL > 10\nTHEN PUMP PU1 STATUS IS OPEN");
  EXPECT_NE(e.find("rule Low line 2"), std::string::npos) << e;
  EXPECT_NE(e.find("AND TANK T9 LEVEL > 10"), std::string::npos) << e;
  EXPECT_NE(e.find("no node 'T9'"), std::string::npos) << e;
}

TEST(RulesCompile, RejectsWhatEpanetRejects) {
  const std::pair<const char*, const char*> cases[] = {
      {"IF TANK T1 LEVEL > 5\nTHEN PUMP PX STATUS IS OPEN", "no link 'PX'"},
      {"IF PLANET T1 LEVEL > 5\nTHEN PUMP PU1 STATUS IS OPEN", "unknown object 'PLANET'"},
      {"IF TANK T1 VOLUME > 5\nTHEN PUMP PU1 STATUS IS OPEN", "'VOLUME' is not a node attribute"},
      {"IF PUMP PU1 HEAD > 5\nTHEN PUMP PU1 STATUS IS OPEN", "'HEAD' is not a link attribute"},
      {"IF PUMP PU1 POWER > 5\nTHEN PUMP PU1 STATUS IS OPEN", "POWER is not a premise attribute"},
      {"IF SYSTEM LEVEL > 5\nTHEN PUMP PU1 STATUS IS OPEN", "'LEVEL' is not a SYSTEM attribute"},
      {"IF JUNCTION J1 FILLTIME > 5\nTHEN PUMP PU1 STATUS IS OPEN", "FILLTIME applies to tanks"},
      {"IF TANK T1 LEVEL ~ 5\nTHEN PUMP PU1 STATUS IS OPEN", "unknown relation '~'"},
      {"IF TANK T1 LEVEL > high\nTHEN PUMP PU1 STATUS IS OPEN", "bad value 'high'"},
      {"IF TANK T1 LEVEL > 5 6 7\nTHEN PUMP PU1 STATUS IS OPEN", "a premise is"},
      {"IF TANK T1 LEVEL IS OPEN\nTHEN PUMP PU1 STATUS IS OPEN", "only a link has a status"},
      {"IF SYSTEM CLOCKTIME = 13 PM\nTHEN PUMP PU1 STATUS IS OPEN", "bad time '13 PM'"},
      {"IF SYSTEM TIME = 1:2:3:4\nTHEN PUMP PU1 STATUS IS OPEN", "bad time"},
      {"IF TANK T1 LEVEL > 5\nTHEN PIPE P3 STATUS IS CLOSED", "check valve"},
      {"IF TANK T1 LEVEL > 5\nTHEN VALVE V3 SETTING IS 5", "GPV 'V3'"},
      {"IF TANK T1 LEVEL > 5\nTHEN PUMP PU1 SETTING IS -1", "bad action value '-1'"},
      {"IF TANK T1 LEVEL > 5\nTHEN PUMP PU1 STATUS OPEN", "an action is"},
      {"THEN PUMP PU1 STATUS IS OPEN", "THEN must follow the premises"},
      {"IF TANK T1 LEVEL > 5\nELSE PUMP PU1 STATUS IS OPEN", "ELSE must follow the THEN actions"},
      {"IF TANK T1 LEVEL > 5\nTHEN PUMP PU1 STATUS IS OPEN\nOR TANK T1 LEVEL < 2", "OR may only join premises"},
      {"IF TANK T1 LEVEL > 5\nPRIORITY 3", "PRIORITY must follow the actions"},
      {"IF TANK T1 LEVEL > 5\nTHEN PUMP PU1 STATUS IS OPEN\nPRIORITY high", "bad priority 'high'"},
      {"IF TANK T1 LEVEL > 5\nTHEN PUMP PU1 STATUS IS OPEN\nPRIORITY 1\nAND PUMP PU1 STATUS IS OPEN",
       "AND must follow"},
      {"WHEN TANK T1 LEVEL > 5", "'WHEN' is not a rule clause"},
  };
  for (const auto& [rule, expected] : cases) {
    const std::string e = compile_error(std::string("RULE R\n") + rule);
    EXPECT_NE(e.find(expected), std::string::npos) << rule << "\n -> " << e;
  }
}

TEST(RulesCompile, AStatusPremiseOnANodeIsRejectedSayingWhy) {
  // EPANET 2.3.5 accepts a status value on a node and then reads the status
  // of the link that has the node's index; we refuse it, naming the clause.
  EXPECT_EQ(compile_error("RULE R\nIF TANK T1 LEVEL > 5\nAND JUNCTION J2 PRESSURE IS OPEN\nTHEN PUMP PU1 STATUS IS CLOSED"),
            "rules: rule R line 2 (AND JUNCTION J2 PRESSURE IS OPEN): 'OPEN' is a link status and 'J2' is a node: "
            "only a link has a status; compare its PRESSURE with a number");
  EXPECT_EQ(compile_error("RULE R\nIF NODE T1 STATUS IS CLOSED\nTHEN PUMP PU1 STATUS IS CLOSED"),
            "rules: rule R line 1 (IF NODE T1 STATUS IS CLOSED): 'STATUS' is a link attribute and 'T1' is a node "
            "(DEMAND, HEAD, GRADE, LEVEL, PRESSURE, FILLTIME, DRAINTIME)");
  // The same premise on a link compiles.
  auto r = compiled("RULE R\nIF LINK P1 STATUS IS OPEN\nTHEN PUMP PU1 STATUS IS CLOSED");
  EXPECT_FALSE(r.rules.empty());
}

TEST(RulesCompile, KeywordsMatchByTheirLeadingLettersInAnyCase) {
  // EPANET reads JUNCTIONS as JUNC, Priority as PRIO, "above" as ABOVE.
  auto r = compiled("RULE r\nif Junctions J1 Pressure above -1000\nthen Pumps PU1 status is closed\nPriority 2");
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.status("PU1"), Status::closed);
}

// --- premises ---------------------------------------------------------------

TEST(RulesEvaluate, TankLevelClosesPumpOnlyWhenItChangesSomething) {
  auto r = compiled("RULE High\nIF TANK T1 LEVEL ABOVE 20\nTHEN PUMP PU1 STATUS IS CLOSED");
  r.c.head("T1") = 100 + 19.5;
  EXPECT_FALSE(r.check());
  EXPECT_EQ(r.c.status("PU1"), Status::open);
  r.c.head("T1") = 100 + 20.5;
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.status("PU1"), Status::closed);
  EXPECT_EQ(r.c.setting("PU1"), 0.0);
  EXPECT_FALSE(r.check());  // already closed: the action changes nothing
}

TEST(RulesEvaluate, RelationsUseEpanetsToleranceOf0001FileUnits) {
  // Level exactly 20 ft: = holds within 0.001, >= and <= need 0.001 of room.
  const std::pair<const char*, bool> cases[] = {
      {"=", true}, {"IS", true}, {"<>", false}, {"NOT", false}, {">", true}, {"ABOVE", true},
      {"<", true}, {"BELOW", true}, {">=", false}, {"<=", false},
  };
  for (const auto& [rel, fires] : cases) {
    auto r = compiled(std::string("RULE t\nIF TANK T1 LEVEL ") + rel + " 20.0005\nTHEN PUMP PU1 STATUS IS CLOSED");
    r.c.head("T1") = 120;
    EXPECT_EQ(r.check(), fires) << rel;
  }
}

TEST(RulesEvaluate, ElseActsWhenThePremisesFail) {
  auto r = compiled("RULE Fill\nIF TANK T1 LEVEL > 20\nTHEN PUMP PU1 STATUS IS CLOSED\nELSE PUMP PU1 STATUS IS OPEN");
  const auto k = static_cast<std::size_t>(r.c.link("PU1"));
  r.c.state.status[k] = Status::closed;
  r.c.state.setting[k] = 0;
  r.c.head("T1") = 105;
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.status("PU1"), Status::open);
  EXPECT_EQ(r.c.setting("PU1"), 1.0);
}

TEST(RulesEvaluate, OrBindsTighterThanAnd) {
  // IF A OR B AND C is (A OR B) AND C; IF A AND B OR C is A AND (B OR C).
  const std::string a = "SYSTEM TIME < 1", b = "SYSTEM TIME > 5", c = "SYSTEM TIME > 3";
  auto r1 = compiled("RULE r\nIF " + a + "\nOR " + b + "\nAND " + c + "\nTHEN PUMP PU1 STATUS IS CLOSED");
  r1.c.state.time = static_cast<long long>(0.5 * kHour);  // A true, B false, C false
  EXPECT_FALSE(r1.check());
  r1.c.state.time = static_cast<long long>(6 * kHour);  // B and C
  EXPECT_TRUE(r1.check());

  auto r2 = compiled("RULE r\nIF " + b + "\nAND " + a + "\nOR " + c + "\nTHEN PUMP PU1 STATUS IS CLOSED");
  r2.c.state.time = static_cast<long long>(4 * kHour);  // B false, C true: still false
  EXPECT_FALSE(r2.check());
  r2.c.state.time = static_cast<long long>(6 * kHour);  // B true, A false, C true
  EXPECT_TRUE(r2.check());
}

TEST(RulesEvaluate, SystemTimeEqualsHoldsWhenPassedDuringTheInterval) {
  auto r = compiled("RULE t\nIF SYSTEM TIME = 5:00\nTHEN PUMP PU1 STATUS IS CLOSED\nELSE PUMP PU1 STATUS IS OPEN");
  r.c.state.time = 18000 + 100;  // (17740, 18100] holds 5:00
  EXPECT_TRUE(r.check(360));
  EXPECT_EQ(r.c.status("PU1"), Status::closed);
  r.c.state.time = 18000 + 400;  // (18040, 18400] does not
  EXPECT_TRUE(r.check(360));
  EXPECT_EQ(r.c.status("PU1"), Status::open);
  r.c.state.time = 18000;  // the interval ends at 5:00 itself
  EXPECT_TRUE(r.check(360));
  r.c.state.time = 17999;
  EXPECT_TRUE(r.check(360));
  EXPECT_EQ(r.c.status("PU1"), Status::open);
}

TEST(RulesEvaluate, TimeInequalitiesTestTheCurrentTime) {
  auto r = compiled("RULE t\nIF SYSTEM TIME >= 2.5 HOURS\nAND SYSTEM TIME < 150 MIN\nTHEN PUMP PU1 STATUS IS CLOSED\n"
                    "RULE u\nIF SYSTEM TIME >= 9000 SEC\nTHEN PUMP PU1 SETTING IS 0.5");
  r.c.state.time = 9000;  // 2.5 h: rule t's window is empty, rule u fires
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.setting("PU1"), 0.5);
}

TEST(RulesEvaluate, ClockTimeWrapsPastMidnight) {
  auto r = compiled("RULE midnight\nIF SYSTEM CLOCKTIME = 12 AM\nTHEN PUMP PU1 STATUS IS CLOSED");
  r.c.model.times.start_clocktime = 23 * 3600;  // 11 PM
  r.c.state.time = 3600 + 100;                   // 0:01:40; the interval began at 23:55:41
  EXPECT_TRUE(r.check(360));
  auto q = compiled("RULE late\nIF SYSTEM CLOCKTIME >= 11:30 PM\nTHEN PUMP PU1 STATUS IS CLOSED");
  q.c.model.times.start_clocktime = 23 * 3600;
  q.c.state.time = 1200;  // 23:20
  EXPECT_FALSE(q.check());
  q.c.state.time = 1800;  // 23:30
  EXPECT_TRUE(q.check());
}

TEST(RulesEvaluate, TimesRoundToWholeSeconds) {
  auto r = compiled("RULE t\nIF SYSTEM TIME = 8:00:01\nTHEN PUMP PU1 STATUS IS CLOSED");
  r.c.state.time = 28801;
  EXPECT_TRUE(r.check(1));
}

TEST(RulesEvaluate, LinkStatusPremises) {
  auto r = compiled("RULE s\nIF PUMP PU1 STATUS IS CLOSED\nAND VALVE V1 STATUS IS ACTIVE\nAND LINK P1 STATUS NOT CLOSED\n"
                    "THEN PIPE P2 STATUS IS CLOSED");
  const auto pu1 = static_cast<std::size_t>(r.c.link("PU1"));
  const auto v1 = static_cast<std::size_t>(r.c.link("V1"));
  r.c.state.status[v1] = Status::active;
  r.c.state.status[pu1] = Status::open;
  EXPECT_FALSE(r.check());
  r.c.state.status[pu1] = Status::temp_closed;  // any status up to CLOSED reads as CLOSED
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.status("P2"), Status::closed);
}

TEST(RulesEvaluate, SettingPremisesReadFileUnitsAndFailWithoutASetting) {
  auto r = compiled("RULE s\nIF VALVE V1 SETTING > 45\nTHEN PUMP PU1 STATUS IS CLOSED");
  const auto v1 = static_cast<std::size_t>(r.c.link("V1"));
  r.c.state.setting[v1] = 50 / r.c.model.ucf.pressure;  // 50 psi
  EXPECT_TRUE(r.check());
  auto q = compiled("RULE s\nIF VALVE V1 SETTING < 1000\nTHEN PUMP PU1 STATUS IS CLOSED");
  q.c.state.setting[v1] = kMissing;
  EXPECT_FALSE(q.check());
}

TEST(RulesEvaluate, FlowAndDemandPremises) {
  auto r = compiled("RULE q\nIF LINK P1 FLOW > 440\nAND JUNCTION J1 DEMAND >= 99.5\nTHEN PUMP PU1 STATUS IS CLOSED");
  r.c.state.flow[static_cast<std::size_t>(r.c.link("P1"))] = -1.0;  // 448.831 gpm either way
  r.c.state.node_demand[static_cast<std::size_t>(r.c.node("J1"))] = 100 / kGpmPerCfs;
  EXPECT_TRUE(r.check());
}

TEST(RulesEvaluate, SystemDemandSumsTheJunctionsDemands) {
  auto r = compiled("RULE d\nIF SYSTEM DEMAND >= 149\nTHEN PUMP PU1 STATUS IS CLOSED");
  r.c.state.full_demand[static_cast<std::size_t>(r.c.node("J1"))] = 100 / kGpmPerCfs;
  r.c.state.full_demand[static_cast<std::size_t>(r.c.node("J3"))] = 40 / kGpmPerCfs;
  EXPECT_FALSE(r.check());
  r.c.state.full_demand[static_cast<std::size_t>(r.c.node("J3"))] = 50 / kGpmPerCfs;
  EXPECT_TRUE(r.check());
}

TEST(RulesEvaluate, FillAndDrainTimesInHours) {
  auto r = compiled("RULE f\nIF TANK T1 FILLTIME < 11\nTHEN PUMP PU1 STATUS IS CLOSED\n"
                    "RULE d\nIF TANK T1 DRAINTIME > 5\nTHEN VALVE V2 SETTING IS 10\n"
                    "RULE res\nIF RESERVOIR R1 FILLTIME > 0\nTHEN PIPE P1 STATUS IS CLOSED");
  const Tank& tank = r.c.model.tanks[static_cast<std::size_t>(r.c.model.tank_of_node[static_cast<std::size_t>(r.c.node("T1"))])];
  const double area = tank.area;
  r.c.state.node_demand[static_cast<std::size_t>(r.c.node("T1"))] = 1.0;  // filling at 1 cfs
  EXPECT_NEAR((tank.vmax - tank.v0) / 1.0, area * 20, 1e-6);          // 10.9 h to full
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.status("PU1"), Status::closed);
  EXPECT_NE(r.c.setting("V2"), 10 / kGpmPerCfs);  // not draining
  EXPECT_EQ(r.c.status("P1"), Status::open);      // a reservoir never fills

  auto q = compiled("RULE f\nIF TANK T1 FILLTIME < 10.5\nTHEN PUMP PU1 STATUS IS CLOSED\n"
                    "RULE d\nIF TANK T1 DRAINTIME > 5\nTHEN VALVE V2 SETTING IS 10");
  q.c.state.node_demand[static_cast<std::size_t>(q.c.node("T1"))] = -1.0;  // 5.45 h to empty
  EXPECT_TRUE(q.check());
  EXPECT_EQ(q.c.status("PU1"), Status::open);
  EXPECT_DOUBLE_EQ(q.c.setting("V2"), 10 / kGpmPerCfs);
  EXPECT_EQ(q.c.status("V2"), Status::active);
}

// --- actions ------------------------------------------------------------------

TEST(RulesActions, HigherPriorityWinsALinkThenTheEarlierRule) {
  const std::string a = "RULE A\nIF SYSTEM TIME >= 0\nTHEN PUMP PU1 STATUS IS CLOSED\n";
  const std::string b = "RULE B\nIF SYSTEM TIME >= 0\nTHEN PUMP PU1 SETTING IS 0.5\n";
  auto r = compiled(a + "PRIORITY 1\n" + b + "PRIORITY 5");
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.setting("PU1"), 0.5);
  EXPECT_EQ(r.c.status("PU1"), Status::open);

  auto q = compiled(a + "PRIORITY 5\n" + b + "PRIORITY 1");
  EXPECT_TRUE(q.check());
  EXPECT_EQ(q.c.status("PU1"), Status::closed);

  auto tie = compiled(a + b);  // no priorities: the first rule keeps the link
  EXPECT_TRUE(tie.check());
  EXPECT_EQ(tie.c.status("PU1"), Status::closed);

  auto later = compiled(b + a);
  EXPECT_TRUE(later.check());
  EXPECT_EQ(later.c.setting("PU1"), 0.5);
}

TEST(RulesActions, SettingsMoveOnlyBeyondTheTolerance) {
  auto r = compiled("RULE s\nIF SYSTEM TIME >= 0\nTHEN PUMP PU1 SETTING IS 1.0005");
  EXPECT_FALSE(r.check());
  EXPECT_EQ(r.c.setting("PU1"), 1.0);
  auto q = compiled("RULE s\nIF SYSTEM TIME >= 0\nTHEN PUMP PU1 SETTING IS 1.5\nAND PUMP PU1 SETTING IS 0.7");
  EXPECT_TRUE(q.check());
  EXPECT_EQ(q.c.setting("PU1"), 1.5);  // the rule's first action on a link wins
}

TEST(RulesActions, PipeSettingIsItsStatusAndActiveChangesNothing) {
  auto r = compiled("RULE p\nIF SYSTEM TIME >= 0\nTHEN PIPE P1 SETTING IS 0\nAND VALVE V1 STATUS IS ACTIVE\n"
                    "AND PUMP PU1 STATUS IS OPEN");
  const Status v1 = r.c.status("V1");
  const double v1_setting = r.c.setting("V1");
  EXPECT_TRUE(r.check());
  EXPECT_EQ(r.c.status("P1"), Status::closed);
  EXPECT_EQ(r.c.status("V1"), v1);
  EXPECT_EQ(r.c.setting("V1"), v1_setting);
  EXPECT_FALSE(r.check());  // P1 closed, the pump was open all along
}

TEST(RulesActions, LockedLinksAndDisabledRulesDoNotAct) {
  auto r = compiled("RULE l\nIF SYSTEM TIME >= 0\nTHEN PUMP PU1 STATUS IS CLOSED");
  r.c.state.locked[static_cast<std::size_t>(r.c.link("PU1"))] = 1;
  EXPECT_FALSE(r.check());
  EXPECT_EQ(r.c.status("PU1"), Status::open);
  auto q = compiled("RULE off\nIF SYSTEM TIME >= 0\nTHEN PUMP PU1 STATUS IS CLOSED\nPRIORITY 1\nDISABLED");
  EXPECT_FALSE(q.check());
}

// --- units --------------------------------------------------------------------

// The same rule text in a US file (psi, gpm) and an SI file (m, L/s).
TEST(RulesUnits, ValuesAreInTheFilesUnits) {
  const std::string text =
      "RULE u\nIF JUNCTION J2 PRESSURE BELOW 20\nAND TANK T1 LEVEL >= 20\n"
      "THEN VALVE V1 SETTING IS 30\nAND VALVE V2 SETTING IS 10\nAND PUMP PU1 SETTING IS 0.8";
  for (const std::string units : {"GPM", "LPS"}) {
    auto r = compiled(text, units);
    const Ucf& u = r.c.model.ucf;
    const double j2 = r.c.model.elevation[static_cast<std::size_t>(r.c.node("J2"))];
    const double t1 = r.c.model.elevation[static_cast<std::size_t>(r.c.node("T1"))];
    r.c.head("J2") = j2 + 19.5 / u.pressure;
    r.c.head("T1") = t1 + 20.5 / u.head;
    EXPECT_TRUE(r.check()) << units;
    EXPECT_DOUBLE_EQ(r.c.setting("V1"), 30 / u.pressure) << units;
    EXPECT_DOUBLE_EQ(r.c.setting("V2"), 10 / u.flow) << units;
    EXPECT_EQ(r.c.setting("PU1"), 0.8) << units;
    r.c.head("J2") = j2 + 20.5 / u.pressure;
    r.c.state.setting[static_cast<std::size_t>(r.c.link("PU1"))] = 1.0;
    EXPECT_FALSE(r.check()) << units;
  }
  EXPECT_NE(epanet_ucf(net::FlowUnits::lps, net::PressureUnits::meters, 1).pressure,
            epanet_ucf(net::FlowUnits::gpm, net::PressureUnits::psi, 1).pressure);
}

// --- through the simulation ---------------------------------------------------

// R1 (head 500 ft) -P1- J1 -FCV F1 (1 cfs = 448.831 gpm)- J2 -P2- T1, a tank
// of 100 ft² (diameter 11.283792 ft) starting empty. The tank rises 0.01 ft/s,
// 36 ft/h. Rule Full closes F1 once the level is 18 ft: at 1800 s, a rule
// step (360 s). Rule Refill (priority 5) sets F1 back to 1 cfs at 3:00 (its
// = premise holds over the rule step ending 10800 s), outranking Full; at
// the next rule step (11160 s) Full closes F1 again, the level 21.6 ft.
TEST(RulesSimulation, TankLevelRuleClosesAValveAndATimeRuleReopensIt) {
  const std::string text = R"([TITLE]
rule run
[JUNCTIONS]
 J1  0  0
 J2  0  0
[RESERVOIRS]
 R1  500
[TANKS]
 T1  0  0  0  40  11.283792  0
[PIPES]
 P1  R1  J1  10  24  130  0  Open
 P2  J2  T1  10  24  130  0  Open
[VALVES]
 F1  J1  J2  24  FCV  448.831  0
[OPTIONS]
 Units  GPM
[TIMES]
 Duration  4:00
 Hydraulic Timestep  1:00
 Rule Timestep  0:06
[RULES]
RULE Full
IF TANK T1 LEVEL ABOVE 18
THEN VALVE F1 STATUS IS CLOSED
RULE Refill
IF SYSTEM TIME = 3:00
THEN VALVE F1 SETTING IS 448.831
PRIORITY 5
[END]
)";
  auto net = net::parse_inp(text, "rule_run.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  auto model = build_model(*net);
  ASSERT_TRUE(model.ok()) << model.error().message;
  const int t1 = model->node_of[static_cast<std::size_t>(net->find_node("T1"))];
  EXPECT_NEAR(model->tanks[static_cast<std::size_t>(model->tank_of_node[static_cast<std::size_t>(t1)])].area, 100.0, 1e-4);
  auto results = simulate(*model);
  ASSERT_TRUE(results.ok()) << results.error().message;

  const int f1 = static_cast<int>(net->find_link("F1"));
  std::vector<long long> times;
  for (const auto& s : results->steps) times.push_back(s.time);
  EXPECT_EQ(times, (std::vector<long long>{0, 1800, 3600, 7200, 10800, 11160, 14400}));
  ASSERT_EQ(results->steps.size(), 7u);
  const auto status = [&](int step) { return results->status[static_cast<std::size_t>(step)][static_cast<std::size_t>(f1)]; };
  const auto level = [&](int step) {
    return results->head[static_cast<std::size_t>(step)][static_cast<std::size_t>(t1)] - model->elevation[static_cast<std::size_t>(t1)];
  };
  // The FCV holds 1 cfs to EPANET's accuracy (1.000005), and a closed link
  // still passes its head difference / 1e8 (about 5e-6 cfs here).
  EXPECT_EQ(status(0), Status::active);
  EXPECT_NEAR(results->flow[0][static_cast<std::size_t>(f1)], 1.0, 1e-4);
  EXPECT_EQ(status(1), Status::closed);
  EXPECT_NEAR(level(1), 18.0, 1e-3);
  EXPECT_NEAR(level(3), 18.0, 1e-3);
  EXPECT_EQ(status(4), Status::active);
  EXPECT_NEAR(results->flow[4][static_cast<std::size_t>(f1)], 1.0, 1e-4);
  EXPECT_EQ(status(5), Status::closed);
  EXPECT_NEAR(level(5), 21.6, 1e-3);
  EXPECT_NEAR(level(6), 21.6, 1e-3);
}

// Every valve type under rules in an L/s, kPa file: settings in kPa and L/s,
// a clock that starts at 8 PM (CLOCKTIME windows across midnight), time
// windows, DRAINTIME/FILLTIME, SYSTEM DEMAND, status premises, ELSE,
// priorities, a DISABLED rule. EPANET 2.3.5 (epanet-js 0.9.0, engine v2.3.5)
// takes exactly these 64 steps with these settings; heads and flows agree to
// 1e-4 (tests/differential/epanet_js_diff.mjs run on this file).
TEST(RulesSimulation, EveryValveTypeAsEpanetRunsIt) {
  const std::string text = R"([TITLE]
rule features, L/s and kPa
[JUNCTIONS]
 J1  10  0  PAT
 J2  12  2  PAT
 J3  8   3  PAT
 J4  9   3  PAT
 J5  11  4  PAT
 J6  10  1  PAT
 J7  7   2  PAT
 J8  9   2  PAT
 J9  8   3  PAT
 J10 10  2  PAT
 J11 9   2  PAT
 J12 8   2  PAT
 J13 9   1  PAT
 J14 7   2  PAT
 J15 10  1  PAT
 J16 9   2  PAT
[RESERVOIRS]
 R1  20
[TANKS]
 T1  50  3  0.5  6  15  0
[PIPES]
 P1  J1  J2  300  300  120  0  Open
 P2  J2  T1  200  250  120  0  Open
 P3  J2  J3  300  250  120  0  Open
 P4  J4  J5  300  250  120  0  Open
 P5  J1  J6  300  250  120  0  Open
 P6  J7  J5  300  200  120  0  Open
 P7  J5  J8  300  200  120  0  Open
 P8  J9  J10 300  200  120  0  Open
 P9  J10 J11 300  200  120  0  Open
 P10 J12 J5  300  200  120  0  Open
 P11 J3  J13 300  200  120  0  Open
 P12 J14 J10 300  200  120  0  Open
 P13 J6  J15 300  200  120  0  Open
 P14 J16 J11 300  200  120  0  Open
[PUMPS]
 PU1  R1  J1  HEAD C1
[VALVES]
 PRV1 J3  J4  250  PRV  300  0
 FCV1 J6  J7  200  FCV  10   0
 TCV1 J8  J9  200  TCV  5    0
 PSV1 J11 J12 200  PSV  250  0
 PBV1 J13 J14 200  PBV  50   0
 GPV1 J15 J16 200  GPV  C2   0
[CURVES]
 C1  60  55
 C2  0   0
 C2  50  5
[PATTERNS]
 PAT 0.6 0.5 0.5 0.6 0.8 1.1 1.4 1.5 1.3 1.2 1.1 1.0
 PAT 1.0 1.0 1.1 1.2 1.3 1.4 1.5 1.3 1.1 0.9 0.8 0.7
[OPTIONS]
 Units     LPS
 Pressure  KPA
 Headloss  H-W
[TIMES]
 Duration  48:00
 Hydraulic Timestep  1:00
 Pattern Timestep  1:00
 Report Timestep  1:00
 Rule Timestep  0:10
 Start ClockTime  8 PM
[RULES]
RULE fill
IF TANK T1 LEVEL ABOVE 5
THEN PUMP PU1 SETTING IS 0.85
ELSE PUMP PU1 SETTING IS 1
RULE empty
IF TANK T1 DRAINTIME < 3
OR TANK T1 LEVEL BELOW 1.5
THEN PUMP PU1 SETTING IS 1.1
PRIORITY 2
RULE prv
IF JUNCTION J5 PRESSURE ABOVE 400
THEN VALVE PRV1 SETTING IS 350
ELSE VALVE PRV1 SETTING IS 300
RULE fcv
IF SYSTEM CLOCKTIME >= 10 PM
OR SYSTEM CLOCKTIME < 5 AM
THEN VALVE FCV1 SETTING IS 4
ELSE VALVE FCV1 SETTING IS 10
RULE tcv
IF LINK FCV1 SETTING < 5
THEN VALVE TCV1 SETTING IS 20
ELSE VALVE TCV1 STATUS IS OPEN
RULE psv
IF SYSTEM TIME = 6:00
THEN VALVE PSV1 SETTING IS 200
RULE psv2
IF SYSTEM TIME = 18
THEN VALVE PSV1 STATUS IS OPEN
AND VALVE PBV1 SETTING IS 20
RULE pbv
IF SYSTEM TIME = 30
THEN VALVE PBV1 SETTING IS 80
RULE gpv
IF VALVE PSV1 STATUS IS OPEN
AND VALVE PRV1 STATUS NOT OPEN
THEN VALVE GPV1 STATUS IS CLOSED
RULE gpv_back
IF SYSTEM TIME >= 40
THEN VALVE GPV1 STATUS IS OPEN
PRIORITY 9
RULE active
IF SYSTEM TIME = 20
THEN VALVE PRV1 STATUS IS ACTIVE
RULE off
IF SYSTEM TIME >= 0
THEN PUMP PU1 STATUS IS CLOSED
PRIORITY 100
DISABLED
RULE sysdemand
IF SYSTEM DEMAND > 45
OR TANK T1 FILLTIME < 2
THEN PIPE P4 STATUS IS CLOSED
ELSE PIPE P4 STATUS IS OPEN
[END]
)";
  auto net = net::parse_inp(text, "rule_features.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  auto model = build_model(*net);
  ASSERT_TRUE(model.ok()) << model.error().message;
  auto results = simulate(*model);
  ASSERT_TRUE(results.ok()) << results.error().message;

  const std::vector<long long> epanet_times = {
      0,      600,    1200,   3600,   5400,   7200,   7800,   9566,   9600,   10800,  14400,  18000,  21600,
      25200,  25800,  28800,  29400,  32400,  36000,  39600,  43200,  46800,  50400,  54000,  57600,  61200,
      64800,  65400,  68400,  69000,  72000,  75600,  79200,  82800,  86400,  90000,  93600,  97200,  100800,
      104400, 108000, 108600, 111600, 112200, 115200, 115800, 118800, 122400, 126000, 129600, 133200, 136800,
      140400, 144000, 147600, 151200, 151800, 154800, 155400, 158400, 162000, 165600, 169200, 172800};
  std::vector<long long> times;
  for (const auto& s : results->steps) times.push_back(s.time);
  ASSERT_EQ(times, epanet_times);

  const Ucf& u = model->ucf;
  const auto at = [&](long long t) {
    return static_cast<std::size_t>(std::find(times.begin(), times.end(), t) - times.begin());
  };
  const auto link = [&](const char* id) { return static_cast<std::size_t>(net->find_link(id)); };
  const auto setting = [&](long long t, const char* id) { return results->setting[at(t)][link(id)]; };
  const auto closed = [&](long long t, const char* id) { return results->status[at(t)][link(id)] <= Status::closed; };
  // Setting in file units as EPANET reports it: kPa, L/s, speed, loss coefficient.
  EXPECT_NEAR(setting(3600, "PU1"), 1.0, 1e-9);
  EXPECT_NEAR(setting(5400, "PU1"), 0.85, 1e-9);           // rule fill: level above 5 m
  EXPECT_NEAR(setting(7200, "FCV1") * u.flow, 4, 1e-9);     // 22:00 clock time
  EXPECT_NEAR(setting(32400, "FCV1") * u.flow, 10, 1e-9);   // 05:00, back by ELSE
  EXPECT_NEAR(setting(7800, "TCV1"), 20, 1e-9);            // follows the FCV's setting
  EXPECT_NEAR(setting(9600, "PRV1") * u.pressure, 350, 1e-9);
  EXPECT_NEAR(setting(25800, "PRV1") * u.pressure, 300, 1e-9);
  EXPECT_NEAR(setting(21600, "PSV1") * u.pressure, 200, 1e-9);  // SYSTEM TIME = 6:00
  EXPECT_NEAR(setting(64800, "PBV1") * u.pressure, 20, 1e-9);   // SYSTEM TIME = 18
  EXPECT_NEAR(setting(108000, "PBV1") * u.pressure, 80, 1e-9);  // SYSTEM TIME = 30
  EXPECT_TRUE(closed(600, "GPV1"));                              // PSV1 open, PRV1 not open
  EXPECT_FALSE(closed(144000, "GPV1"));                          // TIME >= 40, priority 9
  EXPECT_TRUE(closed(1200, "P4"));                               // T1 FILLTIME under 2 h (1.9)
  EXPECT_FALSE(closed(9600, "P4"));                              // ELSE, once it fills slower
  EXPECT_FALSE(closed(172800, "PU1"));                           // the DISABLED rule never closed it
}

}  // namespace
}  // namespace lifeline::hydraulics
