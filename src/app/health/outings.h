// Outing registration: request, approval by the unit head, return, overdue.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Outings {
 public:
  explicit Outings(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
