// The organisation tree (association → utility → department / plant / branch
// → team) and the command structure of the emergency response.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::org {

// Kinds of org unit, as stored in orgs.kind.
inline constexpr const char* kKinds[] = {"association", "utility", "department", "water_plant",
                                         "wastewater_plant", "branch", "team"};

struct Org {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  std::string kind;
  std::string code;
  std::string name;
  std::optional<std::string> name_en, address, phone;
  std::string path;  // "/1/4/9/"
  int64_t version = 1;
  Instant created_at;
};

struct NewOrg {
  int64_t parent_id = 0;
  std::string kind, code, name;
  std::optional<std::string> name_en, address, phone;
};

struct OrgPatch {
  std::optional<std::string> code, name;
  std::optional<std::optional<std::string>> name_en, address, phone;
};

// Kinds of command body: the command HQ (leading group) and what hangs under
// it — its office, working groups and supervision teams ("1+1+6").
inline constexpr const char* kBodyKinds[] = {"hq", "office", "working_group", "supervision_team"};

struct Member {
  int64_t id = 0;
  std::string name;
  std::optional<std::string> title, phone;
};

struct CommandBody {
  int64_t id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> parent_id;
  std::string kind, name, leader_name;
  std::optional<std::string> leader_title, responsibilities;
  int64_t sort_order = 0;
  std::vector<Member> members;
  std::vector<std::pair<int64_t, std::string>> supervised;  // org id, name
};

struct BodyFields {
  std::optional<std::optional<int64_t>> parent_id;
  std::optional<std::string> kind, name, leader_name;
  std::optional<std::optional<std::string>> leader_title, responsibilities;
  std::optional<int64_t> sort_order;
};

}  // namespace lifeline::app::org
