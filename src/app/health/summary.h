// The internal-prevention section of the daily summary (内部防控): the staff
// health census of the period's last day, and the check-in rate over the period.
#pragma once

#include "app/health/census.h"
#include "app/summary/summary.h"

namespace lifeline::app::health {

class HealthSummary final : public summary::Source {
 public:
  HealthSummary(Runtime& rt, Census& census) : rt_(rt), census_(census) {}
  std::string_view key() const override { return "health"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
  Census& census_;
};

}  // namespace lifeline::app::health
