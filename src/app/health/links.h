// Personal check-in links and their QR codes.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Links {
 public:
  explicit Links(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
