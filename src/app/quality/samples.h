// Result sheets (检测报告单) and the three-level review (水质三级管理).
//
//   entered ──check (复核, another person)──▶ checked ──approve (审核, the level's head)──▶ approved
//      ▲                                        │
//      └──── resubmit ◀── returned ◀──return (with the reason)──┘
//
// A sheet is entered by an analyst of the level's unit: shift and plant
// sheets at the plant (a unit at or below the point's plant), centre sheets
// by the quality centre (a unit of the utility that is not a plant). Another
// person of that lab checks it, the head approves it; nobody checks,
// approves or returns their own entry, and the head does not approve a
// sheet they checked (403). A step out of order is a conflict (409): the
// state is changed by one conditional UPDATE, so two approvals cannot both
// pass. Only approved results count in statistics; approval writes the
// day's roll-up and, on a fail, the exceedance case (exceedances.h).
//
// Instruments: bulk entry from a CSV/XLSX export (one sheet per point and
// sampling time, all or nothing, errors by file line) and on-line analyser
// readings (trends and alarms; an alarm asks the lab to confirm).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/api/idempotency.h"
#include "app/quality/exceedances.h"
#include "app/quality/model.h"
#include "app/quality/points.h"
#include "app/runtime.h"

namespace lifeline::app::quality {

struct NewResult {
  std::string indicator;
  nlohmann::json value;  // a number or a text ("<0.05", "未检出", "无")
  std::optional<std::string> unit, method;
};

struct NewSample {
  int64_t point_id = 0;
  std::optional<int64_t> task_id;
  std::string level;
  std::optional<Instant> sampled_at;  // default: now
  std::optional<std::string> sampler;  // default: the one entering it
  std::string instrument, note;
  std::vector<NewResult> results;
  std::string source = "manual";  // manual, csv
};

struct SampleFilter {
  std::optional<int64_t> org, point;
  std::optional<std::string> from, to, state, level;
};

struct SampleList {
  std::vector<Sample> items;
  int64_t entered = 0, checked = 0, approved = 0, returned = 0;
};

struct Review {
  std::string step;  // check, approve, return
  std::optional<std::string> reason;
};

// An Idempotency-Key with what the route needs to answer a retry.
struct IdempotentCall {
  std::string principal, key, fingerprint;
};
struct Answer {
  int status = 201;
  std::string body;
  bool replayed = false, key_reused = false;
};
using Render = std::function<nlohmann::json(const Sample&)>;

struct NewReading {
  std::optional<int64_t> point_id;
  std::optional<std::string> point_code;
  std::string indicator;
  double value = 0;
  std::optional<Instant> measured_at;
  std::string instrument;
};
struct ReadingsAnswer {
  int64_t stored = 0, duplicates = 0, alarms = 0;
};

class Samples {
 public:
  Samples(Runtime& rt, Points& points, Exceedances& exceedances)
      : rt_(rt), points_(points), exceedances_(exceedances) {}

  // The sheet as stored (state entered); with `idem`, a retry answers the first time's body.
  Result<Answer> enter(const Actor& actor, const NewSample& in, const std::optional<IdempotentCall>& idem,
                       const Render& render);
  Result<SampleList> list(const Actor& actor, const SampleFilter& f);
  Result<Sample> get(const Actor& actor, int64_t id);
  Result<Sample> review(const Actor& actor, int64_t id, const Review& r);
  // A returned sheet corrected by the one who entered it: new results, back to entered.
  Result<Sample> resubmit(const Actor& actor, int64_t id, const NewSample& in);
  // A CSV or XLSX export of an instrument or LIMS: one sheet per point and
  // sampling time; nothing is entered unless every row is right.
  Result<Answer> import(const Actor& actor, std::string_view bytes, const std::string& file_name,
                        const std::string& level, const std::optional<IdempotentCall>& idem,
                        const std::function<nlohmann::json(const std::vector<Sample>&)>& render);
  // On-line analyser readings (stored once per point, indicator and time;
  // with `idem`, a retry answers the first time's body).
  Result<Answer> readings(const Actor& actor, const std::vector<NewReading>& in,
                          const std::optional<IdempotentCall>& idem,
                          const std::function<nlohmann::json(const ReadingsAnswer&)>& render);

  Instant now() const { return rt_.clock.now(); }

 private:
  Result<Sample> enter_tx(store::Tx& tx, const Actor& actor, const NewSample& in, const std::string& prefix);
  void publish(const Sample& s) const;

  Runtime& rt_;
  Points& points_;
  Exceedances& exceedances_;
};

namespace sample_repo {
Result<std::vector<Sample>> select(store::Tx& tx, const std::string& where, const store::Params& params,
                                   bool with_results);
Result<std::optional<Sample>> find(store::Tx& tx, int64_t id);
}  // namespace sample_repo

// The limit that applies to an indicator at a point now: national, the
// utility's internal limit for the point type, and a stricter residual of a
// plan in force.
Result<Applicable> limit_at(store::Tx& tx, const Indicator& ind, int64_t utility_id, const std::string& utility_path,
                            const std::string& point_type);

// Adds an approved sheet to the day roll-up the statistics read (atomic
// upserts: concurrent approvals add up without a lock).
Status add_to_rollup(store::Tx& tx, const Sample& s);

nlohmann::json to_json(const Sample& s, bool with_results = true);
nlohmann::json to_json(const ResultRow& r);

}  // namespace lifeline::app::quality
