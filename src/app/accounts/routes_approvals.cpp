// /api/v1/approvals: second-person approvals of health-records access
// (accounts/approvals.h). Deciding is for login sessions only.
#include "app/accounts/service.h"
#include "app/api/routes.h"
#include "core/json_input.h"

#include <set>

namespace lifeline::app {

using http::Request;
using http::Response;

namespace {

Result<std::string> note(const Request& req, bool required) {
  if (req.body.empty() && !required) return std::string();
  LL_TRY(auto body, api::json_body(req));
  JsonInput in(body);
  auto text = in.text("note", {.required = required, .max_len = 200});
  LL_CHECK(in.finish());
  return text.value_or("");
}

}  // namespace

void add_approval_routes(http::Router& router, const api::Gate& gate, accounts::Service& accounts) {
  router.add("GET", "/api/v1/approvals",
             gate(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               accounts::ApprovalFilter f;
               if (auto state = req.query_param("state"); state && !state->empty()) {
                 static const std::set<std::string> kStates = {"pending", "approved", "rejected", "cancelled",
                                                               "expired"};
                 if (!kStates.contains(*state))
                   return Error::invalid("state", "must be pending, approved, rejected, cancelled or expired");
                 f.state = *state;
               }
               LL_TRY(auto list, accounts.approvals().list(actor, f));
               const auto now = accounts.now();
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : list) items.push_back(accounts::to_json(a, actor, now));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/approvals/{id}/approve",
             gate.by_session(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto text, note(req, false));
               LL_TRY(auto a, accounts.approvals().approve(actor, id, text));
               return api::json(200, accounts::to_json(a, actor, accounts.now()));
             }));

  router.add("POST", "/api/v1/approvals/{id}/reject",
             gate.by_session(std::nullopt, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto text, note(req, true));
               LL_TRY(auto a, accounts.approvals().reject(actor, id, text));
               return api::json(200, accounts::to_json(a, actor, accounts.now()));
             }));

  router.add("POST", "/api/v1/approvals/{id}/cancel",
             gate.by_session(Permission::users_write, [&accounts](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto a, accounts.approvals().cancel(actor, id));
               return api::json(200, accounts::to_json(a, actor, accounts.now()));
             }));
}

}  // namespace lifeline::app
