// /api/v1/disinfection/...: places and their QR codes, rounds recorded from a
// phone, the overdue list and the completion rates.
#include <cctype>
#include <cmath>

#include "app/disinfection/module.h"
#include "app/health/links.h"
#include "app/supplies/module.h"
#include "core/json_input.h"

namespace lifeline::app::disinfection {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

// A round's photo from the phone's camera (a few pictures at most).
constexpr size_t kRecordBytes = photos::kMaxPhotos * (photos::kMaxPhotoBytes / 3 * 4 + 1024) + 64 * 1024;

std::optional<std::string> query_text(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// The address a phone opens from the printed code: this server as the printing browser reached it.
std::string absolute_url(const Request& req, const std::string& path) {
  std::string proto = req.header("x-forwarded-proto");
  if (auto comma = proto.find(','); comma != std::string::npos) proto = proto.substr(0, comma);
  while (!proto.empty() && proto.back() == ' ') proto.pop_back();
  if (proto != "https") proto = "http";
  std::string host;
  for (char c : req.header("host"))
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']')
      host += c;
  if (host.empty()) host = "localhost";
  return proto + "://" + host + path;
}

}  // namespace

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_place_routes(router, gate, m);
  add_record_routes(router, gate, m);
  add_round_routes(router, gate, m);
}

void add_place_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/disinfection/places",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.places.list(actor, org));
               json items = json::array();
               for (const auto& p : list) items.push_back(to_json(p));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/disinfection/places",
             gate(Permission::disinfection_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, supplies::body_of(req));
               JsonInput in(body);
               NewPlace p;
               p.org_id = in.integer("org_id", false, 1);
               auto name = in.text("name", {.max_len = 100});
               auto kind = in.text("kind", {.max_len = 30});
               p.times_per_day = static_cast<int>(in.integer("times_per_day", false, 1, 12).value_or(1));
               p.after_each_use = in.boolean("after_each_use", false).value_or(false);
               auto agent = in.text("agent", {.max_len = 100});
               p.dose = in.text("dose", {.required = false, .max_len = 200}).value_or("");
               p.agent_item_id = in.integer("agent_item_id", false, 1);
               p.warehouse_id = in.integer("warehouse_id", false, 1);
               p.dose_quantity = in.number("dose_quantity", false);
               p.dose_unit = in.text("dose_unit", {.required = false, .max_len = 20});
               LL_CHECK(in.finish());
               p.name = *name;
               p.kind = *kind;
               p.agent = *agent;
               LL_TRY(auto created, m.places.create(actor, p));
               return api::json(201, to_json(created));
             }));

  router.add("GET", "/api/v1/disinfection/places/by-token/{token}",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               auto it = req.params.find("token");
               if (it == req.params.end() || it->second.empty() || it->second.size() > 64)
                 return Error::not_found("no place has this code");
               LL_TRY(auto p, m.places.by_token(actor, it->second));
               return api::json(200, to_json(p));
             }));

  router.add("GET", "/api/v1/disinfection/places/{id}",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto p, m.places.get(actor, id));
               return api::json(200, to_json(p));
             }));

  router.add("PATCH", "/api/v1/disinfection/places/{id}",
             gate(Permission::disinfection_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, supplies::body_of(req));
               JsonInput in(body);
               PlacePatch p;
               p.name = in.text("name", {.required = false, .max_len = 100});
               p.agent = in.text("agent", {.required = false, .max_len = 100});
               p.dose = in.text("dose", {.required = false, .max_len = 200});
               if (auto t = in.integer("times_per_day", false, 1, 12)) p.times_per_day = static_cast<int>(*t);
               p.after_each_use = in.boolean("after_each_use", false);
               p.active = in.boolean("active", false);
               if (in.is_null("dose_quantity")) {
                 in.raw("dose_quantity", false);
                 p.dose_quantity = std::optional<double>();
               } else if (auto q = in.number("dose_quantity", false)) {
                 p.dose_quantity = std::optional<double>(*q);
               }
               p.dose_unit = in.text("dose_unit", {.required = false, .max_len = 20});
               LL_CHECK(in.finish());
               LL_TRY(auto place, m.places.update(actor, id, p));
               return api::json(200, to_json(place));
             }));

  router.add("GET", "/api/v1/disinfection/places/{id}/qr.svg",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto p, m.places.get(actor, id));
               LL_TRY(auto svg, health::qr_svg(absolute_url(req, scan_path(p.qr_token))));
               Response r = Response::text(200, std::move(svg), "image/svg+xml");
               r.set_header("Cache-Control", "private, max-age=3600");
               return r;
             }));
}

void add_record_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add(
      "POST", "/api/v1/disinfection/records",
      gate(Permission::disinfection_record,
           [&m](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(auto retry, supplies::retry_of(req));
             LL_TRY(auto body, supplies::body_of(req));
             JsonInput in(body);
             NewRecord r;
             r.place_id = in.integer("place_id", false, 1);
             r.qr_token = in.text("qr_token", {.required = false, .max_len = 64});
             r.done_at = in.instant("done_at", false);
             r.agent = in.text("agent", {.required = false, .max_len = 100});
             r.agent_item_id = in.integer("agent_item_id", false, 1);
             r.quantity = in.number("quantity", false);
             r.unit = in.text("unit", {.required = false, .max_len = 20});
             r.note = in.text("note", {.required = false, .max_len = 500});
             r.photos = photos::read(in, "photos");
             LL_CHECK(in.finish());
             std::optional<supplies::Shortfall> shortfall;
             return supplies::recorded_response(m.records.record(actor, r, retry, &shortfall), shortfall, req);
           }),
      kRecordBytes);

  router.add("GET", "/api/v1/disinfection/records",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               RecordFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.place_id, api::query_int(req, "place_id"));
               f.from = query_text(req, "from");
               f.to = query_text(req, "to");
               LL_TRY(auto list, m.records.list(actor, f));
               json items = json::array();
               for (const auto& r : list) items.push_back(to_json(r));
               return api::json(200, {{"items", items}});
             }));
}

void add_round_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/disinfection/overdue",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.rounds.overdue(actor, org));
               json items = json::array();
               for (const auto& o : list) items.push_back(to_json(o));
               return api::json(200, {{"items", items}, {"grace_minutes", kGraceMinutes}});
             }));

  router.add("GET", "/api/v1/disinfection/completion",
             gate(std::nullopt, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto days, m.rounds.completion(actor, org, query_text(req, "from"), query_text(req, "to")));
               json items = json::array();
               for (const auto& d : days) items.push_back(to_json(d));
               const auto t = total_of(days);
               return api::json(200, {{"items", items},
                                      {"total",
                                       {{"required", t.required},
                                        {"done", t.done},
                                        {"missed", t.missed},
                                        {"overdue_now", t.overdue_now},
                                        {"rate", std::round(t.rate() * 1000) / 1000}}}});
             }));
}

}  // namespace lifeline::app::disinfection
