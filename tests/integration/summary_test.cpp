// GET /api/v1/summary: the one seam the command centre, the big screen and
// the briefing read every module's figures through. Module sections are
// tested with their modules; here, the scope and the period rules.
#include "harness.h"

namespace lifeline::test {
namespace {

class SummaryTest : public ApiTest {};

TEST_F(SummaryTest, AnotherUtilitysSummaryIsNotFound) {
  auto a = login("a_commander");
  EXPECT_STATUS(call(a, "GET", "/api/v1/summary?org=" + std::to_string(util_b_) + "&date=2020-01-25"), 404);
  auto own = call(a, "GET", "/api/v1/summary?org=" + std::to_string(util_a_) + "&date=2020-01-25");
  ASSERT_STATUS(own, 200);
  EXPECT_EQ(own.json()["org_id"], util_a_);
  EXPECT_EQ(own.json()["from"], "2020-01-25");
  EXPECT_TRUE(own.json()["sections"].is_array());
}

TEST_F(SummaryTest, APeriodMustBeRealDaysInOrderAndAtMostAYear) {
  auto a = login("a_commander");
  auto field = [](const http::ClientResponse& r) { return r.json()["errors"][0]["field"].get<std::string>(); };
  auto r = call(a, "GET", "/api/v1/summary?date=2020-02-30");
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(field(r), "date");
  r = call(a, "GET", "/api/v1/summary?from=2020-02-03&to=2020-02-01");
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(field(r), "to");
  r = call(a, "GET", "/api/v1/summary?from=2020-01-01&to=2021-06-01");
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(field(r), "to");
  EXPECT_STATUS(call(a, "GET", "/api/v1/summary?from=2020-01-24&to=2020-02-02"), 200);
}

}  // namespace
}  // namespace lifeline::test
