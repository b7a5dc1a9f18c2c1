// Work orders (工单): the repair order every incident opens, and
// disconnection orders for arrears. Moves through the state machine of
// states.h with a timestamp, the actor and the team on every change
// (work_order_events); the team's status follows its orders; SLA clocks
// (sla.h) are evaluated on every read. Every change is audited in its
// transaction and published as work_order.changed after commit.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::repair {

struct Transition {
  std::string to;
  std::optional<int64_t> team_id;  // dispatched: the team (another one to reassign)
  std::string note;
  std::string reason;              // cancelled: why
  std::vector<photos::NewPhoto> photos;  // e.g. the closing photos
};

struct Material {
  std::string item, unit;
  double quantity = 0;
};

struct FollowUp {
  std::string result, note;
  int64_t satisfaction = 0;  // 1..5
};

struct NewDisconnection {
  int64_t org_id = 0;
  std::string account_no, address, reason;
};

struct WorkOrderFilter {
  std::optional<int64_t> org;
  std::optional<std::string> kind, state;  // state: a state, or "open" (not closed or cancelled)
};

// A disconnection order as created: deferred while the emergency policy forbids it.
struct Created {
  nlohmann::json order;
  bool deferred = false;
  std::string message;
};

class WorkOrders {
 public:
  explicit WorkOrders(Runtime& rt) : rt_(rt) {}

  Result<nlohmann::json> get(const Actor& actor, int64_t id);
  Result<nlohmann::json> list(const Actor& actor, const WorkOrderFilter& filter);
  Result<nlohmann::json> transition(const Actor& actor, int64_t id, const Transition& t);
  Result<nlohmann::json> add_material(const Actor& actor, int64_t id, const Material& m);
  Result<nlohmann::json> follow_up(const Actor& actor, int64_t id, const FollowUp& f);
  Result<Created> create_disconnection(const Actor& actor, const NewDisconnection& d);

 private:
  void publish(const nlohmann::json& order);
  Runtime& rt_;
};

namespace work_orders {
// Opens the repair order of a new incident (state reported) inside the caller's transaction.
Result<int64_t> open_repair(store::Tx& tx, const Actor& actor, int64_t org_id, const std::string& org_path,
                            int64_t incident_id, int64_t priority, const nlohmann::json& sla, Instant reported_at,
                            Instant now);
// The order as the API shows it; `full` adds timeline, materials, follow-up and photos.
Result<nlohmann::json> render(store::Tx& tx, int64_t id, Instant now, bool full);
// The order of an incident (its id), if any.
Result<std::optional<int64_t>> of_incident(store::Tx& tx, int64_t incident_id);
}  // namespace work_orders

}  // namespace lifeline::app::repair
