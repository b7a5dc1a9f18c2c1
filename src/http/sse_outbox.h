// The frames waiting to be written to one SSE connection. Publishers push
// from any thread; the connection's strand takes them in order. Bounded: a
// client that falls `limit` frames behind is marked lagging (and dropped by
// the server) instead of growing memory without end.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <string>

namespace lifeline::http {

class SseOutbox {
 public:
  // `wake` asks the connection to drain; it is called with the outbox's lock
  // held, so it must only schedule work (asio::post), never run it.
  SseOutbox(size_t limit, std::function<void()> wake) : limit_(limit), wake_(std::move(wake)) {}

  // Thread-safe; a no-op once closed or lagging.
  void push(std::string frame);
  // Everything queued, oldest first; re-arms the wake-up.
  std::deque<std::string> take();
  bool lagging() const;
  bool empty() const;
  // Later pushes do nothing and `wake` is released: it may hold an executor
  // that must not outlive the server, while a publisher may keep this alive.
  void close();

 private:
  const size_t limit_;
  mutable std::mutex mutex_;
  std::deque<std::string> frames_;
  bool closed_ = false;
  bool lagging_ = false;
  bool wake_pending_ = false;
  std::function<void()> wake_;
};

}  // namespace lifeline::http
