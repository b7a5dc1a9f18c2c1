// Hotline statistics on a known set of calls: totals per day and category,
// handled %, mean and p90 handling time, repeat callers, follow-ups; the
// spreadsheet; scope and roles.
#include "integration/harness.h"
#include "sheets/table.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HotlineStats : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    for (auto [name, org] : {std::pair<const char*, int64_t>{"a_hotline", util_a_}, {"a_hr_hotline", dept_a_}}) {
      auto r = platform_->accounts().create_user(system, {name, name, "dispatcher", org, kPassword, "13800002222"});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
  }

  int64_t log(Session& s, const char* received_at, const char* phone, const char* category) {
    auto r = call(s, "POST", "/api/v1/hotline/calls",
                  {{"received_at", received_at}, {"caller_phone", phone}, {"category", category}, {"summary", "来电"}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }
  void move(Session& s, int64_t id, const json& body) {
    EXPECT_STATUS(call(s, "POST", "/api/v1/hotline/calls/" + std::to_string(id) + "/transitions", body), 200);
  }
  void close(Session& s, int64_t id, bool transfer = false) {
    move(s, id, transfer ? json{{"to", "transferred"}, {"transferred_to", "供水服务分公司"}} : json{{"to", "handled"}});
    move(s, id, {{"to", "closed"}, {"resolution", "已办结"}});
  }
  void follow_up(Session& s, int64_t id, int satisfaction) {
    EXPECT_STATUS(call(s, "POST", "/api/v1/hotline/calls/" + std::to_string(id) + "/follow-up",
                       {{"satisfaction", satisfaction}}),
                  200);
  }

  // Twelve calls on 24–25 January (local), closed at the fixture's 2020-01-25T08:00Z,
  // and one of the department on the 23rd.
  void known_set() {
    auto op = login("a_hotline");
    const char *a = "13800000001", *b = "13800000002";
    int64_t c1 = log(op, "2020-01-24T02:00:00Z", a, "billing");          // 1800 min
    int64_t c2 = log(op, "2020-01-24T03:00:00Z", b, "epidemic_policy");  // 1740 min
    int64_t c3 = log(op, "2020-01-25T01:00:00Z", a, "no_water");         // 420 min
    int64_t c4 = log(op, "2020-01-25T04:00:00Z", "13800000003", "burst_leak");  // 240 min
    int64_t c5 = log(op, "2020-01-25T07:00:00Z", a, "billing");          // 60 min
    log(op, "2020-01-25T07:30:00Z", "13800000004", "quality");           // open
    int64_t c7 = log(op, "2020-01-25T07:50:00Z", "13800000005", "epidemic_policy");  // 10 min
    int64_t c8 = log(op, "2020-01-25T06:00:00Z", b, "other");            // handled, not closed
    std::vector<int64_t> quick;
    for (const char* phone : {"13800000006", "13800000007", "13800000008", "13800000009"})
      quick.push_back(log(op, "2020-01-25T07:00:00Z", phone, "epidemic_policy"));  // 60 min each
    for (int64_t id : {c1, c2, c3, c5, c7}) close(op, id);
    close(op, c4, true);
    for (int64_t id : quick) close(op, id);
    move(op, c8, {{"to", "handled"}});
    follow_up(op, c1, 5);
    follow_up(op, c3, 3);
    follow_up(op, c7, 4);
    auto hr = login("a_hr_hotline");
    log(hr, "2020-01-23T02:00:00Z", "13800000010", "low_pressure");
  }

  static json find(const json& list, const char* key, const char* value) {
    for (const auto& e : list)
      if (e[key] == value) return e;
    return nullptr;
  }
};

TEST_F(HotlineStats, ExactFiguresOnAKnownSet) {
  known_set();
  auto s = login("a_commander");  // hotline.stats without hotline.take
  auto r = call(s, "GET", "/api/v1/hotline/stats?org=" + std::to_string(util_a_) + "&from=2020-01-24&to=2020-01-25");
  ASSERT_STATUS(r, 200);
  auto j = r.json();
  EXPECT_EQ(j["from"], "2020-01-24");
  EXPECT_EQ(j["to"], "2020-01-25");
  EXPECT_EQ(j["total"], 12);
  EXPECT_EQ(j["handled"], 11);
  EXPECT_EQ(j["closed"], 10);
  EXPECT_EQ(j["open"], 1);
  EXPECT_DOUBLE_EQ(j["handled_pct"].get<double>(), 91.7);
  // Closed: 10, 60 ×5, 240, 420, 1740, 1800 minutes.
  EXPECT_DOUBLE_EQ(j["mean_handling_min"].get<double>(), 451.0);
  EXPECT_DOUBLE_EQ(j["p90_handling_min"].get<double>(), 1740.0);
  EXPECT_EQ(j["repeat_callers"], 2);  // a: 3 calls, b: 2 calls
  EXPECT_EQ(j["repeat_calls"], 3);
  EXPECT_EQ(j["followed_up"], 3);
  EXPECT_DOUBLE_EQ(j["satisfaction_mean"].get<double>(), 4.0);
  ASSERT_EQ(j["by_day"].size(), 2u);
  EXPECT_EQ(j["by_day"][0], (json{{"day", "2020-01-24"}, {"total", 2}, {"handled", 2}, {"closed", 2}}));
  EXPECT_EQ(j["by_day"][1], (json{{"day", "2020-01-25"}, {"total", 10}, {"handled", 9}, {"closed", 8}}));
  ASSERT_EQ(j["by_category"].size(), 7u);
  EXPECT_EQ(find(j["by_category"], "category", "epidemic_policy")["total"], 6);
  EXPECT_EQ(find(j["by_category"], "category", "billing")["closed"], 2);
  EXPECT_EQ(find(j["by_category"], "category", "quality")["handled"], 0);
  EXPECT_EQ(find(j["by_category"], "category", "other"), (json{{"category", "other"}, {"total", 1}, {"handled", 1},
                                                               {"closed", 0}}));
  EXPECT_EQ(find(j["by_category"], "category", "low_pressure")["total"], 0);

  // One day: caller a called twice on it, b once.
  auto day = call(s, "GET", "/api/v1/hotline/stats?from=2020-01-25&to=2020-01-25").json();
  EXPECT_EQ(day["total"], 10);
  EXPECT_EQ(day["repeat_callers"], 1);
  // The department's subtree, and a period with its one call.
  auto dept = call(s, "GET", "/api/v1/hotline/stats?org=" + std::to_string(dept_a_) + "&from=2020-01-23&to=2020-01-25");
  ASSERT_STATUS(dept, 200);
  EXPECT_EQ(dept.json()["total"], 1);
  EXPECT_EQ(dept.json()["by_day"][0]["total"], 1);
  EXPECT_TRUE(dept.json()["handled_pct"].get<double>() == 0.0);
  EXPECT_TRUE(dept.json()["mean_handling_min"].is_null());
  // Counts only: no number, address or summary.
  EXPECT_EQ(r.body.find("1380000"), std::string::npos);
  EXPECT_EQ(r.body.find("来电"), std::string::npos);
}

TEST_F(HotlineStats, SpreadsheetCarriesTheSameFigures) {
  known_set();
  auto s = login("a_commander");
  auto x = call(s, "GET", "/api/v1/hotline/stats/export.xlsx?from=2020-01-24&to=2020-01-25");
  ASSERT_STATUS(x, 200);
  EXPECT_EQ(x.headers["content-type"], sheets::kXlsxMime);
  auto table = sheets::read_table(x.body, "hotline.xlsx");
  ASSERT_TRUE(table.ok()) << table.error().message;
  std::map<std::string, std::string> summary;
  for (const auto& row : table->rows) summary[row[0]] = row[1];
  EXPECT_EQ(summary["来电总数"], "12");
  EXPECT_EQ(summary["已处理"], "11");
  EXPECT_EQ(summary["处理率（%）"], "91.7");
  EXPECT_EQ(summary["P90 处理时长（分钟）"], "1740");
  EXPECT_EQ(summary["重复来电号码数"], "2");
}

TEST_F(HotlineStats, PeriodsAreCheckedAndScopeHolds) {
  auto s = login("a_commander");
  auto reversed = call(s, "GET", "/api/v1/hotline/stats?from=2020-01-25&to=2020-01-24");
  ASSERT_STATUS(reversed, 400);
  EXPECT_NE(reversed.body.find("\"to\""), std::string::npos);
  EXPECT_STATUS(call(s, "GET", "/api/v1/hotline/stats?from=2020-02-30"), 400);
  EXPECT_STATUS(call(s, "GET", "/api/v1/hotline/stats?from=2019-01-01&to=2020-01-25"), 400);
  // Default: the last seven local days up to today.
  auto week = call(s, "GET", "/api/v1/hotline/stats");
  ASSERT_STATUS(week, 200);
  EXPECT_EQ(week.json()["from"], "2020-01-19");
  EXPECT_EQ(week.json()["to"], "2020-01-25");
  EXPECT_EQ(week.json()["by_day"].size(), 7u);
  EXPECT_EQ(week.json()["total"], 0);

  known_set();
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/hotline/stats?org=" + std::to_string(util_a_)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/hotline/stats/export.xlsx?org=" + std::to_string(util_a_)), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/hotline/stats?from=2020-01-24&to=2020-01-25").json()["total"], 0);
  auto assoc = login("assoc");  // the association sees every utility's counts
  EXPECT_EQ(call(assoc, "GET", "/api/v1/hotline/stats?from=2020-01-24&to=2020-01-25").json()["total"], 12);
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", "/api/v1/hotline/stats"), 403);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/hotline/stats/export.xlsx"), 403);
}

}  // namespace
}  // namespace lifeline::test
