#include "net/inp_reader.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "net/test_support.h"

namespace lifeline::net {
namespace {

struct Expected {
  const char* name;
  std::size_t junctions, reservoirs, tanks, pipes, check_valves, pumps, valves, controls;
  FlowUnits flow;
  HeadlossFormula headloss;
};

// The table of shared/networks/README.md §1.
const Expected kExpected[] = {
    {"Net1", 9, 1, 1, 12, 0, 1, 0, 2, FlowUnits::gpm, HeadlossFormula::hazen_williams},
    {"Net2", 35, 0, 1, 40, 0, 0, 0, 0, FlowUnits::gpm, HeadlossFormula::hazen_williams},
    {"Net3", 92, 2, 3, 117, 0, 2, 0, 6, FlowUnits::gpm, HeadlossFormula::hazen_williams},
    {"CTown", 388, 1, 7, 429, 1, 11, 4, 20, FlowUnits::lps, HeadlossFormula::hazen_williams},
    {"Balerma", 443, 4, 0, 454, 0, 0, 0, 0, FlowUnits::lps, HeadlossFormula::darcy_weisbach},
    {"Richmond_standard", 865, 1, 6, 949, 21, 7, 1, 16, FlowUnits::lps, HeadlossFormula::hazen_williams},
    {"L-Town", 782, 2, 1, 905, 0, 1, 3, 2, FlowUnits::cmh, HeadlossFormula::hazen_williams},
    {"ky10", 920, 2, 13, 1043, 1, 13, 5, 6, FlowUnits::gpm, HeadlossFormula::hazen_williams},
    {"EXNET", 1891, 2, 0, 2465, 3, 0, 2, 0, FlowUnits::lps, HeadlossFormula::darcy_weisbach},
    {"Net6", 3323, 1, 32, 3829, 1, 61, 2, 124, FlowUnits::gpm, HeadlossFormula::hazen_williams},
    {"BWSN_Network_2", 12523, 2, 2, 14822, 2, 4, 5, 1067, FlowUnits::gpm, HeadlossFormula::hazen_williams},
};

class SharedNetwork : public ::testing::TestWithParam<Expected> {};

TEST_P(SharedNetwork, CountsMatchEpanet) {
  const Expected& e = GetParam();
  auto path = testing::networks_dir() / (std::string(e.name) + ".inp");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared networks not found at " << path;
  auto net = read_inp(path.string());
  ASSERT_TRUE(net.ok()) << net.error().fields[0].field << ": " << net.error().message;
  EXPECT_EQ(net->count(NodeType::junction), e.junctions);
  EXPECT_EQ(net->count(NodeType::reservoir), e.reservoirs);
  EXPECT_EQ(net->count(NodeType::tank), e.tanks);
  EXPECT_EQ(net->tanks.size(), e.tanks);
  EXPECT_EQ(net->count(LinkType::pipe), e.pipes);
  EXPECT_EQ(std::count_if(net->links.begin(), net->links.end(), [](const Link& l) { return l.check_valve; }),
            static_cast<long>(e.check_valves));
  EXPECT_EQ(net->count(LinkType::pump), e.pumps);
  EXPECT_EQ(net->links.size() - e.pipes - e.pumps, e.valves);
  EXPECT_EQ(net->controls.size(), e.controls);
  EXPECT_EQ(net->options.flow_units, e.flow);
  EXPECT_EQ(net->options.headloss, e.headloss);
  for (const auto& l : net->links) {
    ASSERT_GE(l.from, 0);
    ASSERT_GE(l.to, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(All, SharedNetwork, ::testing::ValuesIn(kExpected),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           for (char& c : n) if (c == '-') c = '_';
                           return n;
                         });

Result<Network> shared(const char* name) {
  auto path = testing::networks_dir() / (std::string(name) + ".inp");
  if (!std::filesystem::exists(path)) return Error::not_found("absent");
  return read_inp(path.string());
}

TEST(InpReader, ConvertsUsUnitsToSi) {
  auto net = shared("Net1");
  if (!net) GTEST_SKIP();
  const Node& j10 = net->nodes[static_cast<std::size_t>(net->find_node("10"))];
  EXPECT_NEAR(j10.elevation, 710 * 0.3048, 1e-9);
  const Node& j11 = net->nodes[static_cast<std::size_t>(net->find_node("11"))];
  ASSERT_EQ(j11.demands.size(), 1u);
  EXPECT_NEAR(j11.demands[0].base, 150 * 3.785411784e-3 / 60, 1e-12);
  const Link& p10 = net->links[static_cast<std::size_t>(net->find_link("10"))];
  EXPECT_NEAR(p10.length, 10530 * 0.3048, 1e-9);
  EXPECT_NEAR(p10.diameter, 18 * 0.0254, 1e-12);
  EXPECT_DOUBLE_EQ(p10.roughness, 100);
  const Node& tank = net->nodes[static_cast<std::size_t>(net->find_node("2"))];
  ASSERT_EQ(tank.type, NodeType::tank);
  EXPECT_NEAR(net->tanks[static_cast<std::size_t>(tank.tank)].diameter, 50.5 * 0.3048, 1e-9);
  EXPECT_EQ(net->times.duration, 24 * 3600);
  EXPECT_EQ(net->times.pattern_step, 2 * 3600);
  EXPECT_EQ(net->options.pressure_units, PressureUnits::psi);
  // LINK 9 OPEN IF NODE 2 BELOW 110: a tank level in ft.
  ASSERT_EQ(net->controls.size(), 2u);
  EXPECT_EQ(net->controls[0].condition, Control::Condition::node_below);
  EXPECT_NEAR(net->controls[0].value, 110 * 0.3048, 1e-9);
  const Curve& c = net->curves[static_cast<std::size_t>(net->links[static_cast<std::size_t>(net->find_link("9"))].curve)];
  EXPECT_EQ(c.type, CurveType::pump);
  EXPECT_NEAR(c.points[0].first, 1500 * 3.785411784e-3 / 60, 1e-12);
  EXPECT_NEAR(c.points[0].second, 250 * 0.3048, 1e-9);
}

TEST(InpReader, KeepsMultipleDemandCategories) {
  auto net = shared("L-Town");
  if (!net) GTEST_SKIP();
  const Node& n1 = net->nodes[static_cast<std::size_t>(net->find_node("n1"))];
  ASSERT_EQ(n1.demands.size(), 3u);
  EXPECT_NEAR(n1.demands[2].base, 0.660240 / 3600, 1e-12);  // CMH
  EXPECT_EQ(net->patterns[static_cast<std::size_t>(n1.demands[2].pattern)].id, "P-Industrial");
  EXPECT_EQ(net->times.hydraulic_step, 300);
}

TEST(InpReader, ReadsCrlfAndPrvSettings) {
  auto net = shared("Net6");
  if (!net) GTEST_SKIP();
  for (const auto& n : net->nodes) EXPECT_EQ(n.id.find('\r'), std::string::npos);
  std::size_t prv = 0;
  for (const auto& l : net->links) {
    if (l.type != LinkType::prv) continue;
    ++prv;
    EXPECT_EQ(l.status == LinkStatus::active || l.status == LinkStatus::open || l.status == LinkStatus::closed, true);
  }
  EXPECT_EQ(prv, 2u);
}

struct BadInput {
  const char* text;
  const char* where;     // expected field
  const char* message;   // expected substring of the message
};

class BrokenInp : public ::testing::TestWithParam<BadInput> {};

TEST_P(BrokenInp, ReportsFileLineAndWhatWasExpected) {
  const BadInput& b = GetParam();
  auto net = parse_inp(b.text, "bad.inp");
  ASSERT_FALSE(net.ok());
  ASSERT_EQ(net.error().code, ErrorCode::invalid);
  ASSERT_EQ(net.error().fields.size(), 1u);
  EXPECT_EQ(net.error().fields[0].field, b.where);
  EXPECT_NE(net.error().message.find(b.message), std::string::npos) << net.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BrokenInp,
    ::testing::Values(
        BadInput{"[JUNCTIONS]\nJ1 abc\n", "bad.inp:2", "expected a number for elevation"},
        BadInput{"[JUNCTIONS]\nJ1 10\nJ1 12\n", "bad.inp:3", "duplicate node id 'J1'"},
        BadInput{"[JUNCTIONS]\nJ1 10\n[PIPES]\nP1 J1 J9 100 200 100\n", "bad.inp:4", "undefined node 'J9'"},
        BadInput{"[JUNCTIONS]\r\nJ1 10\r\nJ2 10\r\n[PIPES]\r\nP1 J1 J2 100\r\n", "bad.inp:5",
                 "expected pipe: ID node1 node2 length"},
        BadInput{"J1 10\n", "bad.inp:1", "expected a section header"},
        BadInput{"[JUNK]\n", "bad.inp:1", "unknown section [JUNK]"},
        BadInput{"[OPTIONS]\nUnits XYZ\n", "bad.inp:2", "expected flow units"},
        BadInput{"[JUNCTIONS]\nJ1 1 2 NOPAT\n", "bad.inp:2", "undefined pattern 'NOPAT'"},
        BadInput{"[TIMES]\nDuration soon\n", "bad.inp:2", "expected a time"},
        BadInput{"[JUNCTIONS]\nJ1 1\nJ2 1\n[VALVES]\nV1 J1 J2 100 XYZ 5\n", "bad.inp:5", "expected valve type"},
        BadInput{"[JUNCTIONS]\nJ1 1\nJ2 1\n[PIPES]\nP1 J1 J2 10 100 100 0 Half\n", "bad.inp:5",
                 "expected pipe status"},
        BadInput{"[JUNCTIONS]\nJ1 1\nJ2 1\n[PIPES]\nP1 J1 J2 10 100 100\n[CONTROLS]\nLINK P1 OPEN WHEN\n", "bad.inp:7",
                 "expected control"}));

TEST(InpReader, AcceptsCommentsQuotesAndCategories) {
  const char* text =
      "[TITLE]\nsmall\n[JUNCTIONS]\n\"J 1\" 10 ; a comment\nJ2 5 1.5\n[RESERVOIRS]\nR1 50\n"
      "[PIPES]\nP1 R1 \"J 1\" 100 300 120\nP2 \"J 1\" J2 100 300 120 0 CV\n"
      "[DEMANDS]\nJ2 2 ;hospital\nJ2 3\n[OPTIONS]\nUNITS LPS\n[END]\n[JUNK]\n";
  auto net = parse_inp(text, "ok.inp");
  ASSERT_TRUE(net.ok()) << net.error().message;
  EXPECT_NE(net->find_node("J 1"), kNone);
  const Node& j2 = net->nodes[static_cast<std::size_t>(net->find_node("J2"))];
  ASSERT_EQ(j2.demands.size(), 2u);
  EXPECT_EQ(j2.demands[0].category, "hospital");
  EXPECT_NEAR(j2.demands[1].base, 0.003, 1e-15);
  EXPECT_TRUE(net->links[1].check_valve);
  EXPECT_NEAR(net->links[0].diameter, 0.3, 1e-15);
}

// EPANET (rules.c, since 2.2) starts a rule only on exactly "RULE name".
TEST(InpReader, RuleLineIsExactlyRuleAndAName) {
  const std::string head = "[JUNCTIONS]\nJ 0 1\n[RESERVOIRS]\nR 10\n[PIPES]\nP R J 100 100 100 0 Open\n[RULES]\n";
  const std::string body = "IF SYSTEM TIME > 1\nTHEN PIPE P STATUS IS CLOSED\n[END]\n";
  for (const char* header : {"RULE a b", "RULE"}) {
    auto n = parse_inp(head + header + "\n" + body, "r.inp");
    ASSERT_FALSE(n.ok()) << header;
    EXPECT_EQ(n.error().message, "r.inp:8: expected 'RULE name': one word, the rule's name") << header;
  }
  auto ok = parse_inp(head + "RULE a ; a comment\n" + body, "r.inp");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->rules.at(0).name, "a");
}

}  // namespace
}  // namespace lifeline::net

namespace lifeline::net {
namespace {

TEST(InpReader, RefusesNulCharactersWithTheirLine) {
  using namespace std::string_literals;
  for (const auto& [text, where] : {std::pair{"[JUNCTIONS]\nJ1 10\nJ\0 2 10\n"s, "nul.inp:3"},
                                    std::pair{"[TITLE]\r\r\nx\0"s, "nul.inp:3"}}) {
    auto net = parse_inp(text, "nul.inp");
    ASSERT_FALSE(net.ok());
    EXPECT_EQ(net.error().fields[0].field, where);
    EXPECT_NE(net.error().message.find("NUL"), std::string::npos);
  }
}

}  // namespace
}  // namespace lifeline::net
