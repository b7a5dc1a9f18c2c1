// Water networks of a utility: an EPANET model uploaded in versions, the
// isolation-valve layer of the current version, and the priority customers
// mapped to its nodes. The analyses run on the engine objects the model
// cache builds from these (network/model_cache.h).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"

namespace lifeline::app::network {

struct Counts {
  int64_t junctions = 0, reservoirs = 0, tanks = 0, pipes = 0, pumps = 0, valves = 0;
  double length_m = 0;
};

struct ValveLayerInfo {
  int64_t count = 0;
  int64_t inoperable = 0;
  std::string source;  // csv | geojson | generated | city
  std::optional<std::string> strategy;
  std::optional<int64_t> seed;
};

// A network with its current version (the summary the API returns).
struct Network {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string org_path;
  std::string name;
  int64_t version = 0;
  int64_t version_id = 0;  // network_versions.id of the current version
  std::string file_name;
  Instant uploaded_at;
  std::string uploaded_by_name;
  Counts counts;
  std::string flow_units;
  std::optional<ValveLayerInfo> valve_layer;
  int64_t customers = 0;
  int64_t valves_revision = 0, customers_revision = 0;
};

// The stored texts the engine objects are built from.
struct Sources {
  std::string inp, file_name;
  std::optional<std::string> valves_csv;
  std::string customers_csv;
};

struct Customer {
  std::string node, name, category;
};

// An upload: an .inp text, or a synthetic city (net::generate_city).
struct NewNetwork {
  int64_t org_id = 0;
  std::string name;
  std::optional<std::string> inp;
  std::string file_name = "network.inp";
  int64_t generate_links = 0;
  uint64_t generate_seed = 1;
};

// A new valve layer: imported text, or placed by the engine.
struct ValveInput {
  enum class Kind { csv, geojson, generate } kind = Kind::csv;
  std::string text;                      // csv / geojson
  std::string strategy;                  // n1 | n2 | random
  uint64_t seed = 1;
  double fraction = 0.5;                 // random: share of (pipe, end node) pairs that get a valve
};

// Where a version went: the layer or customers it could not keep are dropped.
struct VersionResult {
  Network network;
  bool valves_dropped = false;
  std::string valves_dropped_reason;
  bool customers_dropped = false;
  std::string customers_dropped_reason;
};

struct IsolationInput {
  std::optional<std::string> link, node;
  std::vector<std::string> inoperable;
  bool under_pressure = false;
  // Add the priority customers' PDA pressure and supply before and after
  // (the "hydraulics" object); off for callers that only need the plan.
  bool hydraulics = false;
  double leak_mm = 50;  // under pressure: the leak's equivalent orifice (0: none)
};

struct Job;
// A long-analysis job as a caller sees it (network/jobs.h); job null: none yet.
struct JobView {
  std::shared_ptr<const Job> job;
  bool joined = false;    // the request joined an existing job
  std::size_t position = 0;  // in the queue (0: not waiting)
};

}  // namespace lifeline::app::network
