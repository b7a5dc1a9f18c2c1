// The health file: everything recorded about one person on one timeline,
// newest first; notes; "my health"; and who may read a file.
#include "integration/harness.h"

#include "core/time.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthFile : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    person_ = add_staff(dept_a_, "A001", "张三", "a_staff", "13912345678");
    plant_person_ = add_staff(plant_a_, "P001", "李四", "a_plant_staff");
    auto r = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
      LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {dept_a_}));
      if (!unit) return Error::not_found("dept");
      auto insert = [&](const char* day, const char* at, double t, int abnormal) {
        return tx.execute("INSERT INTO checkins (staff_id, org_id, org_path, day, submitted_at, channel, temperature,"
                          " symptoms, location, contact, work_status, fever, abnormal, abnormal_reasons)"
                          " VALUES (?,?,?,?,?,'self',?,'[]','in_town','none','on_duty',?,?,?)",
                          {person_, dept_a_, unit->text(0), day, to_millis(*parse_instant(at, "at")), t, abnormal,
                           abnormal, abnormal ? "[\"fever\"]" : "[]"});
      };
      LL_CHECK(insert("2020-01-24", "2020-01-24T00:30:00Z", 36.5, 0));
      LL_CHECK(insert("2020-01-25", "2020-01-25T00:30:00Z", 37.8, 1));
      return true;
    });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  std::string file(int64_t id) { return "/api/v1/health/people/" + std::to_string(id) + "/file"; }
  void tick() { clock_.advance(std::chrono::hours(1)); }

  int64_t person_ = 0, plant_person_ = 0;
};

TEST_F(HealthFile, TheTimelineHoldsEveryKindOfRecordNewestFirst) {
  auto officer = login("a_health");
  auto staff = login("a_staff");
  auto head = login("a_commander");
  auto opened = call(officer, "POST", "/api/v1/health/observations",
                     {{"staff_id", person_}, {"kind", "home"}, {"reason", "武汉返乡"}, {"days", 14}});
  ASSERT_STATUS(opened, 201);
  int64_t case_id = opened.json()["id"];
  tick();
  ASSERT_STATUS(call(officer, "POST", "/api/v1/health/observations/" + std::to_string(case_id) + "/visits",
                     {{"visitor", "社区网格员"}, {"temperature", 37.6}}),
                201);
  tick();
  auto outing = call(staff, "POST", "/api/v1/health/outings",
                     {{"destination", "湘潭"}, {"purpose", "就医"}, {"depart_at", "2020-01-25T10:00:00Z"},
                      {"planned_return_at", "2020-01-25T12:00:00Z"}});
  ASSERT_STATUS(outing, 201);
  std::string outing_path = "/api/v1/health/outings/" + std::to_string(outing.json()["id"].get<int64_t>());
  tick();
  ASSERT_STATUS(call(head, "POST", outing_path + "/approve", json::object()), 200);
  tick();
  ASSERT_STATUS(call(staff, "POST", outing_path + "/return", json::object()), 200);
  tick();
  ASSERT_STATUS(call(officer, "POST", "/api/v1/health/entrance-checks",
                     {{"org_id", dept_a_}, {"employee_no", "A001"}, {"temperature", 36.5}}),
                201);
  tick();
  auto note = call(officer, "POST", "/api/v1/health/people/" + std::to_string(person_) + "/notes",
                   {{"text", "电话随访，情况良好"}});
  ASSERT_STATUS(note, 201);
  EXPECT_EQ(note.json()["author_name"], "a_health");
  tick();
  ASSERT_STATUS(call(officer, "POST", "/api/v1/health/observations/" + std::to_string(case_id) + "/release",
                     {{"early", true}, {"note", "核酸阴性"}}),
                200);

  auto r = call(staff, "GET", file(person_));
  ASSERT_STATUS(r, 200);
  auto f = r.json();
  EXPECT_EQ(f["person"]["name"], "张三");
  EXPECT_EQ(f["person"]["phone"], "13912345678");
  EXPECT_EQ(f["observations"].size(), 1u);
  EXPECT_EQ(f["observations"][0]["visits"].size(), 1u);
  EXPECT_EQ(f["outings"].size(), 1u);
  EXPECT_EQ(f["notes"].size(), 2u);  // the officer's and the early release's
  EXPECT_EQ(f["range"]["from"], "2019-12-27");
  EXPECT_EQ(f["range"]["to"], "2020-01-25");
  std::vector<std::string> kinds;
  const auto& timeline = f["timeline"];
  for (size_t i = 0; i < timeline.size(); ++i) kinds.push_back(timeline[i]["kind"]);
  std::vector<std::string> expected = {"note",           "observation_released", "note",
                                       "entrance",       "outing_returned",      "outing_approved",
                                       "outing_requested", "visit",              "observation_started",
                                       "checkin_abnormal", "checkin"};
  EXPECT_EQ(kinds, expected);
  ASSERT_EQ(timeline.size(), expected.size());
  EXPECT_EQ(timeline[1]["ref"], case_id);
  EXPECT_EQ(timeline[1]["at"], "2020-01-25T15:00:00Z");
  EXPECT_NE(timeline[9]["summary"].get<std::string>().find("发热"), std::string::npos) << timeline[9];
  EXPECT_NE(timeline[7]["summary"].get<std::string>().find("37.6"), std::string::npos) << timeline[7];
  for (size_t i = 1; i < timeline.size(); ++i)
    EXPECT_GE(timeline[i - 1]["at"].get<std::string>(), timeline[i]["at"].get<std::string>());

  // The range bounds the daily records.
  auto day = call(officer, "GET", file(person_) + "?from=2020-01-25&to=2020-01-25");
  ASSERT_STATUS(day, 200);
  EXPECT_EQ(day.json()["checkins"].size(), 1u);
  auto bad = call(officer, "GET", file(person_) + "?from=2020-01-26&to=2020-01-25");
  EXPECT_STATUS(bad, 400);
  EXPECT_STATUS(call(officer, "GET", file(person_) + "?from=yesterday"), 400);
}

TEST_F(HealthFile, ThePersonAndTheirUnitsOfficersReadTheFileNobodyElse) {
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", file(person_)), 200);
  EXPECT_STATUS(call(staff, "GET", file(plant_person_)), 404);

  auto hr = login("a_hr_health");
  EXPECT_STATUS(call(hr, "GET", file(person_)), 200);
  EXPECT_STATUS(call(hr, "GET", file(plant_person_)), 404);
  EXPECT_STATUS(call(hr, "POST", "/api/v1/health/people/" + std::to_string(plant_person_) + "/notes",
                     {{"text", "x"}}),
                404);
  auto officer = login("a_health");
  EXPECT_STATUS(call(officer, "GET", file(plant_person_)), 200);

  for (const char* who : {"b_health", "b_admin", "assoc", "a_admin", "a_viewer"}) {
    auto s = login(who);
    EXPECT_STATUS(call(s, "GET", file(person_)), 404) << who;
  }

  // The commander (counts only): 403 or 404 on every personal endpoint.
  auto commander = login("a_commander");
  std::string person = "/api/v1/health/people/" + std::to_string(person_);
  EXPECT_STATUS(call(commander, "GET", person + "/file"), 404);
  EXPECT_STATUS(call(commander, "GET", person + "/household"), 404);
  EXPECT_STATUS(call(commander, "POST", person + "/household", {{"name", "x"}, {"relation", "other"}}), 404);
  EXPECT_STATUS(call(commander, "POST", person + "/notes", {{"text", "x"}}), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/observations"), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/observations/due"), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/entrance-checks"), 403);
  EXPECT_STATUS(call(commander, "POST", "/api/v1/health/entrance-checks",
                     {{"org_id", dept_a_}, {"employee_no", "A001"}, {"temperature", 36.5}}),
                403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/me"), 404);  // not on the register

  // Notes: health officers only, with text.
  EXPECT_STATUS(call(staff, "POST", person + "/notes", {{"text", "自己写"}}), 403);
  auto empty = call(officer, "POST", person + "/notes", {{"text", " "}});
  ASSERT_STATUS(empty, 400);
  EXPECT_NE(empty.body.find("\"text\""), std::string::npos) << empty.body;
  EXPECT_EQ(count("health_notes"), 0);
}

TEST_F(HealthFile, MyHealthIsTheCallersOwnRegisterEntry) {
  auto staff = login("a_staff");
  auto me = call(staff, "GET", "/api/v1/health/me");
  ASSERT_STATUS(me, 200);
  EXPECT_EQ(me.json()["id"], person_);
  EXPECT_EQ(me.json()["employee_no"], "A001");
  EXPECT_EQ(me.json()["phone"], "13912345678");
  auto viewer = login("a_viewer");
  auto none = call(viewer, "GET", "/api/v1/health/me");
  ASSERT_STATUS(none, 404);
  EXPECT_NE(none.body.find("花名册"), std::string::npos) << none.body;
}

}  // namespace
}  // namespace lifeline::test
