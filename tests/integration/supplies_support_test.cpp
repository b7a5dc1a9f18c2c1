// Support to other organisations (对外支援): a delivery is a support
// movement (stock follows) with its recipient, delivery and photos; totals per
// item in its base unit and per recipient type; a reversed delivery leaves
// the totals; another utility's deliveries stay out of view.
#include "app/notify/protocol.h"
#include "integration/supplies_fixture.h"
#include "media/pictures_for_tests.h"

namespace lifeline::test {
namespace {

using nlohmann::json;

// A whole, decodable JPEG (photos are decoded before they are stored), base64.
const std::string kJpeg = app::notify::base64(media::testing::jpeg(16, 16));

json delivery(int64_t warehouse, int64_t item, double tonnes, const std::string& recipient, const std::string& type) {
  return {{"warehouse_id", warehouse}, {"item_id", item},        {"quantity", tonnes},
          {"unit", "t"},               {"recipient_name", recipient}, {"recipient_type", type},
          {"contact_name", "总务科"},  {"contact_phone", "0739-5310000"}, {"concentration", 10},
          {"delivered_by", "保障组 曾庆华"}, {"vehicle", "湘E·3G716"}};
}

TEST_F(SuppliesTest, ASupportDeliveryLeavesTheStockAndCountsInTheTotals) {
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 20, "t")), 201);
  json first = delivery(group_, naclo_, 5, "湘乡市人民医院", "hospital");
  first["photos"] = {{{"caption", "装车"}, {"mime", "image/jpeg"}, {"data", kJpeg}}};
  first["receipt_photos"] = {{{"caption", "签收单"}, {"mime", "image/jpeg"}, {"data", kJpeg}}};
  auto r = call(store_, "POST", "/api/v1/supplies/support", first);
  ASSERT_STATUS(r, 201);
  EXPECT_EQ(r.json()["kind"], "support");
  EXPECT_EQ(r.json()["quantity"], 5000);
  const int64_t support_id = r.json()["support_id"];
  json second = delivery(group_, naclo_, 3.5, "雨花区砂子塘街道", "community");
  second["kind"] = "support";
  ASSERT_STATUS(move(store_, second), 201);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 11500);

  auto totals = call(store_, "GET", "/api/v1/supplies/support/summary?org=" + std::to_string(util_a_) +
                                        "&from=2020-01-01&to=2020-02-07");
  ASSERT_STATUS(totals, 200);
  ASSERT_EQ(totals.json()["items"].size(), 1u);
  const json item = totals.json()["items"][0];
  EXPECT_EQ(item["item_id"], naclo_);
  EXPECT_EQ(item["unit"], "kg");
  EXPECT_EQ(item["quantity"], 8500);
  EXPECT_EQ(item["by_recipient_type"]["hospital"], 5000);
  EXPECT_EQ(item["by_recipient_type"]["community"], 3500);
  EXPECT_EQ(totals.json()["deliveries"], 2);
  EXPECT_EQ(totals.json()["recipients"], 2);

  // The delivery with its photos and receipt: what the certificate page prints.
  auto one = call(store_, "GET", "/api/v1/supplies/support/" + std::to_string(support_id));
  ASSERT_STATUS(one, 200);
  EXPECT_EQ(one.json()["recipient_name"], "湘乡市人民医院");
  EXPECT_EQ(one.json()["concentration"], 10);
  EXPECT_EQ(one.json()["utility_name"], "长沙水业集团");
  EXPECT_EQ(one.json()["photos"].size(), 1u);
  EXPECT_EQ(one.json()["receipt_photos"].size(), 1u);

  // Reversed: it stays in the register, marked, and leaves the totals.
  auto undo = move(store_, {{"kind", "support"}, {"reverses", r.json()["id"]}});
  ASSERT_STATUS(undo, 201);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 16500);
  auto after = call(store_, "GET", "/api/v1/supplies/support/summary?org=" + std::to_string(util_a_) +
                                       "&from=2020-01-01&to=2020-02-07");
  EXPECT_EQ(after.json()["items"][0]["quantity"], 3500);
  auto list = call(store_, "GET", "/api/v1/supplies/support?from=2020-01-01");
  ASSERT_EQ(list.json()["items"].size(), 2u);

  // Another utility sees neither the deliveries nor the delivery.
  auto b = login("b_store");
  EXPECT_STATUS(call(b, "GET", "/api/v1/supplies/support/" + std::to_string(support_id)), 404);
  EXPECT_EQ(call(b, "GET", "/api/v1/supplies/support/summary").json()["deliveries"], 0);
  // The association sees every member's support.
  auto assoc = login("assoc");
  EXPECT_EQ(call(assoc, "GET", "/api/v1/supplies/support/summary?from=2020-01-01&to=2020-02-07").json()["deliveries"],
            1);
}

TEST_F(SuppliesTest, ASupportDeliveryNamesItsRecipient) {
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 1, "t")), 201);
  json d = delivery(group_, naclo_, 0.5, "", "hospital");
  auto r = call(store_, "POST", "/api/v1/supplies/support", d);
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(field(r), "recipient_name");
  d = delivery(group_, naclo_, 0.5, "某医院", "church");
  EXPECT_EQ(field(call(store_, "POST", "/api/v1/supplies/support", d)), "recipient_type");
  d = delivery(group_, naclo_, 2, "某医院", "hospital");
  auto beyond = call(store_, "POST", "/api/v1/supplies/support", d);
  ASSERT_STATUS(beyond, 409);
  EXPECT_EQ(beyond.json()["on_hand"], 1000);
  EXPECT_EQ(count("supply_support"), 0);
}

}  // namespace
}  // namespace lifeline::test
