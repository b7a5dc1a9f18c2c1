#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "net/inp_reader.h"
#include "net/inp_writer.h"
#include "net/test_support.h"

namespace lifeline::net {
namespace {

bool close(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max({1.0, std::abs(a), std::abs(b)}); }

#define EXPECT_CLOSE(a, b) EXPECT_TRUE(close((a), (b))) << #a << " = " << (a) << " vs " << (b)

void expect_same(const Network& a, const Network& b) {
  EXPECT_EQ(a.title, b.title);
  ASSERT_EQ(a.nodes.size(), b.nodes.size());
  for (std::size_t i = 0; i < a.nodes.size(); ++i) {
    const Node &x = a.nodes[i], &y = b.nodes[i];
    ASSERT_EQ(x.id, y.id);
    EXPECT_EQ(x.type, y.type);
    EXPECT_CLOSE(x.elevation, y.elevation);
    ASSERT_EQ(x.demands.size(), y.demands.size()) << x.id;
    for (std::size_t d = 0; d < x.demands.size(); ++d) {
      EXPECT_CLOSE(x.demands[d].base, y.demands[d].base);
      EXPECT_EQ(x.demands[d].pattern, y.demands[d].pattern);
      EXPECT_EQ(x.demands[d].category, y.demands[d].category);
    }
    EXPECT_EQ(x.pattern, y.pattern);
    EXPECT_CLOSE(x.emitter, y.emitter);
    EXPECT_EQ(x.tag, y.tag);
    EXPECT_EQ(x.has_coordinates, y.has_coordinates);
    EXPECT_EQ(x.coordinates, y.coordinates);
  }
  ASSERT_EQ(a.tanks.size(), b.tanks.size());
  for (std::size_t i = 0; i < a.tanks.size(); ++i) {
    const Tank &x = a.tanks[i], &y = b.tanks[i];
    EXPECT_EQ(x.node, y.node);
    EXPECT_CLOSE(x.initial_level, y.initial_level);
    EXPECT_CLOSE(x.min_level, y.min_level);
    EXPECT_CLOSE(x.max_level, y.max_level);
    EXPECT_CLOSE(x.diameter, y.diameter);
    EXPECT_CLOSE(x.min_volume, y.min_volume);
    EXPECT_EQ(x.volume_curve, y.volume_curve);
    EXPECT_EQ(x.can_overflow, y.can_overflow);
  }
  ASSERT_EQ(a.links.size(), b.links.size());
  for (std::size_t i = 0; i < a.links.size(); ++i) {
    const Link &x = a.links[i], &y = b.links[i];
    ASSERT_EQ(x.id, y.id);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.from, y.from);
    EXPECT_EQ(x.to, y.to);
    EXPECT_CLOSE(x.length, y.length);
    EXPECT_CLOSE(x.diameter, y.diameter);
    EXPECT_CLOSE(x.roughness, y.roughness);
    EXPECT_CLOSE(x.minor_loss, y.minor_loss);
    EXPECT_EQ(x.check_valve, y.check_valve);
    EXPECT_EQ(x.status, y.status) << x.id;
    EXPECT_CLOSE(x.setting, y.setting);
    EXPECT_EQ(x.curve, y.curve);
    EXPECT_CLOSE(x.power, y.power);
    EXPECT_EQ(x.pattern, y.pattern);
    EXPECT_EQ(x.tag, y.tag);
    EXPECT_EQ(x.vertices, y.vertices);
  }
  EXPECT_EQ(a.patterns, b.patterns);
  ASSERT_EQ(a.curves.size(), b.curves.size());
  for (std::size_t i = 0; i < a.curves.size(); ++i) {
    EXPECT_EQ(a.curves[i].id, b.curves[i].id);
    EXPECT_EQ(a.curves[i].type, b.curves[i].type);
    ASSERT_EQ(a.curves[i].points.size(), b.curves[i].points.size());
    for (std::size_t p = 0; p < a.curves[i].points.size(); ++p) {
      EXPECT_CLOSE(a.curves[i].points[p].first, b.curves[i].points[p].first);
      EXPECT_CLOSE(a.curves[i].points[p].second, b.curves[i].points[p].second);
    }
  }
  ASSERT_EQ(a.controls.size(), b.controls.size());
  for (std::size_t i = 0; i < a.controls.size(); ++i) {
    const Control &x = a.controls[i], &y = b.controls[i];
    EXPECT_EQ(x.link, y.link);
    EXPECT_EQ(x.action, y.action);
    EXPECT_CLOSE(x.setting, y.setting);
    EXPECT_EQ(x.condition, y.condition);
    EXPECT_EQ(x.node, y.node);
    EXPECT_CLOSE(x.value, y.value);
  }
  EXPECT_EQ(a.rules, b.rules);
  EXPECT_EQ(a.options.flow_units, b.options.flow_units);
  EXPECT_EQ(a.options.pressure_units, b.options.pressure_units);
  EXPECT_EQ(a.options.headloss, b.options.headloss);
  EXPECT_EQ(a.options.default_pattern, b.options.default_pattern);
  EXPECT_CLOSE(a.options.demand_multiplier, b.options.demand_multiplier);
  EXPECT_CLOSE(a.options.minimum_pressure, b.options.minimum_pressure);
  EXPECT_CLOSE(a.options.required_pressure, b.options.required_pressure);
  EXPECT_EQ(a.options.other, b.options.other);
  EXPECT_EQ(a.times, b.times);
  EXPECT_EQ(a.raw_sections, b.raw_sections);
}

class RoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(RoundTrip, ReadWriteReadGivesTheSameModel) {
  auto path = testing::networks_dir() / (std::string(GetParam()) + ".inp");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared networks not found";
  auto first = read_inp(path.string());
  ASSERT_TRUE(first.ok()) << first.error().message;
  std::string text = write_inp(*first);
  auto second = parse_inp(text, "written.inp");
  ASSERT_TRUE(second.ok()) << second.error().fields[0].field << ": " << second.error().message;
  expect_same(*first, *second);
  // Writing is a fixed point after one round.
  EXPECT_EQ(write_inp(*second), text);
}

INSTANTIATE_TEST_SUITE_P(Shared, RoundTrip, ::testing::ValuesIn(testing::kSharedNetworks), [](const auto& info) {
  std::string n = info.param;
  for (char& c : n) if (c == '-') c = '_';
  return n;
});

TEST(RoundTrip, KeepsKilopascalsAndTwoPointThreeFeatures) {
  const char* text =
      "[JUNCTIONS]\nA 10 1\nB 12 2\n[RESERVOIRS]\nR 80\n[TANKS]\nT 30 2 1 5 10 0 * YES\n"
      "[PIPES]\nP1 R A 100 300 0.5\nP2 A B 100 300 0.5 0 Closed\n"
      "[VALVES]\nV1 B T 200 PRV 300 0.2\nV2 A T 200 PCV 50 0\n"
      "[EMITTERS]\nB 0.5\n[CONTROLS]\nLINK V1 250 AT CLOCKTIME 6 PM\nLINK P2 OPEN IF NODE B BELOW 200\n"
      "[OPTIONS]\nUNITS CMS\nPRESSURE KPA\nHEADLOSS D-W\nEMITTER EXPONENT 0.6\n";
  auto first = parse_inp(text, "kpa.inp");
  ASSERT_TRUE(first.ok()) << first.error().fields[0].field << first.error().message;
  const Link& v1 = first->links[2];
  EXPECT_NEAR(v1.setting, 300.0 / 9.80665, 1e-9);  // kPa -> m head
  EXPECT_NEAR(first->links[0].roughness, 0.5e-3, 1e-15);  // D-W mm -> m
  EXPECT_TRUE(first->tanks[0].can_overflow);
  EXPECT_EQ(first->controls[0].value, 18 * 3600);
  auto second = parse_inp(write_inp(*first), "again.inp");
  ASSERT_TRUE(second.ok()) << second.error().message;
  expect_same(*first, *second);
}

}  // namespace
}  // namespace lifeline::net
