// The `reports` section of the daily summary: the status grid's counts for
// the period and the summed figures of the day's reports (app/reports/status.h).
#pragma once

#include "app/runtime.h"
#include "app/summary/summary.h"

namespace lifeline::app::reports {

class SummarySource : public summary::Source {
 public:
  explicit SummarySource(Runtime& rt) : rt_(rt) {}
  std::string_view key() const override { return "reports"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::reports
