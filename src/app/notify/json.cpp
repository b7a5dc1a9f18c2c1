#include "app/notify/json.h"

#include "core/time.h"

namespace lifeline::app::notify {

using nlohmann::json;

namespace {
json opt(const std::optional<Instant>& t) { return t ? json(format_instant(*t)) : json(); }
}  // namespace

json attempt_json(const Attempt& a) {
  json j = {{"id", a.id},
            {"delivery_id", a.delivery_id ? json(*a.delivery_id) : json()},
            {"at", format_instant(a.at)},
            {"outcome", a.outcome},
            {"status", a.http_status ? json(*a.http_status) : json()},
            {"message", a.message},
            {"duration_ms", a.duration_ms ? json(*a.duration_ms) : json()}};
  if (a.errcode) j["errcode"] = *a.errcode;
  if (a.reason) j["reason"] = *a.reason;
  return j;
}

json delivery_json(const Delivery& d) {
  json j = {{"id", d.id},
            {"event_id", d.event_id},
            {"event", d.event},
            {"title", d.title},
            {"priority", to_string(d.priority)},
            {"link", d.link},
            {"org_id", d.org_id},
            {"org_name", d.org_name},
            {"robot", {{"id", d.robot_id}, {"name", d.robot_name}, {"kind", to_string(d.robot_kind)}}},
            {"state", to_string(d.state)},
            {"attempts", d.attempts},
            {"status", d.http_status ? json(*d.http_status) : json()},
            {"created_at", format_instant(d.created_at)},
            {"sent_at", opt(d.sent_at)},
            {"last_attempt_at", opt(d.last_attempt_at)},
            {"next_attempt_at", d.state == DeliveryState::queued ? json(format_instant(d.next_attempt_at)) : json()}};
  if (d.errcode) j["errcode"] = *d.errcode;
  if (d.reason) j["reason"] = *d.reason;
  if (d.error && d.state != DeliveryState::sent) j["error"] = *d.error;
  return j;
}

}  // namespace lifeline::app::notify
