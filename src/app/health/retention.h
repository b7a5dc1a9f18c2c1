// Purging personal health data a retention period after the emergency ends.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Retention {
 public:
  explicit Retention(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
