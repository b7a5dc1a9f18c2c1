// Each module registers its endpoints; build_router() in platform.cpp calls them all.
#pragma once

#include "app/api/gate.h"
#include "core/events.h"
#include "http/router.h"

namespace lifeline::app {
namespace org { class Service; }
namespace emergency { class Service; }
namespace accounts { class Service; }
namespace network { class Service; }
struct Runtime;

void add_account_routes(http::Router& router, const api::Gate& gate, accounts::Service& accounts);
void add_approval_routes(http::Router& router, const api::Gate& gate, accounts::Service& accounts);
void add_org_routes(http::Router& router, const api::Gate& gate, org::Service& orgs);
void add_emergency_routes(http::Router& router, const api::Gate& gate, emergency::Service& emergencies);
void add_network_routes(http::Router& router, const api::Gate& gate, network::Service& networks);
void add_audit_routes(http::Router& router, const api::Gate& gate, Runtime& rt);
void add_event_routes(http::Router& router, const api::Gate& gate, EventBus& events, const Clock& clock);

}  // namespace lifeline::app
