// Counts per unit and day, who is missing, trends, reminders and the daily summary.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Census {
 public:
  explicit Census(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
