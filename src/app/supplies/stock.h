// The stock board (库存看板): on hand per warehouse and item (and lot), days
// of supply, low-stock and expiry alerts, and the suggested purchase list.
//
//   daily use       what left for use (issues and support, less returns) over
//                   the last `kUseWindowDays` days including today, ÷ that many days
//   forecast        the item's rule (base units per person per day) × the people
//                   the warehouse serves: the staff register's headcount of the
//                   units whose nearest warehouse it is (the duty module, when it
//                   lands, gives the staff on duty instead)
//   daily need      the larger of the two
//   days of supply  usable on hand (not expired) ÷ daily need; none without a need
//   below reorder   a reorder point is set and usable on hand is at or below it
//   expiring        on hand in lots that expire within kExpiryWarningDays
//   suggested       when below reorder or under kCoverDays of supply: enough to
//                   reach reorder point + safety stock + kCoverDays of need,
//                   rounded up to the item's largest packaging unit
//
// A scheduled job (supplies.alerts, hourly) tells each warehouse's unit through
// the notify outbox: low stock once a day per item, an expiring or expired
// lot once per lot.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "app/supplies/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::supplies {

inline constexpr int kUseWindowDays = 14;
inline constexpr int kExpiryWarningDays = 30;
inline constexpr int kCoverDays = 14;

struct LotStock {
  int64_t lot_id = 0;
  std::string lot_no;
  std::optional<std::string> expires_on;
  int64_t on_hand_milli = 0;
};

struct StockLine {
  int64_t warehouse_id = 0, warehouse_org_id = 0;
  std::string warehouse, warehouse_org, warehouse_path;
  Item item;
  int64_t on_hand_milli = 0, usable_milli = 0, expiring_milli = 0, expired_milli = 0;
  int64_t reorder_milli = 0, safety_milli = 0;
  double daily_use = 0;                 // base units per day
  std::optional<double> forecast;       // base units per day, from the rule
  int64_t people = 0;                   // served by the warehouse (the forecast's basis)
  std::optional<double> days_of_supply;
  bool below_reorder = false, below_safety = false;
  std::optional<std::string> next_expiry;
  std::vector<LotStock> lots;
  int64_t suggested_milli = 0;          // the purchase suggestion, 0 when none
  std::string suggested_unit;           // the packaging unit it is rounded to
  double suggested_packs = 0;           // in that unit
};

struct Alert {
  std::string kind;  // low_stock, expiring, expired
  int64_t warehouse_id = 0, warehouse_org_id = 0, item_id = 0;
  std::string warehouse, item, unit, warehouse_path;
  int64_t on_hand_milli = 0, reorder_milli = 0;
  std::optional<double> days_of_supply;
  std::optional<std::string> lot_no, expires_on;
};

// The board of every warehouse under `org_path` on local day `today`.
Result<std::vector<StockLine>> stock_board(store::Tx& tx, const std::string& org_path, const std::string& today);
std::vector<Alert> alerts_of(const std::vector<StockLine>& board, const std::string& today);

class Stock {
 public:
  explicit Stock(Runtime& rt) : rt_(rt) {}

  // `org` (default: the actor's supplies scope); `warehouse_id` narrows it to one store.
  Result<std::vector<StockLine>> board(const Actor& actor, std::optional<int64_t> org,
                                       std::optional<int64_t> warehouse_id);
  Result<std::vector<Alert>> alerts(const Actor& actor, std::optional<int64_t> org);
  Result<std::vector<StockLine>> purchase_list(const Actor& actor, std::optional<int64_t> org);

  // The scheduled job: low-stock and expiry notices, deduplicated.
  Status notify_alerts(Instant now);

 private:
  Result<std::string> prefix(store::Tx& tx, const Actor& actor, std::optional<int64_t> org);
  Runtime& rt_;
};

nlohmann::json to_json(const StockLine& s);
nlohmann::json to_json(const Alert& a);

}  // namespace lifeline::app::supplies
