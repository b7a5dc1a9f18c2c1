// Places to disinfect (消毒点位) per unit: meeting rooms, elevators,
// corridors, canteens, business halls, offices, toilets, commuter buses,
// staff housing, plant control rooms; each with its schedule (times per
// day, or after each run for a bus), the agent and the dose, the stock item
// the agent is drawn from and the warehouse (default the unit's nearest).
// Each place has a QR code (a random token) printed on a sheet and stuck at
// the place; a cleaner scans it to record a round.
//
// Reading needs supplies.read or disinfection.record; planning
// disinfection.manage. Places are scoped strictly by the org subtree: a unit
// sees and records its own places, another unit's place is not found.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::disinfection {

inline constexpr std::string_view kPlaceKinds[] = {"meeting_room", "elevator",     "corridor",      "canteen",
                                                   "business_hall", "office",      "toilet",        "commuter_bus",
                                                   "staff_housing", "control_room"};

struct Place {
  int64_t id = 0, utility_id = 0, org_id = 0;
  std::string org_name, org_path, name, kind;
  int times_per_day = 1;
  bool after_each_use = false;
  std::string agent, dose;
  std::optional<int64_t> agent_item_id, dose_milli, warehouse_id;
  std::string agent_item_name, agent_unit, warehouse_name;
  std::string qr_token;
  bool active = true;
  int64_t version = 1;
  Instant created_at;
};

struct NewPlace {
  std::optional<int64_t> org_id;  // default the actor's unit
  std::string name, kind;
  int times_per_day = 1;
  bool after_each_use = false;
  std::string agent, dose;
  std::optional<int64_t> agent_item_id, warehouse_id;
  std::optional<double> dose_quantity;  // the agent one round uses
  std::optional<std::string> dose_unit;
};

struct PlacePatch {
  std::optional<std::string> name, agent, dose;
  std::optional<int> times_per_day;
  std::optional<bool> after_each_use, active;
  std::optional<std::optional<double>> dose_quantity;
  std::optional<std::string> dose_unit;
};

class Places {
 public:
  explicit Places(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Place>> list(const Actor& actor, std::optional<int64_t> org);
  Result<Place> get(const Actor& actor, int64_t id);
  // The place a scanned code names, when the actor's unit has it.
  Result<Place> by_token(const Actor& actor, const std::string& token);
  Result<Place> create(const Actor& actor, const NewPlace& in);
  Result<Place> update(const Actor& actor, int64_t id, const PlacePatch& p);

 private:
  Runtime& rt_;
};

bool may_read(const Actor& actor);
Result<std::optional<Place>> find_place(store::Tx& tx, int64_t id);
Result<std::vector<Place>> places_under(store::Tx& tx, const std::string& org_path, bool active_only);
// The place when the actor's subtree holds it; else not found naming `field`.
Result<Place> visible_place(store::Tx& tx, const Actor& actor, int64_t id, const std::string& field);

// The web page a place's QR code opens ("/#/d/<token>").
std::string scan_path(const std::string& token);

nlohmann::json to_json(const Place& p);

}  // namespace lifeline::app::disinfection
