// Domain events across the servers of one PostgreSQL database. Every event
// this server publishes on its EventBus is sent on a LISTEN/NOTIFY channel;
// every event another server sent arrives here and is published on this
// server's bus with `origin` set to that server, so a live feed (SSE) on any
// server shows every change, and caches (network models, sessions) drop
// what another server changed. Subscribers that act on an event — write,
// notify — take local events only (origin empty): the server that made the
// change acts once.
//
// Best effort, like the live feed itself: an event sent while the channel is
// down is lost (a client reloads on reconnect); the database, not the feed,
// holds every acknowledged write. SQLite runs one server: no relay.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/events.h"
#include "core/result.h"
#include "store/notify_channel.h"

namespace lifeline::app::cluster {

class EventRelay {
 public:
  // `server_id` tells this server's events apart ("host:pid:nonce").
  EventRelay(EventBus& bus, std::string server_id);
  ~EventRelay();
  EventRelay(const EventRelay&) = delete;
  EventRelay& operator=(const EventRelay&) = delete;

  // Opens the channel on the PostgreSQL database at `url` and starts the
  // sending and listening threads.
  Status start(const std::string& url);
  void stop();

  // The wire form of an event (JSON; `data` cut to its ids when too long) and back.
  static std::string encode(const Event& e, const std::string& origin);
  static std::optional<Event> decode(const std::string& payload);

  uint64_t sent() const { return sent_; }
  uint64_t received() const { return received_; }

 private:
  void send_loop();
  void listen_loop();

  EventBus& bus_;
  const std::string server_id_;
  std::unique_ptr<store::NotifyChannel> channel_;
  EventBus::Subscription local_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::string> outbox_;
  bool stopping_ = false;
  std::thread sender_, listener_;
  std::atomic<uint64_t> sent_{0}, received_{0};
};

}  // namespace lifeline::app::cluster
