// The duty as read: the final schedule, the epidemic roster switched on by
// the emergency policy (and its history), problems including unfit people
// from the health module with a replacement, who is on duty now, the page
// header's red phone and leader, and the daily summary's figures.
#include "integration/duty_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class DutyBoard : public DutyTest {
 protected:
  std::map<std::string, int> kinds(const json& items) {
    std::map<std::string, int> out;
    for (const auto& p : items) ++out[p["kind"].get<std::string>()];
    return out;
  }
};

TEST_F(DutyBoard, OnDutyNowHasTheFixedShapeWithTheRedPhoneFirst) {
  auto head = login("a_commander");
  const int64_t plant = plant_post(head);
  const int64_t dispatch = make_post(head, "集团调度中心", {{"org_id", util_a_}, {"kind", "dispatch"}, {"red_phone", true},
                                                        {"phone", "0731-85171110"}});
  make_roster(head, dispatch, "normal", json::array({layer({people_[2], people_[3]}, "daily_24h", "08:00", "2020-01-20")}));
  const int64_t leader = make_post(head, "领导带班", {{"org_id", util_a_}, {"kind", "leader"}});
  auto r = call(head, "GET", "/api/v1/duty/now?org=" + std::to_string(util_a_));
  ASSERT_STATUS(r, 200);
  const auto items = r.json()["items"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0]["post"]["id"], dispatch);
  EXPECT_EQ(items[0]["post"]["red_phone"], true);
  EXPECT_EQ(items[0]["phone"], "0731-85171110");
  EXPECT_EQ(items[0]["leader"], false);
  // 6 days × 1 since 2020-01-20 08:00: shift 6 → people_[2].
  EXPECT_EQ(items[0]["person"]["id"], people_[2]);
  EXPECT_EQ(items[0]["from"], "2020-01-26T00:00:00Z");
  EXPECT_EQ(items[0]["until"], "2020-01-27T00:00:00Z");
  EXPECT_EQ(items[1]["post"]["id"], leader);
  EXPECT_EQ(items[1]["leader"], true);
  EXPECT_TRUE(items[1]["person"].is_null());  // nobody rostered
  EXPECT_EQ(items[2]["post"]["id"], plant);
  EXPECT_EQ(items[2]["person"]["id"], people_[0]);
  EXPECT_EQ(items[2]["person"]["name"], "赵磊");
  // The association sees every member's posts; B sees none of A's.
  auto assoc = login("assoc");
  auto all = call(assoc, "GET", "/api/v1/duty/now?org=1");
  ASSERT_STATUS(all, 200);
  EXPECT_EQ(all.json()["items"].size(), 3u);
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/duty/now?org=" + std::to_string(util_a_)), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/duty/now").json()["items"].size(), 0u);
  // The header of a plant worker's pages: the nearest red phone above (the group's).
  auto worker = login("a_plant_staff");
  auto header = call(worker, "GET", "/api/v1/duty/header");
  ASSERT_STATUS(header, 200);
  EXPECT_EQ(header.json()["red_phone"]["post"]["id"], dispatch);
  EXPECT_EQ(header.json()["red_phone"]["phone"], "0731-85171110");
  EXPECT_EQ(header.json()["leader"]["post"]["id"], leader);
}

TEST_F(DutyBoard, TheEpidemicRosterRulesFromTheDeclarationUntilTheResponseEnds) {
  auto head = login("a_commander");
  const int64_t post = plant_post(head);  // normal: four people on 12-hour shifts
  make_roster(head, post, "epidemic", json::array({layer({people_[2], people_[3]}, "daily_24h", "08:00", "2020-01-20")}));
  auto schedule = [&](const char* from, const char* to) {
    auto r = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) + "&from=" + from + "&to=" + to);
    EXPECT_STATUS(r, 200);
    return r.json()["items"];
  };
  EXPECT_EQ(schedule("2020-01-26T09:00", "2020-01-26T10:00")[0]["roster"]["kind"], "normal");
  at("2020-01-26T03:00:00Z");
  auto declared = call(head, "POST", "/api/v1/emergencies",
                       {{"name", "新冠肺炎疫情防控"}, {"level", "I"}, {"started_at", "2020-01-26T02:00:00Z"}});
  ASSERT_STATUS(declared, 201);
  const std::string emergency = std::to_string(declared.json()["id"].get<int64_t>());
  auto items = schedule("2020-01-26T09:00", "2020-01-26T11:00");  // 10:00 local: the switch
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0]["roster"]["kind"], "normal");
  EXPECT_EQ(items[0]["until"], "2020-01-26T02:00:00Z");
  EXPECT_EQ(items[1]["roster"]["kind"], "epidemic");
  EXPECT_EQ(items[1]["person"]["id"], people_[2]);  // day 6 of the 24-hour rotation
  // Lowered to level IV (no epidemic roster in its policy): it stays until the response ends.
  at("2020-01-28T00:00:00Z");
  ASSERT_STATUS(call(head, "PATCH", "/api/v1/emergencies/" + emergency, {{"level", "IV"}}), 200);
  EXPECT_EQ(schedule("2020-01-28T09:00", "2020-01-28T10:00")[0]["roster"]["kind"], "epidemic");
  at("2020-01-30T00:00:00Z");
  ASSERT_STATUS(call(head, "POST", "/api/v1/emergencies/" + emergency + "/end", {{"reason", "解除"}}), 200);
  EXPECT_EQ(schedule("2020-01-30T09:00", "2020-01-30T10:00")[0]["roster"]["kind"], "normal");
  // The history shows which roster ruled when.
  auto regimes = call(head, "GET", "/api/v1/duty/posts/" + std::to_string(post) + "/regimes");
  ASSERT_STATUS(regimes, 200);
  const auto h = regimes.json()["items"];
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0]["kind"], "normal");
  EXPECT_EQ(h[1]["kind"], "epidemic");
  EXPECT_EQ(h[1]["from"], "2020-01-26T02:00:00Z");
  EXPECT_EQ(h[1]["until"], "2020-01-30T00:00:00Z");
  EXPECT_EQ(h[2]["kind"], "normal");
  EXPECT_TRUE(h[2]["until"].is_null());
}

TEST_F(DutyBoard, AFeverFromTheHealthModuleMakesAScheduledPersonUnfitWithAReplacement) {
  auto head = login("a_commander");
  const int64_t post = plant_post(head);
  // people_[1] is on the night shift of 2020-01-26; a health officer records a fever for them.
  auto health = login("a_health");
  auto checkin = call(health, "POST", "/api/v1/health/checkins",
                      {{"staff_id", people_[1]}, {"temperature", 38.4}, {"symptoms", json::array()},
                       {"location", "in_town"}, {"risk_travel", false}, {"contact", "none"}, {"work_status", "on_duty"}});
  ASSERT_STATUS(checkin, 201);
  auto problems = [&](Session& s) {
    auto r = call(s, "GET", "/api/v1/duty/problems?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
    EXPECT_STATUS(r, 200);
    json unfit = json::array();
    for (const auto parsed = r.json(); const auto& p : parsed["items"])
      if (p["kind"] == "unfit") unfit.push_back(p);
    return unfit;
  };
  auto seen = problems(health);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["post"]["id"], post);
  EXPECT_EQ(seen[0]["person"]["id"], people_[1]);
  EXPECT_EQ(seen[0]["reason"], "fever");
  EXPECT_EQ(seen[0]["from"], "2020-01-26T12:00:00Z");  // 20:00 local …
  EXPECT_EQ(seen[0]["until"], "2020-01-26T16:00:00Z");  // … to midnight: the rest of the shift is another day
  // The next member in rotation order who is fit and free: people_[2].
  EXPECT_EQ(seen[0]["suggestion"]["id"], people_[2]);
  // A commander sees the problem, not the person's health data.
  auto commander = problems(head);
  ASSERT_EQ(commander.size(), 1u);
  EXPECT_EQ(commander[0]["reason"], "health");
  EXPECT_EQ(commander[0]["suggestion"]["id"], people_[2]);
}

TEST_F(DutyBoard, GapsDoubleBookingsAndShortRestAreListed) {
  auto head = login("a_commander");
  // Days only, though the post must be covered always: a gap each night.
  const int64_t days = make_post(head, "日间岗");
  json l = layer({people_[0]}, "daily_24h", "08:00");
  l["restriction"] = {{"from", "08:00"}, {"to", "20:00"}};
  make_roster(head, days, "normal", json::array({l}));
  // people_[0] also at a second post at night: 08:00–20:00 then 22:00–06:00 (2 hours' rest).
  const int64_t nights = make_post(head, "夜间岗", {{"coverage", {{"from", "22:00"}, {"to", "06:00"}}}});
  json n = layer({people_[0]}, "daily_24h", "22:00");
  n["restriction"] = {{"from", "22:00"}, {"to", "06:00"}};
  make_roster(head, nights, "normal", json::array({n}));
  auto r = call(head, "GET", "/api/v1/duty/problems?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
  ASSERT_STATUS(r, 200);
  auto k = kinds(r.json()["items"]);
  EXPECT_EQ(k["gap"], 2);  // 00:00–08:00 and 20:00–24:00 at the day post
  EXPECT_GE(k["short_rest"], 1);
  for (const auto parsed = r.json(); const auto& p : parsed["items"])
    if (p["kind"] == "short_rest") {
      EXPECT_EQ(p["rest_minutes"], 120);
      EXPECT_EQ(p["min_rest_minutes"], 480);
    }
  // A cover that puts people_[0] on the night post during a day shift: double booked.
  ASSERT_STATUS(call(head, "POST", "/api/v1/duty/overrides",
                     {{"post_id", nights}, {"kind", "cover"}, {"from", "2020-01-26T10:00"}, {"until", "2020-01-26T11:00"},
                      {"person_id", people_[0]}, {"reason", "临时顶岗"}}),
                201);
  r = call(head, "GET", "/api/v1/duty/problems?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
  EXPECT_EQ(kinds(r.json()["items"])["double_booked"], 1);
}

TEST_F(DutyBoard, TheDailySummaryAgreesWithTheEndpoints) {
  auto head = login("a_commander");
  plant_post(head);
  const int64_t gappy = make_post(head, "日间岗");
  json l = layer({people_[2]}, "daily_24h", "08:00");
  l["restriction"] = {{"from", "08:00"}, {"to", "20:00"}};
  make_roster(head, gappy, "normal", json::array({l}));
  auto s = call(head, "GET", "/api/v1/summary?org=" + std::to_string(plant_a_) + "&date=2020-01-26");
  ASSERT_STATUS(s, 200);
  json duty;
  for (const auto parsed = s.json(); const auto& sec : parsed["sections"])
    if (sec["key"] == "duty") duty = sec;
  ASSERT_FALSE(duty.is_null());
  auto figure = [&](const char* key) {
    for (const auto& f : duty["figures"])
      if (f["key"] == key) return f["value"].get<double>();
    ADD_FAILURE() << key;
    return -1.0;
  };
  auto problems = call(head, "GET", "/api/v1/duty/problems?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
  int gaps = 0;
  for (const auto parsed = problems.json(); const auto& p : parsed["items"]) gaps += p["kind"] == "gap";
  EXPECT_EQ(figure("gaps"), gaps);
  EXPECT_EQ(figure("posts"), 2);
  auto presence = call(head, "GET", "/api/v1/duty/presence?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
  int64_t shifts = 0;
  for (const auto parsed = presence.json(); const auto& p : parsed["items"]) shifts += p["shifts"].get<int64_t>();
  EXPECT_EQ(figure("shifts"), static_cast<double>(shifts));
  EXPECT_EQ(shifts, 2);  // the plant's 08:00 shift and the day post's, both started by 08:30
}

}  // namespace
}  // namespace lifeline::test
