// The `duty` section of the daily summary: a unit subtree's posts, the
// problems of their schedule over the period (gaps, double bookings, short
// rest, unfit people scheduled), shift presence and spot checks, the duty
// log and hand-overs, and the supervision rounds of its units (rounds made,
// findings, rectification items open and overdue). Each figure equals what
// the matching endpoint answers for the same unit and days.
#pragma once

#include "app/runtime.h"
#include "app/summary/summary.h"

namespace lifeline::app::duty {

class SummarySource : public summary::Source {
 public:
  explicit SummarySource(Runtime& rt) : rt_(rt) {}
  std::string_view key() const override { return "duty"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::duty
