// The census through the API over a constructed day: every count per unit,
// trends, the missing list, the archive of purged days, the daily summary,
// and who may read them. (Its reminder goes through notify:
// notify_health_test.cpp.)
#include "core/time.h"
#include "integration/harness.h"
#include "sheets/table.h"

namespace lifeline::test {
namespace {

constexpr const char* kDay = "2020-01-26";

nlohmann::json checkin(double temperature = 36.5) {
  return {{"temperature", temperature}, {"location", "in_town"}, {"contact", "none"}, {"work_status", "on_duty"}};
}

class HealthCensus : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    at("2020-01-26T01:00:00Z");  // 09:00 in Shanghai
    // Level I over both utilities from the first minute of the 24th: every
    // day below is one on which check-in was required (health/requirement.h).
    auto commander = login("assoc");
    ASSERT_STATUS(call(commander, "POST", "/api/v1/emergencies",
                       {{"name", "新冠肺炎疫情"}, {"level", "I"}, {"org_ids", {util_a_, util_b_}},
                        {"started_at", "2020-01-23T16:00:00Z"}}),
                  201);
    a1_ = add_staff(dept_a_, "A1", "甲一", "a_staff");
    a2_ = add_staff(dept_a_, "A2", "甲二");
    a3_ = add_staff(dept_a_, "A3", "甲三", "", "13700001234");
    left_ = add_staff(dept_a_, "L1", "已离职");
    p1_ = add_staff(plant_a_, "P1", "乙一", "a_plant_staff");
    p2_ = add_staff(plant_a_, "P2", "乙二");
    u1_ = add_staff(util_a_, "U1", "丙一");
    b1_ = add_staff(util_b_, "B1", "丁一");
    sql("UPDATE staff SET left_on = '2020-01-26' WHERE id = ?", {left_});

    auto health = login("a_health");
    auto proxy = [&](int64_t who, nlohmann::json body) {
      body["staff_id"] = who;
      auto r = call(health, "POST", "/api/v1/health/checkins", body);
      EXPECT_STATUS(r, 201);
    };
    proxy(a1_, checkin(38.0));
    auto away = checkin();
    away["location"] = "away";
    away["city"] = "株洲";
    away["work_status"] = "remote";
    proxy(a2_, away);
    auto sick = checkin();
    sick["symptoms"] = {"干咳"};
    sick["contact"] = "suspected";
    sick["work_status"] = "isolated";
    sick["location"] = "not_returned";
    sick["city"] = "岳阳";
    proxy(p1_, sick);
    auto travel = checkin();
    travel["risk_travel"] = true;
    travel["risk_areas"] = "武汉";
    proxy(u1_, travel);
    at("2020-01-26T02:30:00Z");  // 10:30: late
    proxy(p2_, checkin());
    auto b = login("b_health");
    auto bb = checkin();
    bb["staff_id"] = b1_;
    EXPECT_STATUS(call(b, "POST", "/api/v1/health/checkins", bb), 201);

    const std::string dept = path(dept_a_), plant = path(plant_a_);
    const int64_t now = to_millis(clock_.now());
    observation_ = insert("INSERT INTO observations (staff_id, org_path, subject_name, kind, reason, start_on,"
                          " planned_end_on, created_at) VALUES (?,?,'甲三','home','武汉返乡','2020-01-20',"
                          "'2020-02-03',?) RETURNING id",
                          {a3_, dept, now});
    insert("INSERT INTO observations (staff_id, org_path, subject_name, kind, reason, start_on, planned_end_on,"
           " created_at) VALUES (?,?,'乙二','centralised','密接','2020-01-25','2020-02-08',?) RETURNING id",
           {p2_, plant, now});
    insert("INSERT INTO observations (staff_id, org_path, subject_name, kind, reason, start_on, planned_end_on,"
           " released_on, created_at) VALUES (?,?,'甲二','home','返乡','2020-01-12','2020-01-26','2020-01-26',?)"
           " RETURNING id",
           {a2_, dept, now});
  }

  void at(const char* iso) {
    auto t = parse_instant(iso, "test");
    ASSERT_TRUE(t.ok());
    clock_.set(*t);
  }
  std::string path(int64_t org) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::string> {
      LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org}));
      if (!row) return Error::not_found("org");
      return row->text(0);
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : "";
  }
  void sql(const std::string& statement, const store::Params& params) {
    auto r = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
      LL_CHECK(tx.execute(statement, params));
      return true;
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  }
  int64_t insert(const std::string& statement, const store::Params& params) {
    auto r = database_->db().transact(store::TxMode::write,
                                      [&](store::Tx& tx) -> Result<int64_t> { return tx.insert(statement, params); });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : 0;
  }
  // The counts as a JSON object with every key, from a list in the order of kCountKeys.
  static nlohmann::json counts(std::vector<int64_t> values) {
    const char* keys[] = {"headcount", "checked_in", "missing", "late", "abnormal", "fever", "symptoms", "contact",
                          "home_observation", "quarantine", "away", "not_returned", "from_risk_areas", "on_duty",
                          "isolated"};
    nlohmann::json j = nlohmann::json::object();
    for (size_t i = 0; i < values.size(); ++i) j[keys[i]] = values[i];
    return j;
  }
  http::ClientResponse get(const std::string& who, const std::string& target) {
    auto s = login(who);
    return call(s, "GET", target);
  }

  int64_t a1_ = 0, a2_ = 0, a3_ = 0, left_ = 0, p1_ = 0, p2_ = 0, u1_ = 0, b1_ = 0, observation_ = 0;
};

TEST_F(HealthCensus, CountsEveryKeyPerUnit) {
  auto r = get("a_commander", "/api/v1/health/census?org=" + std::to_string(util_a_) + "&date=" + kDay);
  ASSERT_STATUS(r, 200);
  auto j = r.json();
  EXPECT_EQ(j["org"]["id"], util_a_);
  EXPECT_EQ(j["date"], kDay);
  EXPECT_EQ(j["required"], true);
  //                         head chk mis late abn fev sym con home qua away notr risk duty iso
  EXPECT_EQ(j["totals"], counts({6, 5, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1}));
  ASSERT_EQ(j["units"].size(), 3u);
  EXPECT_EQ(j["units"][0]["org_id"], dept_a_);
  EXPECT_EQ(j["units"][0]["name"], "人力资源部");
  EXPECT_EQ(j["units"][0]["counts"], counts({3, 2, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0}));
  EXPECT_EQ(j["units"][1]["org_id"], plant_a_);
  EXPECT_EQ(j["units"][1]["counts"], counts({2, 2, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1}));
  EXPECT_EQ(j["units"][2]["org_id"], util_a_);
  EXPECT_EQ(j["units"][2]["direct"], true);
  EXPECT_EQ(j["units"][2]["counts"], counts({1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0}));

  // A department's own census.
  auto dept = get("a_hr_health", std::string("/api/v1/health/census?date=") + kDay);
  ASSERT_STATUS(dept, 200);
  EXPECT_EQ(dept.json()["totals"], counts({3, 2, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0}));
}

TEST_F(HealthCensus, TheAssociationSeesBothUtilities) {
  auto r = get("assoc", std::string("/api/v1/health/census?org=1&date=") + kDay);
  ASSERT_STATUS(r, 200);
  auto j = r.json();
  EXPECT_EQ(j["totals"]["headcount"], 7);
  EXPECT_EQ(j["totals"]["checked_in"], 6);
  ASSERT_EQ(j["units"].size(), 3u);
  EXPECT_EQ(j["units"][0]["org_id"], util_a_);
  EXPECT_EQ(j["units"][0]["counts"]["headcount"], 6);
  EXPECT_EQ(j["units"][1]["org_id"], util_b_);
  EXPECT_EQ(j["units"][1]["counts"], counts({1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0}));  // late at 10:30
  EXPECT_EQ(j["units"][2]["counts"]["headcount"], 0);
}

TEST_F(HealthCensus, OnlyCountReadersSeeIt) {
  const std::string target = "/api/v1/health/census?org=" + std::to_string(util_a_);
  EXPECT_STATUS(get("a_viewer", target), 403);
  EXPECT_STATUS(get("a_staff", target), 403);
  EXPECT_STATUS(get("a_staff", "/api/v1/health/missing"), 403);
  EXPECT_STATUS(get("b_health", target), 404);
  EXPECT_STATUS(get("b_admin", "/api/v1/health/missing?org=" + std::to_string(util_a_)), 404);
  EXPECT_STATUS(get("a_admin", target), 200);
}

TEST_F(HealthCensus, RequiredFollowsTheEmergencyLevel) {
  auto commander = login("a_commander");
  auto r = call(commander, "GET", "/api/v1/health/census?org=" + std::to_string(util_a_));
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["required"], true);
  EXPECT_EQ(r.json()["required_since"], "2020-01-24");
  EXPECT_EQ(r.json()["date"], kDay);
  // The day before the response: not required, and nobody is missing.
  auto before = call(commander, "GET", "/api/v1/health/census?org=" + std::to_string(util_a_) + "&date=2020-01-23");
  ASSERT_STATUS(before, 200);
  EXPECT_EQ(before.json()["required"], false);
  EXPECT_EQ(before.json()["totals"]["headcount"], 7);
  EXPECT_EQ(before.json()["totals"]["missing"], 0);
  auto trend = call(commander, "GET", "/api/v1/health/census/trend?org=" + std::to_string(util_a_) +
                                          "&from=2020-01-23&to=2020-01-24");
  ASSERT_STATUS(trend, 200);
  EXPECT_EQ(trend.json()["items"][0]["required"], false);
  EXPECT_EQ(trend.json()["items"][1]["required"], true);
  EXPECT_EQ(trend.json()["items"][1]["totals"]["missing"], 7);
  auto missing = call(commander, "GET", "/api/v1/health/missing?org=" + std::to_string(util_a_) + "&date=2020-01-23");
  ASSERT_STATUS(missing, 200);
  EXPECT_EQ(missing.json()["required"], false);
  EXPECT_EQ(missing.json()["items"].size(), 0u);
}

TEST_F(HealthCensus, TrendCountsEachDay) {
  auto r = get("a_health", "/api/v1/health/census/trend?org=" + std::to_string(util_a_) +
                               "&from=2020-01-25&to=2020-01-26");
  ASSERT_STATUS(r, 200);
  auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["date"], "2020-01-25");
  // The one who left on the 26th still counts on the 25th; the released case was active then.
  EXPECT_EQ(items[0]["totals"], counts({7, 0, 7, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(items[1]["date"], kDay);
  EXPECT_EQ(items[1]["totals"], counts({6, 5, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1}));
  EXPECT_STATUS(get("a_health", "/api/v1/health/census/trend?from=2020-01-01&to=2020-06-01"), 400);
  EXPECT_STATUS(get("a_health", "/api/v1/health/census/trend?from=2020-01-27&to=2020-01-26"), 400);
}

TEST_F(HealthCensus, MissingListMasksPhonesForCommanders) {
  const std::string target = "/api/v1/health/missing?org=" + std::to_string(util_a_) + "&date=" + kDay;
  auto commander = get("a_commander", target);
  ASSERT_STATUS(commander, 200);
  auto j = commander.json();
  EXPECT_EQ(j["deadline_passed"], true);
  EXPECT_EQ(j["required"], true);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["staff_id"], a3_);
  EXPECT_EQ(j["items"][0]["name"], "甲三");
  EXPECT_EQ(j["items"][0]["employee_no"], "A3");
  EXPECT_EQ(j["items"][0]["org_name"], "人力资源部");
  EXPECT_EQ(j["items"][0]["phone"], "137****1234");
  auto health = get("a_health", target);
  ASSERT_STATUS(health, 200);
  EXPECT_EQ(health.json()["items"][0]["phone"], "13700001234");
  auto before = get("a_health", "/api/v1/health/missing?org=" + std::to_string(plant_a_) + "&date=2020-01-25");
  ASSERT_STATUS(before, 200);
  EXPECT_EQ(before.json()["items"].size(), 2u);
}

TEST_F(HealthCensus, PurgedDaysAreCountedFromTheArchive) {
  const std::string dept = path(dept_a_);
  sql("INSERT INTO health_census_archive (org_id, org_path, day, counts, archived_at) VALUES (?,?,?,?,?)",
      {dept_a_, dept, "2020-01-24", R"({"checked_in":3,"late":1,"fever":2,"home_observation":1})",
       to_millis(clock_.now())});
  // A stray live row of that day does not count beside the archive.
  sql("INSERT INTO checkins (staff_id, org_id, org_path, day, submitted_at, channel, temperature, symptoms,"
      " location, contact, work_status, fever, abnormal) VALUES (?,?,?,'2020-01-24',?,'self',38.0,'[]','in_town',"
      "'none','on_duty',1,1)",
      {a1_, dept_a_, dept, to_millis(clock_.now())});
  auto r = get("a_health", "/api/v1/health/census?org=" + std::to_string(dept_a_) + "&date=2020-01-24");
  ASSERT_STATUS(r, 200);
  // headcount A1 A2 A3 L1 = 4 (from the register), the rest from the archive.
  EXPECT_EQ(r.json()["totals"], counts({4, 3, 1, 1, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
  auto trend = get("a_health", "/api/v1/health/census/trend?org=" + std::to_string(util_a_) +
                                   "&from=2020-01-24&to=2020-01-24");
  ASSERT_STATUS(trend, 200);
  // Units without an archive row keep their live counts (the plant's centralised case started on the 25th).
  EXPECT_EQ(trend.json()["items"][0]["totals"], counts({7, 3, 4, 1, 0, 2, 0, 0, 1, 0, 0, 0, 0, 0, 0}));
  auto missing = get("a_health", "/api/v1/health/missing?org=" + std::to_string(dept_a_) + "&date=2020-01-24");
  ASSERT_STATUS(missing, 200);
  EXPECT_EQ(missing.json()["archived"], true);
  EXPECT_EQ(missing.json()["items"].size(), 0u);
}

TEST_F(HealthCensus, DailySummaryCountsEveryFigure) {
  const std::string dept = path(dept_a_), plant = path(plant_a_);
  const int64_t now = to_millis(clock_.now());
  sql("INSERT INTO observation_visits (observation_id, day, visited_at, visitor) VALUES (?,?,?,'社区医生')",
      {observation_, kDay, now});
  sql("INSERT INTO entrance_checks (org_id, org_path, at, temperature, alert, visitor_name) VALUES (?,?,?,37.9,1,'访客')",
      {plant_a_, plant, now});
  sql("INSERT INTO entrance_checks (org_id, org_path, at, temperature, alert, visitor_name) VALUES (?,?,?,37.9,1,'访客')",
      {plant_a_, plant, now - 86400000});  // the day before
  sql("INSERT INTO outings (staff_id, org_path, destination, purpose, depart_at, planned_return_at, status,"
      " created_at) VALUES (?,?,'岳阳','探亲',?,?,'approved',?)",
      {p1_, plant, now - 86400000, now + 3600000, now});
  auto r = get("a_commander", "/api/v1/health/summary?org=" + std::to_string(util_a_) + "&date=" + kDay);
  ASSERT_STATUS(r, 200);
  auto j = r.json();
  EXPECT_EQ(j["totals"], counts({6, 5, 1, 1, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, 1}));
  EXPECT_EQ(j["abnormal_by_reason"],
            nlohmann::json({{"fever", 1}, {"symptoms", 1}, {"risk_travel", 1}, {"risk_area", 0}, {"contact", 1}}));
  EXPECT_EQ(j["observations"], nlohmann::json({{"active", 2}, {"started", 0}, {"released", 1}}));
  EXPECT_EQ(j["overdue_outings"], 1);
  EXPECT_EQ(j["entrance_alerts"], 1);
  EXPECT_EQ(j["missing_visits"], 1);
  // Counts only: not a name in it.
  EXPECT_EQ(r.body.find("甲"), std::string::npos);
  EXPECT_STATUS(get("a_staff", "/api/v1/health/summary"), 403);
}

TEST_F(HealthCensus, ExportsTheTableAsXlsx) {
  auto r = get("a_commander", "/api/v1/health/census/export.xlsx?org=" + std::to_string(util_a_) + "&date=" + kDay +
                                  "&from=2020-01-25&to=2020-01-26");
  ASSERT_NE(r.status, 404) << r.body;
  if (r.status == 200) {
    EXPECT_EQ(r.headers["content-type"], sheets::kXlsxMime);
    EXPECT_EQ(r.body.substr(0, 2), "PK");
    auto table = sheets::read_table(r.body, "census.xlsx");
    if (table.ok()) {
      ASSERT_GE(table->header.size(), 16u);
      EXPECT_EQ(table->header[0], "单位");
      EXPECT_EQ(table->header[1], "应报人数");
      EXPECT_EQ(table->header[15], "隔离中");
      ASSERT_EQ(table->rows.size(), 4u);  // two units, the utility itself, the total
      EXPECT_EQ(table->rows[3][0], "合计");
    }
  }
  EXPECT_STATUS(get("a_staff", "/api/v1/health/census/export.xlsx"), 403);
}

}  // namespace
}  // namespace lifeline::test
