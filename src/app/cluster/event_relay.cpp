#include "app/cluster/event_relay.h"

#include <spdlog/spdlog.h>

namespace lifeline::app::cluster {

namespace {
constexpr const char* kChannel = "lifeline_events";
constexpr size_t kMaxQueued = 10000;  // a channel down for long drops the oldest
}  // namespace

EventRelay::EventRelay(EventBus& bus, std::string server_id) : bus_(bus), server_id_(std::move(server_id)) {}

EventRelay::~EventRelay() { stop(); }

std::string EventRelay::encode(const Event& e, const std::string& origin) {
  nlohmann::json j = {{"o", origin}, {"t", e.type}, {"i", e.org_id}, {"s", e.scope}, {"d", e.data}};
  std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (out.size() <= store::NotifyChannel::kMaxPayload) return out;
  // Too long for a notification: keep what names the records; the feed's clients reload them.
  nlohmann::json ids = {{"truncated", true}};
  if (e.data.is_object())
    for (const auto& [k, v] : e.data.items())
      if ((k == "id" || k.ends_with("_id")) && (v.is_number() || v.is_string())) ids[k] = v;
  j["d"] = ids;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Event> EventRelay::decode(const std::string& payload) {
  auto j = nlohmann::json::parse(payload, nullptr, false);
  if (!j.is_object() || !j.contains("o") || !j["o"].is_string() || !j.contains("t") || !j["t"].is_string())
    return std::nullopt;
  Event e;
  e.origin = j["o"].get<std::string>();
  e.type = j["t"].get<std::string>();
  e.org_id = j.value("i", int64_t{0});
  e.scope = j.value("s", std::string());
  e.data = j.value("d", nlohmann::json());
  return e;
}

Status EventRelay::start(const std::string& url) {
  LL_TRY(channel_, store::NotifyChannel::open(url, kChannel));
  stopping_ = false;
  local_ = bus_.subscribe([this](const Event& e) {
    if (!e.origin.empty()) return;  // relayed here: not ours to send on
    std::string payload = encode(e, server_id_);
    {
      std::lock_guard lock(mu_);
      if (outbox_.size() >= kMaxQueued) outbox_.pop_front();
      outbox_.push_back(std::move(payload));
    }
    wake_.notify_one();
  });
  sender_ = std::thread([this] { send_loop(); });
  listener_ = std::thread([this] { listen_loop(); });
  return {};
}

void EventRelay::stop() {
  local_.reset();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (sender_.joinable()) sender_.join();
  if (listener_.joinable()) listener_.join();
}

void EventRelay::send_loop() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !outbox_.empty(); });
    if (stopping_) return;
    std::string payload = std::move(outbox_.front());
    outbox_.pop_front();
    lock.unlock();
    if (auto st = channel_->notify(payload); !st) {
      spdlog::warn("event relay: an event was not sent to the other servers: {}", st.error().message);
    } else {
      ++sent_;
    }
    lock.lock();
  }
}

void EventRelay::listen_loop() {
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    auto got = channel_->wait(std::chrono::milliseconds(250));
    if (!got) {
      spdlog::warn("event relay: {}; listening again in 1 s", got.error().message);
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
      continue;
    }
    for (const auto& payload : *got) {
      auto e = decode(payload);
      if (!e || e->origin == server_id_) continue;  // our own, already delivered here
      ++received_;
      bus_.publish(*e);
    }
  }
}

}  // namespace lifeline::app::cluster
