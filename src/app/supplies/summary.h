// The daily summary's `supplies` section: days of supply of the masks,
// low-stock and expiry alerts, the movements of the period, support given to
// other organisations, and the disinfection rounds done and overdue. Each
// figure is what the module's own endpoints answer for the same unit and
// days: the stock board (GET /supplies/stock, as of now), the support totals
// (GET /supplies/support/summary) and the completion rates
// (GET /disinfection/completion).
#pragma once

#include "app/runtime.h"
#include "app/summary/summary.h"

namespace lifeline::app::supplies {

class SummarySource final : public summary::Source {
 public:
  explicit SummarySource(Runtime& rt) : rt_(rt) {}
  std::string_view key() const override { return "supplies"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::supplies
