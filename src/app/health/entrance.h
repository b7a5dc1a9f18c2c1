// Temperature checks at site entrances, for employees and visitors.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Entrance {
 public:
  explicit Entrance(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
