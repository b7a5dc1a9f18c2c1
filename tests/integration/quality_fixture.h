// What the water-quality tests share: utility A with a quality centre, two
// analysts and the centre's head, a plant analyst; the five-node line network
// with sampling points at its nodes (J2 a network end; J1, J3, J4 network
// points), and helpers to enter and review sheets.
#pragma once

#include "integration/harness.h"
#include "integration/line_network.h"

namespace lifeline::test {

class QualityTest : public ApiTest {
 protected:
  using json = nlohmann::json;

  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Plans and cases run over days with the sessions opened at the start;
    // session expiry is tested elsewhere.
    config_.session_idle_minutes = 60 * 24 * 30;
    config_.session_max_hours = 24 * 30;
    auto system = app::Actor::system("fixture");
    auto centre = platform_->orgs().create(system, {util_a_, "department", "ua-qc", "水质监测中心", std::nullopt,
                                                    std::nullopt, std::nullopt});
    ASSERT_TRUE(centre.ok());
    centre_ = centre->id;
    for (auto [name, role, org] : {std::tuple{"a_lab", "lab_analyst", centre_}, std::tuple{"a_lab2", "lab_analyst", centre_},
                                   std::tuple{"a_head", "quality_manager", centre_},
                                   std::tuple{"a_plant_lab", "lab_analyst", plant_a_},
                                   std::tuple{"b_lab", "lab_analyst", util_b_}}) {
      auto r = platform_->accounts().create_user(system, {name, name, role, org, kPassword, "13800002222"});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    auto admin = login("a_admin");
    auto created = call(admin, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "线网"}, {"inp", kLineInp}, {"file_name", "line.inp"}});
    ASSERT_STATUS(created, 201);
    net_ = created.json()["id"];
    end_ = point(admin, "MS-01", "network_end", "J2");
    j1_ = point(admin, "GW-01", "network", "J1");
    j3_ = point(admin, "GW-03", "network", "J3");
    j4_ = point(admin, "GW-04", "network", "J4");
    auto outlet = call(admin, "POST", "/api/v1/quality/points",
                       {{"code", "WP8-CC"}, {"name", "第八水厂出厂水"}, {"type", "outlet"}, {"plant_id", plant_a_}});
    ASSERT_STATUS(outlet, 201);
    outlet_ = outlet.json()["id"];
  }

  int64_t point(Session& s, const std::string& code, const std::string& type, const std::string& node) {
    auto r = call(s, "POST", "/api/v1/quality/points",
                  {{"code", code}, {"name", code + " 采样点"}, {"type", type}, {"org_id", centre_},
                   {"network_id", net_}, {"node", node}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", 0);
  }

  // A centre sheet with free chlorine `chlorine` (mg/L) at `point`.
  json sheet(int64_t point, const json& chlorine, const std::string& at = "2020-01-25T07:30:00Z") {
    return {{"point_id", point},
            {"level", "centre"},
            {"sampled_at", at},
            {"results", {{{"indicator", "free_chlorine"}, {"value", chlorine}, {"unit", "mg/L"}},
                         {{"indicator", "turbidity"}, {"value", 0.3}, {"unit", "NTU"}}}}};
  }

  http::ClientResponse enter(Session& s, const json& body) { return call(s, "POST", "/api/v1/quality/samples", body); }

  http::ClientResponse review(Session& s, int64_t id, const std::string& step, const std::string& reason = "") {
    json body = {{"step", step}};
    if (!reason.empty()) body["reason"] = reason;
    return call(s, "POST", "/api/v1/quality/samples/" + std::to_string(id) + "/review", body);
  }

  // Entered by a_lab, checked by a_lab2, approved by a_head; returns the sheet's id.
  int64_t approved(const json& body) {
    auto lab = login("a_lab"), lab2 = login("a_lab2"), head = login("a_head");
    auto r = enter(lab, body);
    EXPECT_STATUS(r, 201);
    const int64_t id = r.json().value("id", 0);
    EXPECT_STATUS(review(lab2, id, "check"), 200);
    EXPECT_STATUS(review(head, id, "approve"), 200);
    return id;
  }

  int64_t centre_ = 0, net_ = 0, end_ = 0, j1_ = 0, j3_ = 0, j4_ = 0, outlet_ = 0;
};

}  // namespace lifeline::test
