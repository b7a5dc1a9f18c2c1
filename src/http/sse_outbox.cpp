#include "http/sse_outbox.h"

#include <utility>

namespace lifeline::http {

void SseOutbox::push(std::string frame) {
  std::lock_guard lock(mutex_);
  if (closed_ || lagging_) return;
  if (frames_.size() >= limit_) {
    // Wake even with a wake-up pending: that one may wait behind a write the client never reads.
    lagging_ = true;
    frames_.clear();
    wake_();
    return;
  }
  frames_.push_back(std::move(frame));
  if (!wake_pending_) {
    wake_pending_ = true;
    wake_();
  }
}

std::deque<std::string> SseOutbox::take() {
  std::lock_guard lock(mutex_);
  wake_pending_ = false;
  return std::exchange(frames_, {});
}

bool SseOutbox::lagging() const {
  std::lock_guard lock(mutex_);
  return lagging_;
}

bool SseOutbox::empty() const {
  std::lock_guard lock(mutex_);
  return frames_.empty();
}

void SseOutbox::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  frames_.clear();
  wake_ = nullptr;
}

}  // namespace lifeline::http
