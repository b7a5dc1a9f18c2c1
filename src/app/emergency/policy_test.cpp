#include "app/emergency/policy.h"

#include <gtest/gtest.h>

namespace lifeline::app::emergency {
namespace {

TEST(Policy, MoreSevereLevelsSwitchOnAtLeastAsMuch) {
  for (size_t i = 0; i + 1 < kLevels.size(); ++i) {
    auto severe = *policy_for(kLevels[i]);
    auto milder = *policy_for(kLevels[i + 1]);
    EXPECT_GE(severe.checkin_required, milder.checkin_required);
    EXPECT_GE(severe.epidemic_duty_roster, milder.epidemic_duty_roster);
    EXPECT_GE(severe.sampling_frequency_factor, milder.sampling_frequency_factor);
    EXPECT_LE(severe.priority_repair_sla_factor, milder.priority_repair_sla_factor);
    EXPECT_GE(severe.disinfection_rounds_per_day, milder.disinfection_rounds_per_day);
  }
  // The seed: twice a day under level I, daily under level III.
  EXPECT_EQ(policy_for("I")->disinfection_rounds_per_day, 2);
  EXPECT_EQ(policy_for("III")->disinfection_rounds_per_day, 1);
}

TEST(Policy, NoDisconnectionForArrearsAtEveryLevel) {
  for (auto level : kLevels) EXPECT_TRUE(policy_for(level)->no_disconnection_for_arrears) << level;
}

TEST(Policy, UnknownLevels) {
  EXPECT_FALSE(policy_for("V").has_value());
  EXPECT_EQ(severity_rank("V"), -1);
  EXPECT_LT(severity_rank("I"), severity_rank("IV"));
}

}  // namespace
}  // namespace lifeline::app::emergency
