// Recording and reading movements (出入库): receipts, issues, transfers,
// returns, stock counts, scrap and support to other organisations, and their
// reversals, as storekeepers enter them (supplies.manage); the ledger with
// filters and its XLSX export (supplies.read). POSTs honour Idempotency-Key:
// the answer is stored in the movement's transaction and replayed.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "app/runtime.h"
#include "app/supplies/ledger.h"
#include "app/supplies/model.h"
#include "app/supplies/support.h"
#include "core/result.h"

namespace lifeline::app::supplies {

struct NewMovement {
  std::string kind;
  std::optional<int64_t> reverses;  // the movement this one reverses
  std::optional<int64_t> warehouse_id, item_id, to_warehouse_id, lot_id, to_org_id;
  std::optional<std::string> item_code;  // a scanned barcode instead of item_id
  std::optional<double> quantity, counted_quantity;
  std::optional<std::string> unit, source, lot_no, expires_on, to_name, purpose, supplier, reference, note;
  std::optional<Instant> occurred_at;
  std::optional<Delivery> support;  // kind support: the recipient and the delivery
};

// An Idempotency-Key with the request's fingerprint.
struct Retry {
  std::string key, fingerprint;
};

struct Recorded {
  int status = 201;
  std::string body;        // the JSON answer (stored with the key)
  bool replayed = false;   // the key's earlier answer
  bool key_reused = false; // the key was used for a different request: 422
  std::optional<Movement> movement;  // absent when replayed
};

struct MovementFilter {
  std::optional<int64_t> org, warehouse_id, item_id, before_id;
  std::optional<std::string> kind, from, to;  // local days, inclusive
  int limit = 200;
};

struct MovementPage {
  std::vector<Movement> items;
  std::optional<int64_t> next_cursor;
};

class Movements {
 public:
  explicit Movements(Runtime& rt) : rt_(rt) {}

  // `shortfall` is filled when the stock cannot cover the movement (409).
  Result<Recorded> record(const Actor& actor, const NewMovement& in, const std::optional<Retry>& retry,
                          std::optional<Shortfall>* shortfall = nullptr);
  Result<MovementPage> list(const Actor& actor, const MovementFilter& f);
  Result<Movement> get(const Actor& actor, int64_t id);
  // The ledger as a workbook (at most 50,000 movements of the filter).
  Result<std::string> export_xlsx(const Actor& actor, MovementFilter f);

  void publish(const Movement& m) const;

 private:
  Result<Recorded> write(const Actor& actor, const NewMovement& in, const std::optional<Retry>& retry,
                         std::optional<Shortfall>* shortfall);
  Runtime& rt_;
  api::Idempotency idem_;
};

nlohmann::json to_json(const Movement& m);

}  // namespace lifeline::app::supplies
