// Bad input to water quality gets a 4xx naming the field (or file and line)
// and writes nothing; bulk entry from an instrument's CSV; analyser readings.
#include "integration/quality_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

// The field names of a problem+json answer.
std::set<std::string> fields(const http::ClientResponse& r) {
  std::set<std::string> out;
  for (const auto parsed = r.json(); const auto& e : parsed.value("errors", json::array())) out.insert(e.value("field", ""));
  return out;
}

class QualityInput : public QualityTest {
 protected:
  // Enters `body` as a_lab, expects `status` naming `field`, and that nothing was written.
  void refused(const json& body, int status, const std::string& field) {
    auto lab = login("a_lab");
    const int64_t sheets = count("quality_samples"), results = count("quality_results");
    auto r = enter(lab, body);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_TRUE(fields(r).count(field)) << field << " not in " << r.body;
    EXPECT_EQ(count("quality_samples"), sheets);
    EXPECT_EQ(count("quality_results"), results);
  }

  json one(const std::string& indicator, const json& value, const std::string& unit = "") {
    json r = {{"indicator", indicator}, {"value", value}};
    if (!unit.empty()) r["unit"] = unit;
    return {{"point_id", end_}, {"level", "centre"}, {"sampled_at", "2020-01-25T07:00:00Z"}, {"results", {r}}};
  }
};

TEST_F(QualityInput, AnUnknownIndicatorIsRefused) { refused(one("unobtainium", 1), 400, "results/0/indicator"); }

TEST_F(QualityInput, AValueInTheWrongUnitIsRefused) {
  refused(one("free_chlorine", 300, "μg/L"), 400, "results/0/unit");
  refused(one("turbidity", 0.3, "mg/L"), 400, "results/0/unit");
}

TEST_F(QualityInput, ValuesOutsideAnyPhysicalRangeAreRefused) {
  refused(one("ph", 19), 400, "results/0/value");
  refused(one("turbidity", -1), 400, "results/0/value");
  refused(one("free_chlorine", "lots"), 400, "results/0/value");
  refused(one("ph", "<0.1"), 400, "results/0/value");
}

TEST_F(QualityInput, ASampleTimeInTheFutureIsRefused) {
  json body = one("turbidity", 0.3);
  body["sampled_at"] = "2020-01-26T08:00:00Z";
  refused(body, 400, "sampled_at");
}

TEST_F(QualityInput, MalformedSheetsAreRefusedAtAnyDepth) {
  refused({{"point_id", end_}, {"level", "centre"}, {"results", json::array()}}, 400, "results");
  refused({{"point_id", end_}, {"level", "weekly"}, {"results", one("turbidity", 0.3)["results"]}}, 400, "level");
  refused({{"point_id", end_}, {"level", "centre"}, {"results", {{{"indicator", "ph"}}}}}, 400, "results/0/value");
  refused({{"point_id", end_}, {"level", "centre"}, {"results", {{{"indicator", "ph"}, {"value", {{"deep", {1, 2}}}}}}}},
          400, "results/0/value");
  refused({{"point_id", end_}, {"level", "centre"}, {"results", one("turbidity", 0.3)["results"]}, {"extra", 1}}, 400,
          "extra");
  refused({{"point_id", end_}, {"level", "centre"}, {"note", std::string("a\0b", 3)},
           {"results", one("turbidity", 0.3)["results"]}},
          400, "note");
  json twice = one("turbidity", 0.3);
  twice["results"].push_back({{"indicator", "turbidity"}, {"value", 0.4}});
  refused(twice, 400, "results/1/indicator");
}

TEST_F(QualityInput, APlanWithZeroFrequencyIsRefused) {
  auto admin = login("a_admin");
  auto r = call(admin, "POST", "/api/v1/quality/plans",
                {{"point_type", "outlet"}, {"level", "shift"}, {"name", "出厂水班组检测"}, {"frequency", "hours"},
                 {"every_hours", 0}, {"indicators", {"turbidity", "free_chlorine", "ph"}}});
  EXPECT_STATUS(r, 400);
  EXPECT_TRUE(fields(r).count("every_hours")) << r.body;
  auto unknown = call(admin, "POST", "/api/v1/quality/plans",
                      {{"point_type", "outlet"}, {"level", "shift"}, {"name", "x"}, {"frequency", "daily"},
                       {"indicators", {"turbidity", "kryptonite"}}});
  EXPECT_STATUS(unknown, 400);
  EXPECT_TRUE(fields(unknown).count("indicators/1")) << unknown.body;
  auto network_shift = call(admin, "POST", "/api/v1/quality/plans",
                            {{"point_type", "network"}, {"level", "shift"}, {"name", "x"}, {"frequency", "daily"},
                             {"indicators", {"turbidity"}}});
  EXPECT_TRUE(fields(network_shift).count("level")) << network_shift.body;
  EXPECT_EQ(count("quality_plans"), 0);
}

TEST_F(QualityInput, AReviewNamesItsStepAndReason) {
  auto lab = login("a_lab"), lab2 = login("a_lab2");
  const int64_t id = enter(lab, one("turbidity", 0.3)).json()["id"];
  auto bad = review(lab2, id, "bless");
  EXPECT_STATUS(bad, 400);
  EXPECT_TRUE(fields(bad).count("step"));
  EXPECT_STATUS(review(lab2, 999999, "check"), 404);
  EXPECT_EQ(count("quality_samples", "state = 'entered'"), 1);
}

TEST_F(QualityInput, AnInstrumentsCsvEntersOneSheetPerPointAndTime) {
  auto lab = login("a_lab");
  const std::string csv =
      "点位编号,采样时间,指标,结果,单位\n"
      "MS-01,2020-01-25 14:00,free_chlorine,0.32,mg/L\n"
      "MS-01,2020-01-25 14:00,turbidity,0.28,NTU\n"
      "GW-03,2020-01-25 14:30,free_chlorine,<0.05,mg/L\n"
      "GW-03,2020-01-25 14:30,total_coliforms,未检出,\n";
  std::map<std::string, std::string> headers{{"X-CSRF-Token", lab.csrf}, {"Content-Type", "text/csv"}};
  auto ok = lab.client->request("POST", "/api/v1/quality/samples/import?level=centre&name=hach.csv", csv, headers);
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(ok->json()["sheets"], 2);
  EXPECT_EQ(ok->json()["results"], 4);
  // A bad line: nothing of the file is entered, and the error names the file and line.
  const std::string bad = "点位编号,采样时间,指标,结果,单位\n"
                          "MS-01,2020-01-25 15:00,free_chlorine,0.30,mg/L\n"
                          "MS-01,2020-01-25 15:00,ph,19,\n";
  auto refused = lab.client->request("POST", "/api/v1/quality/samples/import?level=centre&name=hach.csv", bad, headers);
  EXPECT_EQ(refused->status, 400) << refused->body;
  EXPECT_TRUE(fields(*refused).count("hach.csv:3")) << refused->body;
  EXPECT_EQ(count("quality_samples"), 2);
}

TEST_F(QualityInput, AnalyserReadingsAreStoredOnceAndAnAlarmAsksTheLabToConfirm) {
  auto lab = login("a_lab");
  json body = {{"readings",
                {{{"point_code", "MS-01"}, {"indicator", "free_chlorine"}, {"value", 0.31},
                  {"measured_at", "2020-01-25T07:00:00Z"}},
                 {{"point_code", "MS-01"}, {"indicator", "free_chlorine"}, {"value", 0.03},
                  {"measured_at", "2020-01-25T07:05:00Z"}}}}};
  auto r = call(lab, "POST", "/api/v1/quality/readings", body);
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.json()["stored"], 2);
  EXPECT_EQ(r.json()["alarms"], 1);
  auto again = call(lab, "POST", "/api/v1/quality/readings", body);
  EXPECT_EQ(again.json()["duplicates"], 2);
  EXPECT_EQ(count("quality_readings"), 2);
  EXPECT_EQ(count("quality_tasks", "origin_type = 'analyser'"), 1);
  auto bad = call(lab, "POST", "/api/v1/quality/readings",
                  {{"readings", {{{"point_code", "MS-01"}, {"indicator", "ph"}, {"value", 19}}}}});
  EXPECT_STATUS(bad, 400);
  EXPECT_TRUE(fields(bad).count("readings/0/value")) << bad.body;
}

}  // namespace
}  // namespace lifeline::test
