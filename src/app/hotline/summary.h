// The hotline section of the daily summary (客服热线): calls of the period,
// how many are handled, by category — the statistics' own figures.
#pragma once

#include "app/hotline/stats.h"
#include "app/summary/summary.h"

namespace lifeline::app::hotline {

class HotlineSummary final : public summary::Source {
 public:
  explicit HotlineSummary(Stats& stats) : stats_(stats) {}
  std::string_view key() const override { return "hotline"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Stats& stats_;
};

}  // namespace lifeline::app::hotline
