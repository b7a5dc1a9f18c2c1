// Households (grid screening) and home observation with daily visits: the
// flows, their validation and conflicts, the alerts, and who may see them.
#include <mutex>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthCases : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    person_ = add_staff(dept_a_, "A001", "张三", "a_staff");
    plant_person_ = add_staff(plant_a_, "P001", "李四", "a_plant_staff");
    subscription_ = events_.subscribe([this](const Event& e) {
      std::lock_guard lock(mutex_);
      events_seen_.push_back(e);
    });
  }

  std::string people(int64_t id) { return "/api/v1/health/people/" + std::to_string(id); }
  std::string obs(int64_t id) { return "/api/v1/health/observations/" + std::to_string(id); }

  static bool has_field(const http::ClientResponse& r, const std::string& field) {
    auto j = r.json();
    if (!j.contains("errors")) return false;
    for (size_t i = 0; i < j["errors"].size(); ++i)
      if (j["errors"][i].value("field", "") == field) return true;
    return false;
  }

  std::vector<Event> events_of(const std::string& type) {
    std::lock_guard lock(mutex_);
    std::vector<Event> out;
    for (const auto& e : events_seen_)
      if (e.type == type) out.push_back(e);
    return out;
  }

  int64_t person_ = 0, plant_person_ = 0;
  std::mutex mutex_;
  std::vector<Event> events_seen_;
  EventBus::Subscription subscription_;
};

TEST_F(HealthCases, AnEmployeeKeepsTheirHouseholdAndOfficersOfTheirUnitSeeIt) {
  auto staff = login("a_staff");
  auto created = call(staff, "POST", people(person_) + "/household",
                      {{"name", "王芳"}, {"relation", "spouse"}, {"phone", "13612345678"}, {"risk_status", "normal"},
                       {"recent_travel", "1月20日自武汉返长"}, {"returned_from", "湖北省武汉市"},
                       {"returned_on", "2020-01-20"}});
  ASSERT_STATUS(created, 201);
  EXPECT_EQ(created.json()["phone"], "13612345678");
  int64_t member = created.json()["id"];

  auto list = call(staff, "GET", people(person_) + "/household");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["phone"], "136****5678");  // masked in lists
  EXPECT_EQ(list.json()["items"][0]["returned_from"], "湖北省武汉市");

  // Validation names the fields.
  auto bad = call(staff, "POST", people(person_) + "/household",
                  {{"relation", "cousin"}, {"risk_status", "sick"}, {"returned_on", "2020-02-30"}});
  ASSERT_STATUS(bad, 400);
  EXPECT_TRUE(has_field(bad, "name")) << bad.body;
  EXPECT_TRUE(has_field(bad, "relation")) << bad.body;
  EXPECT_TRUE(has_field(bad, "risk_status")) << bad.body;
  EXPECT_TRUE(has_field(bad, "returned_on")) << bad.body;
  EXPECT_STATUS(call(staff, "POST", people(person_) + "/household", {{"name", "x"}, {"relation", "child"}, {"age", 3}}),
                400);

  // The unit's health officers read and change it.
  auto hr = login("a_hr_health");
  EXPECT_STATUS(call(hr, "GET", people(person_) + "/household"), 200);
  auto changed = call(hr, "PATCH", "/api/v1/health/household/" + std::to_string(member),
                      {{"risk_status", "home_observation"}, {"phone", nullptr}});
  ASSERT_STATUS(changed, 200);
  EXPECT_EQ(changed.json()["risk_status"], "home_observation");
  EXPECT_TRUE(changed.json()["phone"].is_null());
  EXPECT_EQ(changed.json()["name"], "王芳");

  // Nobody else: another unit's staff, another utility's officer, a commander.
  for (const char* who : {"a_plant_staff", "b_health", "a_commander", "a_admin"}) {
    auto s = login(who);
    EXPECT_STATUS(call(s, "GET", people(person_) + "/household"), 404) << who;
    EXPECT_STATUS(call(s, "POST", people(person_) + "/household", {{"name", "冒充"}, {"relation", "other"}}), 404)
        << who;
    EXPECT_STATUS(call(s, "PATCH", "/api/v1/health/household/" + std::to_string(member), {{"name", "冒充"}}), 404)
        << who;
    EXPECT_STATUS(call(s, "DELETE", "/api/v1/health/household/" + std::to_string(member)), 404) << who;
  }

  EXPECT_STATUS(call(staff, "DELETE", "/api/v1/health/household/" + std::to_string(member)), 204);
  EXPECT_EQ(count("household_members"), 0);
  EXPECT_EQ(count("audit_log", "action LIKE 'health.household.%'"), 3);
  // The audit keeps the phone number masked.
  EXPECT_EQ(count("audit_log", "action LIKE 'health.household.%' AND after_json LIKE '%13612345678%'"), 0);
}

TEST_F(HealthCases, HomeObservationWithDailyVisitsAlertsAndRelease) {
  auto staff = login("a_staff");
  auto member = call(staff, "POST", people(person_) + "/household",
                     {{"name", "张父"}, {"relation", "parent"}, {"returned_from", "武汉"}});
  ASSERT_STATUS(member, 201);
  int64_t member_id = member.json()["id"];

  auto officer = login("a_health");
  // Validation names the fields.
  auto bad = call(officer, "POST", "/api/v1/health/observations",
                  {{"staff_id", person_}, {"kind", "hotel"}, {"reason", ""}, {"days", 10}});
  ASSERT_STATUS(bad, 400);
  EXPECT_TRUE(has_field(bad, "kind")) << bad.body;
  EXPECT_TRUE(has_field(bad, "reason")) << bad.body;
  EXPECT_TRUE(has_field(bad, "days")) << bad.body;
  auto both = call(officer, "POST", "/api/v1/health/observations",
                   {{"staff_id", person_}, {"kind", "home"}, {"reason", "密接"}, {"days", 14},
                    {"planned_end_on", "2020-02-08"}});
  EXPECT_STATUS(both, 400);
  EXPECT_TRUE(has_field(both, "planned_end_on")) << both.body;
  auto neither = call(officer, "POST", "/api/v1/health/observations",
                      {{"staff_id", person_}, {"kind", "home"}, {"reason", "密接"}});
  EXPECT_STATUS(neither, 400);
  EXPECT_TRUE(has_field(neither, "days")) << neither.body;
  auto foreign_member = call(officer, "POST", "/api/v1/health/observations",
                             {{"staff_id", plant_person_}, {"member_id", member_id}, {"kind", "home"},
                              {"reason", "密接"}, {"days", 14}});
  EXPECT_STATUS(foreign_member, 404);
  EXPECT_TRUE(has_field(foreign_member, "member_id")) << foreign_member.body;

  auto opened = call(officer, "POST", "/api/v1/health/observations",
                     {{"staff_id", person_}, {"member_id", member_id}, {"kind", "home"}, {"reason", "武汉返乡"},
                      {"start_on", "2020-01-25"}, {"days", 14}});
  ASSERT_STATUS(opened, 201);
  auto o = opened.json();
  EXPECT_EQ(o["planned_end_on"], "2020-02-08");
  EXPECT_EQ(o["subject_name"], "张父");
  EXPECT_EQ(o["status"], "active");
  int64_t id = o["id"];
  // One open case per person or member.
  EXPECT_STATUS(call(officer, "POST", "/api/v1/health/observations",
                     {{"staff_id", person_}, {"member_id", member_id}, {"kind", "centralised"}, {"reason", "密接"},
                      {"days", 7}}),
                409);

  // Today's visit is missing until it is made.
  std::string due = "/api/v1/health/observations/due?org=" + std::to_string(util_a_) + "&date=2020-01-25";
  auto alerts = call(officer, "GET", due);
  ASSERT_STATUS(alerts, 200);
  ASSERT_EQ(alerts.json()["missing_visit"].size(), 1u);
  EXPECT_EQ(alerts.json()["missing_visit"][0]["id"], id);
  EXPECT_EQ(alerts.json()["counts"]["missing_visit"], 1);

  auto bad_visit = call(officer, "POST", obs(id) + "/visits", {{"visitor", ""}, {"temperature", 52}});
  EXPECT_STATUS(bad_visit, 400);
  EXPECT_TRUE(has_field(bad_visit, "visitor")) << bad_visit.body;
  EXPECT_TRUE(has_field(bad_visit, "temperature")) << bad_visit.body;

  auto visited = call(officer, "POST", obs(id) + "/visits",
                      {{"visitor", "社区网格员刘洋"}, {"temperature", 37.5}, {"findings", "轻微咳嗽"}});
  ASSERT_STATUS(visited, 201);
  EXPECT_EQ(visited.json()["fever"], true);
  EXPECT_EQ(visited.json()["visit"]["day"], "2020-01-25");
  EXPECT_EQ(call(officer, "GET", due).json()["missing_visit"].size(), 0u);
  auto again = call(officer, "POST", obs(id) + "/visits", {{"visitor", "刘洋"}, {"temperature", 36.5}});
  EXPECT_STATUS(again, 409);

  auto list = call(officer, "GET", "/api/v1/health/observations?org=" + std::to_string(util_a_));
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["visited"], true);
  EXPECT_EQ(list.json()["items"][0]["day_number"], 1);
  EXPECT_EQ(list.json()["counts"]["active"], 1);
  // Empty parameters mean their defaults (today, active).
  auto defaults = call(officer, "GET", "/api/v1/health/observations?status=&date=&org=" + std::to_string(util_a_));
  ASSERT_STATUS(defaults, 200);
  EXPECT_EQ(defaults.json()["date"], "2020-01-25");
  EXPECT_STATUS(call(officer, "GET", "/api/v1/health/observations?date=2020-13-01"), 400);

  // The next day the visit is due again; a normal temperature is no fever.
  clock_.advance(std::chrono::hours(24));
  officer = login("a_health");
  auto next = call(officer, "GET", "/api/v1/health/observations/due?org=" + std::to_string(util_a_));
  ASSERT_STATUS(next, 200);
  EXPECT_EQ(next.json()["date"], "2020-01-26");
  EXPECT_EQ(next.json()["missing_visit"].size(), 1u);
  auto normal = call(officer, "POST", obs(id) + "/visits", {{"visitor", "刘洋"}, {"temperature", 36.6}});
  ASSERT_STATUS(normal, 201);
  EXPECT_EQ(normal.json()["fever"], false);
  EXPECT_EQ(call(officer, "GET", obs(id)).json()["visits"].size(), 2u);

  // The person reads their own case.
  staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", obs(id)), 200);

  // Releasing before the planned end needs early: true and a note.
  auto early = call(officer, "POST", obs(id) + "/release", json::object());
  ASSERT_STATUS(early, 400);
  EXPECT_TRUE(has_field(early, "early")) << early.body;
  EXPECT_TRUE(has_field(early, "note")) << early.body;
  auto released = call(officer, "POST", obs(id) + "/release", {{"early", true}, {"note", "核酸检测阴性，经社区同意"}});
  ASSERT_STATUS(released, 200);
  EXPECT_EQ(released.json()["released_on"], "2020-01-26");
  EXPECT_EQ(released.json()["status"], "released");
  EXPECT_STATUS(call(officer, "POST", obs(id) + "/release", {{"early", true}, {"note", "again"}}), 409);
  EXPECT_STATUS(call(officer, "POST", obs(id) + "/visits", {{"visitor", "刘洋"}}), 409);
  EXPECT_EQ(call(officer, "GET", "/api/v1/health/observations?org=" + std::to_string(util_a_)).json()["items"].size(),
            0u);
  EXPECT_EQ(
      call(officer, "GET", "/api/v1/health/observations?status=released&org=" + std::to_string(util_a_)).json()["items"].size(),
      1u);
  EXPECT_EQ(count("audit_log", "action LIKE 'health.observation.%'"), 4);

  // Events carry ids and the action, never names or readings.
  auto events = events_of("health.observation");
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].data["action"], "opened");
  EXPECT_EQ(events[3].data["action"], "released");
  for (const auto& e : events) {
    EXPECT_EQ(e.data.size(), 3u) << e.data.dump();
    EXPECT_EQ(e.data.dump().find("张"), std::string::npos);
  }
}

TEST_F(HealthCases, CasesWhosePlannedEndHasComeAreReadyForRelease) {
  auto officer = login("a_health");
  auto opened = call(officer, "POST", "/api/v1/health/observations",
                     {{"staff_id", plant_person_}, {"kind", "centralised"}, {"reason", "密接"}, {"days", 7}});
  ASSERT_STATUS(opened, 201);
  int64_t id = opened.json()["id"];
  EXPECT_EQ(opened.json()["start_on"], "2020-01-25");
  EXPECT_EQ(opened.json()["planned_end_on"], "2020-02-01");
  auto before = call(officer, "GET", "/api/v1/health/observations/due?date=2020-01-31");
  ASSERT_STATUS(before, 200);
  EXPECT_EQ(before.json()["ready_for_release"].size(), 0u);
  EXPECT_EQ(before.json()["missing_visit"].size(), 1u);
  auto ready = call(officer, "GET", "/api/v1/health/observations/due?date=2020-02-01");
  ASSERT_EQ(ready.json()["ready_for_release"].size(), 1u);
  EXPECT_EQ(ready.json()["ready_for_release"][0]["id"], id);
  EXPECT_EQ(ready.json()["missing_visit"].size(), 0u);

  clock_.advance(std::chrono::hours(24 * 7));
  officer = login("a_health");
  auto released = call(officer, "POST", obs(id) + "/release", json::object());  // on time: no note needed
  ASSERT_STATUS(released, 200);
  EXPECT_EQ(released.json()["released_on"], "2020-02-01");
  EXPECT_EQ(call(officer, "GET", "/api/v1/health/observations/due?date=2020-02-01").json()["ready_for_release"].size(),
            0u);
}

TEST_F(HealthCases, OnlyHealthOfficersOverThePersonSeeOrManageCases) {
  auto officer = login("a_health");
  auto plant_case = call(officer, "POST", "/api/v1/health/observations",
                         {{"staff_id", plant_person_}, {"kind", "home"}, {"reason", "武汉返乡"}, {"days", 14}});
  ASSERT_STATUS(plant_case, 201);
  int64_t id = plant_case.json()["id"];

  // The department's officer: not the plant's people.
  auto hr = login("a_hr_health");
  EXPECT_STATUS(call(hr, "GET", obs(id)), 404);
  EXPECT_STATUS(call(hr, "POST", obs(id) + "/visits", {{"visitor", "x"}}), 404);
  EXPECT_STATUS(call(hr, "POST", obs(id) + "/release", {{"early", true}, {"note", "x"}}), 404);
  auto hr_open = call(hr, "POST", "/api/v1/health/observations",
                      {{"staff_id", plant_person_}, {"kind", "home"}, {"reason", "x"}, {"days", 7}});
  EXPECT_STATUS(hr_open, 404);
  EXPECT_TRUE(has_field(hr_open, "staff_id")) << hr_open.body;
  EXPECT_STATUS(call(hr, "GET", "/api/v1/health/observations?org=" + std::to_string(plant_a_)), 404);
  EXPECT_EQ(call(hr, "GET", "/api/v1/health/observations").json()["items"].size(), 0u);

  auto other = login("b_health");
  EXPECT_STATUS(call(other, "GET", obs(id)), 404);
  EXPECT_STATUS(call(other, "GET", "/api/v1/health/observations?org=" + std::to_string(util_a_)), 404);
  EXPECT_STATUS(call(other, "GET", "/api/v1/health/observations/due?org=" + std::to_string(util_a_)), 404);

  // A commander sees counts elsewhere, never the cases.
  auto commander = login("a_commander");
  EXPECT_STATUS(call(commander, "GET", obs(id)), 404);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/observations"), 403);
  EXPECT_STATUS(call(commander, "GET", "/api/v1/health/observations/due"), 403);
  EXPECT_STATUS(call(commander, "POST", "/api/v1/health/observations",
                     {{"staff_id", plant_person_}, {"kind", "home"}, {"reason", "x"}, {"days", 7}}),
                403);
  EXPECT_STATUS(call(commander, "POST", obs(id) + "/visits", {{"visitor", "x"}}), 403);

  // The person themself reads, but does not record visits.
  auto self = login("a_plant_staff");
  EXPECT_STATUS(call(self, "GET", obs(id)), 200);
  EXPECT_STATUS(call(self, "POST", obs(id) + "/visits", {{"visitor", "x"}}), 403);
  auto colleague = login("a_staff");
  EXPECT_STATUS(call(colleague, "GET", obs(id)), 404);
}

}  // namespace
}  // namespace lifeline::test
