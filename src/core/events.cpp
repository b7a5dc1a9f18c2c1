#include "core/events.h"

#include <algorithm>

namespace lifeline {

EventBus::Subscription EventBus::subscribe(Handler handler) {
  std::lock_guard lock(mutex_);
  uint64_t id = next_id_++;
  slots_.push_back({id, std::move(handler)});
  std::weak_ptr<EventBus*> alive = alive_;
  return std::shared_ptr<void>(nullptr, [alive, id](void*) {
    if (auto bus = alive.lock()) {
      std::lock_guard lock((*bus)->mutex_);
      auto& slots = (*bus)->slots_;
      slots.erase(std::remove_if(slots.begin(), slots.end(), [id](const Slot& s) { return s.id == id; }),
                  slots.end());
    }
  });
}

void EventBus::publish(const Event& event) {
  std::vector<Handler> handlers;
  {
    std::lock_guard lock(mutex_);
    for (const auto& s : slots_) handlers.push_back(s.handler);
  }
  for (const auto& h : handlers) h(event);
}

size_t EventBus::subscriber_count() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

}  // namespace lifeline
