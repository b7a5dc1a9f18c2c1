// The duty log (值班日志) of a post and its hand-overs (交接班).
//
// Log entries are append-only: what happened during the shift (a call
// received, an instruction received or issued, an event, a patrol, other),
// with links to an incident, a hotline call or a report of the same utility.
// A mistake is corrected by a new entry that names the one it corrects; the
// old one stays, marked as corrected. The person on duty at the post writes
// (or a unit head); everyone who sees the unit reads.
//
// Hand-over: the outgoing person writes the note and the open items for the
// person scheduled next; that person acknowledges. A hand-over still
// unacknowledged once the incoming shift has started is flagged (on read at
// once, and by the scheduled job with a notice to the unit).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "app/duty/idempotent.h"
#include "app/duty/model.h"
#include "app/runtime.h"

namespace lifeline::app::duty {

struct LogEntry {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string post_name, org_path;
  Instant at;
  std::string kind, text;
  std::optional<int64_t> incident_id, hotline_call_id, report_submission_id, corrects_id;
  std::string incident_code, hotline_call_code;
  std::vector<int64_t> corrected_by;  // later entries that correct this one
  std::optional<Person> person;       // who was on duty and wrote it
  std::string author_name;
  Instant created_at;
};

struct NewLogEntry {
  int64_t post_id = 0;
  std::optional<Instant> at;  // default now
  std::string kind, text;
  std::optional<int64_t> incident_id, hotline_call_id, report_submission_id, corrects_id;
};

struct Handover {
  int64_t id = 0;
  int64_t post_id = 0;
  std::string post_name, org_path;
  Instant shift_start;
  std::optional<Person> from, to;
  std::string note;
  std::vector<std::string> open_items;
  Instant written_at;
  std::string written_by_name;
  std::optional<Instant> acknowledged_at, flagged_at;
  std::optional<std::string> acknowledged_by_name, ack_note;
  // Unacknowledged with the incoming shift started (as of the read).
  bool overdue = false;
};

struct NewHandover {
  int64_t post_id = 0;
  std::string note;
  std::vector<std::string> open_items;
};

struct LogQuery {
  std::optional<int64_t> org, post;
  std::string from, to;
};

class DutyLog {
 public:
  explicit DutyLog(Runtime& rt) : rt_(rt) {}

  Result<std::vector<LogEntry>> entries(const Actor& actor, const LogQuery& q);
  Result<Answer> append(const Actor& actor, const NewLogEntry& in, const Retry& retry);
  Result<std::vector<Handover>> handovers(const Actor& actor, const LogQuery& q, const std::optional<std::string>& state);
  Result<Answer> hand_over(const Actor& actor, const NewHandover& in, const Retry& retry);
  Result<Answer> acknowledge(const Actor& actor, int64_t id, const std::optional<std::string>& note, const Retry& retry);

 private:
  Runtime& rt_;
  api::Idempotency idem_;
};

nlohmann::json to_json(const LogEntry& e);
nlohmann::json to_json(const Handover& h);

// Loads hand-overs (`where` over alias h) with their people; `now` decides "overdue".
Result<std::vector<Handover>> load_handovers(store::Tx& tx, const std::string& where, const store::Params& params,
                                             Instant now);

}  // namespace lifeline::app::duty
