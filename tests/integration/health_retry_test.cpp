// The health POSTs a phone retries — an entrance check at the gate, an
// outing request and its return, an observation visit — are recorded once
// per Idempotency-Key, on both databases; a retry answers with the record.
#include "core/time.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthRetry : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto t = parse_instant("2020-01-26T00:30:00Z", "test");
    ASSERT_TRUE(t.ok());
    clock_.set(*t);
    self_ = add_staff(dept_a_, "A001", "张三", "a_staff");
    plant_ = add_staff(plant_a_, "P001", "李四", "", "13912340001");
  }

  http::ClientResponse post(Session& s, const std::string& target, const json& body, const std::string& key) {
    auto r = s.client->request("POST", target, body.dump(),
                               {{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}, {"Idempotency-Key", key}});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }

  int64_t self_ = 0, plant_ = 0;
};

TEST_F(HealthRetry, GateOutingAndVisitAreRecordedOncePerKey) {
  auto guard = login("a_health");
  const json check = {{"org_id", plant_a_}, {"employee_no", "P001"}, {"temperature", 36.6}};
  auto first = post(guard, "/api/v1/health/entrance-checks", check, "gate-phone-1");
  ASSERT_STATUS(first, 201);
  auto again = post(guard, "/api/v1/health/entrance-checks", check, "gate-phone-1");
  ASSERT_STATUS(again, 201);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(count("entrance_checks"), 1);

  auto staff = login("a_staff");
  const json outing = {{"destination", "株洲市"}, {"purpose", "探亲"}, {"depart_at", "2020-01-26T02:00:00Z"},
                       {"planned_return_at", "2020-01-26T10:00:00Z"}};
  for (int n = 0; n < 2; ++n) ASSERT_STATUS(post(staff, "/api/v1/health/outings", outing, "out-1"), 201);
  EXPECT_EQ(count("outings"), 1);
  json other = outing;
  other["destination"] = "武汉市";
  EXPECT_STATUS(post(staff, "/api/v1/health/outings", other, "out-1"), 422);

  auto observed = call(guard, "POST", "/api/v1/health/observations",
                       {{"staff_id", plant_}, {"kind", "home"}, {"reason", "密接"}, {"days", 14}});
  ASSERT_STATUS(observed, 201);
  const std::string visits = "/api/v1/health/observations/" + std::to_string(observed.json()["id"].get<int64_t>()) + "/visits";
  const json visit = {{"visitor", "社区网格员"}, {"temperature", 36.5}};
  auto v1 = post(guard, visits, visit, "visit-1");
  ASSERT_STATUS(v1, 201);
  auto v2 = post(guard, visits, visit, "visit-1");
  ASSERT_STATUS(v2, 201) << "a retry is not the day's second visit";
  EXPECT_EQ(v2.json()["visit"]["id"], v1.json()["visit"]["id"]);
  EXPECT_EQ(count("observation_visits"), 1);
}

}  // namespace
}  // namespace lifeline::test
