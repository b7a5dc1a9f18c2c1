// Duty posts (值班岗位) per unit: 集团调度中心, 领导带班, 水厂值班长, 中控室,
// 热线坐席, 排水公司值班巡检 … each with its phone (the unit's red duty phone
// is a post's phone, flagged), radio channel, location, the coverage it must
// have (always, or given hours and days) and the minimum rest between a
// person's shifts. Reading: duty.read over the unit; changing: duty.manage.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/duty/model.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

class Posts {
 public:
  explicit Posts(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Post>> list(const Actor& actor, std::optional<int64_t> org, bool include_inactive);
  Result<Post> get(const Actor& actor, int64_t id);
  Result<Post> create(const Actor& actor, const PostInput& in);
  Result<Post> update(const Actor& actor, int64_t id, const PostInput& in, std::optional<int64_t> expected_version);
  // People on the register of a unit subtree, to put on rosters (names only; duty.manage).
  Result<std::vector<std::pair<Person, std::string>>> people(const Actor& actor, std::optional<int64_t> org,
                                                             const std::string& q);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::duty
