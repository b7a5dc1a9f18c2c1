// The emergency-response section of the daily summary (应急抢修): incidents
// reported and closed in the period, by type, their SLA clocks, repairs under
// pressure, and what is open now.
#pragma once

#include "app/repair/incidents.h"
#include "app/summary/summary.h"

namespace lifeline::app::repair {

class RepairSummary final : public summary::Source {
 public:
  RepairSummary(Runtime& rt, Incidents& incidents) : rt_(rt), incidents_(incidents) {}
  std::string_view key() const override { return "repair"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
  Incidents& incidents_;
};

}  // namespace lifeline::app::repair
