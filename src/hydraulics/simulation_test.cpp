// The engine on small networks whose answers follow from physics by hand:
// pressure-driven demand, emitters, a constant-power pump, PRV and FCV
// settings, a tank filling up, junctions cut off under DDA and PDA, bad
// input, and many scenarios on one Simulation. The EPANET comparison of real
// networks is reference_test.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "hydraulics/simulation.h"
#include "net/city_generator.h"
#include "net/inp_reader.h"

namespace lifeline::hydraulics {
namespace {

constexpr double kG = 9.80665;

Model model_of(const std::string& body) {
  const std::string text = "[OPTIONS]\nUnits LPS\nHeadloss H-W\n" + body + "\n[END]\n";
  auto net = net::parse_inp(text, "test.inp");
  EXPECT_TRUE(net.ok()) << (net.ok() ? "" : net.error().message);
  auto model = build_model(*net);
  EXPECT_TRUE(model.ok()) << (model.ok() ? "" : model.error().message);
  return std::move(*model);
}

int node(const Model& m, const std::string& id) {
  for (int i = 0; i < m.n_nodes(); ++i)
    if (m.node_id[i] == id) return i;
  ADD_FAILURE() << "no node " << id;
  return 0;
}

int link(const Model& m, const std::string& id) {
  for (int k = 0; k < m.n_links(); ++k)
    if (m.link_id[k] == id) return k;
  ADD_FAILURE() << "no link " << id;
  return 0;
}

double pressure_m(const Model& m, const State& s, int i) { return s.pressure(m, i) * kMPerFt; }
double lps(const Model& m, double cfs) { return cfs * m.ucf.flow; }

// Reservoir at 10 m over a junction asking 2 L/s through a short, wide pipe:
// the pipe loses almost nothing, so the junction sits at 10 m.
const char* kWideFeed =
    "[RESERVOIRS]\nR 10\n[JUNCTIONS]\nJ 0 2\n[PIPES]\nP R J 1 1000 140\n";

TEST(Simulation, PressureDrivenDemandFollowsTheOrificeLaw) {
  Model m = model_of(kWideFeed);
  Scenario pda;
  pda.pda = true;
  pda.pmin = 0;
  pda.preq = 20.0 / kMPerFt;
  pda.pexp = 0.5;
  Simulation sim(m, pda);
  auto step = sim.run_step();
  ASSERT_TRUE(step.ok()) << step.error().message;
  const int j = node(m, "J");
  const double p = pressure_m(m, sim.state(), j);
  EXPECT_NEAR(p, 10.0, 1e-3);
  // served = asked · ((p − Pmin) / (Preq − Pmin))^0.5
  EXPECT_NEAR(lps(m, sim.state().demand_flow[j]), 2.0 * std::sqrt(p / 20.0), 2e-3);
  EXPECT_NEAR(lps(m, sim.state().full_demand[j]), 2.0, 1e-9);
  EXPECT_EQ(step->deficient_nodes, 1);
}

TEST(Simulation, DemandDrivenServesTheFullDemand) {
  Model m = model_of(kWideFeed);
  Simulation sim(m);
  auto step = sim.run_step();
  ASSERT_TRUE(step.ok()) << step.error().message;
  const int j = node(m, "J");
  EXPECT_NEAR(lps(m, sim.state().node_demand[j]), 2.0, 1e-9);
  EXPECT_NEAR(lps(m, sim.state().flow[link(m, "P")]), 2.0, 1e-6);
}

TEST(Simulation, EmitterDischargesAsItsCoefficientSays) {
  Model m = model_of("[RESERVOIRS]\nR 50\n[JUNCTIONS]\nJ 0 0\n[PIPES]\nP R J 1 1000 140\n[EMITTERS]\nJ 0.5\n");
  Simulation sim(m);
  ASSERT_TRUE(sim.run_step().ok());
  const int j = node(m, "J");
  const double p = pressure_m(m, sim.state(), j);
  EXPECT_NEAR(lps(m, sim.state().emitter_flow[j]), 0.5 * std::sqrt(p), 1e-3);  // q = C p^0.5, L/s and m
  EXPECT_NEAR(p, 50.0, 1e-2);
}

TEST(Simulation, ConstantPowerPumpAddsPowerOverWeightOfFlow) {
  Model m = model_of(
      "[RESERVOIRS]\nR 0\n[JUNCTIONS]\nA 0 0\nB 0 0\nJ 0 10\n[PIPES]\nP1 R A 1 1000 140\nP2 B J 1 1000 140\n"
      "[PUMPS]\nPU A B POWER 10\n");
  Simulation sim(m);
  ASSERT_TRUE(sim.run_step().ok());
  // 10 kW lifting 10 L/s: h = P / (ρ g Q) = 10000 / (9806.65 · 0.010) ≈ 102 m.
  const double gain = (sim.state().head[node(m, "B")] - sim.state().head[node(m, "A")]) * kMPerFt;
  EXPECT_NEAR(gain, 10000.0 / (1000 * kG * 0.010), 0.2);
}

TEST(Simulation, PrvHoldsItsDownstreamPressure) {
  Model m = model_of("[RESERVOIRS]\nR 100\n[JUNCTIONS]\nA 0 0\nB 0 0\nJ 0 5\n[PIPES]\nP1 R A 100 300 130\n"
                     "P2 B J 100 300 130\n[VALVES]\nV A B 300 PRV 30\n");
  Simulation sim(m);
  ASSERT_TRUE(sim.run_step().ok());
  const int v = link(m, "V");
  EXPECT_EQ(sim.state().status[v], Status::active);
  EXPECT_NEAR(pressure_m(m, sim.state(), node(m, "B")), 30.0, 1e-3);
  EXPECT_NEAR(lps(m, sim.state().flow[v]), 5.0, 1e-6);
}

TEST(Simulation, FcvLimitsTheFlowIntoATank) {
  Model m = model_of("[RESERVOIRS]\nR 100\n[TANKS]\nT 0 1 0 10 20 0\n[JUNCTIONS]\nA 0 0\n"
                     "[PIPES]\nP1 R A 100 300 130\n[VALVES]\nV A T 300 FCV 7\n");
  Simulation sim(m);
  ASSERT_TRUE(sim.run_step().ok());
  EXPECT_EQ(sim.state().status[link(m, "V")], Status::active);
  EXPECT_NEAR(lps(m, sim.state().flow[link(m, "V")]), 7.0, 1e-3);  // + the 1/CBIG leak across an active FCV
}

TEST(Simulation, TankStepEndsWhenItIsFullAndItsInletCloses) {
  // A 10 m² tank (diameter 3.568 m) 1 m below full, filled by a pump-less
  // 10 m head: the step that fills it is cut short at the fill time.
  Model m = model_of("[RESERVOIRS]\nR 20\n[TANKS]\nT 0 1 0 2 3.5682 0\n[JUNCTIONS]\nA 0 0\n"
                     "[PIPES]\nP0 R A 10 100 130\nP A T 100 100 130\n"
                     "[TIMES]\nDuration 4:00\nHydraulic Timestep 1:00\n");
  auto run = simulate(m);
  ASSERT_TRUE(run.ok()) << run.error().message;
  const int t = node(m, "T");
  const int p = link(m, "P");
  bool filled = false;
  for (std::size_t k = 0; k < run->steps.size(); ++k) {
    const double level = (run->head[k][t] - m.elevation[t]) * kMPerFt;
    EXPECT_LE(level, 2.0 + 1e-6);
    if (std::fabs(level - 2.0) >= 1e-6) continue;
    if (!filled) {
      EXPECT_NE(run->steps[k].time % 3600, 0) << "the fill time ends a step of its own";
    }
    filled = true;
    EXPECT_EQ(run->status[k][p], Status::temp_closed) << "at " << run->steps[k].time << " s";
  }
  EXPECT_TRUE(filled);
}

const char* kDeadEnd =
    "[RESERVOIRS]\nR 40\n[JUNCTIONS]\nA 0 1\nB 0 2\nC 0 3\n[PIPES]\nP1 R A 100 200 130\n"
    "P2 A B 100 200 130 0 Closed\nP3 B C 100 200 130\n";

TEST(Simulation, DemandDrivenRunNamesJunctionsCutOffFromEverySource) {
  Model m = model_of(kDeadEnd);
  Simulation sim(m);
  auto step = sim.run_step();
  ASSERT_FALSE(step.ok());
  EXPECT_NE(step.error().message.find("2 junction(s)"), std::string::npos) << step.error().message;
  EXPECT_NE(step.error().message.find("B, C"), std::string::npos) << step.error().message;
}

TEST(Simulation, PressureDrivenRunServesNothingToCutOffJunctions) {
  Model m = model_of(kDeadEnd);
  Scenario pda;
  pda.pda = true;
  Simulation sim(m, pda);
  auto step = sim.run_step();
  ASSERT_TRUE(step.ok()) << step.error().message;
  for (const char* id : {"B", "C"}) {
    const int i = node(m, id);
    EXPECT_FALSE(sim.state().connected[i]) << id;
    EXPECT_EQ(sim.state().demand_flow[i], 0.0) << id;
    EXPECT_TRUE(std::isfinite(sim.state().head[i])) << id;
  }
  EXPECT_EQ(step->disconnected.size(), 2u);
  EXPECT_GT(lps(m, sim.state().demand_flow[node(m, "A")]), 0.99);  // A at ~40 m is fully served
}

TEST(Simulation, RestartGivesTheSameAnswerAsAFreshRun) {
  Model m = model_of("[RESERVOIRS]\nR 40\n[JUNCTIONS]\nA 0 1\nB 0 2\nC 0 3\n[PIPES]\nP1 R A 500 200 130\n"
                     "P2 A B 500 200 130\nP3 B C 500 200 130\nP4 R C 2000 150 130\n");
  Scenario pda;
  pda.pda = true;
  Simulation reused(m, pda);
  ASSERT_TRUE(reused.run_step().ok());
  const State base = reused.state();
  const std::vector<int> closed = {link(m, "P2")};
  reused.restart(closed, &base);
  ASSERT_TRUE(reused.run_step().ok());
  Scenario fresh_scenario = pda;
  fresh_scenario.closed_links = closed;
  Simulation fresh(m, fresh_scenario);
  ASSERT_TRUE(fresh.run_step().ok());
  for (int i = 0; i < m.n_junctions; ++i) EXPECT_NEAR(reused.state().head[i], fresh.state().head[i], 1e-4) << i;
  EXPECT_EQ(reused.state().status[link(m, "P2")], Status::closed);
}

// A Simulation that has solved other scenarios answers, to the bit, what a
// fresh one started from the same state does: nothing it keeps between runs
// (the coefficient cache, the vector math's batches) changes an answer. The
// all-bursts ranking relies on it to be the same on any number of threads.
TEST(Simulation, RestartAnswersToTheBitWhatAFreshSimulationDoes) {
  const net::Network city = net::generate_city({2000, 3}).network;
  auto built = build_model(city);
  ASSERT_TRUE(built) << built.error().message;
  const Model& m = *built;
  Scenario pda;
  pda.pda = true;
  pda.duration = 0;
  Simulation reused(m, pda);
  ASSERT_TRUE(reused.run_step().ok());
  const State base = reused.state();
  for (int first = 0; first < 40; first += 7) {  // a few closures, each after another
    const std::vector<int> closed = {first, first + 100, first + 400};
    reused.restart(closed, &base);
    ASSERT_TRUE(reused.run_step().ok());
    Simulation fresh(m, pda);
    fresh.restart(closed, &base);
    ASSERT_TRUE(fresh.run_step().ok());
    EXPECT_EQ(reused.state().head, fresh.state().head) << "closing link " << first;
    EXPECT_EQ(reused.state().flow, fresh.state().flow) << "closing link " << first;
  }
}

// A scenario's closure holds whatever the heads say: a PRV and a check-valve
// pipe closed by the scenario stay shut though the junction below them is
// short of pressure (the valve logic would open both), as a valve crew's
// closure does. The PRV loses its setting, as EPANET closes a valve.
TEST(Simulation, ScenarioClosuresHoldAgainstTheValveLogic) {
  Model m = model_of("[RESERVOIRS]\nLOW 20\nHIGH 100\n[JUNCTIONS]\nJ 0 30\n[PIPES]\n"
                     "P1 LOW J 2000 150 130\nP2 HIGH J 100 300 130 0 CV\n[VALVES]\nV HIGH J 300 PRV 50 0\n");
  for (const auto& [shut, other] : {std::pair{"V", "P2"}, std::pair{"P2", "V"}}) {
    SCOPED_TRACE(shut);
    Scenario open_run;  // only the other one closed
    open_run.pda = true;
    open_run.closed_links = {link(m, other)};
    Simulation open_sim(m, open_run);
    ASSERT_TRUE(open_sim.run_step().ok());
    EXPECT_GT(std::fabs(lps(m, open_sim.state().flow[link(m, shut)])), 1.0);  // it carries water when free
    Scenario closed = open_run;
    closed.closed_links = {link(m, "V"), link(m, "P2")};
    Simulation sim(m, closed);
    ASSERT_TRUE(sim.run_step().ok());
    EXPECT_EQ(sim.state().status[link(m, shut)], Status::closed);
    EXPECT_LT(std::fabs(lps(m, sim.state().flow[link(m, shut)])), 1e-3);
    EXPECT_LT(pressure_m(m, sim.state(), node(m, "J")), 20.0);  // fed from LOW alone
  }
  Scenario closed;
  closed.closed_links = {link(m, "V")};
  Simulation sim(m, closed);
  EXPECT_EQ(sim.state().setting[link(m, "V")], kMissing);
}

TEST(Simulation, RisingPumpCurveIsRejectedNamingThePump) {
  auto net = net::parse_inp(
      "[OPTIONS]\nUnits LPS\n[RESERVOIRS]\nR 0\n[JUNCTIONS]\nJ 0 1\n[PUMPS]\nPU R J HEAD C1\n"
      "[CURVES]\nC1 0 10\nC1 5 20\nC1 10 5\nC1 15 1\n[END]\n",
      "bad.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  auto model = build_model(*net);
  ASSERT_FALSE(model.ok());
  ASSERT_FALSE(model.error().fields.empty());
  EXPECT_EQ(model.error().fields[0].field, "pumps.PU");
}

}  // namespace
}  // namespace lifeline::hydraulics
