// Requests for supplies (物资申领): a unit asks its warehouse for items, the
// storekeeper or the unit head approves (fully or partly) or rejects, a
// large request needs a second approver, the storekeeper issues, and the
// requester confirms receipt:
//
//   submitted → approved | second_approval | rejected | cancelled
//   second_approval → approved | rejected | cancelled   (another person approves)
//   approved → issued → received
//
// A line is large when its approved quantity is above the item's
// large_issue_quantity. Issuing posts one FEFO issue movement per line to
// the requesting unit, all or nothing (a line the stock cannot cover refuses
// the whole issue with 409). Transitions lock the request's row and update
// it only from the state they were decided on.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "app/supplies/model.h"
#include "core/result.h"

namespace lifeline::app::supplies {

struct RequestLine {
  int64_t id = 0, item_id = 0;
  std::string item_name, item_code, base_unit;
  int64_t requested_milli = 0;
  double entered_quantity = 0;
  std::string entered_unit;
  std::optional<int64_t> approved_milli, movement_id, large_issue_milli;
};

struct SupplyRequest {
  int64_t id = 0, utility_id = 0, org_id = 0, warehouse_id = 0;
  std::string org_name, org_path, warehouse_name, state, purpose;
  std::optional<std::string> needed_by;
  std::optional<int64_t> requested_by, approved_by;
  std::string requested_by_name;
  Instant requested_at;
  std::optional<std::string> approved_by_name, approval_note, second_by_name, issued_by_name, received_by_name,
      closed_reason;
  std::optional<Instant> approved_at, second_at, issued_at, received_at;
  int64_t version = 1;
  std::vector<RequestLine> lines;
};

struct NewRequestLine {
  std::optional<int64_t> item_id;
  std::optional<double> quantity;
  std::optional<std::string> unit;
};

struct NewRequest {
  std::optional<int64_t> org_id;        // the requesting unit; default the actor's
  std::optional<int64_t> warehouse_id;  // default the unit's nearest warehouse
  std::string purpose;
  std::optional<std::string> needed_by;
  std::vector<NewRequestLine> lines;
};

struct Approval {
  // Quantities approved per item; items left out are approved as requested.
  // Absent: everything as requested.
  std::optional<std::vector<NewRequestLine>> lines;
  std::optional<std::string> note;
  bool issue = false;  // issue at once when the approval completes (needs supplies.manage)
};

struct RequestFilter {
  std::optional<int64_t> org, warehouse_id;
  std::optional<std::string> state;
};

class Requests {
 public:
  explicit Requests(Runtime& rt) : rt_(rt) {}

  Result<SupplyRequest> create(const Actor& actor, const NewRequest& in);
  Result<std::vector<SupplyRequest>> list(const Actor& actor, const RequestFilter& f);
  Result<SupplyRequest> get(const Actor& actor, int64_t id);
  Result<SupplyRequest> approve(const Actor& actor, int64_t id, const Approval& a,
                                std::optional<Shortfall>* shortfall = nullptr);
  Result<SupplyRequest> reject(const Actor& actor, int64_t id, const std::string& reason);
  Result<SupplyRequest> issue(const Actor& actor, int64_t id, std::optional<Shortfall>* shortfall = nullptr);
  Result<SupplyRequest> confirm(const Actor& actor, int64_t id);
  Result<SupplyRequest> cancel(const Actor& actor, int64_t id, const std::string& reason);

 private:
  void publish(const SupplyRequest& r) const;
  Runtime& rt_;
};

nlohmann::json to_json(const SupplyRequest& r);

}  // namespace lifeline::app::supplies
