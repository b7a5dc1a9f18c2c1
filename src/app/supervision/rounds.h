// Inspection rounds of a supervised unit by one of the HQ's supervision
// teams: planned (scheduled for a day, recorded later) or unannounced,
// answered against a checklist, with findings (photos) and a rectification
// item for each finding that needs one. A team inspects only the units it
// supervises (and what lies below them); another utility's team or unit
// answers 404. Recording needs supervision.conduct; everyone reads the
// rounds of the units they see.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/photos/photos.h"
#include "app/runtime.h"
#include "app/supervision/model.h"

namespace lifeline::app::supervision {

struct ItemAnswer {
  int position = 0;
  std::string result;  // ok, finding, not_applicable
  std::optional<std::string> note;
};

struct NewFinding {
  std::optional<int> item_position;
  std::string severity = "minor";
  std::string text;
  std::vector<photos::NewPhoto> photos;
  std::optional<NewRectification> rectification;
};

struct RoundRecord {
  std::optional<Instant> conducted_at;  // default now
  std::string inspectors, summary;
  std::vector<ItemAnswer> items;
  std::vector<NewFinding> findings;
};

struct NewRound {
  int64_t team_id = 0;
  int64_t org_id = 0;
  std::optional<int64_t> checklist_id;
  std::string kind = "planned";              // planned, unannounced
  std::optional<std::string> planned_for;    // a planned round not yet made
  std::optional<RoundRecord> record;         // the round as made
};

struct RoundFilter {
  std::optional<int64_t> org, team;
  std::optional<std::string> state, from, to;  // local days of the round (made or planned)
};

class Rounds {
 public:
  explicit Rounds(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Team>> teams(const Actor& actor, std::optional<int64_t> org);
  Result<std::vector<Round>> list(const Actor& actor, const RoundFilter& f);
  Result<Round> get(const Actor& actor, int64_t id);
  Result<Round> create(const Actor& actor, const NewRound& in);
  // Records a planned round as made.
  Result<Round> record(const Actor& actor, int64_t id, const RoundRecord& in);
  Result<Round> add_finding(const Actor& actor, int64_t id, const NewFinding& in);

 private:
  Runtime& rt_;
};

}  // namespace lifeline::app::supervision
