// Support to other organisations (对外支援): supplies given to hospitals,
// communities, government units and companies. A delivery is a `support`
// movement of the ledger (stock follows) with the recipient, the contact,
// the quantity with its concentration, who delivered it when and in which
// vehicle, photos and the signed receipt (photos owners 'supply_support' and
// 'supply_support_receipt'). Totals per item (base unit) and recipient type
// over a period serve the briefing and the association (邵阳's "about 140 t
// by 7 February" is one such question), and each delivery has a certificate
// of donation (捐赠证明), printed from the web page. A reversed delivery
// stays in the register, marked, and leaves the totals.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "app/supplies/model.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::supplies {

struct Delivery {
  std::string recipient_name, recipient_type, contact_name, contact_phone;
  std::optional<double> concentration;  // %
  std::string delivered_by, vehicle;
  std::optional<Instant> delivered_at;  // default: the movement's time
  std::vector<photos::NewPhoto> photos, receipt;
};

// The delivery's own rules (recipient named, type known, concentration a %).
std::vector<FieldError> check(const Delivery& d);

// Registers the delivery of support movement `movement_id` (in its transaction).
Result<int64_t> register_delivery(store::Tx& tx, const Actor& actor, int64_t movement_id, const Warehouse& w,
                                  const Item& item, int64_t quantity_milli, const std::string& day, Instant occurred_at,
                                  const std::string& note, const Delivery& d, Instant now);

struct SupportRecord {
  int64_t id = 0, movement_id = 0, utility_id = 0, item_id = 0, warehouse_id = 0;
  std::string org_path, utility_name, item_name, item_category, base_unit, warehouse_name, day;
  int64_t quantity_milli = 0;
  std::string recipient_name, recipient_type, contact_name, contact_phone, delivered_by, vehicle, note;
  std::optional<double> concentration;
  Instant delivered_at;
  std::optional<int64_t> reversed_by;
  nlohmann::json photos = nlohmann::json::array(), receipt = nlohmann::json::array();
};

struct SupportFilter {
  std::optional<int64_t> org, item_id;
  std::optional<std::string> from, to, recipient_type;  // local days, inclusive
};

// Totals of deliveries not reversed.
struct ItemTotal {
  int64_t item_id = 0;
  std::string item, category, unit;
  int64_t quantity_milli = 0, deliveries = 0;
  std::vector<std::pair<std::string, int64_t>> by_type;  // recipient type → milli
};
struct TypeTotal {
  std::string recipient_type;
  int64_t deliveries = 0, recipients = 0;
};
struct SupportTotals {
  std::string from, to;
  int64_t deliveries = 0, recipients = 0;
  std::vector<ItemTotal> items;
  std::vector<TypeTotal> types;
  std::vector<std::pair<std::string, int64_t>> per_day;  // day → deliveries
};

class Support {
 public:
  explicit Support(Runtime& rt) : rt_(rt) {}

  Result<std::vector<SupportRecord>> list(const Actor& actor, const SupportFilter& f);
  Result<SupportRecord> get(const Actor& actor, int64_t id);
  // Default period: from the first delivery to today.
  Result<SupportTotals> totals(const Actor& actor, const SupportFilter& f);

 private:
  Runtime& rt_;
};

// The same totals inside a transaction, for the daily summary.
Result<SupportTotals> support_totals(store::Tx& tx, const std::string& org_path, const std::string& from,
                                     const std::string& to);

nlohmann::json to_json(const SupportRecord& s);
nlohmann::json to_json(const SupportTotals& t);

}  // namespace lifeline::app::supplies
