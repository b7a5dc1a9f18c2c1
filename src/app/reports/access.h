// Who sees a report template: its HQ and those above it (their subtree holds
// it), and every unit below the HQ that may owe it. Another utility's
// template answers 404.
#pragma once

#include "app/actor.h"
#include "app/reports/model.h"

namespace lifeline::app::reports {

inline bool sees_template(const Actor& actor, const Template& t) {
  return actor.sees(t.org_path) || actor.org_path.starts_with(t.org_path);
}

}  // namespace lifeline::app::reports
