// Risk areas (中高风险地区) per utility with their validity dates: anyone in the
// utility reads them (the check-in form names them), health officers keep them.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/health/rules.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

// Areas of a utility valid on `day`.
Result<std::vector<RiskArea>> active_risk_areas(store::Tx& tx, int64_t utility_id, const std::string& day);
nlohmann::json to_json(const RiskArea& a, const std::string& today);

struct RiskAreaInput {
  std::optional<std::string> name, level, valid_from;
  std::optional<std::optional<std::string>> valid_to;  // null clears
};

class RiskAreas {
 public:
  explicit RiskAreas(Runtime& rt) : rt_(rt) {}

  // The areas of the utility of `org` (default: the actor's own unit).
  Result<std::vector<RiskArea>> list(const Actor& actor, std::optional<int64_t> org);
  Result<RiskArea> create(const Actor& actor, std::optional<int64_t> org, const RiskAreaInput& in);
  Result<RiskArea> change(const Actor& actor, int64_t id, const RiskAreaInput& in);
  Status remove(const Actor& actor, int64_t id);
  std::string today() const;

 private:
  Result<RiskArea> writable(store::Tx& tx, const Actor& actor, int64_t id, std::string& utility_path);
  Runtime& rt_;
};

}  // namespace lifeline::app::health
