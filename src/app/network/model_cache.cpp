#include "app/network/model_cache.h"

#include <chrono>

namespace lifeline::app::network {

NetworkModel::NetworkModel(net::Network network, net::ValveLayer valves, std::vector<net::PriorityCustomer> customers)
    : network_(std::move(network)), valves_(std::move(valves)), segmented_(network_, valves_, std::move(customers)) {}

Result<HydraulicPtr> NetworkModel::hydraulics() const {
  std::lock_guard lock(hydraulics_mutex_);
  if (hydraulics_) return *hydraulics_;
  const auto start = std::chrono::steady_clock::now();
  auto build = [&]() -> Result<HydraulicPtr> {
    auto model = hydraulics::build_model(network_);
    if (!model) return Error::invalid("network", "the hydraulic model cannot be built: " + model.error().message);
    auto h = std::make_shared<HydraulicModel>();
    h->pda = analysis::snapshot_model(*model, h->options);
    std::vector<net::Index> nodes;
    for (const auto& c : segmented_.customers()) nodes.push_back(c.node);
    auto baseline = analysis::supply_snapshot(h->pda, analysis::Outage{}, nodes, h->options.pda);
    if (!baseline) return Error::invalid("network", "the network does not solve as it is: " + baseline.error().message);
    h->baseline = std::move(*baseline);
    h->build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return HydraulicPtr(std::move(h));
  };
  try {
    hydraulics_ = build();
  } catch (const std::exception& e) {
    hydraulics_ = Error::internal(std::string("hydraulic model build failed: ") + e.what());
  }
  return *hydraulics_;
}

Result<ModelPtr> ModelCache::get(const ModelKey& key, const Builder& build) {
  std::promise<Result<ModelPtr>> promise;
  Slot slot;
  bool builder = false;
  {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second.lru);
      slot = it->second.slot;
    } else {
      slot = std::make_shared<const std::shared_future<Result<ModelPtr>>>(promise.get_future().share());
      lru_.push_front(key);
      entries_.emplace(key, Entry{slot, lru_.begin()});
      builder = true;
      while (entries_.size() > capacity_) {
        entries_.erase(lru_.back());
        lru_.pop_back();
      }
    }
  }
  if (builder) {
    Result<ModelPtr> built = Error::internal("model build failed");
    try {
      built = build();
    } catch (const std::exception& e) {
      built = Error::internal(std::string("model build failed: ") + e.what());
    }
    promise.set_value(built);
    if (!built) forget(key, slot);  // the next caller tries again
  }
  return slot->get();
}

void ModelCache::forget(const ModelKey& key, const Slot& slot) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.slot != slot) return;
  lru_.erase(it->second.lru);
  entries_.erase(it);
}

void ModelCache::invalidate(int64_t network_id) {
  std::lock_guard lock(mutex_);
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->first.network_id == network_id) {
      lru_.erase(it->second.lru);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

size_t ModelCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace lifeline::app::network
