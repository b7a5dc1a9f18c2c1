// One person's health file (健康档案): the register entry, household,
// observation cases with their visits, outings, notes, and a timeline of
// everything recorded about them, newest first. Readable by the person and
// the health officers of their unit subtree (access.h readable()); everyone
// else gets 404, as for a person that does not exist.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/health/model.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::health {

struct Note {
  int64_t id = 0;
  int64_t staff_id = 0;
  Instant at;
  std::string author_name;
  std::string text;
};

struct TimelineItem {
  Instant at;
  std::string kind;     // checkin, checkin_abnormal, observation_started, visit, observation_released,
                        // outing_requested, outing_approved, outing_returned, entrance, note
  std::string summary;  // Chinese, for people
  int64_t ref = 0;      // the id of the check-in, case, visit, outing, entrance check or note
};

struct FileRange {
  std::optional<std::string> from, to;  // dates; default the last 30 days up to today
};

class Files {
 public:
  explicit Files(Runtime& rt) : rt_(rt) {}

  // The whole file as the API answers it. Check-ins and entrance checks
  // (daily records) are bounded by the range; cases, outings and notes are all there.
  Result<nlohmann::json> file(const Actor& actor, int64_t staff_id, const FileRange& range);
  Result<Note> add_note(const Actor& actor, int64_t staff_id, const std::string& text);
  // The caller's own register entry ("my health").
  Result<Staff> me(const Actor& actor);

 private:
  Runtime& rt_;
};

nlohmann::json to_json(const Note& n);
nlohmann::json to_json(const TimelineItem& t);

}  // namespace lifeline::app::health
