// Water networks: uploads and versions, valve layers, priority customers,
// and the analyses on them (segments, isolation plans, dual supply,
// criticality). Checks permission and org scope (networks of another
// utility answer 404), audits every change in its transaction and
// publishes network.uploaded / network.valves_changed after commit.
#pragma once

#include <nlohmann/json.hpp>
#include <thread>

#include "app/actor.h"
#include "app/network/jobs.h"
#include "app/network/model.h"
#include "app/network/model_cache.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::network {

inline constexpr int64_t kMaxGeneratedLinks = 200000;

class Service {
 public:
  explicit Service(Runtime& rt, size_t cached_models = 4);
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Networks below the actor's unit and of the units above it (their utility).
  Result<std::vector<Network>> list(const Actor& actor);
  Result<Network> get(const Actor& actor, int64_t id);
  // An .inp text, or a generated city with its valve layer and customers.
  Result<Network> create(const Actor& actor, const NewNetwork& input);
  // A new .inp for the network; keeps the valve layer and customers only if they all still resolve.
  Result<VersionResult> add_version(const Actor& actor, int64_t id, const std::string& inp,
                                    const std::string& file_name);

  Result<ValveLayerInfo> set_valves(const Actor& actor, int64_t id, const ValveInput& input);
  Result<net::IsolationValve> set_valve_operable(const Actor& actor, int64_t id, const std::string& valve,
                                                 bool operable);
  Result<int64_t> set_customers(const Actor& actor, int64_t id, const std::vector<Customer>& customers);

  // The network (scope-checked) and its engine objects, from the cache.
  Result<std::pair<Network, ModelPtr>> model(const Actor& actor, int64_t id);

  // The analyses; JSON as the engine's report_json writes it, plus what a map draws.
  Result<nlohmann::json> segments(const Actor& actor, int64_t id);
  Result<nlohmann::json> isolation(const Actor& actor, int64_t id, const IsolationInput& input);
  Result<nlohmann::json> supply(const Actor& actor, int64_t id, const std::vector<std::string>& nodes);
  Result<nlohmann::json> criticality(const Actor& actor, int64_t id, size_t top);
  // The hydraulic all-bursts ranking of the current model, as a long-analysis
  // job (network/jobs.h): started or joined by whoever holds network.analyse;
  // read by everyone who sees the network.
  Result<JobView> start_bursts(const Actor& actor, int64_t id);
  // The job of the network's current model, if any (state "none" otherwise).
  Result<JobView> bursts(const Actor& actor, int64_t id);
  Result<JobView> job(const Actor& actor, int64_t job_id);

  ModelCache& cache() { return cache_; }
  // Drops the network's cached models here and, through the event
  // "network.model_changed" that the relay carries, on every other server
  // (a new version, valve layer or customer layer). Call after the commit.
  void invalidate_model(int64_t id);

 private:
  Result<Network> visible(store::Tx& tx, const Actor& actor, int64_t id);
  Result<ModelPtr> build(const Network& n);
  static nlohmann::json outage_hydraulics(const NetworkModel& m, const analysis::Failure& failure,
                                          const analysis::IsolationPlan& plan, double leak_mm);
  JobQueue::Work bursts_work(const Network& n) const;
  Runtime& rt_;
  ModelCache cache_;
  unsigned job_threads_;
  EventBus::Subscription models_changed_elsewhere_;
  JobQueue jobs_;  // last: its runners stop before the cache they use goes
};

nlohmann::json to_json(const Network& n);
// A job view as the API answers it: the job, its state and progress, and the
// ranking (its first `top` rows) once done.
nlohmann::json to_json(const JobView& v, size_t top);
nlohmann::json to_json(const ValveLayerInfo& v);
// [{node, name, category}] and [{valve, link, node, operable}], by id.
nlohmann::json customers_json(const NetworkModel& model);
nlohmann::json valves_json(const NetworkModel& model);
// Compact column arrays for a map: nodes, links, valves, customers, bounds.
nlohmann::json geometry_json(const NetworkModel& model);

}  // namespace lifeline::app::network
