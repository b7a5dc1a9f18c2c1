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

// Every section's figures are the module's own: what its endpoint answers
// for the same unit and days.
TEST_F(SummaryTest, HotlineAndHealthFiguresEqualTheirModulesEndpoints) {
  auto system = app::Actor::system("fixture");
  ASSERT_TRUE(platform_->accounts().create_user(system, {"a_hotline", "王敏", "dispatcher", util_a_, kPassword,
                                                         "13800002222"}));
  auto desk = login("a_hotline");
  for (const char* at : {"2020-01-24T02:00:00Z", "2020-01-25T03:00:00Z", "2020-01-25T04:00:00Z"}) {
    ASSERT_STATUS(call(desk, "POST", "/api/v1/hotline/calls",
                       {{"received_at", at}, {"caller_phone", "13912345678"}, {"category", "no_water"},
                        {"summary", "停水"}}),
                  201);
  }
  add_staff(dept_a_, "A1", "甲一");
  add_staff(dept_a_, "A2", "甲二");
  auto health = login("a_health");
  ASSERT_STATUS(call(health, "POST", "/api/v1/health/checkins",
                     {{"staff_id", add_staff(plant_a_, "P1", "乙一")}, {"temperature", 38.2}, {"location", "in_town"},
                      {"contact", "none"}, {"work_status", "on_duty"}}),
                201);

  auto commander = login("a_commander");
  const std::string org = std::to_string(util_a_);
  auto summary = call(commander, "GET", "/api/v1/summary?org=" + org + "&from=2020-01-24&to=2020-01-25");
  ASSERT_STATUS(summary, 200);
  const auto body = summary.json();
  auto section = [&](const std::string& key) {
    for (const auto& s : body["sections"])
      if (s["key"] == key) return s;
    ADD_FAILURE() << "no section " << key;
    return nlohmann::json();
  };
  auto figure = [&](const nlohmann::json& s, const std::string& key) {
    for (const auto& f : s["figures"])
      if (f["key"] == key) return f["value"].get<double>();
    ADD_FAILURE() << "no figure " << key;
    return -1.0;
  };
  auto stats = call(commander, "GET", "/api/v1/hotline/stats?org=" + org + "&from=2020-01-24&to=2020-01-25");
  ASSERT_STATUS(stats, 200);
  EXPECT_EQ(figure(section("hotline"), "calls"), 3);
  EXPECT_EQ(figure(section("hotline"), "calls"), stats.json()["total"].get<double>());

  auto census = call(commander, "GET", "/api/v1/health/census?org=" + org + "&date=2020-01-25");
  ASSERT_STATUS(census, 200);
  for (const char* key : {"headcount", "checked_in", "missing", "fever", "abnormal"})
    EXPECT_EQ(figure(section("health"), key), census.json()["totals"][key].get<double>()) << key;
  EXPECT_EQ(figure(section("health"), "headcount"), 3);

  // A viewer may not read the census or the hotline statistics: those sections are left out.
  auto viewer = login("a_viewer");
  auto limited = call(viewer, "GET", "/api/v1/summary?org=" + org + "&date=2020-01-25");
  ASSERT_STATUS(limited, 200);
  const auto limited_body = limited.json();
  for (const auto& s : limited_body["sections"]) {
    EXPECT_NE(s["key"], "health");
    EXPECT_NE(s["key"], "hotline");
  }
}

}  // namespace
}  // namespace lifeline::test
