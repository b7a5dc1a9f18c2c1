// The delivery log as the API shows it (shared by the robot and delivery routes).
#pragma once

#include <nlohmann/json.hpp>

#include "app/notify/model.h"

namespace lifeline::app::notify {

nlohmann::json attempt_json(const Attempt& a);
nlohmann::json delivery_json(const Delivery& d);

}  // namespace lifeline::app::notify
