// Fixed-time reports through the API: a group's template with typed fields
// (a table too), required units and twice-daily deadlines; submissions from
// the plants (one per unit and deadline, versions until HQ reviews,
// Idempotency-Key, racing resubmissions), late and missing, the status grid,
// reminders and escalations, versioned templates, and every bad-input rule.
#include <atomic>
#include <thread>

#include "app/reports/jobs.h"
#include "integration/duty_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Reports : public DutyTest {
 protected:
  void SetUp() override {
    DutyTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    at("2020-01-25T16:00:00Z");  // midnight in Shanghai: the 26th begins
    auto head = login("a_commander");
    auto t = call(head, "POST", "/api/v1/reports/templates", template_body());
    ASSERT_STATUS(t, 201);
    template_ = t.json()["id"];
  }

  static json template_body() {
    return {{"code", "plant-daily"},
            {"name", "水厂运行日报"},
            {"required_kinds", {"water_plant"}},
            {"deadlines", {"08:00", "16:00"}},
            {"remind_minutes", 30},
            {"escalate_minutes", 30},
            {"effective_from", "2020-01-25T00:00:00Z"},
            {"fields",
             {{{"key", "output"}, {"label", "供水量"}, {"type", "number"}, {"unit", "m³"}, {"min", 0}, {"summary", true}},
              {{"key", "compliant"}, {"label", "出厂水达标"}, {"type", "boolean"}},
              {{"key", "notes"}, {"label", "异常情况"}, {"type", "text"}, {"required", false}},
              {{"key", "stock"},
               {"label", "防疫物资"},
               {"type", "table"},
               {"columns", {{{"key", "item"}, {"label", "物资"}, {"type", "text"}, {"required", true}},
                            {{"key", "qty"}, {"label", "库存"}, {"type", "number"}}}}}}}};
  }

  json submission(const char* deadline, double output = 41250) {
    return {{"template_id", template_},
            {"org_id", plant_a_},
            {"deadline", deadline},
            {"values", {{"output", output}, {"compliant", true}, {"stock", {{{"item", "口罩"}, {"qty", 1200}}}}}}};
  }

  json grid(Session& s, int64_t org, const char* date) {
    auto r = call(s, "GET", "/api/v1/reports/status?org=" + std::to_string(org) + "&date=" + date);
    EXPECT_STATUS(r, 200);
    return r.json()["items"];
  }

  int64_t template_ = 0;
};

TEST_F(Reports, APlantReportsOnTimeAndTheGridTurnsGreenThenHQAcknowledges) {
  auto head = login("a_commander");
  auto cells = grid(head, util_a_, "2020-01-26");
  ASSERT_EQ(cells.size(), 2u);  // one plant × 08:00 and 16:00
  EXPECT_EQ(cells[0]["state"], "pending");
  EXPECT_EQ(cells[0]["deadline"], "2020-01-26T00:00:00Z");
  at("2020-01-25T23:40:00Z");  // 07:40
  auto plant = login("a_plant_staff");
  auto due = call(plant, "GET", "/api/v1/reports/due");
  ASSERT_STATUS(due, 200);
  ASSERT_FALSE(due.json()["items"].empty());
  EXPECT_EQ(due.json()["items"][0]["deadline"], "2020-01-26T00:00:00Z");  // newest first
  EXPECT_EQ(due.json()["items"][0]["state"], "pending");
  EXPECT_EQ(due.json()["items"][0]["version"]["fields"].size(), 4u);
  auto first = with_key(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00"), "r-1");
  ASSERT_STATUS(first, 201);
  EXPECT_EQ(first.json()["late"], false);
  EXPECT_EQ(first.json()["version"], 1);
  auto replay = with_key(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00"), "r-1");
  ASSERT_STATUS(replay, 201);
  EXPECT_EQ(replay.headers["idempotent-replayed"], "true");
  EXPECT_EQ(with_key(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00", 1), "r-1").status, 422);
  // A correction before review is a new version of the same submission.
  auto second = call(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00", 41300));
  ASSERT_STATUS(second, 200);
  EXPECT_EQ(second.json()["version"], 2);
  EXPECT_EQ(second.json()["id"], first.json()["id"]);
  EXPECT_EQ(count("report_submissions"), 1);
  EXPECT_EQ(count("report_submission_versions"), 2);
  EXPECT_EQ(grid(head, util_a_, "2020-01-26")[0]["state"], "on_time");
  // HQ acknowledges; after that the report is closed.
  const std::string id = std::to_string(first.json()["id"].get<int64_t>());
  EXPECT_STATUS(call(plant, "POST", "/api/v1/reports/submissions/" + id + "/review", {{"decision", "acknowledge"}}), 403);
  auto stale = call(head, "POST", "/api/v1/reports/submissions/" + id + "/review", {{"decision", "acknowledge"}, {"version", 1}});
  EXPECT_STATUS(stale, 412);
  auto ack = call(head, "POST", "/api/v1/reports/submissions/" + id + "/review", {{"decision", "acknowledge"}, {"version", 2}});
  ASSERT_STATUS(ack, 200);
  EXPECT_EQ(ack.json()["state"], "acknowledged");
  auto after = call(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00", 1));
  ASSERT_STATUS(after, 409);
  EXPECT_EQ(fields(after), (std::vector<std::string>{"deadline"}));
  EXPECT_EQ(count("report_submission_versions"), 2);
  EXPECT_EQ(grid(head, util_a_, "2020-01-26")[0]["state"], "acknowledged");
}

TEST_F(Reports, LateMissingReturnedAndTheDaysFigures) {
  auto head = login("a_commander");
  auto plant = login("a_plant_staff");
  at("2020-01-26T00:20:00Z");  // 08:20: the 08:00 report is late
  auto late = call(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00", 40000));
  ASSERT_STATUS(late, 201);
  EXPECT_EQ(late.json()["late"], true);
  const std::string id = std::to_string(late.json()["id"].get<int64_t>());
  EXPECT_STATUS(call(head, "POST", "/api/v1/reports/submissions/" + id + "/review", {{"decision", "return"}}), 400);
  auto returned = call(head, "POST", "/api/v1/reports/submissions/" + id + "/review",
                       {{"decision", "return"}, {"comment", "供水量请按日累计填写"}});
  ASSERT_STATUS(returned, 200);
  EXPECT_EQ(returned.json()["state"], "returned");
  at("2020-01-26T09:00:00Z");  // 17:00: the 16:00 report is missing
  auto cells = grid(head, util_a_, "2020-01-26");
  ASSERT_EQ(cells.size(), 2u);
  EXPECT_EQ(cells[0]["state"], "late");
  EXPECT_EQ(cells[0]["returned"], true);
  EXPECT_EQ(cells[1]["state"], "missing");
  auto figures = call(head, "GET", "/api/v1/reports/figures?org=" + std::to_string(util_a_) + "&date=2020-01-26");
  ASSERT_STATUS(figures, 200);
  EXPECT_EQ(figures.json()["expected"], 2);
  EXPECT_EQ(figures.json()["late"], 1);
  EXPECT_EQ(figures.json()["missing"], 1);
  EXPECT_EQ(figures.json()["returned"], 1);
  EXPECT_EQ(figures.json()["sums"][0]["value"], 40000.0);
  // The daily summary's reports section says the same.
  auto s = call(head, "GET", "/api/v1/summary?org=" + std::to_string(util_a_) + "&date=2020-01-26");
  json section;
  for (const auto parsed = s.json(); const auto& sec : parsed["sections"])
    if (sec["key"] == "reports") section = sec;
  ASSERT_FALSE(section.is_null());
  for (const auto& f : section["figures"]) {
    if (f["key"] == "missing") {
      EXPECT_EQ(f["value"], 1);
    }
    if (f["key"] == "late") {
      EXPECT_EQ(f["value"], 1);
    }
  }
  EXPECT_EQ(section["tables"][0]["rows"][0]["key"], "plant-daily.output");
  EXPECT_EQ(section["tables"][0]["rows"][0]["value"], 40000.0);
}

TEST_F(Reports, BadSubmissionsAreNamedAndNothingIsWritten) {
  at("2020-01-25T23:40:00Z");
  auto plant = login("a_plant_staff");
  auto head = login("a_commander");
  // A unit that is not required (the HR department is no water plant).
  auto r = call(head, "POST", "/api/v1/reports/submissions",
                {{"template_id", template_}, {"org_id", dept_a_}, {"deadline", "2020-01-26T08:00"},
                 {"values", submission("2020-01-26T08:00")["values"]}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"org_id"}));
  // A deadline the template does not have, and one not open yet.
  r = call(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T09:00"));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"deadline"}));
  r = call(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-27T08:00"));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"deadline"}));
  // Values that do not fit the fields.
  json bad = submission("2020-01-26T08:00");
  bad["values"] = {{"output", -5}, {"compliant", "yes"}, {"stock", {{{"qty", "many"}}}}, {"colour", "red"}};
  r = call(plant, "POST", "/api/v1/reports/submissions", bad);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"values/colour", "values/compliant", "values/output",
                                                 "values/stock/0/item", "values/stock/0/qty"}));
  r = call(plant, "POST", "/api/v1/reports/submissions", {{"template_id", template_}, {"deadline", "tomorrow"}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"deadline", "values"}));
  EXPECT_EQ(count("report_submissions"), 0);
  // Utility B: the template, the grid and submitting are all not found.
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/reports/templates/" + std::to_string(template_)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/reports/status?org=" + std::to_string(util_a_) + "&date=2020-01-26"), 404);
  r = call(b, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00"));
  EXPECT_STATUS(r, 404);
  EXPECT_EQ(count("report_submissions"), 0);
}

TEST_F(Reports, RacingSubmissionsMakeOneSubmissionWithDistinctVersions) {
  at("2020-01-25T23:40:00Z");
  std::atomic<int> ok{0};
  // One session per racer, opened before the race (logins are not what races).
  std::vector<Session> sessions;
  for (int i = 0; i < 6; ++i) sessions.push_back(login("a_plant_staff"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      auto& s = sessions[static_cast<size_t>(i)];
      auto r = call(s, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00", 1000 + i));
      if (r.status == 200 || r.status == 201) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 6);
  EXPECT_EQ(count("report_submissions"), 1);
  EXPECT_EQ(count("report_submission_versions"), 6);
  EXPECT_EQ(count("report_submissions", "version = 6"), 1);
}

TEST_F(Reports, ATemplateChangeAppliesFromNowAndKeepsPastReportsAsTheyWere) {
  auto head = login("a_commander");
  auto plant = login("a_plant_staff");
  at("2020-01-25T23:40:00Z");
  auto sent = call(plant, "POST", "/api/v1/reports/submissions", submission("2020-01-26T08:00"));
  ASSERT_STATUS(sent, 201);
  at("2020-01-26T00:30:00Z");  // 08:30: the change comes after today's 08:00 deadline
  json v2 = template_body();
  v2.erase("code");
  v2.erase("effective_from");
  v2["deadlines"] = {"09:00"};
  v2["fields"][0]["label"] = "日供水量";
  auto changed = call(head, "PUT", "/api/v1/reports/templates/" + std::to_string(template_), v2);
  ASSERT_STATUS(changed, 200);
  EXPECT_EQ(changed.json()["current_version"], 2);
  EXPECT_EQ(changed.json()["versions"].size(), 2u);
  auto past = call(head, "GET", "/api/v1/reports/submissions/" + std::to_string(sent.json()["id"].get<int64_t>()));
  ASSERT_STATUS(past, 200);
  EXPECT_EQ(past.json()["template"]["version"], 1);
  EXPECT_EQ(past.json()["template_version"]["fields"][0]["label"], "供水量");
  // Today's 08:00 stays (it was under version 1); 16:00 is gone, 09:00 comes from now on.
  auto today = grid(head, util_a_, "2020-01-26");
  ASSERT_EQ(today.size(), 2u);
  EXPECT_EQ(today[0]["deadline"], "2020-01-26T00:00:00Z");
  EXPECT_EQ(today[0]["state"], "on_time");
  EXPECT_EQ(today[1]["deadline"], "2020-01-26T01:00:00Z");
  auto next = grid(head, util_a_, "2020-01-27");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0]["deadline"], "2020-01-27T01:00:00Z");
  v2["effective_from"] = "2020-01-20T00:00:00Z";
  auto back = call(head, "PUT", "/api/v1/reports/templates/" + std::to_string(template_), v2);
  ASSERT_STATUS(back, 400);
  EXPECT_EQ(fields(back), (std::vector<std::string>{"effective_from"}));
  // Template bad input.
  json bad = template_body();
  bad["code"] = "plant-daily";
  auto dup = call(head, "POST", "/api/v1/reports/templates", bad);
  ASSERT_STATUS(dup, 409);
  EXPECT_EQ(fields(dup), (std::vector<std::string>{"code"}));
  bad["code"] = "other";
  bad["deadlines"] = {"8am"};
  bad["required_kinds"] = json::array();
  bad["fields"][1]["type"] = "colour";
  auto r = call(head, "POST", "/api/v1/reports/templates", bad);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"deadlines/0", "fields/1/type"}));
  EXPECT_EQ(count("report_templates"), 1);
}

TEST_F(Reports, RemindersBeforeAndEscalationsAfterADeadlineGoOutOnce) {
  auto& rt = platform_->runtime();
  at("2020-01-25T23:40:00Z");  // 07:40: 20 minutes before 08:00
  auto sent = app::reports::remind_and_escalate(rt, clock_.now());
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(sent->reminders, 1);
  EXPECT_EQ(sent->escalations, 2);  // yesterday's 08:00 and 16:00 went by without a report
  auto again = app::reports::remind_and_escalate(rt, clock_.now());
  EXPECT_EQ(again->reminders + again->escalations, 0);
  at("2020-01-26T00:45:00Z");  // 08:45: nothing came
  sent = app::reports::remind_and_escalate(rt, clock_.now());
  EXPECT_EQ(sent->escalations, 1);
  EXPECT_EQ(count("notify_events", "event = 'report.reminder' AND org_id = " + std::to_string(plant_a_)), 1);
  EXPECT_EQ(count("notify_events", "event = 'report.missing' AND org_id = " + std::to_string(util_a_)), 3);
}

}  // namespace
}  // namespace lifeline::test
