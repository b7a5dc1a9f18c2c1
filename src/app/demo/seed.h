// Demo data: a provincial association of water utilities as in the seed
// report (Changsha, Zhuzhou, Hengyang, ...), their units and command
// structures, demo accounts of every role, and the emergency response of
// early 2020. Created through the services, so the audit log shows it too.
// Each module adds its part here.
#pragma once

#include <string>
#include <vector>

#include "app/platform.h"

namespace lifeline::app::demo {

struct DemoAccount {
  std::string username, role, org_name;
};

struct Seeded {
  bool created = false;  // false: the database already had the demo data
  std::vector<DemoAccount> accounts;
};

// Idempotent: does nothing when the demo utility already exists.
Result<Seeded> seed(Platform& platform, const std::string& password);

}  // namespace lifeline::app::demo
