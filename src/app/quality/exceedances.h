// Exceedance cases (超标处置). When an approved sheet has a fail, in the same
// transaction: a case opens (or the point's open case takes the new fail and
// starts counting passes again), retest tasks go to the point and its network
// neighbours, and the quality manager and the command HQ are told (event
// feed and the notify outbox). While the case is open the point is tested
// every day (tasks.h) until three consecutive approved passes; the case
// closes when those passes and a written cause and action are there. At a
// priority customer's point the customer shows "at risk" (assurance reads
// customer_alerts) and an incident of type quality is opened through
// repair's Incidents API after the commit.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/quality/model.h"
#include "app/repair/incidents.h"
#include "app/runtime.h"
#include "store/database.h"

namespace lifeline::app::quality {

struct ExceedanceFilter {
  std::optional<int64_t> org, point;
  std::optional<std::string> state;  // open, closed
};

struct ExceedanceView {
  Exceedance exceedance;
  std::vector<Task> retests;
  std::vector<Sample> samples;  // at the point since the case opened, newest first
};

// What an approval did to cases (for events and the incident after commit).
struct CaseChange {
  std::optional<int64_t> opened, joined, closed, passed;
  std::vector<int64_t> retest_tasks;
};

class Exceedances {
 public:
  Exceedances(Runtime& rt, repair::Incidents& incidents) : rt_(rt), incidents_(incidents) {}

  Result<std::vector<Exceedance>> list(const Actor& actor, const ExceedanceFilter& f);
  Result<ExceedanceView> get(const Actor& actor, int64_t id);
  // The written cause and action (quality.approve); closes the case when the passes are there.
  Result<Exceedance> set_cause(const Actor& actor, int64_t id, const std::string& cause, const std::string& action);

  // In the approval's transaction. `neighbours`: the point's network
  // neighbours (from the model, read before the transaction).
  Result<CaseChange> on_approved(store::Tx& tx, const Sample& s, const Point& p,
                                 const std::vector<Point>& neighbours, Instant now);
  // After the commit: events, and the incident at a priority customer.
  void after_commit(const CaseChange& change);
  // Cases at customers' points still without their incident (a failed call
  // after the commit): the scheduler retries them.
  Status open_missing_incidents(Instant now);

 private:
  Status open_incident(int64_t exceedance_id);
  Runtime& rt_;
  repair::Incidents& incidents_;
};

namespace exceedance_repo {
Result<std::vector<Exceedance>> select(store::Tx& tx, const std::string& where, const store::Params& params);
}

// Open cases at the points of these priority customers: the read-only seam
// assurance uses to show a customer "at risk" (reason quality_exceedance).
struct CustomerAlert {
  int64_t exceedance_id = 0;
  std::string code, point_name, summary;  // summary: "游离氯 0.02 mg/L"
};
Result<std::map<int64_t, std::vector<CustomerAlert>>> customer_alerts(store::Tx& tx,
                                                                      const std::vector<int64_t>& customer_ids);

nlohmann::json to_json(const Exceedance& e);

}  // namespace lifeline::app::quality
