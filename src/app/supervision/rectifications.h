// Rectification items (整改事项): open → answered (the unit's response, by
// the owner or the unit's head) → closed (the team verifies it), or back to
// open when the team sends it back with a note. An open item past its
// deadline is overdue: shown on read at once, and flagged by the scheduled
// job with a notice to the unit (once per item). Transitions are
// conditional updates on the state and version.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "app/schedule/scheduler.h"
#include "app/supervision/model.h"

namespace lifeline::app::supervision {

struct UnitResponse {
  std::string text;
  std::vector<photos::NewPhoto> photos;
  std::optional<int64_t> version;
};

struct Verification {
  bool accepted = true;
  std::optional<std::string> note;
  std::optional<int64_t> version;
};

// A subtree's supervision over a span (rounds made and findings in it; open
// and overdue items as of `now`): the duty section of the daily summary.
struct Figures {
  int64_t rounds = 0, findings = 0, open = 0, overdue = 0;
};
Result<Figures> figures(store::Tx& tx, const std::string& path, Instant from, Instant until, Instant now);

class Rectifications {
 public:
  explicit Rectifications(Runtime& rt) : rt_(rt) {}

  // state: open, overdue, answered, closed or all (default: everything not closed).
  Result<std::vector<Rectification>> list(const Actor& actor, std::optional<int64_t> org,
                                          const std::optional<std::string>& state);
  Result<Rectification> respond(const Actor& actor, int64_t id, const UnitResponse& in);
  Result<Rectification> verify(const Actor& actor, int64_t id, const Verification& in);
  // Flags open items past their deadline; returns how many.
  Result<int64_t> flag_overdue(Instant now);

 private:
  Runtime& rt_;
};

schedule::Job overdue_job(Rectifications& r);

}  // namespace lifeline::app::supervision
