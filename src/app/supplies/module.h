// Prevention supplies (防疫物资): the catalogue and warehouses, the movement
// ledger and its stock, the stock board with days of supply and alerts,
// requests (申领), and support to other organisations (对外支援). The
// parts: catalog.h, ledger.h (+ movements.h), stock.h, requests.h,
// support.h, summary.h; what they share: model.h, quantity.h, access.h.
// docs/supplies.md.
#pragma once

#include "app/api/gate.h"
#include "app/runtime.h"
#include "app/supplies/catalog.h"
#include "app/supplies/movements.h"
#include "app/supplies/requests.h"
#include "app/supplies/stock.h"
#include "app/supplies/summary.h"
#include "app/supplies/support.h"
#include "http/message.h"
#include "http/router.h"

namespace lifeline::app::supplies {

struct Module {
  explicit Module(Runtime& rt)
      : catalog(rt), movements(rt), stock(rt), requests(rt), support(rt), summary(rt) {}
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  Catalog catalog;
  Movements movements;
  Stock stock;
  Requests requests;
  Support support;
  SummarySource summary;
};

// /api/v1/supplies/...: one function per part (routes_<part>.cpp).
void add_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_catalog_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_movement_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_stock_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_request_routes(http::Router& router, const api::Gate& gate, Module& m);
void add_support_routes(http::Router& router, const api::Gate& gate, Module& m);

// What the routes share.
// The request's JSON body (api::json_body), with text holding a NUL character
// and members nested deeper than 32 levels refused, naming the member.
Result<nlohmann::json> body_of(const http::Request& req);
// A movement from a JSON body; `forced_kind` for /supplies/support.
Result<NewMovement> read_movement(const nlohmann::json& body, const std::optional<std::string>& forced_kind);
std::optional<std::string> query_text(const http::Request& req, const char* name);
// The request's Idempotency-Key with its fingerprint (nullopt without the header).
Result<std::optional<Retry>> retry_of(const http::Request& req);
// 409 problem+json with the shortfall's item, warehouse and quantity on hand as members.
http::Response shortfall_problem(const Error& error, const Shortfall& s, const http::Request& req);
// A recorded POST's answer: 201, a replay, 422 for a reused key, or 409 with
// the shortfall's members when the stock could not cover it.
Result<http::Response> recorded_response(const Result<Recorded>& r, const std::optional<Shortfall>& shortfall,
                                         const http::Request& req);

}  // namespace lifeline::app::supplies
