// Reading the duty: the final schedule of a unit's posts for any interval (at
// most a year), its problems, who is on duty now (for a unit, or for every
// member of the association), the caller's red phone and leader on duty for
// the page header, and which roster ruled when. Everything here is computed
// on read from the rosters, overrides, the emergency policy and the health
// register; nothing is stored. duty.read.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "app/actor.h"
#include "app/duty/model.h"
#include "app/duty/problems.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

struct Interval {
  std::optional<int64_t> org, post;
  std::string from, to;  // dates (inclusive days), local times or instants
};

struct Names {
  std::unordered_map<int64_t, Person> people;
  std::unordered_map<int64_t, std::pair<std::string, std::string>> rosters;  // id → kind, name
  std::unordered_map<int64_t, std::pair<std::string, int>> layers;           // id → name, level
};

struct ScheduleView {
  Span span;
  std::vector<Post> posts;
  std::vector<std::vector<Segment>> segments;  // per post
  Names names;
};

struct ProblemsView {
  Span span;
  std::vector<Post> posts;
  std::vector<Problem> problems;
  std::unordered_map<int64_t, Person> people;
  // Health reasons are personal health data: shown only to the person and
  // to health officers over them; everyone else reads "health".
  std::unordered_map<int64_t, bool> health_visible;  // person → may the caller see the reason
};

struct OnDuty {
  Post post;
  std::optional<Person> person;
  std::optional<Span> span;  // the person's run, or the gap's bounds when nobody is on
};

struct HeaderView {
  int64_t unit_id = 0;
  std::string unit_name;
  std::optional<OnDuty> red_phone, leader;
};

struct RegimeEntry {
  Span span;                 // until Instant::max(): still in force
  bool epidemic = false;
  std::optional<int64_t> roster_id;
  std::string roster_name;
};

class Board {
 public:
  explicit Board(Runtime& rt) : rt_(rt) {}

  Result<ScheduleView> schedule(const Actor& actor, const Interval& q);
  Result<ProblemsView> problems(const Actor& actor, const Interval& q);
  Result<std::vector<OnDuty>> now(const Actor& actor, std::optional<int64_t> org);
  Result<HeaderView> header(const Actor& actor);
  Result<std::vector<RegimeEntry>> regimes(const Actor& actor, int64_t post);

  // Problems of a subtree over a span, inside the caller's transaction (the
  // daily summary and the benchmark use it too).
  static Result<std::vector<Problem>> problems_in(store::Tx& tx, const Zone& zone, const std::string& path, Span span,
                                                  std::vector<Post>* posts_out = nullptr);
  // The same for given posts, whose people are on the register below `register_path`.
  static Result<std::vector<Problem>> problems_of(store::Tx& tx, const Zone& zone, const std::vector<Post>& posts,
                                                  const std::string& register_path, Span span);

 private:
  Runtime& rt_;
};

// The span of an interval query: `from` … `to` (dates are whole days, `to`
// inclusive), at most 366 days; errors name "from" or "to".
Result<Span> parse_span(const Zone& zone, const std::string& from, const std::string& to);

}  // namespace lifeline::app::duty
