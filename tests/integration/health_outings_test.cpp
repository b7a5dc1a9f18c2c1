// Outing registration: request, approval by the unit head, return, overdue,
// the state machine's conflicts, and who may do what.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthOutings : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    person_ = add_staff(dept_a_, "A001", "张三", "a_staff");
    plant_person_ = add_staff(plant_a_, "P001", "李四", "a_plant_staff");
    commander_person_ = add_staff(util_a_, "C001", "指挥长本人", "a_commander");
  }

  static json outing(const std::string& depart = "2020-01-26T01:00:00Z",
                     const std::string& back = "2020-01-26T12:00:00Z") {
    return {{"destination", "岳阳市"}, {"purpose", "探望父母"}, {"depart_at", depart}, {"planned_return_at", back}};
  }
  static std::string at(int64_t id, const char* action) {
    return "/api/v1/health/outings/" + std::to_string(id) + "/" + action;
  }
  static bool has_field(const http::ClientResponse& r, const std::string& field) {
    auto j = r.json();
    if (!j.contains("errors")) return false;
    for (size_t i = 0; i < j["errors"].size(); ++i)
      if (j["errors"][i].value("field", "") == field) return true;
    return false;
  }

  int64_t person_ = 0, plant_person_ = 0, commander_person_ = 0;
};

TEST_F(HealthOutings, RequestApproveReturnAndOverdue) {
  auto staff = login("a_staff");
  auto bad = call(staff, "POST", "/api/v1/health/outings",
                  outing("2020-01-27T10:00:00Z", "2020-01-26T01:00:00Z"));
  ASSERT_STATUS(bad, 400);
  EXPECT_TRUE(has_field(bad, "planned_return_at")) << bad.body;
  auto missing = call(staff, "POST", "/api/v1/health/outings", {{"destination", "岳阳"}});
  ASSERT_STATUS(missing, 400);
  EXPECT_TRUE(has_field(missing, "purpose")) << missing.body;
  EXPECT_TRUE(has_field(missing, "depart_at")) << missing.body;

  auto requested = call(staff, "POST", "/api/v1/health/outings", outing());
  ASSERT_STATUS(requested, 201);
  EXPECT_EQ(requested.json()["status"], "requested");
  EXPECT_EQ(requested.json()["staff_id"], person_);
  int64_t id = requested.json()["id"];

  // Not returned before approval; the person cannot approve.
  auto early_return = call(staff, "POST", at(id, "return"), json::object());
  ASSERT_STATUS(early_return, 409);
  EXPECT_NE(early_return.body.find("requested"), std::string::npos) << early_return.body;
  EXPECT_STATUS(call(staff, "POST", at(id, "approve"), json::object()), 403);

  auto head = login("a_commander");
  EXPECT_STATUS(call(head, "POST", at(id, "reject"), json::object()), 400);  // a rejection says why
  auto approved = call(head, "POST", at(id, "approve"), {{"note", "注意防护，按时返岗"}});
  ASSERT_STATUS(approved, 200);
  EXPECT_EQ(approved.json()["status"], "approved");
  EXPECT_EQ(approved.json()["decision_note"], "注意防护，按时返岗");
  auto twice = call(head, "POST", at(id, "reject"), {{"note", "改主意"}});
  ASSERT_STATUS(twice, 409);
  EXPECT_NE(twice.body.find("approved"), std::string::npos) << twice.body;
  EXPECT_STATUS(call(staff, "POST", at(id, "cancel")), 409);

  std::string overdue = "/api/v1/health/outings?overdue=true&org=" + std::to_string(util_a_);
  auto none = call(head, "GET", overdue);
  ASSERT_STATUS(none, 200);
  EXPECT_EQ(none.json()["items"].size(), 0u);

  // Two days later the planned return (01-26 12:00Z) has passed.
  clock_.advance(std::chrono::hours(48));
  head = login("a_commander");
  auto late = call(head, "GET", overdue);
  ASSERT_STATUS(late, 200);
  ASSERT_EQ(late.json()["items"].size(), 1u);
  EXPECT_EQ(late.json()["items"][0]["overdue"], true);
  EXPECT_EQ(late.json()["counts"]["overdue"], 1);
  auto all = call(head, "GET", "/api/v1/health/outings?org=" + std::to_string(util_a_));
  EXPECT_EQ(all.json()["counts"]["overdue"], 1);
  staff = login("a_staff");
  auto mine = call(staff, "GET", "/api/v1/health/outings/mine");
  ASSERT_STATUS(mine, 200);
  ASSERT_EQ(mine.json()["items"].size(), 1u);
  EXPECT_EQ(mine.json()["items"][0]["overdue"], true);

  auto back = call(staff, "POST", at(id, "return"), json::object());
  ASSERT_STATUS(back, 200);
  EXPECT_EQ(back.json()["status"], "returned");
  EXPECT_EQ(back.json()["overdue"], false);
  EXPECT_EQ(back.json()["returned_at"], "2020-01-27T08:00:00Z");
  EXPECT_EQ(call(head, "GET", overdue).json()["items"].size(), 0u);
  auto again = call(staff, "POST", at(id, "return"), json::object());
  ASSERT_STATUS(again, 409);
  EXPECT_NE(again.body.find("returned"), std::string::npos) << again.body;
  EXPECT_EQ(count("audit_log", "action LIKE 'health.outing.%'"), 3);
}

TEST_F(HealthOutings, CancelRejectAndTheStateMachine) {
  auto staff = login("a_staff");
  auto first = call(staff, "POST", "/api/v1/health/outings", outing());
  ASSERT_STATUS(first, 201);
  int64_t id = first.json()["id"];
  auto cancelled = call(staff, "POST", at(id, "cancel"));
  ASSERT_STATUS(cancelled, 200);
  EXPECT_EQ(cancelled.json()["status"], "cancelled");
  auto again = call(staff, "POST", at(id, "cancel"));
  ASSERT_STATUS(again, 409);
  EXPECT_NE(again.body.find("cancelled"), std::string::npos) << again.body;
  auto head = login("a_admin");
  EXPECT_STATUS(call(head, "POST", at(id, "approve"), json::object()), 409);

  auto second = call(staff, "POST", "/api/v1/health/outings", outing());
  int64_t id2 = second.json()["id"];
  auto rejected = call(head, "POST", at(id2, "reject"), {{"note", "疫情期间非必要不外出"}});
  ASSERT_STATUS(rejected, 200);
  EXPECT_EQ(rejected.json()["status"], "rejected");
  EXPECT_STATUS(call(staff, "POST", at(id2, "return"), json::object()), 409);
  EXPECT_STATUS(call(staff, "POST", at(id2, "cancel")), 409);

  auto list = call(head, "GET", "/api/v1/health/outings?status=rejected");
  ASSERT_STATUS(list, 200);
  EXPECT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["id"], id2);
  auto all = call(head, "GET", "/api/v1/health/outings");
  EXPECT_EQ(all.json()["counts"]["by_status"]["rejected"], 1);
  EXPECT_EQ(all.json()["counts"]["by_status"]["cancelled"], 1);
  EXPECT_EQ(all.json()["counts"]["total"], 2);
  EXPECT_STATUS(call(head, "GET", "/api/v1/health/outings?status=lost"), 400);
}

TEST_F(HealthOutings, NobodyApprovesTheirOwnAndOutsidersSeeNothing) {
  // The commander's own request goes to someone else.
  auto commander = login("a_commander");
  auto own = call(commander, "POST", "/api/v1/health/outings", outing());
  ASSERT_STATUS(own, 201);
  int64_t id = own.json()["id"];
  EXPECT_STATUS(call(commander, "POST", at(id, "approve"), json::object()), 403);
  auto admin = login("a_admin");
  EXPECT_STATUS(call(admin, "POST", at(id, "approve"), json::object()), 200);

  auto staff = login("a_staff");
  auto requested = call(staff, "POST", "/api/v1/health/outings", outing());
  int64_t sid = requested.json()["id"];
  // Another utility's head, a health officer (no approval right), a colleague.
  auto b_admin = login("b_admin");
  EXPECT_STATUS(call(b_admin, "POST", at(sid, "approve"), json::object()), 404);
  EXPECT_STATUS(call(b_admin, "GET", "/api/v1/health/outings?org=" + std::to_string(util_a_)), 404);
  auto officer = login("a_health");
  EXPECT_STATUS(call(officer, "POST", at(sid, "approve"), json::object()), 403);
  EXPECT_STATUS(call(officer, "GET", "/api/v1/health/outings"), 200);
  auto colleague = login("a_plant_staff");
  EXPECT_STATUS(call(colleague, "POST", at(sid, "cancel")), 404);
  EXPECT_STATUS(call(colleague, "POST", at(sid, "return"), json::object()), 404);
  EXPECT_STATUS(call(colleague, "GET", "/api/v1/health/outings"), 403);
  EXPECT_EQ(call(colleague, "GET", "/api/v1/health/outings/mine").json()["items"].size(), 0u);
  auto hr = login("a_hr_health");
  EXPECT_STATUS(call(hr, "GET", "/api/v1/health/outings?org=" + std::to_string(plant_a_)), 404);

  // Registering for someone else takes health.manage over them.
  auto for_other = call(staff, "POST", "/api/v1/health/outings", [&] {
    auto o = outing();
    o["staff_id"] = plant_person_;
    return o;
  }());
  EXPECT_STATUS(for_other, 403);
  auto by_officer = call(officer, "POST", "/api/v1/health/outings", [&] {
    auto o = outing();
    o["staff_id"] = plant_person_;
    return o;
  }());
  ASSERT_STATUS(by_officer, 201);
  EXPECT_EQ(by_officer.json()["staff_id"], plant_person_);
  auto hr_for_plant = call(hr, "POST", "/api/v1/health/outings", [&] {
    auto o = outing();
    o["staff_id"] = plant_person_;
    return o;
  }());
  EXPECT_STATUS(hr_for_plant, 404);
  // A person not on the register cannot request one.
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "POST", "/api/v1/health/outings", outing()), 404);
}

}  // namespace
}  // namespace lifeline::test
