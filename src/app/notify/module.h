// Messages where Chinese workplaces read them: DingTalk, WeCom and Feishu
// group robots and plain webhooks, for every module. Modules write notices
// into the outbox (outbox.h) in the transaction of their cause; this module
// keeps the robots and their routing rules (robots.h), delivers from the
// outbox on the shared scheduler (dispatcher.h), keeps the delivery log
// (deliveries.h) and the daily summary section (summary.h). docs/notify.md.
#pragma once

#include "app/api/gate.h"
#include "app/notify/deliveries.h"
#include "app/notify/dispatcher.h"
#include "app/notify/robots.h"
#include "app/notify/secret_box.h"
#include "app/notify/summary.h"
#include "app/runtime.h"
#include "app/schedule/scheduler.h"
#include "http/router.h"

namespace lifeline::app::notify {

struct Module {
  explicit Module(Runtime& rt);
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Runtime& rt;
  SecretBox box;  // from the notify_key setting
  Dispatcher dispatcher;
  Robots robots;
  Deliveries deliveries;
  Summary summary;
};

// The job `notify.deliver`: Dispatcher::run every kDeliveryEvery.
schedule::Job delivery_job(Module& m);

// /api/v1/notify/...
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_robot_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_delivery_routes(http::Router& router, const api::Gate& gate, Module& m);

}  // namespace lifeline::app::notify
