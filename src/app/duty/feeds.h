// What leaves duty as files: calendar feeds (ICS) per person and per post,
// subscribed by a URL that carries a personal token, and the printable
// weekly roster (值班表) as XLSX.
//
// A calendar token opens exactly one feed — the shifts of the person who
// made it, or one post's schedule — and nothing else: it is not a login and
// no other endpoint takes it. It is stored as its hash, dies with its
// revocation or its owner's account, and never shows again after it is made.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/duty/model.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

struct CalendarToken {
  int64_t id = 0;
  std::string kind;  // person, post
  std::optional<int64_t> post_id;
  std::string post_name, person_name;
  Instant created_at;
  std::optional<Instant> revoked_at;
  std::string token;  // only when just made
};

struct WeeklyRoster {
  std::string unit_name;
  std::string monday;  // local date
  std::string file_name;
  std::string bytes;   // XLSX
};

class Feeds {
 public:
  explicit Feeds(Runtime& rt) : rt_(rt) {}

  // `post`: a post's feed; none: the caller's own shifts (on the register).
  Result<CalendarToken> make_token(const Actor& actor, std::optional<int64_t> post);
  Result<std::vector<CalendarToken>> tokens(const Actor& actor);
  Status revoke(const Actor& actor, int64_t id);
  // The feed a token opens (8 days back, 8 weeks ahead); not found for anything else.
  Result<std::string> calendar(const std::string& token);
  // Monday `week` (default this week) to Sunday for the unit's posts.
  Result<WeeklyRoster> weekly(const Actor& actor, std::optional<int64_t> org, const std::optional<std::string>& week);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::duty
