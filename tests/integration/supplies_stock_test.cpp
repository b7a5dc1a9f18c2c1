// The stock board: days of supply from the average use and from the people
// the warehouse serves, the reorder point, expiring lots, the purchase list,
// the alerts job (deduplicated notices) and the daily summary's figures,
// which equal the endpoints'.
#include "app/schedule/scheduler.h"
#include "integration/supplies_fixture.h"

namespace lifeline::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class SuppliesStock : public SuppliesTest {
 protected:
  void set_level(int64_t warehouse, int64_t item, double reorder, double safety) {
    ASSERT_STATUS(call(store_, "PUT", "/api/v1/supplies/levels",
                       {{"warehouse_id", warehouse}, {"item_id", item}, {"reorder_point", reorder},
                        {"safety_stock", safety}}),
                  200);
  }
};

TEST_F(SuppliesStock, DaysOfSupplyFollowUseAndThePeopleServed) {
  // 14 days of use: 140 masks a day on average (issued on the fixture's day).
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 100, "盒")), 201);
  ASSERT_STATUS(move(store_, issue(group_, masks_, 1960, "只")), 201);
  auto line = board_line(store_, util_a_, group_, masks_);
  ASSERT_FALSE(line.is_null());
  EXPECT_EQ(line["on_hand"], 3040);
  EXPECT_EQ(line["daily_use"], 140);
  EXPECT_EQ(line["days_of_supply"], 21.71);  // 3,040 ÷ 140, two decimals
  // The forecast: 1 mask per person per day × the staff the group's store serves
  // (the plant has its own store: its people are not counted here).
  for (int i = 0; i < 200; ++i) add_staff(dept_a_, "E" + std::to_string(i), "职工" + std::to_string(i));
  for (int i = 0; i < 50; ++i) add_staff(plant_a_, "P" + std::to_string(i), "倒班" + std::to_string(i));
  line = board_line(store_, util_a_, group_, masks_);
  EXPECT_EQ(line["people"], 200);
  EXPECT_EQ(line["forecast_per_day"], 200);
  EXPECT_EQ(line["days_of_supply"], 15.2);  // 3,040 ÷ max(140, 200)
  // A return of 196 masks lowers the use.
  ASSERT_STATUS(move(store_, {{"kind", "return"}, {"warehouse_id", group_}, {"item_id", masks_}, {"quantity", 196},
                              {"to_org_id", dept_a_}}),
                201);
  EXPECT_EQ(board_line(store_, util_a_, group_, masks_)["daily_use"], 126);
}

TEST_F(SuppliesStock, BelowTheReorderPointAnExpiringLotAndThePurchaseList) {
  set_level(group_, masks_, 1000, 500);
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 900, "只", {{"lot_no", "L1"}, {"expires_on", "2020-02-10"}})),
                201);
  auto line = board_line(store_, util_a_, group_, masks_);
  EXPECT_EQ(line["below_reorder"], true);
  EXPECT_EQ(line["expiring"], 900);
  EXPECT_EQ(line["next_expiry"], "2020-02-10");
  auto alerts = call(store_, "GET", "/api/v1/supplies/alerts");
  ASSERT_STATUS(alerts, 200);
  ASSERT_EQ(alerts.json()["items"].size(), 2u);
  EXPECT_EQ(alerts.json()["items"][0]["kind"], "low_stock");
  EXPECT_EQ(alerts.json()["items"][1]["kind"], "expiring");
  auto buy = call(store_, "GET", "/api/v1/supplies/purchase-suggestions");
  ASSERT_STATUS(buy, 200);
  ASSERT_EQ(buy.json()["items"].size(), 1u);
  // Up to reorder point + safety stock (no use yet): 600 masks, 12 boxes.
  EXPECT_EQ(buy.json()["items"][0]["suggested"]["packs"], 12);
  EXPECT_EQ(buy.json()["items"][0]["suggested"]["pack_unit"], "盒");

  // The hourly job tells the unit once a day per item and once per lot.
  auto& scheduler = platform_->scheduler();
  scheduler.tick();
  EXPECT_EQ(count("notify_events", "event = 'supplies.low_stock'"), 1);
  EXPECT_EQ(count("notify_events", "event = 'supplies.expiring'"), 1);
  clock_.advance(61min);
  scheduler.tick();
  EXPECT_EQ(count("notify_events", "event LIKE 'supplies.%'"), 2);
  clock_.advance(24h);
  scheduler.tick();
  EXPECT_EQ(count("notify_events", "event = 'supplies.low_stock'"), 2);
  EXPECT_EQ(count("notify_events", "event = 'supplies.expiring'"), 1);
}

TEST_F(SuppliesStock, AnItemUsedUpStaysOnTheBoardOutOfStock) {
  // 100 masks in, 100 out: the lot's stock row stays at zero (the board reads
  // only rows holding stock, and must still show the item as out of stock).
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 2, "盒", {{"lot_no", "L1"}, {"expires_on", "2020-12-31"}})), 201);
  ASSERT_STATUS(move(store_, issue(group_, masks_, 100, "只")), 201);
  ASSERT_DOUBLE_EQ(on_hand(group_, masks_), 0);
  auto line = board_line(store_, util_a_, group_, masks_);
  ASSERT_FALSE(line.is_null());
  EXPECT_EQ(line["on_hand"], 0);
  EXPECT_EQ(line["usable"], 0);
  EXPECT_EQ(line["lots"].size(), 0u);
  EXPECT_TRUE(line["next_expiry"].is_null());
  EXPECT_EQ(line["days_of_supply"], 0);
  // Under 14 days of cover: buy 14 days of the use (100 ÷ 14 a day), 2 boxes.
  auto buy = call(store_, "GET", "/api/v1/supplies/purchase-suggestions");
  ASSERT_STATUS(buy, 200);
  ASSERT_EQ(buy.json()["items"].size(), 1u);
  EXPECT_EQ(buy.json()["items"][0]["item_id"], masks_);
  EXPECT_EQ(buy.json()["items"][0]["suggested"]["packs"], 2);
  // Only what was ever stocked there has a line: no masks in the plant's
  // store, no hypochlorite anywhere.
  EXPECT_TRUE(board_line(store_, util_a_, plant_store_, masks_).is_null());
  EXPECT_TRUE(board_line(store_, util_a_, group_, naclo_).is_null());
  // The summary's lowest masks' days of supply is that 0.
  auto commander = login("a_commander");
  auto s = call(commander, "GET", "/api/v1/summary?org=" + std::to_string(util_a_) + "&date=2020-01-25");
  ASSERT_STATUS(s, 200);
  const auto summary = s.json();  // a temporary's element would dangle in the loop
  bool found = false;
  for (const auto& sec : summary["sections"])
    for (const auto& f : sec["figures"])
      if (sec["key"] == "supplies" && f["key"] == "mask_days_of_supply") {
        EXPECT_EQ(f["value"], 0);
        EXPECT_EQ(f["state"], "alarm");
        found = true;
      }
  EXPECT_TRUE(found) << s.body;
}

TEST_F(SuppliesStock, TheDailySummaryShowsTheModulesOwnFigures) {
  set_level(group_, masks_, 1000, 0);
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 10, "盒")), 201);
  ASSERT_STATUS(move(store_, issue(group_, masks_, 140, "只")), 201);
  // An issue and its reversal: the reversal is no issue of its own.
  auto wrong = move(store_, issue(group_, masks_, 10, "只"));
  ASSERT_STATUS(wrong, 201);
  ASSERT_STATUS(call(store_, "POST", "/api/v1/supplies/movements/" + std::to_string(wrong.json()["id"].get<int64_t>()) +
                                         "/reverse",
                     {{"note", "领错单位"}}),
                201);
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 3, "t")), 201);
  ASSERT_STATUS(call(store_, "POST", "/api/v1/supplies/support",
                     {{"warehouse_id", group_}, {"item_id", naclo_}, {"quantity", 2}, {"unit", "t"},
                      {"recipient_name", "长沙市第一医院"}, {"recipient_type", "hospital"}}),
                201);
  auto commander = login("a_commander");
  auto s = call(commander, "GET", "/api/v1/summary?org=" + std::to_string(util_a_) + "&date=2020-01-25");
  ASSERT_STATUS(s, 200);
  json section;
  const auto summary = s.json();
  for (const auto& sec : summary["sections"])
    if (sec["key"] == "supplies") section = sec;
  ASSERT_FALSE(section.is_null()) << s.body;
  auto figure = [&](const std::string& key) {
    for (const auto& f : section["figures"])
      if (f["key"] == key) return f["value"];
    return json();
  };
  auto line = board_line(commander, util_a_, group_, masks_);
  EXPECT_EQ(figure("mask_days_of_supply"), line["days_of_supply"]);
  EXPECT_EQ(figure("low_stock"), 1);
  EXPECT_EQ(figure("issues"), 2);
  auto totals = call(commander, "GET", "/api/v1/supplies/support/summary?org=" + std::to_string(util_a_) +
                                           "&from=2020-01-25&to=2020-01-25");
  EXPECT_EQ(figure("support_deliveries"), totals.json()["deliveries"]);
  bool found = false;
  for (const auto& t : section["tables"])
    if (t["key"] == "support_by_item") {
      EXPECT_EQ(t["rows"][0]["value"], totals.json()["items"][0]["quantity"]);
      found = true;
    }
  EXPECT_TRUE(found) << section.dump();
}

}  // namespace
}  // namespace lifeline::test
