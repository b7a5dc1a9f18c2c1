// EventBus: services publish domain events ("emergency.declared"); the live
// feed (SSE) and later modules subscribe. Delivery is synchronous on the
// publisher's thread, so subscribers must be quick (queue and return). With
// several servers, events of the others arrive too, marked by `origin`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lifeline {

struct Event {
  std::string type;      // "emergency.declared", "org.changed", ...
  int64_t org_id = 0;    // the org the event concerns
  std::string scope;     // that org's materialised path ("/1/4/"): subscribers filter on it
  nlohmann::json data;
  // Empty when this process published it; otherwise the server it came from
  // (relayed through the database, app/cluster/event_relay.h). Subscribers
  // that act on an event (write, notify) take only local ones: the server
  // that made the change acts once; the live feed and caches take both.
  std::string origin;
};

class EventBus {
 public:
  using Handler = std::function<void(const Event&)>;
  // Unsubscribes when the last copy of the returned handle is destroyed.
  using Subscription = std::shared_ptr<void>;

  Subscription subscribe(Handler handler);
  void publish(const Event& event);
  size_t subscriber_count() const;

 private:
  struct Slot {
    uint64_t id;
    Handler handler;
  };
  mutable std::mutex mutex_;
  std::vector<Slot> slots_;
  uint64_t next_id_ = 1;
  std::shared_ptr<EventBus*> alive_ = std::make_shared<EventBus*>(this);
};

}  // namespace lifeline
