// The engine objects of a network, built once and shared by every request:
// parsing a 100k-link .inp and segmenting it takes about a second, a plan
// a few milliseconds.
//
// A NetworkModel keeps the Network and ValveLayer together with the
// SegmentedNetwork that refers to them, in one heap object that never
// moves; it is immutable once built, so readers share it without locks.
//
// The hydraulic side is built on first use, once per NetworkModel (so once
// per network version, valve layer and customers): the PDA model and the
// priority customers' supply as is, which every outage compares against. The
// all-bursts run over it is a long-analysis job (network/jobs.h).
//
// ModelCache: thread-safe, bounded (least recently used entries go first),
// per-key once: concurrent gets of a missing key wait for one build, which
// runs outside the cache's lock. A failed build is not kept. Entries handed
// out stay alive with their holders after eviction or invalidation.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

#include "analysis/burst_shortfall.h"
#include "analysis/segmented_network.h"
#include "analysis/supply_outage.h"
#include "core/result.h"

namespace lifeline::app::network {

// The hydraulic model a network's scenarios run on, with the default PDA
// settings, and the priority customers' supply without any outage.
struct HydraulicModel {
  analysis::SnapshotOptions options;
  hydraulics::Model pda;
  analysis::SupplySnapshot baseline;  // at SegmentedNetwork::customers()' nodes
  double build_ms = 0;
};
using HydraulicPtr = std::shared_ptr<const HydraulicModel>;

class NetworkModel {
 public:
  NetworkModel(net::Network network, net::ValveLayer valves, std::vector<net::PriorityCustomer> customers);
  NetworkModel(const NetworkModel&) = delete;
  NetworkModel& operator=(const NetworkModel&) = delete;

  const net::Network& network() const { return network_; }
  const net::ValveLayer& valves() const { return valves_; }
  const analysis::SegmentedNetwork& segmented() const { return segmented_; }

  // Built on the first call (concurrent callers wait for it); a failure is
  // kept too: the same model fails the same way.
  Result<HydraulicPtr> hydraulics() const;

 private:
  net::Network network_;
  net::ValveLayer valves_;
  analysis::SegmentedNetwork segmented_;  // refers to the two above: declared after them
  mutable std::mutex hydraulics_mutex_;
  mutable std::optional<Result<HydraulicPtr>> hydraulics_;
};

using ModelPtr = std::shared_ptr<const NetworkModel>;

struct ModelKey {
  int64_t network_id = 0, version = 0, valves_revision = 0, customers_revision = 0;
  auto operator<=>(const ModelKey&) const = default;
};

class ModelCache {
 public:
  using Builder = std::function<Result<ModelPtr>()>;

  explicit ModelCache(size_t capacity = 4) : capacity_(capacity) {}

  // The model for `key`, calling `build` when no entry has it (once for all
  // concurrent callers of that key).
  Result<ModelPtr> get(const ModelKey& key, const Builder& build);
  // Drops every entry of the network (after an upload or a change).
  void invalidate(int64_t network_id);
  size_t size() const;

 private:
  using Slot = std::shared_ptr<const std::shared_future<Result<ModelPtr>>>;  // identity: the build it waits for
  struct Entry {
    Slot slot;
    std::list<ModelKey>::iterator lru;
  };
  void forget(const ModelKey& key, const Slot& slot);

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::map<ModelKey, Entry> entries_;
  std::list<ModelKey> lru_;  // most recently used first
};

}  // namespace lifeline::app::network
