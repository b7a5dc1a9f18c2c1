// One person's health file: a timeline of everything recorded about them.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Files {
 public:
  explicit Files(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
