// Water quality's daily summary (section "quality"): approved drinking-water
// samples and their pass rates, the composite rate, open exceedances, and
// the day's sampling tasks — the same figures GET /quality/compliance,
// /quality/exceedances and /quality/tasks answer for that unit and period.
#pragma once

#include "app/runtime.h"
#include "app/summary/summary.h"

namespace lifeline::app::quality {

class SummarySource : public summary::Source {
 public:
  explicit SummarySource(Runtime& rt) : rt_(rt) {}
  std::string_view key() const override { return "quality"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::quality
