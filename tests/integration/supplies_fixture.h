// Fixture of the supplies and disinfection tests: a storekeeper of utility A,
// A's group warehouse and plant warehouse, a few items (masks in boxes of 50,
// hypochlorite in kg with drums of 25 kg), and helpers that post through the
// API and read the ledger and the stock straight from the database.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "integration/harness.h"

namespace lifeline::test {

class SuppliesTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    for (auto [name, role, org] : {std::tuple{"a_store", "storekeeper", dept_a_}, {"b_store", "storekeeper", util_b_},
                                   {"a_store2", "storekeeper", dept_a_}}) {
      auto r = platform_->accounts().create_user(system, {name, name, role, org, kPassword, "13800002222"});
      ASSERT_TRUE(r.ok()) << r.error().message;
    }
    store_ = login("a_store");
    group_ = make_warehouse(store_, util_a_, "A-01", "集团防疫物资仓库");
    plant_store_ = make_warehouse(store_, plant_a_, "A-08", "第八水厂仓库");
    masks_ = make_item(store_, {{"code", "MSK"},
                                {"name", "医用外科口罩"},
                                {"category", "mask_surgical"},
                                {"base_unit", "只"},
                                {"units", {{{"unit", "盒"}, {"factor", 50}}}},
                                {"per_person_day", 1},
                                {"large_issue_quantity", 1000}});
    naclo_ = make_item(store_, {{"code", "NACLO"},
                                {"name", "次氯酸钠溶液"},
                                {"category", "hypochlorite"},
                                {"base_unit", "kg"},
                                {"concentration", 10},
                                {"units", {{{"unit", "桶"}, {"factor", 25}}}}});
  }

  int64_t make_warehouse(Session& s, int64_t org, const std::string& code, const std::string& name) {
    auto r = call(s, "POST", "/api/v1/supplies/warehouses", {{"org_id", org}, {"code", code}, {"name", name}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }
  int64_t make_item(Session& s, const nlohmann::json& body) {
    auto r = call(s, "POST", "/api/v1/supplies/items", body);
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }

  // POST /supplies/movements; `key` sets an Idempotency-Key.
  http::ClientResponse move(Session& s, const nlohmann::json& body, const std::string& key = "") {
    std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}};
    if (!key.empty()) headers["Idempotency-Key"] = key;
    auto r = s.client->request("POST", "/api/v1/supplies/movements", body.dump(), headers);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }
  nlohmann::json receipt(int64_t warehouse, int64_t item, double quantity, const std::string& unit,
                         const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json b = {{"kind", "receipt"}, {"warehouse_id", warehouse}, {"item_id", item},
                        {"quantity", quantity}, {"unit", unit}, {"source", "purchase"}};
    b.update(extra);
    return b;
  }
  nlohmann::json issue(int64_t warehouse, int64_t item, double quantity, const std::string& unit,
                       const nlohmann::json& extra = nlohmann::json::object()) {
    nlohmann::json b = {{"kind", "issue"},   {"warehouse_id", warehouse}, {"item_id", item}, {"quantity", quantity},
                        {"unit", unit},      {"to_org_id", dept_a_},      {"purpose", "一线防护"}};
    b.update(extra);
    return b;
  }

  // Stock on hand (base units) of an item in a warehouse, from the stock rows.
  double on_hand(int64_t warehouse, int64_t item) {
    return sum("SELECT COALESCE(SUM(on_hand_milli), 0) FROM supply_stock WHERE warehouse_id = " +
               std::to_string(warehouse) + " AND item_id = " + std::to_string(item)) / 1000.0;
  }
  // The same from the ledger's lines: the two must always agree.
  double ledger_sum(int64_t warehouse, int64_t item) {
    return sum("SELECT COALESCE(SUM(delta_milli), 0) FROM supply_movement_lines WHERE warehouse_id = " +
               std::to_string(warehouse) + " AND item_id = " + std::to_string(item)) / 1000.0;
  }
  double sum(const std::string& sql) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one(sql));
      return row ? row->integer(0) : 0;
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? static_cast<double>(*r) : -1;
  }
  // A stock-board line of the item in the warehouse.
  nlohmann::json board_line(Session& s, int64_t org, int64_t warehouse, int64_t item) {
    auto r = call(s, "GET", "/api/v1/supplies/stock?org=" + std::to_string(org));
    EXPECT_STATUS(r, 200);
    const auto body = r.json();  // a temporary's element would dangle in the loop
    for (const auto& line : body["items"])
      if (line["warehouse"]["id"] == warehouse && line["item"]["id"] == item) return line;
    return nullptr;
  }
  static std::string field(const http::ClientResponse& r) {
    auto j = r.json();
    return j.contains("errors") && !j["errors"].empty() ? j["errors"][0]["field"].get<std::string>() : "";
  }

  Session store_;
  int64_t group_ = 0, plant_store_ = 0, masks_ = 0, naclo_ = 0;
};

}  // namespace lifeline::test
