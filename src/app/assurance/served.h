// Which registered priority customers a set of network nodes serves: how an
// isolation plan's affected nodes become named customers (repair, hotline).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::assurance {

struct ServedCustomer {
  int64_t id = 0;
  std::string name, category;
  int64_t tier = 0;
  std::string node;  // the node of `nodes` through which it is served
};

// Active customers of `network_id` served at any of `nodes`, each once, by tier then name.
Result<std::vector<ServedCustomer>> served_at(store::Tx& tx, int64_t network_id, const std::vector<std::string>& nodes);

}  // namespace lifeline::app::assurance
