// Daily check-ins: submission (self, link, proxy), the rules that make one abnormal, risk areas.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Checkins {
 public:
  explicit Checkins(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
