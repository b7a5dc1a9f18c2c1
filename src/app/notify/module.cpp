#include "app/notify/module.h"

#include <spdlog/spdlog.h>

namespace lifeline::app::notify {

namespace {
SecretBox box_of(const Config& config) {
  auto box = SecretBox::from_hex(config.notify_key);
  if (box) return *box;
  spdlog::critical("notify: the notify_key setting is not 64 hex digits; robot secrets cannot be used");
  return SecretBox();
}
}  // namespace

Module::Module(Runtime& rt)
    : rt(rt),
      box(box_of(rt.config)),
      dispatcher(rt, box),
      robots(rt, box, dispatcher),
      deliveries(rt, dispatcher.local_time()),
      summary(rt, deliveries) {}

schedule::Job delivery_job(Module& m) {
  return schedule::Job{.name = "notify.deliver",
                       .every = kDeliveryEvery,
                       .lease = std::chrono::minutes(5),
                       .run = [&m](Instant now) { return m.dispatcher.run(now); }};
}

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_robot_routes(router, gate, m);
  add_delivery_routes(router, gate, m);
}

}  // namespace lifeline::app::notify
