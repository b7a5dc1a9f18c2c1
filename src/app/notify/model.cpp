#include "app/notify/model.h"

namespace lifeline::app::notify {

const char* to_string(Kind k) {
  switch (k) {
    case Kind::dingtalk: return "dingtalk";
    case Kind::wecom: return "wecom";
    case Kind::feishu: return "feishu";
    case Kind::webhook: return "webhook";
  }
  return "webhook";
}

std::optional<Kind> parse_kind(std::string_view s) {
  for (Kind k : {Kind::dingtalk, Kind::wecom, Kind::feishu, Kind::webhook})
    if (s == to_string(k)) return k;
  return std::nullopt;
}

std::optional<Priority> parse_priority(std::string_view s) {
  for (Priority p : {Priority::high, Priority::normal, Priority::low})
    if (s == to_string(p)) return p;
  return std::nullopt;
}

int rank(Priority p) {
  switch (p) {
    case Priority::high: return 0;
    case Priority::normal: return 1;
    case Priority::low: return 2;
  }
  return 1;
}

const char* to_string(DeliveryState s) {
  switch (s) {
    case DeliveryState::queued: return "queued";
    case DeliveryState::sent: return "sent";
    case DeliveryState::failed: return "failed";
  }
  return "queued";
}

std::optional<DeliveryState> parse_delivery_state(std::string_view s) {
  for (DeliveryState d : {DeliveryState::queued, DeliveryState::sent, DeliveryState::failed})
    if (s == to_string(d)) return d;
  return std::nullopt;
}

}  // namespace lifeline::app::notify
