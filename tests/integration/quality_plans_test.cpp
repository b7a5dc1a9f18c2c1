// Plans, the emergency's raised regime with its history, the daily task job
// on the shared scheduler (idempotent, overdue flags), ad-hoc tasks with
// their origin, the coverage check, the summary section and the disclosure
// table as XLSX and PDF.
#include "integration/quality_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class QualityPlans : public QualityTest {
 protected:
  void SetUp() override {
    QualityTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto admin = login("a_admin");
    ASSERT_STATUS(call(admin, "POST", "/api/v1/quality/plans/defaults?org=" + std::to_string(util_a_)), 201);
  }

  json tasks(const std::string& date, const std::string& extra = "") {
    auto s = login("a_lab");
    auto r = call(s, "GET", "/api/v1/quality/tasks?org=" + std::to_string(util_a_) + "&date=" + date + extra);
    EXPECT_STATUS(r, 200);
    return r.json();
  }

  int64_t of_kind(const json& list, const std::string& kind, int64_t point) {
    int64_t n = 0;
    for (const auto& t : list["items"]) n += t["kind"] == kind && t["point"]["id"] == point;
    return n;
  }
};

TEST_F(QualityPlans, TheDefaultsFollowChinesePractice) {
  auto s = login("a_lab");
  auto r = call(s, "GET", "/api/v1/quality/plans");
  ASSERT_STATUS(r, 200);
  const json book = r.json();
  EXPECT_EQ(book["regime"]["regime"], "normal");
  EXPECT_FALSE(book["regime"]["raised_sampling_frequency"].get<bool>());
  bool outlet_nine_daily = false, network_twice = false, half_yearly_all = false, raised_two_hours = false;
  for (const auto& p : book["items"]) {
    if (p["point_type"] == "outlet" && p["frequency"] == "daily" && p["indicators"].size() == 9) outlet_nine_daily = true;
    if (p["point_type"] == "network" && p["frequency"] == "twice_monthly" && p["indicators"].size() == 7)
      network_twice = true;
    if (p["frequency"] == "half_yearly" && p["indicators"].size() == 97) half_yearly_all = true;
    if (p["regime"] == "raised" && p["point_type"] == "outlet" && p["every_hours"] == 2) raised_two_hours = true;
  }
  EXPECT_TRUE(outlet_nine_daily && network_twice && half_yearly_all && raised_two_hours) << book.dump();
  auto admin = login("a_admin");
  EXPECT_STATUS(call(admin, "POST", "/api/v1/quality/plans/defaults"), 409);  // once
}

TEST_F(QualityPlans, TheCoverageCheckAsksOnePointPer20000People) {
  auto admin = login("a_admin");
  auto r = call(admin, "PUT", "/api/v1/quality/settings", {{"population_served", 100000}});
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["coverage"]["required_points"], 5);
  EXPECT_EQ(r.json()["coverage"]["network_points"], 4);
  EXPECT_FALSE(r.json()["coverage"]["ok"].get<bool>());
  point(admin, "GW-05", "network", "J4");
  EXPECT_TRUE(call(admin, "GET", "/api/v1/quality/plans").json()["coverage"]["ok"].get<bool>());
  EXPECT_STATUS(call(admin, "PUT", "/api/v1/quality/settings", {{"population_served", 0}}), 400);
}

TEST_F(QualityPlans, TheJobMakesTheDaysTasksOnceAndTheRaisedPlanWhileTheEmergencyRaisesSampling) {
  // 2020-01-25 16:00 local: the day's task run (every slot of the day).
  auto ran = platform_->scheduler().tick();
  EXPECT_EQ(std::count(ran.begin(), ran.end(), "quality.tasks"), 1);
  const json normal = tasks("2020-01-25");
  const int64_t total = normal["counts"]["total"];
  EXPECT_GT(total, 0);
  EXPECT_EQ(of_kind(normal, "routine", outlet_), 1 + 6);  // the 9 items daily; the shift every 4 h
  EXPECT_EQ(of_kind(normal, "raised", outlet_), 0);
  clock_.advance(std::chrono::minutes(6));
  platform_->scheduler().tick();
  EXPECT_EQ(tasks("2020-01-25")["counts"]["total"], total);  // idempotent: one task per plan, point and slot

  auto admin = login("a_admin");
  ASSERT_STATUS(call(admin, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情防控"}, {"level", "II"}}), 201);
  EXPECT_EQ(call(admin, "GET", "/api/v1/quality/plans").json()["regime"]["regime"], "raised");
  clock_.advance(std::chrono::hours(11));  // 2020-01-26 03:06 local
  platform_->scheduler().tick();
  const json raised = tasks("2020-01-26");
  EXPECT_EQ(of_kind(raised, "raised", outlet_), 12);  // every 2 h
  EXPECT_EQ(of_kind(raised, "raised", end_), 1);      // network ends daily
  // The overdue flag: slots of the night passed open.
  EXPECT_GT(raised["counts"]["overdue"].get<int64_t>(), 0);
  auto history = call(admin, "GET", "/api/v1/quality/plans").json()["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["regime"], "normal");
  EXPECT_EQ(history[1]["regime"], "raised");
  EXPECT_EQ(history[1]["from"], "2020-01-26");
}

TEST_F(QualityPlans, AnAdHocTaskKeepsItsOriginAndASheetFulfilsIt) {
  auto lab = login("a_lab");
  auto bad = call(lab, "POST", "/api/v1/quality/tasks",
                  {{"point_id", end_}, {"indicators", {"free_chlorine"}}, {"origin_type", "hotline_call"}});
  EXPECT_STATUS(bad, 400);
  auto t = call(lab, "POST", "/api/v1/quality/tasks",
                {{"point_id", end_}, {"indicators", {"free_chlorine", "turbidity"}}, {"origin_type", "manual"},
                 {"note", "DN300 抢修完成，恢复通水前水质检测"}});
  ASSERT_STATUS(t, 201);
  EXPECT_EQ(t.json()["kind"], "adhoc");
  EXPECT_EQ(t.json()["origin"]["note"], "DN300 抢修完成，恢复通水前水质检测");
  json body = sheet(end_, 0.4);
  body["task_id"] = t.json()["id"];
  ASSERT_STATUS(enter(lab, body), 201);
  auto done = call(lab, "GET", "/api/v1/quality/tasks/" + std::to_string(t.json()["id"].get<int64_t>()));
  EXPECT_EQ(done.json()["state"], "done");
  EXPECT_STATUS(enter(lab, body), 400);  // the task is done
}

TEST_F(QualityPlans, TheSummaryShowsWhatTheEndpointsAnswer) {
  approved(sheet(end_, 0.02));
  approved(sheet(j1_, 0.4));
  auto s = login("a_admin");  // the summary is of a unit the reader's scope holds
  const std::string org = std::to_string(util_a_);
  auto summary = call(s, "GET", "/api/v1/summary?org=" + org + "&date=2020-01-25&sections=quality");
  ASSERT_STATUS(summary, 200);
  json section;
  for (const auto parsed = summary.json(); const auto& x : parsed["sections"])
    if (x["key"] == "quality") section = x;
  ASSERT_FALSE(section.is_null()) << summary.body;
  auto figure = [&](const std::string& key) {
    for (const auto& f : section["figures"])
      if (f["key"] == key) return f["value"].get<double>();
    return -1.0;
  };
  auto c = call(s, "GET", "/api/v1/quality/compliance?org=" + org + "&from=2020-01-25&to=2020-01-25").json();
  EXPECT_EQ(figure("samples"), c["sheets"]["tests"].get<double>());
  EXPECT_EQ(figure("samples"), 2);
  EXPECT_EQ(figure("tests"), 4);
  EXPECT_EQ(figure("pass_rate"), 75);
  EXPECT_EQ(figure("open_exceedances"),
            call(s, "GET", "/api/v1/quality/exceedances?org=" + org + "&state=open").json()["items"].size());
}

TEST_F(QualityPlans, TheMonthsDisclosureComesAsXlsxAndPdf) {
  approved(sheet(end_, 0.3));
  auto s = login("a_head");
  auto d = call(s, "GET", "/api/v1/quality/disclosure?month=2020-01");
  ASSERT_STATUS(d, 200);
  ASSERT_EQ(d.json()["sections"].size(), 1u);
  EXPECT_EQ(d.json()["sections"][0]["rows"].size(), 2u);
  auto xlsx = call(s, "GET", "/api/v1/quality/disclosure.xlsx?month=2020-01");
  ASSERT_STATUS(xlsx, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  auto pdf = call(s, "GET", "/api/v1/quality/disclosure.pdf?month=2020-01");
  ASSERT_STATUS(pdf, 200);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_GT(pdf.body.size(), 2000u);
  EXPECT_STATUS(call(s, "GET", "/api/v1/quality/disclosure?month=2020-13"), 400);
}

}  // namespace
}  // namespace lifeline::test
