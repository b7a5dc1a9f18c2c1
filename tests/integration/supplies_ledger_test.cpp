// The movement ledger through the API: units and conversions, FEFO, lots,
// transfers, counts, reversals, the 409 that names the item and the stock on
// hand, Idempotency-Key, scope, and stock that always equals the ledger.
#include "integration/supplies_fixture.h"

namespace lifeline::test {
namespace {

using nlohmann::json;

TEST_F(SuppliesTest, AReceiptInBoxesIsStockInPiecesAndAnIssueTakesItOut) {
  auto r = move(store_, receipt(group_, masks_, 10, "盒"));
  ASSERT_STATUS(r, 201);
  EXPECT_EQ(r.json()["quantity"], 500);
  EXPECT_EQ(r.json()["unit"], "只");
  EXPECT_EQ(r.json()["entered_unit"], "盒");
  auto out = move(store_, issue(group_, masks_, 120, "只"));
  ASSERT_STATUS(out, 201);
  EXPECT_EQ(out.json()["to_org_id"], dept_a_);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 380);
  EXPECT_DOUBLE_EQ(ledger_sum(group_, masks_), 380);
  // Metric units convert by themselves: 2 t of hypochlorite is 2,000 kg; 3 drums 75 kg.
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 2, "t")), 201);
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 3, "桶")), 201);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 2075);
  auto line = board_line(store_, util_a_, group_, masks_);
  ASSERT_FALSE(line.is_null());
  EXPECT_EQ(line["on_hand"], 380);
  EXPECT_EQ(line["unit"], "只");
  EXPECT_EQ(line["below_reorder"], false);
}

TEST_F(SuppliesTest, IssuesTakeTheLotThatExpiresFirstUnlessALotIsChosen) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 100, "只", {{"lot_no", "LATE"}, {"expires_on", "2021-12-31"}})), 201);
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 100, "只", {{"lot_no", "EARLY"}, {"expires_on", "2020-06-30"}})), 201);
  // Expired on the fixture's day (2020-01-25): scrapped, never issued by FEFO.
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 30, "只", {{"lot_no", "OLD"}, {"expires_on", "2020-01-01"}})), 201);
  auto fefo = move(store_, issue(group_, masks_, 150, "只"));
  ASSERT_STATUS(fefo, 201);
  ASSERT_EQ(fefo.json()["lines"].size(), 2u);
  EXPECT_EQ(fefo.json()["lines"][0]["lot_no"], "EARLY");
  EXPECT_EQ(fefo.json()["lines"][0]["delta"], -100);
  EXPECT_EQ(fefo.json()["lines"][1]["lot_no"], "LATE");
  EXPECT_EQ(fefo.json()["lines"][1]["delta"], -50);
  // 50 usable left (the expired 30 do not count): 60 is refused.
  auto refused = move(store_, issue(group_, masks_, 60, "只"));
  ASSERT_STATUS(refused, 409);
  EXPECT_EQ(refused.json()["on_hand"], 50);
  // The scrap takes the expired lot first.
  auto scrap = move(store_, {{"kind", "scrap"}, {"warehouse_id", group_}, {"item_id", masks_}, {"quantity", 30},
                             {"reason", "expired"}});
  ASSERT_STATUS(scrap, 201);
  EXPECT_EQ(scrap.json()["lines"][0]["lot_no"], "OLD");
  // A chosen lot is honoured.
  int64_t late = fefo.json()["lines"][1]["lot_id"];
  auto chosen = move(store_, issue(group_, masks_, 10, "只", {{"lot_id", late}}));
  ASSERT_STATUS(chosen, 201);
  EXPECT_EQ(chosen.json()["lines"][0]["lot_no"], "LATE");
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 40);
  EXPECT_DOUBLE_EQ(ledger_sum(group_, masks_), 40);
  // One lot keeps one expiry date.
  auto other = move(store_, receipt(group_, masks_, 5, "只", {{"lot_no", "LATE"}, {"expires_on", "2022-01-01"}}));
  ASSERT_STATUS(other, 400);
  EXPECT_EQ(field(other), "expires_on");
}

TEST_F(SuppliesTest, ATransferMovesStockAndItsReversalMovesItBack) {
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 500, "kg")), 201);
  auto t = move(store_, {{"kind", "transfer"}, {"warehouse_id", group_}, {"to_warehouse_id", plant_store_},
                         {"item_id", naclo_}, {"quantity", 4}, {"unit", "桶"}});
  ASSERT_STATUS(t, 201);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 400);
  EXPECT_DOUBLE_EQ(on_hand(plant_store_, naclo_), 100);
  // The plant's list shows the transfer in.
  auto plant = call(store_, "GET", "/api/v1/supplies/movements?warehouse_id=" + std::to_string(plant_store_));
  ASSERT_STATUS(plant, 200);
  ASSERT_EQ(plant.json()["items"].size(), 1u);
  auto back = move(store_, {{"kind", "transfer"}, {"reverses", t.json()["id"]}, {"note", "调错仓库"}});
  ASSERT_STATUS(back, 201);
  EXPECT_EQ(back.json()["reverses"], t.json()["id"]);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 500);
  EXPECT_DOUBLE_EQ(on_hand(plant_store_, naclo_), 0);
  EXPECT_DOUBLE_EQ(ledger_sum(plant_store_, naclo_), 0);
  auto original = call(store_, "GET", "/api/v1/supplies/movements/" + std::to_string(t.json()["id"].get<int64_t>()));
  EXPECT_EQ(original.json()["reversed_by"], back.json()["id"]);
}

TEST_F(SuppliesTest, ACountRecordsTheCountedQuantityAndTheDifference) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 4, "盒")), 201);
  auto count = move(store_, {{"kind", "adjust"}, {"warehouse_id", group_}, {"item_id", masks_},
                             {"counted_quantity", 185}, {"unit", "只"}, {"note", "月末盘点"}});
  ASSERT_STATUS(count, 201);
  EXPECT_EQ(count.json()["counted_quantity"], 185);
  EXPECT_EQ(count.json()["difference"], -15);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 185);
  EXPECT_DOUBLE_EQ(ledger_sum(group_, masks_), 185);
  // Counting zero empties the lot.
  auto zero = move(store_, {{"kind", "adjust"}, {"warehouse_id", group_}, {"item_id", masks_}, {"counted_quantity", 0}});
  ASSERT_STATUS(zero, 201);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 0);
}

TEST_F(SuppliesTest, AReversalNamesItsMovementAndIsNeverReversedItself) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 200, "只")), 201);
  auto out = move(store_, issue(group_, masks_, 50, "只"));
  ASSERT_STATUS(out, 201);
  const int64_t id = out.json()["id"];
  auto undo = call(store_, "POST", "/api/v1/supplies/movements/" + std::to_string(id) + "/reverse",
                   {{"note", "领错单位"}});
  ASSERT_STATUS(undo, 201);
  EXPECT_EQ(undo.json()["kind"], "issue");
  EXPECT_EQ(undo.json()["reverses"], id);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 200);
  const int64_t before = count("supply_movements");
  auto again = move(store_, {{"kind", "issue"}, {"reverses", id}});
  ASSERT_STATUS(again, 409);
  EXPECT_EQ(field(again), "reverses");
  auto twice = move(store_, {{"kind", "issue"}, {"reverses", undo.json()["id"]}});
  EXPECT_EQ(twice.status / 100, 4) << twice.body;
  EXPECT_EQ(field(twice), "reverses");
  EXPECT_EQ(count("supply_movements"), before);
  // A receipt whose goods have left cannot be reversed: the stock would go negative.
  auto in = move(store_, receipt(group_, naclo_, 100, "kg"));
  ASSERT_STATUS(move(store_, issue(group_, naclo_, 80, "kg")), 201);
  auto gone = move(store_, {{"kind", "receipt"}, {"reverses", in.json()["id"]}});
  ASSERT_STATUS(gone, 409);
  EXPECT_EQ(gone.json()["on_hand"], 20);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 20);
}

TEST_F(SuppliesTest, BeyondStockIs409NamingTheItemAndTheQuantityOnHand) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 2, "盒")), 201);
  const int64_t movements = count("supply_movements"), lines = count("supply_movement_lines");
  auto r = move(store_, issue(group_, masks_, 3, "盒"));
  ASSERT_STATUS(r, 409);
  EXPECT_EQ(r.json()["item"], "医用外科口罩");
  EXPECT_EQ(r.json()["item_id"], masks_);
  EXPECT_EQ(r.json()["on_hand"], 100);
  EXPECT_EQ(r.json()["requested"], 150);
  EXPECT_EQ(r.json()["unit"], "只");
  EXPECT_EQ(field(r), "quantity");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("医用外科口罩"), std::string::npos);
  EXPECT_EQ(count("supply_movements"), movements);
  EXPECT_EQ(count("supply_movement_lines"), lines);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 100);
}

TEST_F(SuppliesTest, ARetriedPostWithItsKeyIsAnsweredOnce) {
  auto first = move(store_, receipt(group_, masks_, 1, "盒"), "scan-42");
  ASSERT_STATUS(first, 201);
  auto again = move(store_, receipt(group_, masks_, 1, "盒"), "scan-42");
  ASSERT_STATUS(again, 201);
  EXPECT_EQ(again.json()["id"], first.json()["id"]);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 50);
  auto other = move(store_, receipt(group_, masks_, 2, "盒"), "scan-42");
  ASSERT_STATUS(other, 422);
  EXPECT_EQ(field(other), "Idempotency-Key");
  EXPECT_EQ(count("supply_movements"), 1);
}

TEST_F(SuppliesTest, AnotherUtilitysWarehousesAndItemsAreNotFound) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 1, "盒")), 201);
  auto b = login("b_store");
  auto theirs = move(b, issue(group_, masks_, 1, "只", {{"to_org_id", util_b_}}));
  ASSERT_STATUS(theirs, 404);
  EXPECT_EQ(field(theirs), "warehouse_id");
  const int64_t b_store = make_warehouse(b, util_b_, "B-01", "株洲仓库");
  auto item = move(b, receipt(b_store, masks_, 1, "盒"));
  ASSERT_STATUS(item, 404);
  EXPECT_EQ(field(item), "item_id");
  EXPECT_STATUS(call(b, "GET", "/api/v1/supplies/stock?org=" + std::to_string(util_a_)), 404);
  auto ledger = call(b, "GET", "/api/v1/supplies/movements");
  ASSERT_STATUS(ledger, 200);
  EXPECT_TRUE(ledger.json()["items"].empty());
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 50);
}

TEST_F(SuppliesTest, OnlyStorekeepersMoveStockAndEveryoneSeesIt) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 1, "盒")), 201);
  auto staff = login("a_staff");
  EXPECT_STATUS(move(staff, issue(group_, masks_, 1, "只")), 403);
  auto board = call(staff, "GET", "/api/v1/supplies/stock");
  ASSERT_STATUS(board, 200);
  EXPECT_EQ(board.json()["items"].size(), 1u);
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "POST", "/api/v1/supplies/requests",
                     {{"purpose", "x"}, {"lines", {{{"item_id", masks_}, {"quantity", 1}}}}}),
                403);
  // Every movement is audited in its transaction.
  EXPECT_EQ(count("audit_log", "action = 'supplies.movement.receipt'"), 1);
}

TEST_F(SuppliesTest, TheLedgerExportsToXlsxWithItsFilters) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 1, "盒")), 201);
  ASSERT_STATUS(move(store_, issue(group_, masks_, 10, "只")), 201);
  auto r = call(store_, "GET", "/api/v1/supplies/movements/export.xlsx?kind=issue");
  ASSERT_STATUS(r, 200);
  EXPECT_EQ(r.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  auto list = call(store_, "GET", "/api/v1/supplies/movements?kind=issue");
  EXPECT_EQ(list.json()["items"].size(), 1u);
  EXPECT_STATUS(call(store_, "GET", "/api/v1/supplies/movements?kind=gift"), 400);
}

}  // namespace
}  // namespace lifeline::test
