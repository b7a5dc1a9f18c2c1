// Temperature checks at site entrances: employees and visitors, the fever
// alert at the threshold, masking and scope.
#include <mutex>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthEntrance : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    plant_person_ = add_staff(plant_a_, "P001", "李四", "a_plant_staff");
    add_staff(util_b_, "B001", "株洲职工");
    subscription_ = events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mutex_);
      if (e.type == "health.entrance_alert") alerts_.push_back(e);
    });
  }
  static bool has_field(const http::ClientResponse& r, const std::string& field) {
    auto j = r.json();
    if (!j.contains("errors")) return false;
    for (size_t i = 0; i < j["errors"].size(); ++i)
      if (j["errors"][i].value("field", "") == field) return true;
    return false;
  }
  size_t alert_count() {
    std::lock_guard lock(mutex_);
    return alerts_.size();
  }

  int64_t plant_person_ = 0;
  std::mutex mutex_;
  std::vector<Event> alerts_;
  EventBus::Subscription subscription_;
};

TEST_F(HealthEntrance, AReadingAtTheThresholdRaisesAnAlert) {
  auto guard = login("a_health");
  auto normal = call(guard, "POST", "/api/v1/health/entrance-checks",
                     {{"org_id", plant_a_}, {"employee_no", "P001"}, {"temperature", 37.2}});
  ASSERT_STATUS(normal, 201);
  EXPECT_EQ(normal.json()["alert"], false);
  EXPECT_EQ(normal.json()["staff_id"], plant_person_);
  EXPECT_EQ(alert_count(), 0u);

  auto fever = call(guard, "POST", "/api/v1/health/entrance-checks",
                    {{"org_id", plant_a_}, {"staff_id", plant_person_}, {"temperature", 37.3}});
  ASSERT_STATUS(fever, 201);
  EXPECT_EQ(fever.json()["alert"], true);
  int64_t fever_id = fever.json()["id"];
  ASSERT_EQ(alert_count(), 1u);
  {
    std::lock_guard lock(mutex_);
    EXPECT_EQ(alerts_[0].data, (json{{"org_id", plant_a_}, {"id", fever_id}}));
  }

  auto visitor = call(guard, "POST", "/api/v1/health/entrance-checks",
                      {{"org_id", plant_a_},
                       {"visitor", {{"name", "送货司机王师傅"}, {"phone", "13512345678"}, {"purpose", "送次氯酸钠"},
                                    {"host", "生产科"}}},
                       {"temperature", 36.4},
                       {"at", "2020-01-25T07:30:00Z"}});
  ASSERT_STATUS(visitor, 201);
  EXPECT_EQ(visitor.json()["kind"], "visitor");
  EXPECT_EQ(visitor.json()["visitor"]["phone"], "13512345678");

  auto list = call(guard, "GET", "/api/v1/health/entrance-checks?org=" + std::to_string(plant_a_) + "&date=2020-01-25");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 3u);
  EXPECT_EQ(list.json()["counts"]["alerts"], 1);
  EXPECT_EQ(list.json()["counts"]["visitors"], 1);
  EXPECT_EQ(list.body.find("13512345678"), std::string::npos);  // masked in the list
  EXPECT_NE(list.body.find("135****5678"), std::string::npos);
  auto alerts = call(guard, "GET", "/api/v1/health/entrance-checks?alert=true&org=" + std::to_string(util_a_));
  ASSERT_STATUS(alerts, 200);
  ASSERT_EQ(alerts.json()["items"].size(), 1u);
  EXPECT_EQ(alerts.json()["items"][0]["id"], fever_id);
  EXPECT_EQ(call(guard, "GET", "/api/v1/health/entrance-checks?date=2020-01-24").json()["items"].size(), 0u);
  EXPECT_EQ(count("entrance_checks", "alert = 1"), 1);
  EXPECT_EQ(count("audit_log", "action = 'health.entrance.record'"), 3);
}

TEST_F(HealthEntrance, ValidationNamesTheFields) {
  auto guard = login("a_health");
  auto nobody = call(guard, "POST", "/api/v1/health/entrance-checks", {{"org_id", plant_a_}, {"temperature", 36.5}});
  ASSERT_STATUS(nobody, 400);
  EXPECT_TRUE(has_field(nobody, "visitor")) << nobody.body;
  auto two = call(guard, "POST", "/api/v1/health/entrance-checks",
                  {{"org_id", plant_a_}, {"employee_no", "P001"}, {"visitor", {{"name", "x"}}}, {"temperature", 50}});
  ASSERT_STATUS(two, 400);
  EXPECT_TRUE(has_field(two, "visitor")) << two.body;
  EXPECT_TRUE(has_field(two, "temperature")) << two.body;
  auto nameless = call(guard, "POST", "/api/v1/health/entrance-checks",
                       {{"org_id", plant_a_}, {"visitor", {{"phone", "1"}, {"car", "湘A"}}}, {"temperature", 36.5}});
  ASSERT_STATUS(nameless, 400);
  EXPECT_TRUE(has_field(nameless, "visitor/name")) << nameless.body;
  EXPECT_TRUE(has_field(nameless, "visitor/car")) << nameless.body;
  auto no_temp = call(guard, "POST", "/api/v1/health/entrance-checks", {{"org_id", plant_a_}, {"employee_no", "P001"}});
  ASSERT_STATUS(no_temp, 400);
  EXPECT_TRUE(has_field(no_temp, "temperature")) << no_temp.body;
  // Another utility's employee is not on this register.
  auto foreign = call(guard, "POST", "/api/v1/health/entrance-checks",
                      {{"org_id", plant_a_}, {"employee_no", "B001"}, {"temperature", 36.5}});
  ASSERT_STATUS(foreign, 404);
  EXPECT_TRUE(has_field(foreign, "employee_no")) << foreign.body;
  EXPECT_EQ(count("entrance_checks"), 0);
}

TEST_F(HealthEntrance, SitesAndReadingsStayInScope) {
  auto guard = login("a_health");
  ASSERT_STATUS(call(guard, "POST", "/api/v1/health/entrance-checks",
                     {{"org_id", plant_a_}, {"employee_no", "P001"}, {"temperature", 38.0}}),
                201);
  auto hr = login("a_hr_health");
  auto out_of_scope = call(hr, "POST", "/api/v1/health/entrance-checks",
                           {{"org_id", plant_a_}, {"employee_no", "P001"}, {"temperature", 36.5}});
  EXPECT_STATUS(out_of_scope, 404);
  EXPECT_STATUS(call(hr, "GET", "/api/v1/health/entrance-checks?org=" + std::to_string(plant_a_)), 404);
  EXPECT_EQ(call(hr, "GET", "/api/v1/health/entrance-checks").json()["items"].size(), 0u);
  auto other = login("b_health");
  EXPECT_STATUS(call(other, "POST", "/api/v1/health/entrance-checks",
                     {{"org_id", plant_a_}, {"employee_no", "P001"}, {"temperature", 36.5}}),
                404);
  EXPECT_STATUS(call(other, "GET", "/api/v1/health/entrance-checks?org=" + std::to_string(util_a_)), 404);
  for (const char* who : {"a_commander", "a_admin", "a_plant_staff"}) {
    auto s = login(who);
    EXPECT_STATUS(call(s, "GET", "/api/v1/health/entrance-checks"), 403) << who;
    EXPECT_STATUS(call(s, "POST", "/api/v1/health/entrance-checks",
                       {{"org_id", plant_a_}, {"employee_no", "P001"}, {"temperature", 36.5}}),
                  403)
        << who;
  }
  EXPECT_EQ(count("entrance_checks"), 1);
}

}  // namespace
}  // namespace lifeline::test
