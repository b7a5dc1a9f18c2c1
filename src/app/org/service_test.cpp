#include "app/org/service.h"

#include <gtest/gtest.h>

namespace lifeline::app::org {
namespace {

TEST(OrgTree, WhatMayContainWhat) {
  EXPECT_TRUE(may_contain("association", "utility"));
  EXPECT_FALSE(may_contain("utility", "utility"));
  EXPECT_FALSE(may_contain("association", "association"));
  EXPECT_TRUE(may_contain("utility", "water_plant"));
  EXPECT_TRUE(may_contain("branch", "wastewater_plant"));
  EXPECT_FALSE(may_contain("department", "department"));
  EXPECT_TRUE(may_contain("department", "team"));
  EXPECT_TRUE(may_contain("team", "team"));
  EXPECT_FALSE(may_contain("association", "team"));
}

}  // namespace
}  // namespace lifeline::app::org
