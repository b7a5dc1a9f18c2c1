// What the duty tests share: a plant of utility A with four people on its
// register (the first is the login a_plant_staff), a post there with a
// day/night roster, and helpers for the API calls.
#pragma once

#include <string>

#include "core/time.h"
#include "integration/harness.h"

namespace lifeline::test {

class DutyTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // These tests follow shifts and deadlines across days with the sessions
    // they opened at the start; session expiry is tested elsewhere.
    config_.session_idle_minutes = 60 * 24 * 30;
    config_.session_max_hours = 24 * 30;
    at("2020-01-26T00:30:00Z");  // 08:30 in Shanghai, a Sunday
    people_[0] = add_staff(plant_a_, "P001", "赵磊", "a_plant_staff");
    people_[1] = add_staff(plant_a_, "P002", "钱进");
    people_[2] = add_staff(plant_a_, "P003", "孙明");
    people_[3] = add_staff(plant_a_, "P004", "李华");
    other_ = add_staff(util_b_, "B001", "王五");
  }

  void at(const char* iso) {
    auto t = parse_instant(iso, "test");
    ASSERT_TRUE(t.ok());
    clock_.set(*t);
  }

  static nlohmann::json layer(std::vector<int64_t> members, const char* rotation = "day_night_12h",
                              const char* handoff = "08:00", const char* starts_on = "2020-01-20") {
    return {{"name", "轮值"}, {"rotation", rotation}, {"handoff", handoff}, {"starts_on", starts_on},
            {"members", members}};
  }

  // A post of the plant (as the commander); returns its id.
  int64_t make_post(Session& s, const std::string& name = "第八水厂值班长", nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json body = {{"org_id", plant_a_}, {"name", name}, {"kind", "plant_shift"}, {"phone", "0731-84412808"}};
    for (auto it = extra.begin(); it != extra.end(); ++it) body[it.key()] = it.value();
    auto r = call(s, "POST", "/api/v1/duty/posts", body);
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }

  int64_t make_roster(Session& s, int64_t post, const char* kind, nlohmann::json layers) {
    auto r = call(s, "POST", "/api/v1/duty/rosters", {{"post_id", post}, {"kind", kind}, {"layers", layers}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }

  // The plant's post with the four people on 12-hour shifts from 2020-01-20 08:00
  // (on 2020-01-26 08:00 it is shift 12: people_[0] by day, people_[1] by night).
  int64_t plant_post(Session& s) {
    const int64_t post = make_post(s);
    make_roster(s, post, "normal", nlohmann::json::array({layer({people_[0], people_[1], people_[2], people_[3]})}));
    return post;
  }

  static std::vector<std::string> fields(const http::ClientResponse& r) {
    std::vector<std::string> out;
    for (const auto parsed = r.json(); const auto& e : parsed["errors"]) out.push_back(e["field"]);
    std::sort(out.begin(), out.end());
    return out;
  }

  http::ClientResponse with_key(Session& s, const std::string& method, const std::string& target,
                                const nlohmann::json& body, const std::string& key) {
    auto r = s.client->request(method, target, body.is_null() ? "" : body.dump(),
                               {{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}, {"Idempotency-Key", key}});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }

  int64_t people_[4] = {};
  int64_t other_ = 0;
};

}  // namespace lifeline::test
