// Personal check-in links and their QR codes.
#pragma once

#include <string_view>

#include "app/health/model.h"
#include "app/runtime.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::health {

// The person a check-in link token belongs to (the token may submit only that
// person's check-in); unauthenticated when the token is malformed, forged or revoked.
Result<Staff> resolve_link(store::Tx& tx, std::string_view token);

class Links {
 public:
  explicit Links(Runtime& rt) : rt_(rt) {}

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::health
