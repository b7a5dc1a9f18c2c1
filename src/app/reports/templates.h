// Report templates (报告模板) kept by a group's HQ (reports.review): typed
// fields, which units must report (by unit kind under the HQ and/or a list),
// daily deadlines in the utility's zone with the reminder and escalation
// times. A change is a new version that applies from its effective time on
// (never earlier than now): past deadlines and their submissions keep the
// version they had. The template row is locked while a version is added.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/reports/model.h"
#include "app/runtime.h"

namespace lifeline::app::reports {

class Templates {
 public:
  explicit Templates(Runtime& rt) : rt_(rt) {}

  // The templates that concern a unit: kept at it or above it, or below it.
  Result<std::vector<Template>> list(const Actor& actor, std::optional<int64_t> org);
  Result<Template> get(const Actor& actor, int64_t id);
  Result<Template> create(const Actor& actor, const TemplateInput& in);
  Result<Template> change(const Actor& actor, int64_t id, const TemplateInput& in, std::optional<int64_t> version);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::reports
