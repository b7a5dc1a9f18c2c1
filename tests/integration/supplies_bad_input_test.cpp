// The issue's bad inputs, each a 4xx naming the field with nothing written:
// a negative or zero quantity, a unit that does not convert, an issue from
// another utility's warehouse, a count without the counted quantity, a
// reversal of a reversal, a disinfection record for another unit's place, a
// quantity beyond stock; and malformed bodies at any depth.
#include "integration/supplies_fixture.h"

namespace lifeline::test {
namespace {

using nlohmann::json;

class SuppliesBadInput : public SuppliesTest {
 protected:
  // What a refused request must leave as it was.
  struct Snapshot {
    int64_t movements, lines, stock_rows, records, support, audit;
    double masks;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot() {
    return {count("supply_movements"), count("supply_movement_lines"), count("supply_stock"),
            count("disinfection_records"), count("supply_support"), count("audit_log"),
            on_hand(group_, masks_)};
  }
  void expect_refused(const http::ClientResponse& r, int status, const std::string& name, const Snapshot& before) {
    EXPECT_EQ(r.status, status) << name << ": " << r.body;
    if (name.empty()) EXPECT_FALSE(field(r).empty()) << r.body;  // whichever member is deepest
    else EXPECT_EQ(field(r), name) << r.body;
    EXPECT_TRUE(snapshot() == before) << name << " wrote something";
  }
};

TEST_F(SuppliesBadInput, EachRuleOfTheIssueIsA4xxNamingTheFieldAndWritesNothing) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 2, "盒")), 201);
  auto out = move(store_, issue(group_, masks_, 10, "只"));
  ASSERT_STATUS(out, 201);
  auto undo = move(store_, {{"kind", "issue"}, {"reverses", out.json()["id"]}});
  ASSERT_STATUS(undo, 201);
  auto health = login("a_health");  // places are set up by the unit's health officer
  auto place = call(health, "POST", "/api/v1/disinfection/places",
                    {{"org_id", plant_a_}, {"name", "第八水厂食堂"}, {"kind", "canteen"}, {"agent", "含氯消毒液"}});
  ASSERT_STATUS(place, 201);
  auto b = login("b_store");  // before the snapshot: a login is audited
  auto office = login("a_staff");
  const auto before = snapshot();

  expect_refused(move(store_, issue(group_, masks_, -5, "只")), 400, "quantity", before);
  expect_refused(move(store_, issue(group_, masks_, 0, "只")), 400, "quantity", before);
  expect_refused(move(store_, receipt(group_, masks_, 0, "盒")), 400, "quantity", before);
  expect_refused(move(store_, issue(group_, masks_, 1, "kg")), 400, "unit", before);
  expect_refused(move(store_, receipt(group_, masks_, 1, "箱")), 400, "unit", before);
  expect_refused(move(b, issue(group_, masks_, 1, "只", {{"to_org_id", util_b_}})), 404, "warehouse_id", before);
  expect_refused(move(store_, {{"kind", "adjust"}, {"warehouse_id", group_}, {"item_id", masks_}, {"unit", "只"}}),
                 400, "counted_quantity", before);
  expect_refused(move(store_, {{"kind", "adjust"}, {"warehouse_id", group_}, {"item_id", masks_},
                               {"counted_quantity", -1}}),
                 400, "counted_quantity", before);
  expect_refused(move(store_, {{"kind", "issue"}, {"reverses", undo.json()["id"]}}), 400, "reverses", before);
  expect_refused(call(office, "POST", "/api/v1/disinfection/records", {{"place_id", place.json()["id"]}}), 404,
                 "place_id", before);
  expect_refused(move(store_, issue(group_, masks_, 101, "只")), 409, "quantity", before);

  // More of the same kind: types, unknown fields, ranges, missing parts.
  expect_refused(move(store_, issue(group_, masks_, 1, "只", {{"quantity", "many"}})), 400, "quantity", before);
  expect_refused(move(store_, issue(group_, masks_, 1, "只", {{"colour", "red"}})), 400, "colour", before);
  expect_refused(move(store_, issue(group_, masks_, 1e300, "只")), 400, "quantity", before);
  expect_refused(move(store_, issue(group_, masks_, 0.0001, "只")), 400, "quantity", before);
  expect_refused(move(store_, issue(group_, masks_, 1, "只", {{"purpose", ""}})), 400, "purpose", before);
  expect_refused(move(store_, {{"kind", "gift"}, {"warehouse_id", group_}, {"item_id", masks_}, {"quantity", 1}}), 400,
                 "kind", before);
  expect_refused(move(store_, {{"kind", "transfer"}, {"warehouse_id", group_}, {"item_id", masks_}, {"quantity", 1}}),
                 400, "to_warehouse_id", before);
  expect_refused(move(store_, {{"kind", "scrap"}, {"warehouse_id", group_}, {"item_id", masks_}, {"quantity", 1}}),
                 400, "reason", before);
  expect_refused(move(store_, receipt(group_, masks_, 1, "只", {{"expires_on", "2020-02-30"}})), 400, "expires_on",
                 before);
  expect_refused(move(store_, receipt(group_, masks_, 1, "只", {{"occurred_at", "2030-01-01T00:00:00Z"}})), 400,
                 "occurred_at", before);
  expect_refused(move(store_, issue(group_, masks_, 1, "只", {{"note", std::string("a\0b", 3)}})), 400, "note",
                 before);
  expect_refused(move(store_, receipt(group_, masks_, 1, "只", {{"lot_id", 999999}})), 400, "lot_id", before);
  expect_refused(move(store_, {{"kind", "issue"}, {"reverses", 999999}}), 404, "reverses", before);
  expect_refused(move(store_, json::array({1, 2})), 400, "body", before);
  auto deep = json::object();
  json* at = &deep;
  for (int i = 0; i < 200; ++i) at = &((*at)["x"] = json::object());
  expect_refused(move(store_, deep), 400, "", before);
  auto raw = store_.client->request("POST", "/api/v1/supplies/movements", "{\"kind\": \"issue\", ",
                                    {{"X-CSRF-Token", store_.csrf}, {"Content-Type", "application/json"}});
  ASSERT_TRUE(raw.ok());
  expect_refused(*raw, 400, "body", before);
}

}  // namespace
}  // namespace lifeline::test
