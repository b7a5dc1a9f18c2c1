// Supervision rounds through the API: a team of the HQ inspects a unit it
// supervises against the HQ's checklist, records a finding with a photo and
// a rectification item; the unit answers it, the team closes it; overdue
// items are flagged once. Another utility sees none of it.
#include "integration/duty_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

// The smallest PNG (1×1, transparent), base64.
constexpr const char* kPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

class Supervision : public DutyTest {
 protected:
  void SetUp() override {
    DutyTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto head = login("a_commander");
    auto team = call(head, "POST", "/api/v1/command-bodies",
                     {{"org_id", util_a_}, {"kind", "supervision_team"}, {"name", "第一督导小组（制水板块）"},
                      {"leader_name", "钱勇"}});
    ASSERT_STATUS(team, 201);
    team_ = team.json()["id"];
    ASSERT_STATUS(call(head, "PUT", "/api/v1/command-bodies/" + std::to_string(team_) + "/supervised",
                       {{"org_ids", {plant_a_}}}),
                  200);
    auto list = call(head, "POST", "/api/v1/supervision/checklists",
                     {{"org_id", util_a_},
                      {"name", "疫情防控督导检查表"},
                      {"items",
                       {{{"category", "值班"}, {"text", "值班人员在岗在位"}},
                        {{"category", "防疫"}, {"text", "门岗测温登记"}},
                        {{"category", "物资"}, {"text", "口罩、消毒液储备不少于7天用量"}}}}});
    ASSERT_STATUS(list, 201);
    checklist_ = list.json()["id"];
  }

  json round_body(const char* deadline = "2020-01-29T10:00:00Z") {
    return {{"team_id", team_},
            {"org_id", plant_a_},
            {"checklist_id", checklist_},
            {"kind", "unannounced"},
            {"record",
             {{"inspectors", "钱勇、周敏"},
              {"summary", "现场检查第八水厂疫情防控工作"},
              {"items",
               {{{"position", 0}, {"result", "ok"}},
                {{"position", 1}, {"result", "finding"}, {"note", "门岗测温登记表缺1月25日夜班记录"}},
                {{"position", 2}, {"result", "ok"}}}},
              {"findings",
               {{{"item_position", 1},
                 {"severity", "minor"},
                 {"text", "门岗测温登记不完整"},
                 {"photos", {{{"caption", "登记表"}, {"mime", "image/png"}, {"data", kPng}}}},
                 {"rectification",
                  {{"action", "补齐登记并落实夜班测温"}, {"owner_user_id", user_id("a_plant_staff")},
                   {"deadline", deadline}}}}}}}}};
  }

  int64_t team_ = 0, checklist_ = 0;
};

TEST_F(Supervision, ATeamRecordsAFindingTheUnitAnswersItAndTheTeamClosesIt) {
  auto head = login("a_commander");
  auto made = call(head, "POST", "/api/v1/supervision/rounds", round_body());
  ASSERT_STATUS(made, 201);
  const auto round = made.json();
  EXPECT_EQ(round["state"], "done");
  ASSERT_EQ(round["items"].size(), 3u);
  ASSERT_EQ(round["findings"].size(), 1u);
  const auto& finding = round["findings"][0];
  ASSERT_EQ(finding["photos"].size(), 1u);
  const std::string photo = finding["photos"][0]["url"];
  const int64_t fix = finding["rectification"]["id"];
  EXPECT_EQ(finding["rectification"]["owner"]["name"], "a_plant_staff");
  EXPECT_EQ(count("notify_events", "event = 'supervision.rectification'"), 1);

  // The plant worker sees the item of their unit and answers it.
  auto worker = login("a_plant_staff");
  auto open = call(worker, "GET", "/api/v1/supervision/rectifications?org=" + std::to_string(plant_a_) + "&state=open");
  ASSERT_STATUS(open, 200);
  ASSERT_EQ(open.json()["items"].size(), 1u);
  EXPECT_STATUS(call(worker, "GET", photo), 200);
  const std::string base = "/api/v1/supervision/rectifications/" + std::to_string(fix);
  auto answered = call(worker, "POST", base + "/response", {{"response", "已补齐登记，夜班测温由门卫专人负责"}});
  ASSERT_STATUS(answered, 200);
  EXPECT_EQ(answered.json()["state"], "answered");
  EXPECT_STATUS(call(worker, "POST", base + "/verify", {{"accepted", true}}), 403);
  // Sent back once, answered again, closed.
  EXPECT_STATUS(call(head, "POST", base + "/verify", {{"accepted", false}}), 400);  // a note is required
  auto back = call(head, "POST", base + "/verify", {{"accepted", false}, {"note", "请附登记表照片"}});
  ASSERT_STATUS(back, 200);
  EXPECT_EQ(back.json()["state"], "open");
  EXPECT_EQ(back.json()["reopened"], 1);
  ASSERT_STATUS(call(worker, "POST", base + "/response",
                     {{"response", "已补拍照片"}, {"photos", {{{"mime", "image/png"}, {"data", kPng}}}}}),
                200);
  auto closed = call(head, "POST", base + "/verify", {{"accepted", true}, {"note", "整改到位"}});
  ASSERT_STATUS(closed, 200);
  EXPECT_EQ(closed.json()["state"], "closed");
  EXPECT_STATUS(call(head, "POST", base + "/verify", {{"accepted", true}}), 409);

  auto teams = call(head, "GET", "/api/v1/supervision/teams?org=" + std::to_string(util_a_));
  ASSERT_STATUS(teams, 200);
  EXPECT_EQ(teams.json()["items"][0]["rounds_done"], 1);
  EXPECT_EQ(teams.json()["items"][0]["findings"], 1);
  EXPECT_EQ(teams.json()["items"][0]["open_rectifications"], 0);

  // Utility B sees none of it.
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/supervision/rounds/" + std::to_string(round["id"].get<int64_t>())), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/supervision/rectifications?org=" + std::to_string(plant_a_)), 404);
  EXPECT_STATUS(call(b, "POST", base + "/response", {{"response", "x"}}), 404);
  EXPECT_STATUS(call(b, "GET", photo), 404);
  EXPECT_STATUS(call(b, "POST", "/api/v1/supervision/rounds", round_body()), 404);
  EXPECT_EQ(count("audit_log", "action LIKE 'supervision.%'"), 6);
}

TEST_F(Supervision, BadRoundsAreRefusedWholeNamingTheField) {
  auto head = login("a_commander");
  json body = round_body("2020-01-20T00:00:00Z");  // before the round
  body["record"]["items"].erase(2);
  body["record"]["findings"][0]["photos"][0]["data"] = "not base64!";
  body["record"]["findings"][0]["severity"] = "awful";
  auto r = call(head, "POST", "/api/v1/supervision/rounds", body);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"record/findings/0/photos/0/data", "record/findings/0/severity"}));
  body = round_body("2020-01-20T00:00:00Z");
  body["record"]["items"].erase(2);
  r = call(head, "POST", "/api/v1/supervision/rounds", body);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"record/findings/0/rectification/deadline", "record/items"}));
  // A unit the team does not supervise.
  body = round_body();
  body["org_id"] = dept_a_;
  r = call(head, "POST", "/api/v1/supervision/rounds", body);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"org_id"}));
  // An owner from another utility.
  body = round_body();
  body["record"]["findings"][0]["rectification"]["owner_user_id"] = user_id("b_admin");
  r = call(head, "POST", "/api/v1/supervision/rounds", body);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"record/findings/0/rectification/owner_user_id"}));
  EXPECT_EQ(count("supervision_rounds"), 0);
  EXPECT_EQ(count("supervision_findings"), 0);
  EXPECT_EQ(count("photos"), 0);
  // Staff do not conduct rounds.
  auto staff = login("a_plant_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/supervision/rounds", round_body()), 403);
}

TEST_F(Supervision, AnOverdueItemIsFlaggedOnce) {
  auto head = login("a_commander");
  ASSERT_STATUS(call(head, "POST", "/api/v1/supervision/rounds", round_body("2020-01-27T00:00:00Z")), 201);
  auto overdue = [&] {
    return call(head, "GET", "/api/v1/supervision/rectifications?org=" + std::to_string(util_a_) + "&state=overdue")
        .json()["items"]
        .size();
  };
  EXPECT_EQ(overdue(), 0u);
  at("2020-01-27T01:00:00Z");
  EXPECT_EQ(overdue(), 1u);
  EXPECT_EQ(*platform_->supervision().rectifications.flag_overdue(clock_.now()), 1);
  EXPECT_EQ(*platform_->supervision().rectifications.flag_overdue(clock_.now()), 0);
  EXPECT_EQ(count("notify_events", "event = 'supervision.rectification_overdue'"), 1);
  auto s = call(head, "GET", "/api/v1/summary?org=" + std::to_string(util_a_) + "&date=2020-01-27");
  for (const auto parsed = s.json(); const auto& sec : parsed["sections"])
    if (sec["key"] == "duty")
      for (const auto& f : sec["figures"])
        if (f["key"] == "rectifications_overdue") {
          EXPECT_EQ(f["value"], 1);
        }
}

}  // namespace
}  // namespace lifeline::test
