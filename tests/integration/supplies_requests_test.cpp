// Requests (申领): a unit asks, the storekeeper or unit head approves fully
// or partly, a large request needs a second person, the issue follows, the
// requester confirms; a shortfall at issue writes nothing.
#include "integration/supplies_fixture.h"

namespace lifeline::test {
namespace {

using nlohmann::json;

class SuppliesRequests : public SuppliesTest {
 protected:
  json ask(Session& s, double masks, double naclo = 0) {
    json lines = {{{"item_id", masks_}, {"quantity", masks}, {"unit", "只"}}};
    if (naclo > 0) lines.push_back({{"item_id", naclo_}, {"quantity", naclo}});
    auto r = call(s, "POST", "/api/v1/supplies/requests",
                  {{"purpose", "人力资源部下周防护"}, {"warehouse_id", group_}, {"lines", lines}});
    EXPECT_STATUS(r, 201);
    return r.json();
  }
  std::string path(const json& r, const std::string& action) {
    return "/api/v1/supplies/requests/" + std::to_string(r["id"].get<int64_t>()) + "/" + action;
  }
};

TEST_F(SuppliesRequests, AUnitAsksTheStorekeeperApprovesPartlyAndIssuesAndTheUnitConfirms) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 20, "盒")), 201);
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 100, "kg")), 201);
  auto staff = login("a_staff");
  auto req = ask(staff, 600, 30);
  EXPECT_EQ(req["state"], "submitted");
  EXPECT_EQ(req["org_id"], dept_a_);
  // Staff cannot approve; the storekeeper approves 400 of the 600 masks and issues at once.
  EXPECT_STATUS(call(staff, "POST", path(req, "approve")), 403);
  auto approved = call(store_, "POST", path(req, "approve"),
                       {{"lines", {{{"item_id", masks_}, {"quantity", 8}, {"unit", "盒"}}}}, {"issue", true}});
  ASSERT_STATUS(approved, 200);
  EXPECT_EQ(approved.json()["state"], "issued");
  EXPECT_EQ(approved.json()["lines"][0]["approved"], 400);
  EXPECT_EQ(approved.json()["lines"][1]["approved"], 30);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 600);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 70);
  EXPECT_EQ(count("supply_movements", "kind = 'issue' AND request_id IS NOT NULL"), 2);
  // Over the requested quantity is refused.
  auto more = ask(staff, 10);
  auto over = call(store_, "POST", path(more, "approve"), {{"lines", {{{"item_id", masks_}, {"quantity", 11}}}}});
  ASSERT_STATUS(over, 400);
  EXPECT_EQ(field(over), "lines/0/quantity");
  // The requester confirms receipt; the list shows the unit its own requests.
  auto received = call(staff, "POST", path(req, "confirm"));
  ASSERT_STATUS(received, 200);
  EXPECT_EQ(received.json()["state"], "received");
  auto mine = call(staff, "GET", "/api/v1/supplies/requests");
  ASSERT_STATUS(mine, 200);
  EXPECT_EQ(mine.json()["items"].size(), 2u);
  auto plant = login("a_plant_staff");
  EXPECT_TRUE(call(plant, "GET", "/api/v1/supplies/requests").json()["items"].empty());
  EXPECT_STATUS(call(plant, "GET", "/api/v1/supplies/requests/" + std::to_string(req["id"].get<int64_t>())), 404);
}

TEST_F(SuppliesRequests, ALargeRequestNeedsASecondApproverWhoIsAnotherPerson) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 40, "盒")), 201);
  auto staff = login("a_staff");
  auto req = ask(staff, 1500);  // above the item's large_issue_quantity of 1,000
  auto first = call(store_, "POST", path(req, "approve"), {{"issue", true}});
  ASSERT_STATUS(first, 200);
  EXPECT_EQ(first.json()["state"], "second_approval");
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 2000);
  auto same = call(store_, "POST", path(req, "approve"));
  ASSERT_STATUS(same, 409);
  auto commander = login("a_commander");
  auto second = call(commander, "POST", path(req, "approve"));
  ASSERT_STATUS(second, 200);
  EXPECT_EQ(second.json()["state"], "approved");
  EXPECT_EQ(second.json()["second_by_name"], "a_commander");
  EXPECT_STATUS(call(commander, "POST", path(req, "issue")), 403);  // the storekeeper issues
  auto issued = call(store_, "POST", path(req, "issue"));
  ASSERT_STATUS(issued, 200);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 500);
}

TEST_F(SuppliesRequests, AnIssueTheStockCannotCoverWritesNothing) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 100, "只")), 201);
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 10, "kg")), 201);
  auto staff = login("a_staff");
  auto req = ask(staff, 50, 20);
  auto r = call(store_, "POST", path(req, "approve"), {{"issue", true}});
  ASSERT_STATUS(r, 409);
  EXPECT_EQ(r.json()["item"], "次氯酸钠溶液");
  EXPECT_EQ(r.json()["on_hand"], 10);
  auto again = call(store_, "GET", "/api/v1/supplies/requests/" + std::to_string(req["id"].get<int64_t>()));
  EXPECT_EQ(again.json()["state"], "submitted");
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 100);
  EXPECT_EQ(count("supply_movements", "kind = 'issue'"), 0);
  // Rejected with a reason; then nothing more happens to it.
  auto rejected = call(store_, "POST", path(req, "reject"), {{"reason", "次氯酸钠不足，下周再领"}});
  ASSERT_STATUS(rejected, 200);
  EXPECT_EQ(rejected.json()["state"], "rejected");
  EXPECT_STATUS(call(store_, "POST", path(req, "approve")), 409);
}

TEST_F(SuppliesRequests, ARequestNamesItemsOfItsUtilityInUnitsThatConvert) {
  auto staff = login("a_staff");
  auto r = call(staff, "POST", "/api/v1/supplies/requests",
                {{"purpose", "x"}, {"lines", {{{"item_id", masks_}, {"quantity", 1}, {"unit", "kg"}},
                                              {{"item_id", masks_}, {"quantity", -2}}}}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(r.json()["errors"][0]["field"], "lines/0/unit");
  EXPECT_EQ(r.json()["errors"][1]["field"], "lines/1/item_id");
  auto other = call(staff, "POST", "/api/v1/supplies/requests",
                    {{"purpose", "x"}, {"org_id", util_b_}, {"lines", {{{"item_id", masks_}, {"quantity", 1}}}}});
  ASSERT_STATUS(other, 404);
  EXPECT_EQ(field(other), "org_id");
  EXPECT_EQ(count("supply_requests"), 0);
}

}  // namespace
}  // namespace lifeline::test
