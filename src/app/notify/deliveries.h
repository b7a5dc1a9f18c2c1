// The delivery log (notify.read): every notice's delivery to every robot,
// with its state (queued, sent, failed), attempts and the service's answer,
// filtered by robot, unit, state, event and local days; one delivery with its
// attempts; and the counts by state that the daily summary shows.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/notify/model.h"
#include "app/runtime.h"
#include "app/summary/summary.h"
#include "core/local_time.h"

namespace lifeline::app::notify {

struct DeliveryDetail {
  Delivery delivery;
  std::string text;  // the notice's text as the robot received it (before formatting)
  std::vector<Attempt> attempts;
};

class Deliveries {
 public:
  Deliveries(Runtime& rt, const LocalTime& tz) : rt_(rt), tz_(tz) {}

  Result<DeliveryPage> list(const Actor& actor, const DeliveryFilter& filter);
  Result<DeliveryDetail> get(const Actor& actor, int64_t id);
  // Deliveries of the subtree created on the period's local days, by state.
  Result<DeliveryCounts> counts(const Actor& actor, std::optional<int64_t> org, const summary::Period& period);
  Result<DeliveryCounts> counts(store::Tx& tx, const std::string& path, const summary::Period& period);

 private:
  Runtime& rt_;
  const LocalTime& tz_;
};

}  // namespace lifeline::app::notify
