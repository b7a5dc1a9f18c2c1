// Water networks: uploads and versions, valve layers, priority customers,
// and the analyses on them (segments, isolation plans, dual supply,
// criticality). Checks permission and org scope (networks of another
// utility answer 404), audits every change in its transaction and
// publishes network.uploaded / network.valves_changed after commit.
#pragma once

#include <nlohmann/json.hpp>
#include <thread>

#include "app/actor.h"
#include "app/network/model.h"
#include "app/network/model_cache.h"
#include "app/runtime.h"
#include "core/result.h"

namespace lifeline::app::network {

inline constexpr int64_t kMaxGeneratedLinks = 200000;

class Service {
 public:
  explicit Service(Runtime& rt, size_t cached_models = 4) : rt_(rt), cache_(cached_models) {}
  ~Service();  // cancels and joins running all-bursts runs
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
  // The hydraulic all-bursts ranking of the current model: started on the
  // first call (one run per model-cache key, its report kept with the
  // model), answered when it finishes within wait_ms, else its progress.
  Result<BurstsAnswer> bursts(const Actor& actor, int64_t id, size_t top, int wait_ms = 1000);

  ModelCache& cache() { return cache_; }

 private:
  Result<Network> visible(store::Tx& tx, const Actor& actor, int64_t id);
  Result<ModelPtr> build(const Network& n);
  static nlohmann::json outage_hydraulics(const NetworkModel& m, const analysis::Failure& failure,
                                          const analysis::IsolationPlan& plan, double leak_mm);
  Runtime& rt_;
  ModelCache cache_;
  std::mutex runs_mutex_;
  std::vector<std::pair<std::shared_ptr<BurstJob>, std::thread>> runs_;  // joined by the destructor
};

nlohmann::json to_json(const Network& n);
nlohmann::json to_json(const ValveLayerInfo& v);
// [{node, name, category}] and [{valve, link, node, operable}], by id.
nlohmann::json customers_json(const NetworkModel& model);
nlohmann::json valves_json(const NetworkModel& model);
// Compact column arrays for a map: nodes, links, valves, customers, bounds.
nlohmann::json geometry_json(const NetworkModel& model);

}  // namespace lifeline::app::network
