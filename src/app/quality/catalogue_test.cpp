#include "app/quality/catalogue.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace lifeline::app::quality {
namespace {

TEST(Catalogue, HoldsTheNinetySevenIndicatorsOfGb5749_2022) {
  int routine = 0, extended = 0;
  for (const auto& i : indicators()) (i.routine ? routine : extended) += 1;
  EXPECT_EQ(routine, 43);
  EXPECT_EQ(extended, 54);
  EXPECT_EQ(reference_indicators().size(), 55u);
}

TEST(Catalogue, CodesAreUniqueAndEveryIndicatorIsComplete) {
  std::set<std::string_view> codes;
  auto check = [&](const Indicator& i) {
    EXPECT_TRUE(codes.insert(i.code).second) << i.code;
    EXPECT_FALSE(i.name_zh.empty()) << i.code;
    EXPECT_FALSE(i.name_en.empty()) << i.code;
    EXPECT_FALSE(i.limit.text.empty()) << i.code;
    EXPECT_TRUE(i.method.starts_with("GB/T 5750") || i.reference) << i.code;
  };
  for (const auto& i : indicators()) check(i);
  for (const auto& i : reference_indicators()) check(i);
}

TEST(Catalogue, GroupsFollowTheStandardsTables) {
  std::map<Group, int> routine, extended;
  for (const auto& i : indicators()) (i.routine ? routine : extended)[i.group] += 1;
  EXPECT_EQ(routine[Group::microbiological], 3);
  EXPECT_EQ(routine[Group::toxicological], 18);
  EXPECT_EQ(routine[Group::sensory], 16);
  EXPECT_EQ(routine[Group::radioactive], 2);
  EXPECT_EQ(routine[Group::disinfectant], 4);
  EXPECT_EQ(extended[Group::microbiological], 2);
  EXPECT_EQ(extended[Group::toxicological], 47);
  EXPECT_EQ(extended[Group::sensory], 5);
}

TEST(Catalogue, TheLimitsTheIssueNames) {
  const auto* chlorine = find_indicator("free_chlorine");
  ASSERT_NE(chlorine, nullptr);
  ASSERT_TRUE(chlorine->disinfectant.has_value());
  EXPECT_EQ(chlorine->disinfectant->max_mg_l, 2);
  EXPECT_EQ(chlorine->disinfectant->outlet_min_mg_l, 0.3);
  EXPECT_EQ(chlorine->disinfectant->end_min_mg_l, 0.05);
  EXPECT_EQ(chlorine->disinfectant->contact_min, 30);
  const auto* total = find_indicator("total_chlorine");
  EXPECT_EQ(total->disinfectant->max_mg_l, 3);
  EXPECT_EQ(total->disinfectant->outlet_min_mg_l, 0.5);
  EXPECT_EQ(total->disinfectant->contact_min, 120);
  const auto* dioxide = find_indicator("chlorine_dioxide");
  EXPECT_EQ(dioxide->disinfectant->max_mg_l, 0.8);
  EXPECT_EQ(dioxide->disinfectant->outlet_min_mg_l, 0.1);
  EXPECT_EQ(dioxide->disinfectant->end_min_mg_l, 0.02);
  const auto* ozone = find_indicator("ozone");
  EXPECT_EQ(ozone->disinfectant->max_mg_l, 0.3);
  EXPECT_FALSE(ozone->disinfectant->outlet_min_mg_l.has_value());
  EXPECT_EQ(ozone->disinfectant->end_min_mg_l, 0.02);
  // 2022's changed limits: turbidity 1 NTU, nitrate 10, permanganate index 3, boron 1.0, vinyl chloride 0.001.
  EXPECT_EQ(find_indicator("turbidity")->limit.max, 1);
  EXPECT_EQ(find_indicator("turbidity")->unit, "NTU");
  EXPECT_EQ(find_indicator("nitrate_n")->limit.max, 10);
  EXPECT_EQ(find_indicator("codmn")->limit.max, 3);
  EXPECT_EQ(find_indicator("boron")->limit.max, 1.0);
  EXPECT_EQ(find_indicator("vinyl_chloride")->limit.max, 0.001);
  EXPECT_EQ(find_indicator("trichloroethene")->limit.max, 0.02);
  EXPECT_EQ(find_indicator("dimethoate")->limit.max, 0.006);
  const auto* ph = find_indicator("ph");
  EXPECT_EQ(ph->limit.kind, LimitKind::range);
  EXPECT_EQ(ph->limit.min, 6.5);
  EXPECT_EQ(ph->limit.max, 8.5);
  EXPECT_EQ(find_indicator("total_coliforms")->limit.kind, LimitKind::not_detected);
  EXPECT_EQ(find_indicator("hpc")->limit.max, 100);
  EXPECT_EQ(find_indicator("odour_taste")->limit.kind, LimitKind::no_abnormal);
  EXPECT_EQ(find_indicator("arsenic")->limit.max, 0.01);
  EXPECT_EQ(find_indicator("mib_2")->limit.max, 0.00001);
  // Deleted in 2022, now reference indicators.
  EXPECT_TRUE(find_indicator("chloral_hydrate")->reference);
  EXPECT_TRUE(find_indicator("sulfide")->reference);
  EXPECT_EQ(find_indicator("thermotolerant_coliforms"), nullptr);
}

TEST(Catalogue, UnitsMatchTheirCommonSpellingsOnly) {
  const auto* chlorine = find_indicator("free_chlorine");
  EXPECT_TRUE(unit_matches(*chlorine, "mg/L"));
  EXPECT_TRUE(unit_matches(*chlorine, "mg/l"));
  EXPECT_TRUE(unit_matches(*chlorine, ""));
  EXPECT_FALSE(unit_matches(*chlorine, "μg/L"));
  EXPECT_TRUE(unit_matches(*find_indicator("total_coliforms"), "CFU/100mL"));
  EXPECT_TRUE(unit_matches(*find_indicator("ph"), "无量纲"));
  EXPECT_FALSE(unit_matches(*find_indicator("turbidity"), "mg/L"));
}

TEST(Catalogue, ThePracticeSetsNameCatalogueIndicators) {
  EXPECT_EQ(outlet_daily_items().size(), 9u);
  EXPECT_EQ(raw_daily_items().size(), 9u);
  EXPECT_EQ(network_items().size(), 7u);
  EXPECT_EQ(routine_items().size(), 43u);
  EXPECT_EQ(all_items().size(), 97u);
  for (auto set : {outlet_daily_items(), raw_daily_items(), network_items(), shift_items()})
    for (auto code : set) EXPECT_NE(find_indicator(code), nullptr) << code;
}

}  // namespace
}  // namespace lifeline::app::quality
