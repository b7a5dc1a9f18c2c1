// The command section of the daily summary (指挥调度): the response in force
// for the unit, its level and day, and the command structure behind it.
#pragma once

#include "app/emergency/service.h"
#include "app/runtime.h"
#include "app/summary/summary.h"

namespace lifeline::app::emergency {

class CommandSummary final : public summary::Source {
 public:
  CommandSummary(Runtime& rt, Service& emergencies) : rt_(rt), emergencies_(emergencies) {}
  std::string_view key() const override { return "command"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
  Service& emergencies_;
};

}  // namespace lifeline::app::emergency
