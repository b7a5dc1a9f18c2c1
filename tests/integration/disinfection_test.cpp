// Disinfection of public areas: places with their schedule, rounds recorded
// by QR code that draw the agent from the unit's stock in the same
// transaction, the schedule the emergency level puts in force, the overdue
// list that clears when a round is recorded, the job's one notice per missed
// round, completion per unit and day, and another unit's place not found.
#include "integration/supplies_fixture.h"

namespace lifeline::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class Disinfection : public SuppliesTest {
 protected:
  void SetUp() override {
    SuppliesTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_STATUS(move(store_, receipt(plant_store_, naclo_, 10, "kg")), 201);
    health_ = login("a_health");
    auto r = call(health_, "POST", "/api/v1/disinfection/places",
                  {{"org_id", plant_a_}, {"name", "第八水厂中控室"}, {"kind", "control_room"}, {"times_per_day", 1},
                   {"agent", "含氯消毒液 500 mg/L"}, {"dose", "台面擦拭"}, {"agent_item_id", naclo_},
                   {"dose_quantity", 0.5}});
    ASSERT_STATUS(r, 201);
    place_ = r.json();
  }
  json overdue(Session& s, int64_t org) {
    auto r = call(s, "GET", "/api/v1/disinfection/overdue?org=" + std::to_string(org));
    EXPECT_STATUS(r, 200);
    return r.json()["items"];
  }
  http::ClientResponse record(Session& s, const json& body) {
    return call(s, "POST", "/api/v1/disinfection/records", body);
  }

  Session health_;
  json place_;
};

TEST_F(Disinfection, AScannedRoundDrawsTheAgentFromTheUnitsStock) {
  EXPECT_EQ(place_["warehouse_id"], plant_store_);  // the plant's own store is the nearest
  EXPECT_EQ(place_["scan_path"], "/#/d/" + place_["qr_token"].get<std::string>());
  auto cleaner = login("a_plant_staff");
  auto found = call(cleaner, "GET", "/api/v1/disinfection/places/by-token/" + place_["qr_token"].get<std::string>());
  ASSERT_STATUS(found, 200);
  EXPECT_EQ(found.json()["id"], place_["id"]);
  auto r = record(cleaner, {{"qr_token", place_["qr_token"]}, {"note", "已擦拭"}});
  ASSERT_STATUS(r, 201);
  EXPECT_EQ(r.json()["via"], "qr");
  EXPECT_EQ(r.json()["quantity"], 0.5);
  EXPECT_EQ(r.json()["person_name"], "a_plant_staff");
  EXPECT_DOUBLE_EQ(on_hand(plant_store_, naclo_), 9.5);
  auto m = call(store_, "GET", "/api/v1/supplies/movements/" + std::to_string(r.json()["movement_id"].get<int64_t>()));
  ASSERT_STATUS(m, 200);
  EXPECT_EQ(m.json()["kind"], "issue");
  EXPECT_EQ(m.json()["to_org_id"], plant_a_);
  // A round beyond the stock is refused and writes nothing.
  auto beyond = record(cleaner, {{"place_id", place_["id"]}, {"quantity", 20}});
  ASSERT_STATUS(beyond, 409);
  EXPECT_EQ(field(beyond), "quantity");
  EXPECT_EQ(beyond.json()["on_hand"], 9.5);
  EXPECT_EQ(count("disinfection_records"), 1);
  EXPECT_DOUBLE_EQ(on_hand(plant_store_, naclo_), 9.5);
  // The QR sheet's picture encodes the scan link.
  auto svg = call(health_, "GET", "/api/v1/disinfection/places/" + std::to_string(place_["id"].get<int64_t>()) + "/qr.svg");
  ASSERT_STATUS(svg, 200);
  EXPECT_EQ(svg.headers["content-type"], "image/svg+xml");
}

TEST_F(Disinfection, AnotherUnitsPlaceIsNotFound) {
  auto office = login("a_staff");  // 人力资源部, not the plant
  const int64_t before = count("disinfection_records");
  auto by_id = record(office, {{"place_id", place_["id"]}});
  ASSERT_STATUS(by_id, 404);
  EXPECT_EQ(field(by_id), "place_id");
  auto by_code = record(office, {{"qr_token", place_["qr_token"]}});
  ASSERT_STATUS(by_code, 404);
  EXPECT_EQ(field(by_code), "qr_token");
  EXPECT_EQ(count("disinfection_records"), before);
  EXPECT_EQ(count("supply_movements", "kind = 'issue'"), 0);
  auto b = login("b_health");
  EXPECT_STATUS(call(b, "GET", "/api/v1/disinfection/places/" + std::to_string(place_["id"].get<int64_t>())), 404);
}

TEST_F(Disinfection, TheEmergencyLevelSetsTheRoundsAndTheOverdueListClearsWithARound) {
  auto admin = login("a_admin");
  ASSERT_STATUS(call(admin, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情"}, {"level", "I"}}), 201);
  // Level I: twice a day, so due 12 hours after the place was set up; overdue after the grace.
  clock_.advance(12h + 20min);
  health_ = login("a_health");  // sessions idle out after 8 hours
  auto cleaner = login("a_plant_staff");
  EXPECT_TRUE(overdue(health_, util_a_).empty());
  clock_.advance(15min);
  auto late = overdue(health_, util_a_);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0]["place_id"], place_["id"]);
  EXPECT_EQ(late[0]["required"], 2);
  // The job tells the unit once per missed interval, however often it runs.
  platform_->scheduler().tick();
  clock_.advance(6min);
  platform_->scheduler().tick();
  EXPECT_EQ(count("notify_events", "event = 'disinfection.overdue'"), 1);
  ASSERT_STATUS(record(cleaner, {{"qr_token", place_["qr_token"]}}), 201);
  EXPECT_TRUE(overdue(health_, util_a_).empty());
  EXPECT_TRUE(overdue(cleaner, plant_a_).empty());
  // Completion today (2020-01-25 is over by now in Shanghai: the clock is at 2020-01-26 04:41).
  auto c = call(health_, "GET", "/api/v1/disinfection/completion?org=" + std::to_string(util_a_) +
                                    "&from=2020-01-25&to=2020-01-26");
  ASSERT_STATUS(c, 200);
  bool today = false;
  const auto completion = c.json();
  for (const auto& d : completion["items"])
    if (d["day"] == "2020-01-26") {
      today = true;
      EXPECT_EQ(d["required"], 2);
      EXPECT_EQ(d["done"], 1);
      EXPECT_EQ(d["org_id"], plant_a_);
    }
  EXPECT_TRUE(today) << c.body;
}

TEST_F(Disinfection, APlaceNamesAKindAndASchedule) {
  auto r = call(health_, "POST", "/api/v1/disinfection/places",
                {{"org_id", plant_a_}, {"name", "班车"}, {"kind", "rocket"}, {"agent", "酒精"}, {"times_per_day", 30}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(r.json()["errors"][0]["field"], "times_per_day");
  EXPECT_EQ(call(health_, "POST", "/api/v1/disinfection/places",
                 {{"org_id", plant_a_}, {"name", "班车"}, {"kind", "rocket"}, {"agent", "酒精"}})
                .json()["errors"][0]["field"],
            "kind");
  auto staff = login("a_plant_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/disinfection/places",
                     {{"name", "班车"}, {"kind", "commuter_bus"}, {"agent", "酒精"}}),
                403);
}

}  // namespace
}  // namespace lifeline::test
