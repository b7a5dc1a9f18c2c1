// Repair crews, commando teams (党员突击队) and volunteer teams: members with
// skills and phones (masked when shown), standby status, vehicles and the
// base a crew leaves from (dispatch suggestions measure from it). A team's
// status becomes dispatched while it is on an order and returns to standby
// when the order is restored, closed or cancelled (work_orders.cpp); people
// set standby or off by hand.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::repair {

inline constexpr const char* kTeamKinds[] = {"repair", "commando", "volunteer"};

struct Member {
  std::string name;
  std::optional<std::string> phone;
  std::vector<std::string> skills;  // welding, excavator, valve, electrician, driver, ...
  std::optional<int64_t> user_id;   // the member's login: they record progress on the team's orders
};

struct NewTeam {
  int64_t org_id = 0;
  std::string name, kind = "repair", status = "standby";
  std::string base_address;
  std::optional<double> base_x, base_y;
  std::vector<std::string> vehicles;
  std::optional<int64_t> leader_user_id;
  std::vector<Member> members;
};

struct TeamPatch {
  std::optional<std::string> name, kind, status, base_address;
  std::optional<std::optional<double>> base_x, base_y;
  std::optional<std::vector<std::string>> vehicles;
  std::optional<std::optional<int64_t>> leader_user_id;
  std::optional<std::vector<Member>> members;  // replaces the list
};

struct TeamFilter {
  std::optional<int64_t> org;
  std::optional<std::string> status, kind;
};

class Teams {
 public:
  explicit Teams(Runtime& rt) : rt_(rt) {}

  Result<nlohmann::json> list(const Actor& actor, const TeamFilter& filter);
  Result<nlohmann::json> get(const Actor& actor, int64_t id);
  Result<nlohmann::json> create(const Actor& actor, const NewTeam& t);
  // expected_version: If-Match (nullopt overwrites).
  Result<nlohmann::json> update(const Actor& actor, int64_t id, const TeamPatch& p, std::optional<int64_t> expected_version);

 private:
  Runtime& rt_;
};

// The team as the API shows it (members' phones masked).
Result<nlohmann::json> team_json(store::Tx& tx, int64_t id);

}  // namespace lifeline::app::repair
