// Rosters (值班表) in the shape on-call tools use: per post a normal roster
// (e.g. the Spring Festival roster) and an epidemic roster, each of layers —
// an ordered list of people on a rotation (24 h on, day/night 12 h, three
// shifts of 8 h, weekly, or a custom length) with a hand-off time and an
// optional restriction (weekdays only, given hours). A change never rewrites
// the past: the current layers end at `effective_from` and the new ones start
// there. The post's row is locked while its rosters change.
//
// Rules (each a 400 naming the field, nothing written): at least one layer
// and one person in each; a custom rotation of 30 minutes to 28 days; a
// restriction that leaves something; members on the register of the post's
// utility; a hand-off that exists on the starting day in the utility's zone.
#pragma once

#include <vector>

#include "app/actor.h"
#include "app/duty/model.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

class Rosters {
 public:
  explicit Rosters(Runtime& rt) : rt_(rt) {}

  // The rosters of a post, or of every post of a unit subtree.
  Result<std::vector<Roster>> list(const Actor& actor, std::optional<int64_t> post, std::optional<int64_t> org);
  Result<Roster> get(const Actor& actor, int64_t id);
  Result<Roster> create(const Actor& actor, const NewRoster& in);
  Result<Roster> change(const Actor& actor, int64_t id, const RosterChange& in, std::optional<int64_t> expected_version);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::duty
