// Shift presence (在岗在位): the person on duty checks in to the shift from a
// phone (到岗签到; from 30 minutes before it starts until it ends; late after
// the first 10 minutes); a supervisor records spot checks (查岗: the post's
// phone called at a time, answered or not, by whom). Presence and
// spot-check rates per post and period.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "app/duty/idempotent.h"
#include "app/duty/civil_time.h"
#include "app/duty/model.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

inline constexpr auto kEarlyCheckin = std::chrono::minutes(30);
inline constexpr auto kLateAfter = std::chrono::minutes(10);

struct ShiftCheckin {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string post_name;
  Person person;
  Span shift;
  Instant checked_in_at;
  bool late = false;
};

struct SpotCheck {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string post_name;
  Instant at;
  bool answered = false;
  std::optional<std::string> answered_by, note;
  std::optional<Person> on_duty;
  std::string checked_by_name;
};

struct NewSpotCheck {
  int64_t post_id = 0;
  std::optional<Instant> at;  // default now
  bool answered = false;
  std::optional<std::string> answered_by, note;
};

struct PostPresence {
  Post post;
  int64_t shifts = 0, checked_in = 0, late = 0;  // shifts that have started in the period
  int64_t spot_checks = 0, answered = 0;
};

// The phone page's first paint: the caller's shift now or next.
struct MyShift {
  std::optional<Person> person;     // nullopt: the login is not on the register
  std::optional<Post> post;
  std::optional<Span> shift;
  bool now = false;                 // on duty now (else: the next shift)
  std::optional<ShiftCheckin> checkin;
};

class Presence {
 public:
  explicit Presence(Runtime& rt) : rt_(rt) {}

  Result<MyShift> mine(const Actor& actor);
  // Checks the caller in to their current shift (at `post`, or wherever they are on duty).
  Result<Answer> check_in(const Actor& actor, std::optional<int64_t> post, const Retry& retry);
  Result<SpotCheck> spot_check(const Actor& actor, const NewSpotCheck& in);
  Result<std::vector<SpotCheck>> spot_checks(const Actor& actor, std::optional<int64_t> org, const std::string& from,
                                             const std::string& to);
  Result<std::vector<PostPresence>> rates(const Actor& actor, std::optional<int64_t> org, const std::string& from,
                                          const std::string& to);

 private:
  Runtime& rt_;
  api::Idempotency idem_;
};

// The rates of a unit subtree's posts over a span (shifts that started by `now`), in the caller's transaction.
Result<std::vector<PostPresence>> presence_in(store::Tx& tx, const Zone& zone, const std::string& path, Span span,
                                              Instant now);

nlohmann::json to_json(const ShiftCheckin& c);
nlohmann::json to_json(const SpotCheck& s);

}  // namespace lifeline::app::duty
