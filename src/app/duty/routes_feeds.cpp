// /api/v1/duty/calendar-tokens, /calendar.ics and /roster.xlsx.
#include "app/duty/module.h"
#include "app/duty/route_helpers.h"
#include "core/time.h"
#include "sheets/table.h"

namespace lifeline::app::duty {

using http::Request;
using http::Response;
using namespace routes;

namespace {

nlohmann::json token_json(const CalendarToken& t) {
  nlohmann::json j = {{"id", t.id},
                      {"kind", t.kind},
                      {"post", t.post_id ? nlohmann::json{{"id", *t.post_id}, {"name", t.post_name}} : nlohmann::json()},
                      {"person_name", t.person_name},
                      {"created_at", format_instant(t.created_at)},
                      {"revoked_at", instant_json(t.revoked_at)}};
  if (!t.token.empty()) {
    j["token"] = t.token;
    j["url"] = "/api/v1/duty/calendar.ics?token=" + t.token;
  }
  return j;
}

// RFC 5987: a UTF-8 file name for Content-Disposition.
std::string percent_encoded(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

void add_feed_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/duty/calendar-tokens",
             gate(Permission::duty_self, [&m](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto list, m.feeds.tokens(actor));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& t : list) out.push_back(token_json(t));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/duty/calendar-tokens",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               std::optional<int64_t> post;
               if (!req.body.empty()) {
                 LL_TRY(auto b, body(req));
                 JsonInput in(b);
                 post = in.integer("post_id", false, 1);
                 LL_CHECK(in.finish());
               }
               LL_TRY(auto t, m.feeds.make_token(actor, post));
               Response r = api::json(201, token_json(t));
               r.set_header("Cache-Control", "no-store");
               return r;
             }));

  router.add("DELETE", "/api/v1/duty/calendar-tokens/{id}",
             gate(Permission::duty_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(m.feeds.revoke(actor, id));
               return Response::no_content();
             }));

  // No login: the token is the credential, and opens this feed alone.
  router.add("GET", "/api/v1/duty/calendar.ics", gate.open([&m](Request& req) -> Result<Response> {
    LL_TRY(auto text, m.feeds.calendar(param(req, "token").value_or("")));
    Response r = Response::text(200, std::move(text), "text/calendar; charset=utf-8");
    r.set_header("Cache-Control", "private, max-age=300");
    return r;
  }));

  router.add("GET", "/api/v1/duty/roster.xlsx",
             gate(Permission::duty_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto w, m.feeds.weekly(actor, org, param(req, "week")));
               Response r = Response::text(200, std::move(w.bytes), sheets::kXlsxMime);
               r.set_header("Content-Disposition", "attachment; filename=\"duty-roster-" + w.monday +
                                                       ".xlsx\"; filename*=UTF-8''" + percent_encoded(w.file_name));
               return r;
             }));
}

}  // namespace lifeline::app::duty
