// Households (grid screening) and home observation / quarantine with daily visits.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Cases {
 public:
  explicit Cases(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
