// Submitting fixed-time reports (准点报告) from a phone, and HQ's review.
//
// One submission per unit, template and deadline (a unique key); sending it
// again before HQ has reviewed it adds a version (the row is locked while
// it does); after acknowledgement it is closed. A deadline must be one the
// template has, its window open (from the previous deadline) and not more
// than a week past; the unit must be one the template requires, and the
// values must fit the fields of the version in force at that deadline. The
// first version's time decides on time or late. Idempotency-Key honoured.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/api/idempotency.h"
#include "app/duty/idempotent.h"
#include "app/reports/model.h"
#include "app/runtime.h"
#include "store/database.h"

namespace lifeline::app::reports {

struct NewSubmission {
  int64_t template_id = 0;
  std::optional<int64_t> org_id;  // default the actor's unit
  Instant deadline;
  nlohmann::json values;
};

struct Review {
  std::string decision;  // acknowledge, return
  std::optional<std::string> comment;
  std::optional<int64_t> version;
};

struct SubmissionFilter {
  std::optional<int64_t> org, template_id;
  std::optional<std::string> date;
};

// What a unit owes now, for its phone page: each open deadline with the
// fields of its version and what was sent so far.
struct Due {
  Template tmpl;
  const TemplateVersion* version = nullptr;
  int64_t unit_id = 0;
  std::string unit_name;
  Instant deadline, opens;
  std::string state;  // pending, on_time, late, missing, acknowledged
  std::optional<Submission> submission;
};

class Submissions {
 public:
  explicit Submissions(Runtime& rt) : rt_(rt) {}

  Result<std::vector<Due>> due(const Actor& actor, std::optional<int64_t> org);
  Result<duty::Answer> submit(const Actor& actor, const NewSubmission& in, const duty::Retry& retry);
  Result<std::vector<Submission>> list(const Actor& actor, const SubmissionFilter& f);
  Result<Submission> get(const Actor& actor, int64_t id);
  Result<Submission> review(const Actor& actor, int64_t id, const Review& in);

 private:
  Runtime& rt_;
  api::Idempotency idem_;
};

// Stores a checked submission (a new one, or a new version of one not yet
// acknowledged) sent at `at`; conflict naming "deadline" after acknowledgement.
// Returns the submission id and whether it was new.
Result<std::pair<int64_t, bool>> store_submission(store::Tx& tx, const Template& t, const TemplateVersion& v,
                                                  int64_t unit_id, const std::string& unit_path, Instant deadline,
                                                  const std::string& day, const nlohmann::json& values, Instant at,
                                                  std::optional<int64_t> user_id, const std::string& user_name);

}  // namespace lifeline::app::reports
