// The notify section of the daily summary: messages to group robots sent,
// failed and still queued for an org subtree over local days (the command
// centre shows the failed count). Equal to GET /api/v1/notify/summary and to
// the totals of GET /api/v1/notify/deliveries with the same org and days.
#pragma once

#include "app/notify/deliveries.h"
#include "app/summary/summary.h"

namespace lifeline::app::notify {

class Summary final : public summary::Source {
 public:
  Summary(Runtime& rt, Deliveries& deliveries) : rt_(rt), deliveries_(deliveries) {}
  std::string_view key() const override { return "notify"; }
  Result<std::optional<summary::Section>> summarise(const Actor& actor, const summary::Scope& scope,
                                                    const summary::Period& period) override;

 private:
  Runtime& rt_;
  Deliveries& deliveries_;
};

}  // namespace lifeline::app::notify
