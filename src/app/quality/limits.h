// Internal control limits (内控标准): a utility's own stricter limits per
// indicator, for every point type or one (e.g. outlet turbidity ≤ 0.5 NTU,
// filtered water ≤ 0.3). A value beyond them but within the national limit
// is judged a warning. Reading needs quality.read, setting quality.manage.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"

namespace lifeline::app::quality {

struct InternalLimit {
  std::string indicator, point_type;  // point_type "" = every type
  std::optional<double> min, max;
  std::string note, updated_by_name;
  Instant updated_at;
};

class InternalLimits {
 public:
  explicit InternalLimits(Runtime& rt) : rt_(rt) {}
  Result<std::vector<InternalLimit>> list(const Actor& actor, std::optional<int64_t> org);
  // Sets (or with neither min nor max, removes) one limit.
  Result<std::vector<InternalLimit>> set(const Actor& actor, std::optional<int64_t> org, const InternalLimit& limit);

 private:
  Runtime& rt_;
};

nlohmann::json to_json(const InternalLimit& l);

}  // namespace lifeline::app::quality
