// The checklists the HQ keeps for its rounds (督导检查表): duty presence,
// temperature checks at the gate, masks and disinfectant in stock,
// disinfection records, priority-customer patrols … Read by everyone in
// scope (supervision.read); kept by supervision.conduct holders. A round
// copies the items it answers, so a changed checklist never alters a past round.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/runtime.h"
#include "app/supervision/model.h"

namespace lifeline::app::supervision {

class Checklists {
 public:
  explicit Checklists(Runtime& rt) : rt_(rt) {}

  // Those kept at the unit, above it, or below it.
  Result<std::vector<Checklist>> list(const Actor& actor, std::optional<int64_t> org);
  Result<Checklist> create(const Actor& actor, const ChecklistInput& in);
  Result<Checklist> update(const Actor& actor, int64_t id, const ChecklistInput& in, std::optional<int64_t> version);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::supervision
