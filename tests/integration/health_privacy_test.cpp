// Personal health data reaches only the person and the health officers of the
// person's unit subtree, through every endpoint: the test walks every GET
// route the health module registers, as every kind of outsider, and looks for
// the person's name, phone and household in what comes back.
#include <set>

#include "app/health/checkin_counts.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

constexpr const char* kName = "欧阳秘密";       // the person whose records are private
constexpr const char* kPhone = "13712349876";
constexpr const char* kRelative = "欧阳家属";
constexpr const char* kDay = "2020-01-25";      // the fixture clock's local date

class HealthPrivacy : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    person_ = add_staff(dept_a_, "P001", kName, "a_staff", kPhone);
    add_staff(plant_a_, "P002", "水厂职工", "a_plant_staff");
    add_staff(util_b_, "B001", "株洲职工");
    auto ids = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
      LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {dept_a_}));
      if (!unit) return Error::not_found("dept");
      std::string path = unit->text(0);
      int64_t now = to_millis(clock_.now());
      LL_CHECK(tx.execute("INSERT INTO checkins (staff_id, org_id, org_path, day, submitted_at, channel, temperature,"
                          " symptoms, location, city, contact, work_status, remarks, fever, has_symptoms, abnormal,"
                          " abnormal_reasons) VALUES (?,?,?,?,?,'self',37.9,'[\"干咳\"]','away','武汉','none',"
                          "'leave','秘密备注',1,1,1,'[\"fever\",\"symptoms\"]')",
                          {person_, dept_a_, path, kDay, now}));
      // Inserted directly, like a bulk writer: recount the census (app/health/checkin_counts.h).
      LL_CHECK(app::health::recount_checkins(tx, "/", kDay, kDay));
      LL_TRY(member_, tx.insert("INSERT INTO household_members (staff_id, name, relation, phone, risk_status,"
                                " recent_travel, updated_at) VALUES (?,?,'parent','13611112222',"
                                "'home_observation','武汉',?) RETURNING id",
                                {person_, kRelative, now}));
      LL_TRY(observation_, tx.insert("INSERT INTO observations (staff_id, org_path, member_id, subject_name, kind,"
                                     " reason, start_on, planned_end_on, created_at) VALUES"
                                     " (?,?,?,?,'home','武汉返乡',?,?,?) RETURNING id",
                                     {person_, path, member_, kRelative, kDay, "2020-02-08", now}));
      LL_TRY(outing_, tx.insert("INSERT INTO outings (staff_id, org_path, destination, purpose, depart_at,"
                                " planned_return_at, status, created_at) VALUES (?,?,'岳阳','探亲',?,?,"
                                "'requested',?) RETURNING id",
                                {person_, path, now, now + 86400000, now}));
      LL_CHECK(tx.execute("INSERT INTO entrance_checks (org_id, org_path, at, staff_id, temperature, alert)"
                          " VALUES (?,?,?,?,37.9,1)",
                          {dept_a_, path, now, person_}));
      LL_CHECK(tx.execute("INSERT INTO health_notes (staff_id, at, author_name, text) VALUES (?,?,'fixture',?)",
                          {person_, now, "随访记录"}));
      LL_TRY(risk_area_, tx.insert("INSERT INTO risk_areas (utility_id, name, level, valid_from, created_at)"
                                   " VALUES (?,'湖北省武汉市','high','2020-01-01',?) RETURNING id",
                                   {util_a_, now}));
      return true;
    });
    ASSERT_TRUE(ids.ok()) << ids.error().message;
  }

  // Every GET route of the health module, made concrete for the person's records.
  std::vector<std::string> targets() {
    std::vector<std::string> out;
    auto router = platform_->router();
    for (const auto& route : router.routes()) {
      if (route.method != "GET" || !route.pattern.starts_with("/api/v1/health/")) continue;
      std::string t = route.pattern;
      auto brace = t.find("{id}");
      if (brace != std::string::npos) {
        std::string prefix = t.substr(0, brace);
        int64_t id = 0;
        if (prefix.ends_with("/staff/") || prefix.ends_with("/people/")) id = person_;
        else if (prefix.ends_with("/observations/")) id = observation_;
        else if (prefix.ends_with("/household/")) id = member_;
        else if (prefix.ends_with("/outings/")) id = outing_;
        else if (prefix.ends_with("/risk-areas/")) id = risk_area_;
        else ADD_FAILURE() << route.pattern << ": add its {id} to the privacy test";
        t.replace(brace, 4, std::to_string(id));
      }
      EXPECT_EQ(t.find('{'), std::string::npos) << route.pattern << ": add its parameter to the privacy test";
      for (int64_t org : {dept_a_, util_a_}) {
        out.push_back(t + "?org=" + std::to_string(org) + "&date=" + kDay + "&from=" + kDay + "&to=" + kDay);
        out.push_back(t + "?org=" + std::to_string(org) + "&date=" + kDay + "&status=all");
      }
      out.push_back(t);
    }
    return out;
  }

  // What `username` got back from any health endpoint that names the person.
  std::set<std::string> leaks(const std::string& username) {
    auto s = login(username);
    std::set<std::string> found;
    for (const auto& target : targets()) {
      auto r = call(s, "GET", target);
      for (const char* secret : {kName, kPhone, kRelative, "秘密备注"})
        if (r.body.find(secret) != std::string::npos) found.insert(target + " → " + secret);
    }
    return found;
  }

  int64_t person_ = 0, member_ = 0, observation_ = 0, outing_ = 0, risk_area_ = 0;
};

TEST_F(HealthPrivacy, TheModuleHasPersonalEndpointsToCheck) {
  // Guards against the sweep passing because there is nothing to sweep.
  auto all = targets();
  EXPECT_GT(all.size(), 60u);
  std::set<std::string> patterns;
  auto router = platform_->router();
  for (const auto& route : router.routes())
    if (route.method == "GET" && route.pattern.starts_with("/api/v1/health/")) patterns.insert(route.pattern);
  for (const char* must : {"/api/v1/health/people/{id}/file", "/api/v1/health/checkins", "/api/v1/health/census",
                           "/api/v1/health/missing", "/api/v1/health/staff/{id}", "/api/v1/health/observations"})
    EXPECT_TRUE(patterns.contains(must)) << must;
}

TEST_F(HealthPrivacy, ThePersonAndTheirHealthOfficersSeeTheRecords) {
  // The positive control: the same sweep finds the records where they belong.
  for (const char* who : {"a_staff", "a_hr_health", "a_health"}) {
    auto seen = leaks(who);
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](const std::string& s) {
      return s.find("/people/") != std::string::npos && s.find(kName) != std::string::npos;
    })) << who << " should read the person's file";
  }
}

TEST_F(HealthPrivacy, NobodyElseReadsThemThroughAnyEndpoint) {
  // Another unit's staff, another utility's health officer and admin, the
  // association admin, a viewer: not one personal detail, anywhere.
  for (const char* who : {"a_plant_staff", "b_health", "b_admin", "assoc", "a_viewer"}) {
    auto seen = leaks(who);
    for (const auto& leak : seen) ADD_FAILURE() << who << " read " << leak;
  }
}

TEST_F(HealthPrivacy, UnitHeadsSeeCountsAndTheOutingsTheyApproveButNoHealthRecord) {
  // The unit heads (the utility's admin and commander) approve outings, so an
  // outing request names the person; nothing else does.
  for (const char* who : {"a_commander", "a_admin"}) {
    auto seen = leaks(who);
    for (const auto& leak : seen)
      if (leak.find("/outings") == std::string::npos) ADD_FAILURE() << who << " read " << leak;
  }
  auto s = login("a_commander");
  auto census = call(s, "GET", std::string("/api/v1/health/census?org=") + std::to_string(util_a_) + "&date=" + kDay);
  ASSERT_STATUS(census, 200);
  EXPECT_EQ(census.json()["totals"]["fever"], 1);
  EXPECT_EQ(census.json()["totals"]["checked_in"], 1);
}

TEST_F(HealthPrivacy, PersonalEndpointsAnswerOutsidersLikeMissingRecords) {
  for (const char* who : {"a_plant_staff", "b_health", "a_viewer"}) {
    auto s = login(who);
    auto file = call(s, "GET", "/api/v1/health/people/" + std::to_string(person_) + "/file");
    EXPECT_TRUE(file.status == 404 || file.status == 403) << who << ": " << file.status;
    auto other = call(s, "GET", "/api/v1/health/people/999999/file");
    EXPECT_EQ(file.status, other.status) << who << " can tell a hidden record from a missing one";
  }
}

TEST_F(HealthPrivacy, TheAuditLogThatCommandersReadHoldsNoHealthDetails) {
  // Records made through the API are audited; commanders and admins read the
  // audit log, so its entries say who changed what, not the health details.
  auto officer = login("a_health");
  std::string base = "/api/v1/health/people/" + std::to_string(person_);
  ASSERT_STATUS(call(officer, "POST", base + "/household",
                     {{"name", "欧阳外婆"}, {"relation", "parent"}, {"risk_status", "home_observation"}}),
                201);
  auto observed = call(officer, "POST", "/api/v1/health/observations",
                       {{"staff_id", person_}, {"kind", "home"}, {"reason", "武汉返乡隔离观察"}, {"days", 14}});
  ASSERT_STATUS(observed, 201);
  ASSERT_STATUS(call(officer, "POST",
                     "/api/v1/health/observations/" + std::to_string(observed.json()["id"].get<int64_t>()) + "/visits",
                     {{"visitor", "社区网格员"}, {"temperature", 38.4}, {"findings", "咳嗽加重"}}),
                201);
  ASSERT_STATUS(call(officer, "POST", base + "/notes", {{"text", "肺部CT异常"}}), 201);
  ASSERT_STATUS(call(officer, "POST", "/api/v1/health/entrance-checks",
                     {{"org_id", dept_a_}, {"staff_id", person_}, {"temperature", 38.6}}),
                201);
  auto self = login("a_staff");
  ASSERT_STATUS(call(self, "POST", "/api/v1/health/outings",
                     {{"destination", "岳阳"}, {"purpose", "探望病中父亲"},
                      {"depart_at", "2020-01-26T01:00:00Z"}, {"planned_return_at", "2020-01-27T10:00:00Z"}}),
                201);
  for (const char* who : {"a_commander", "a_admin", "assoc"}) {
    auto s = login(who);
    auto audit = call(s, "GET", "/api/v1/audit?limit=200");
    ASSERT_STATUS(audit, 200);
    EXPECT_NE(audit.body.find("health."), std::string::npos) << who << " should see that health records changed";
    for (const char* secret : {"欧阳外婆", "武汉返乡隔离观察", "咳嗽加重", "肺部CT异常", "38.6", "38.4", "探望病中父亲"})
      EXPECT_EQ(audit.body.find(secret), std::string::npos) << who << " read " << secret << " in the audit log";
  }
}

}  // namespace
}  // namespace lifeline::test
