// Overrides (调班 / 代班) for one interval: a cover (the person takes the
// post for the whole interval) or a swap (the person takes another's place
// where that one was scheduled), always with a reason. A unit head
// (duty.manage over the post) creates approved overrides and decides the
// requests that people on the roster make for their own shifts. Requested and
// approved overrides of a post never overlap: checked under a row lock on the
// post, so two at once cannot both pass.
#pragma once

#include <optional>
#include <vector>

#include "app/actor.h"
#include "app/duty/model.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

struct OverrideFilter {
  std::optional<int64_t> org, post;
  std::optional<std::string> state;
  std::optional<Instant> from, to;
};

class Overrides {
 public:
  explicit Overrides(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Override>> list(const Actor& actor, const OverrideFilter& f);
  Result<Override> create(const Actor& actor, const NewOverride& in);
  // approve / reject (duty.manage over the post); cancel (the requester or a manager).
  Result<Override> decide(const Actor& actor, int64_t id, const std::string& decision,
                          const std::optional<std::string>& note);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::duty
