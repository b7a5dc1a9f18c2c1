// The three-level review of a result sheet, the exceedance case it opens
// (retests at the point and its network neighbours, notice, raised
// frequency until three passes, cause and action), the customer's status
// and incident, and what the statistics count — on both databases.
#include <thread>

#include "integration/quality_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

TEST_F(QualityTest, TheCatalogueHoldsTheStandardsNinetySevenIndicators) {
  auto s = login("a_lab");
  auto r = call(s, "GET", "/api/v1/quality/indicators");
  ASSERT_STATUS(r, 200);
  const auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 97u);
  int routine = 0;
  json chlorine, turbidity, ph;
  for (const auto& i : items) {
    routine += i["routine"].get<bool>();
    if (i["code"] == "free_chlorine") chlorine = i;
    if (i["code"] == "turbidity") turbidity = i;
    if (i["code"] == "ph") ph = i;
  }
  EXPECT_EQ(routine, 43);
  EXPECT_EQ(chlorine["limit"]["max"], 2);
  EXPECT_EQ(chlorine["limit"]["outlet_min"], 0.3);
  EXPECT_EQ(chlorine["limit"]["end_min"], 0.05);
  EXPECT_EQ(chlorine["limit"]["contact_min_minutes"], 30);
  EXPECT_EQ(turbidity["limit"]["max"], 1);
  EXPECT_EQ(turbidity["unit"], "NTU");
  EXPECT_EQ(ph["limit"]["kind"], "range");
  auto with_reference = call(s, "GET", "/api/v1/quality/indicators?reference=true");
  EXPECT_EQ(with_reference.json()["items"].size(), 97u + 55u);
  auto anyone = login("a_staff");  // staff hold no quality.read
  EXPECT_STATUS(call(anyone, "GET", "/api/v1/quality/indicators"), 403);
}

TEST_F(QualityTest, ASheetIsEnteredCheckedByAnotherAndApprovedByTheHead) {
  auto lab = login("a_lab"), lab2 = login("a_lab2"), head = login("a_head");
  auto r = enter(lab, sheet(end_, 0.02));
  ASSERT_STATUS(r, 201);
  const json s = r.json();
  EXPECT_EQ(s["state"], "entered");
  ASSERT_EQ(s["results"].size(), 2u);
  EXPECT_EQ(s["results"][0]["indicator"], "free_chlorine");
  EXPECT_EQ(s["results"][0]["value"], 0.02);
  EXPECT_EQ(s["results"][0]["judgement"], "fail");
  EXPECT_EQ(s["results"][1]["judgement"], "pass");
  const int64_t id = s["id"];

  // Nobody checks or approves their own entry; the analyst may not approve at all.
  EXPECT_STATUS(review(lab, id, "check"), 403);
  EXPECT_STATUS(review(lab2, id, "approve"), 403);
  // Steps out of order: approving before the check.
  EXPECT_STATUS(review(head, id, "approve"), 409);
  EXPECT_EQ(count("quality_exceedances"), 0);
  auto checked = review(lab2, id, "check");
  ASSERT_STATUS(checked, 200);
  EXPECT_EQ(checked.json()["state"], "checked");
  EXPECT_EQ(checked.json()["checked"]["by"], "a_lab2");
  EXPECT_STATUS(review(lab2, id, "check"), 409);
  // Unapproved results count nowhere.
  EXPECT_EQ(count("quality_daily_stats"), 0);
  auto approved = review(head, id, "approve");
  ASSERT_STATUS(approved, 200);
  EXPECT_EQ(approved.json()["approved"]["by"], "a_head");
  EXPECT_STATUS(review(head, id, "approve"), 409);  // approved twice
  EXPECT_EQ(count("audit_log", "action LIKE 'quality.sample.%'"), 3);
}

TEST_F(QualityTest, AReturnedSheetGoesBackWithTheReasonAndIsCorrected) {
  auto lab = login("a_lab"), lab2 = login("a_lab2");
  const int64_t id = enter(lab, sheet(end_, 0.35)).json()["id"];
  EXPECT_STATUS(review(lab2, id, "return"), 400);  // no reason
  auto back = review(lab2, id, "return", "余氯读数与现场记录不符，请核对");
  ASSERT_STATUS(back, 200);
  EXPECT_EQ(back.json()["state"], "returned");
  EXPECT_EQ(back.json()["returned"]["reason"], "余氯读数与现场记录不符，请核对");
  EXPECT_STATUS(call(lab2, "PUT", "/api/v1/quality/samples/" + std::to_string(id),
                     {{"results", {{{"indicator", "free_chlorine"}, {"value", 0.33}}}}}),
                403);  // only the one who entered it corrects it
  auto fixed = call(lab, "PUT", "/api/v1/quality/samples/" + std::to_string(id),
                    {{"results", {{{"indicator", "free_chlorine"}, {"value", 0.33}}}}});
  ASSERT_STATUS(fixed, 200);
  EXPECT_EQ(fixed.json()["state"], "entered");
  EXPECT_EQ(fixed.json()["results"][0]["value"], 0.33);
}

TEST_F(QualityTest, AnExceedanceOpensACaseWithRetestsAtThePointAndItsNeighbours) {
  approved(sheet(end_, 0.02));
  auto head = login("a_head");
  auto list = call(head, "GET", "/api/v1/quality/exceedances?org=" + std::to_string(util_a_) + "&state=open");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  const json e = list.json()["items"][0];
  EXPECT_EQ(e["point"]["id"], end_);
  EXPECT_TRUE(e["raised_frequency"].get<bool>());
  auto detail = call(head, "GET", "/api/v1/quality/exceedances/" + std::to_string(e["id"].get<int64_t>()));
  ASSERT_STATUS(detail, 200);
  std::set<int64_t> retested;
  for (const auto parsed = detail.json(); const auto& t : parsed["retests"]) {
    retested.insert(t["point"]["id"].get<int64_t>());
    EXPECT_EQ(t["indicators"], json::array({"free_chlorine"}));
  }
  // The point itself and its neighbours along the line (J1, J3, J4).
  EXPECT_EQ(retested, (std::set<int64_t>{end_, j1_, j3_, j4_}));
  // The quality manager and the command HQ are told, once.
  EXPECT_EQ(count("notify_events", "event = 'quality.exceedance'"), 1);
}

TEST_F(QualityTest, ThreeConsecutivePassesAndAWrittenCauseCloseTheCase) {
  approved(sheet(end_, 0.02, "2020-01-25T01:00:00Z"));
  auto head = login("a_head");
  const int64_t id = call(head, "GET", "/api/v1/quality/exceedances?state=open").json()["items"][0]["id"];
  const std::string path = "/api/v1/quality/exceedances/" + std::to_string(id);
  EXPECT_STATUS(call(head, "POST", path + "/cause", {{"cause", ""}, {"action", "排放冲洗"}}), 400);
  approved(sheet(end_, 0.12, "2020-01-25T03:00:00Z"));
  approved(sheet(end_, 0.02, "2020-01-25T04:00:00Z"));  // fails again: counting starts over
  EXPECT_EQ(call(head, "GET", path).json()["consecutive_passes"], 0);
  for (const char* at : {"2020-01-25T05:00:00Z", "2020-01-25T06:00:00Z", "2020-01-25T07:00:00Z"})
    approved(sheet(end_, 0.15, at));
  auto still = call(head, "GET", path).json();
  EXPECT_EQ(still["consecutive_passes"], 3);
  EXPECT_EQ(still["state"], "open");  // the cause is not written yet
  EXPECT_FALSE(still["raised_frequency"].get<bool>());
  auto closed = call(head, "POST", path + "/cause",
                     {{"cause", "末端水龄长，余氯衰减"}, {"action", "排放冲洗并提高出厂余氯"}});
  ASSERT_STATUS(closed, 200);
  EXPECT_EQ(closed.json()["state"], "closed");
  // The month's pass rate counts the fails and the passes.
  auto c = call(head, "GET", "/api/v1/quality/compliance?org=" + std::to_string(util_a_) + "&from=2020-01-01&to=2020-01-31");
  ASSERT_STATUS(c, 200);
  EXPECT_EQ(c.json()["sheets"]["tests"], 6);
  EXPECT_EQ(c.json()["sheets"]["passes"], 4);
  json chlorine;
  for (const auto parsed = c.json(); const auto& i : parsed["indicators"])
    if (i["key"] == "free_chlorine") chlorine = i;
  EXPECT_EQ(chlorine["tests"], 6);
  EXPECT_EQ(chlorine["passes"], 4);
  EXPECT_TRUE(chlorine["below_threshold"].get<bool>());
}

TEST_F(QualityTest, TwoHeadsApprovingAtOnceApproveOnce) {
  auto lab = login("a_lab"), lab2 = login("a_lab2");
  auto system = app::Actor::system("fixture");
  ASSERT_TRUE(platform_->accounts().create_user(system, {"a_head2", "a_head2", "quality_manager", centre_, kPassword,
                                                         "13800003333"}).ok());
  const int64_t id = enter(lab, sheet(end_, 0.02)).json()["id"];
  ASSERT_STATUS(review(lab2, id, "check"), 200);
  auto h1 = login("a_head"), h2 = login("a_head2");
  int statuses[2] = {0, 0};
  std::thread a([&] { statuses[0] = review(h1, id, "approve").status; });
  std::thread b([&] { statuses[1] = review(h2, id, "approve").status; });
  a.join();
  b.join();
  EXPECT_EQ(std::min(statuses[0], statuses[1]), 200);
  EXPECT_EQ(std::max(statuses[0], statuses[1]), 409);
  EXPECT_EQ(count("quality_exceedances"), 1);
  EXPECT_EQ(count("quality_daily_stats", "indicator = ''"), 1);
}

TEST_F(QualityTest, AnExceedanceAtAPriorityCustomerPutsItAtRiskAndOpensAQualityIncident) {
  auto admin = login("a_admin");
  auto c = call(admin, "POST", "/api/v1/priority-customers",
                {{"org_id", util_a_}, {"name", "湘雅医院发热门诊"}, {"category", "fever_clinic"}, {"tier", 1},
                 {"network_id", net_}, {"nodes", {"J4"}}});
  ASSERT_STATUS(c, 201);
  const int64_t customer = c.json()["id"];
  const std::string before = c.json()["status"];
  auto p = call(admin, "POST", "/api/v1/quality/points",
                {{"code", "FR-01"}, {"name", "发热门诊供水点"}, {"type", "customer"}, {"org_id", centre_},
                 {"customer_id", customer}});
  ASSERT_STATUS(p, 201);
  EXPECT_EQ(p.json()["node"], "J4");
  approved(sheet(p.json()["id"], 0.01));
  auto viewer = login("a_commander");
  auto after = call(viewer, "GET", "/api/v1/priority-customers/" + std::to_string(customer)).json();
  bool quality_reason = false;
  for (const auto& r : after["status_reasons"]) quality_reason = quality_reason || r["code"] == "quality_exceedance";
  EXPECT_TRUE(quality_reason) << after.dump();
  EXPECT_NE(after["status"], "normal");
  EXPECT_EQ(count("incidents", "type = 'quality'"), 1);
  auto e = call(viewer, "GET", "/api/v1/quality/exceedances?state=open").json()["items"][0];
  EXPECT_TRUE(e["incident_id"].is_number_integer());
  auto chlorine = call(viewer, "GET", "/api/v1/quality/customers/" + std::to_string(customer) + "/chlorine");
  ASSERT_STATUS(chlorine, 200);
  EXPECT_EQ(chlorine.json()["latest"]["value"], 0.01);
  EXPECT_EQ(chlorine.json()["latest"]["judgement"], "fail");
  (void)before;
}

TEST_F(QualityTest, AnotherUtilitysPointsSheetsAndStatisticsAreInvisible) {
  const int64_t id = approved(sheet(end_, 0.02));
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/quality/points/" + std::to_string(end_)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/quality/samples/" + std::to_string(id)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/quality/compliance?org=" + std::to_string(util_a_) +
                                   "&from=2020-01-01&to=2020-01-31"),
                404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/quality/exceedances?org=" + std::to_string(util_a_)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/quality/tasks?org=" + std::to_string(util_a_)), 404);
  auto blab = login("b_lab");
  EXPECT_STATUS(enter(blab, sheet(end_, 0.3)), 404);
  EXPECT_STATUS(review(blab, id, "check"), 404);
  // Their own lists are empty.
  EXPECT_EQ(call(b, "GET", "/api/v1/quality/points").json()["items"].size(), 0u);
  EXPECT_EQ(call(b, "GET", "/api/v1/quality/exceedances").json()["items"].size(), 0u);
}

TEST_F(QualityTest, PlantSheetsAreEnteredAtThePlantAndCentreSheetsAtTheCentre) {
  auto centre_lab = login("a_lab"), plant_lab = login("a_plant_lab");
  json body = {{"point_id", outlet_}, {"level", "plant"}, {"sampled_at", "2020-01-25T07:00:00Z"},
               {"results", {{{"indicator", "turbidity"}, {"value", 0.2}}}}};
  EXPECT_STATUS(enter(centre_lab, body), 403);
  EXPECT_STATUS(enter(plant_lab, body), 201);
  body["level"] = "centre";
  EXPECT_STATUS(enter(plant_lab, body), 403);
  EXPECT_STATUS(enter(centre_lab, body), 201);
  // Network water has no shift or plant level.
  json plant_level = sheet(end_, 0.3);
  plant_level["level"] = "plant";
  EXPECT_STATUS(enter(plant_lab, plant_level), 400);
}

TEST_F(QualityTest, ARetriedSheetWithTheSameIdempotencyKeyIsEnteredOnce) {
  auto lab = login("a_lab");
  const std::string body = sheet(end_, 0.3).dump();
  std::map<std::string, std::string> headers{{"X-CSRF-Token", lab.csrf}, {"Content-Type", "application/json"},
                                             {"Idempotency-Key", "phone-42"}};
  auto first = lab.client->request("POST", "/api/v1/quality/samples", body, headers);
  auto second = lab.client->request("POST", "/api/v1/quality/samples", body, headers);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->status, 201);
  EXPECT_EQ(second->status, 201);
  EXPECT_EQ(first->json()["id"], second->json()["id"]);
  EXPECT_EQ(second->headers["idempotent-replayed"], "true");
  EXPECT_EQ(count("quality_samples"), 1);
  auto other = lab.client->request("POST", "/api/v1/quality/samples", sheet(end_, 0.4).dump(), headers);
  EXPECT_EQ(other->status, 422);
}

}  // namespace
}  // namespace lifeline::test
