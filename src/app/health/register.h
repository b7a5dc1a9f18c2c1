// The staff register: people, HR import (CSV / XLSX) with a dry-run preview.
#pragma once

#include "app/runtime.h"

namespace lifeline::app::health {

class Register {
 public:
  explicit Register(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
