// What every part of quality shares: the utility a unit belongs to, who may
// read a utility's records, the unit a list is asked for, and local days.
#pragma once

#include <optional>
#include <string>

#include "app/actor.h"
#include "app/runtime.h"
#include "core/local_time.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::quality {

struct Unit {
  int64_t id = 0;
  std::string path, kind, name;
};

// The utility above (or at) the unit with this path; not found when the path
// is the association's or above every utility.
Result<Unit> utility_of(store::Tx& tx, const std::string& path);
Result<std::optional<Unit>> find_unit(store::Tx& tx, int64_t id);

// Records belong to their utility: readable from anywhere inside it (the
// quality centre supervises the plants) and from above it (the association).
inline bool may_read(const Actor& actor, const std::string& utility_path) {
  return actor.sees(utility_path) || actor.org_path.starts_with(utility_path);
}

// The unit a list or a statistic is asked for (`org`), default: the actor's
// utility (or the actor's unit above every utility). Another utility's unit
// is not found, naming `field`.
Result<Unit> unit_for_query(store::Tx& tx, const Actor& actor, std::optional<int64_t> org, const char* field);

LocalTime local_time(const Runtime& rt);

// A JSON array of strings <-> text column.
std::string to_json_text(const std::vector<std::string>& v);
std::vector<std::string> from_json_text(const std::string& s);

bool one_of(const std::string& v, std::initializer_list<const char*> allowed);
bool blank(const std::string& s);

}  // namespace lifeline::app::quality
