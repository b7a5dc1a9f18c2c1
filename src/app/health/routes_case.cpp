// /api/v1/health/people/{id}/household, /api/v1/health/household/{id},
// /api/v1/health/observations...
#include "app/health/access.h"
#include "app/health/module.h"
#include "core/json_input.h"
#include "core/local_time.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

namespace {

constexpr TextRule kOptional100{.required = false, .max_len = 100};

MemberInput read_member(JsonInput& in, bool creating) {
  MemberInput m;
  m.name = in.text("name", {.required = creating, .max_len = 100});
  m.relation = in.text("relation", {.required = creating, .max_len = 20});
  m.risk_status = in.text("risk_status", {.required = false, .max_len = 20});
  m.phone = in.nullable_text("phone", {.max_len = 30});
  m.recent_travel = in.nullable_text("recent_travel", {.max_len = 500});
  m.returned_from = in.nullable_text("returned_from", kOptional100);
  m.returned_on = in.nullable_text("returned_on", {.max_len = 10});
  for (const auto& e : member_errors(m)) in.fail(e.field, e.message);
  return m;
}

nlohmann::json list_item(const Observation& o, const std::optional<Visit>& v, const std::string& date) {
  nlohmann::json j = to_json(o, false);
  j["visit_on_date"] = v ? to_json(*v) : nlohmann::json();
  j["visited"] = v.has_value();
  j["day_number"] = days_between(o.start_on, date) + 1;
  j["ready_for_release"] = !o.released_on && o.planned_end_on <= date;
  return j;
}

}  // namespace

void add_case_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Cases& cases = m.cases;

  router.add("GET", "/api/v1/health/people/{id}/household",
             gate(std::nullopt, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto members, cases.household(actor, id));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& x : members) items.push_back(to_json(x, false));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/health/people/{id}/household",
             gate(Permission::health_self, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto input = read_member(in, true);
               LL_CHECK(in.finish());
               LL_TRY(auto created, cases.add_member(actor, id, input));
               return api::json(201, to_json(created, true));
             }));

  router.add("PATCH", "/api/v1/health/household/{id}",
             gate(Permission::health_self, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto input = read_member(in, false);
               LL_CHECK(in.finish());
               LL_TRY(auto changed, cases.change_member(actor, id, input));
               return api::json(200, to_json(changed, true));
             }));

  router.add("DELETE", "/api/v1/health/household/{id}",
             gate(Permission::health_self, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(cases.remove_member(actor, id));
               return Response::no_content();
             }));

  router.add("POST", "/api/v1/health/observations",
             gate(Permission::health_manage, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewObservation o;
               auto staff = in.integer("staff_id", true, 1);
               auto member = in.integer("member_id", false, 1);
               auto kind = in.choice("kind", {"home", "centralised"});
               auto reason = in.text("reason", {.max_len = 200});
               o.start_on = in.text("start_on", {.required = false, .max_len = 10});
               o.days = in.integer("days", false, 1, 60);
               o.planned_end_on = in.text("planned_end_on", {.required = false, .max_len = 10});
               if (o.days && *o.days != 7 && *o.days != 14) in.fail("days", "must be 7 or 14 (or give planned_end_on)");
               if (!in.has("days") && !in.has("planned_end_on")) in.fail("days", "give days (7 or 14) or planned_end_on");
               if (in.has("days") && in.has("planned_end_on"))
                 in.fail("planned_end_on", "give either days or planned_end_on, not both");
               LL_CHECK(in.finish());
               o.staff_id = *staff;
               o.member_id = member;
               o.kind = *kind;
               o.reason = *reason;
               LL_TRY(auto opened, cases.open(actor, o));
               return api::json(201, to_json(opened));
             }));

  router.add("GET", "/api/v1/health/observations",
             gate(Permission::health_records, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               ObservationFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               f.status = req.query_param("status").value_or("");
               if (f.status.empty()) f.status = "active";
               f.date = req.query_param("date");
               if (f.date && f.date->empty()) f.date.reset();
               LL_TRY(auto list, cases.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               int visited = 0, active = 0, ready = 0;
               for (size_t i = 0; i < list.items.size(); ++i) {
                 items.push_back(list_item(list.items[i], list.visit_on_date[i], list.date));
                 if (!list.items[i].released_on) {
                   ++active;
                   if (list.visit_on_date[i]) ++visited;
                   if (list.items[i].planned_end_on <= list.date) ++ready;
                 }
               }
               return api::json(200, {{"date", list.date},
                                      {"items", items},
                                      {"counts",
                                       {{"active", active},
                                        {"visited", visited},
                                        {"not_visited", active - visited},
                                        {"ready_for_release", ready}}}});
             }));

  router.add("GET", "/api/v1/health/observations/due",
             gate(Permission::health_records, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               auto date = req.query_param("date");
               if (date && date->empty()) date.reset();
               LL_TRY(auto due, cases.due(actor, org, date));
               nlohmann::json missing = nlohmann::json::array(), ready = nlohmann::json::array();
               for (const auto& o : due.missing_visit) {
                 auto j = to_json(o, false);
                 j["alert"] = "missing_visit";
                 missing.push_back(j);
               }
               for (const auto& o : due.ready_for_release) {
                 auto j = to_json(o, false);
                 j["alert"] = "ready_for_release";
                 ready.push_back(j);
               }
               return api::json(200, {{"date", due.date},
                                      {"missing_visit", missing},
                                      {"ready_for_release", ready},
                                      {"counts",
                                       {{"missing_visit", due.missing_visit.size()},
                                        {"ready_for_release", due.ready_for_release.size()}}}});
             }));

  router.add("GET", "/api/v1/health/observations/{id}",
             gate(std::nullopt, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto o, cases.get(actor, id));
               return api::json(200, to_json(o));
             }));

  router.add("POST", "/api/v1/health/observations/{id}/visits",
             gate(Permission::health_manage, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewVisit v;
               auto visitor = in.text("visitor", {.max_len = 100});
               v.visited_at = in.instant("visited_at", false);
               v.temperature = in.number("temperature", false);
               v.findings = in.text("findings", {.required = false, .max_len = 1000});
               if (v.temperature && (*v.temperature < 34.0 || *v.temperature > 43.0))
                 in.fail("temperature", "must be a body temperature between 34 and 43 °C");
               LL_CHECK(in.finish());
               v.visitor = *visitor;
               LL_TRY(auto done, cases.visit(actor, id, v));
               return api::json(201, {{"visit", to_json(done.first)},
                                      {"fever", done.first.fever},
                                      {"observation", to_json(done.second)}});
             }));

  router.add("POST", "/api/v1/health/observations/{id}/release",
             gate(Permission::health_manage, [&cases](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               Release r;
               r.released_on = in.text("released_on", {.required = false, .max_len = 10});
               r.note = in.text("note", {.required = false, .max_len = 1000});
               r.early = in.boolean("early", false).value_or(false);
               LL_CHECK(in.finish());
               LL_TRY(auto released, cases.release(actor, id, r));
               return api::json(200, to_json(released));
             }));
}

}  // namespace lifeline::app::health
