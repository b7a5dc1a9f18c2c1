// The supply-assurance section of the daily summary (保供服务): priority
// customers by status as the register shows them now, dual supply, and the
// patrols of the period.
#pragma once

#include "app/assurance/register.h"
#include "app/summary/summary.h"

namespace lifeline::app::assurance {

class AssuranceSummary final : public summary::Source {
 public:
  AssuranceSummary(Runtime& rt, Register& customers) : rt_(rt), customers_(customers) {}
  std::string_view key() const override { return "assurance"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
  Register& customers_;
};

}  // namespace lifeline::app::assurance
