// /api/v1/health/checkins, /settings and /risk-areas
#include <algorithm>

#include "app/api/idempotency.h"
#include "app/health/module.h"
#include "core/json_input.h"
#include "core/local_time.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

namespace {

// Reads a check-in body strictly; every problem names its field.
Status read_checkin(const nlohmann::json& body, Submission& s) {
  JsonInput in(body);
  auto temperature = in.number("temperature");
  const nlohmann::json* symptoms = in.raw("symptoms", false);
  auto location = in.choice("location", {"in_town", "away", "not_returned"});
  s.input.city = in.text("city", {.required = false, .max_len = 100});
  auto risk_travel = in.boolean("risk_travel", false);
  s.input.risk_areas = in.text("risk_areas", {.required = false, .max_len = 500});
  auto contact = in.choice("contact", {"none", "suspected", "confirmed"});
  auto work_status = in.choice("work_status", {"on_duty", "remote", "leave", "isolated"});
  const nlohmann::json* household = in.raw("household", false);
  s.input.remarks = in.text("remarks", {.required = false, .max_len = 1000});
  s.staff_id = in.integer("staff_id", false, 1);
  if (symptoms && !symptoms->is_null()) {
    if (!symptoms->is_array()) {
      in.fail("symptoms", "must be a list of symptoms");
    } else {
      for (size_t i = 0; i < symptoms->size(); ++i) {
        const auto& v = (*symptoms)[i];
        if (!v.is_string() || v.get<std::string>().empty())
          in.fail("symptoms/" + std::to_string(i), "must be a symptom from the list");
        else
          s.input.symptoms.push_back(v.get<std::string>());
      }
    }
  }
  if (household && !household->is_null()) {
    if (!household->is_array() || household->size() > 20) {
      in.fail("household", "must be a list of at most 20 members");
    } else {
      nlohmann::json members = nlohmann::json::array();
      for (size_t i = 0; i < household->size(); ++i) {
        JsonInput m((*household)[i], "household/" + std::to_string(i) + "/");
        auto name = m.text("name", {.max_len = 50});
        auto relation = m.choice("relation", {"spouse", "child", "parent", "sibling", "other"});
        auto status = m.choice("status", {"normal", "home_observation", "quarantine", "suspected", "confirmed"});
        if (auto st = m.finish(); !st) {
          for (const auto& f : st.error().fields) in.fail(f.field, f.message);
        } else {
          members.push_back({{"name", *name}, {"relation", *relation}, {"status", *status}});
        }
      }
      s.input.household = std::move(members);
    }
  }
  LL_CHECK(in.finish());
  s.input.temperature = *temperature;
  s.input.location = *location;
  s.input.risk_travel = risk_travel.value_or(false);
  s.input.contact = *contact;
  s.input.work_status = *work_status;
  if (s.input.location == "in_town" && s.input.city && s.input.city->empty()) s.input.city.reset();
  if (!s.input.risk_travel) s.input.risk_areas.reset();
  return {};
}

std::optional<std::string> link_token(const Request& req) {
  std::string token = req.header("x-checkin-token");
  if (token.empty()) return std::nullopt;
  return token;
}

Result<std::optional<std::string>> query_date(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::string>();
  LL_TRY(auto d, parse_date(*v, name));
  return std::optional<std::string>(d);
}

Status read_risk_area(const nlohmann::json& body, RiskAreaInput& a, bool create) {
  JsonInput in(body);
  a.name = in.text("name", {.required = create, .min_len = 1, .max_len = 100});
  a.level = in.choice("level", {"high", "medium"}, false);
  a.valid_from = in.text("valid_from", {.required = false, .max_len = 10});
  a.valid_to = in.nullable_text("valid_to", {.max_len = 10});
  if (a.valid_to && *a.valid_to && (*a.valid_to)->empty()) *a.valid_to = std::nullopt;
  LL_CHECK(in.finish());
  if (a.valid_from) {
    LL_TRY(a.valid_from, parse_date(*a.valid_from, "valid_from"));
  }
  if (a.valid_to && *a.valid_to) {
    LL_TRY(*a.valid_to, parse_date(**a.valid_to, "valid_to"));
  }
  return {};
}

}  // namespace

void add_checkin_routes(http::Router& router, const api::Gate& gate, Module& m) {
  // No cookie is needed with a personal link (X-Checkin-Token): the link is no
  // ambient credential, so there is nothing for CSRF to protect; without one
  // the gate's authentication (and CSRF check) applies.
  router.add("POST", "/api/v1/health/checkins", gate.open([&gate, &m](Request& req) -> Result<Response> {
    LL_TRY(auto key, api::idempotency_key(req));
    Submission s;
    std::optional<Actor> actor;
    s.link_token = link_token(req);
    if (!s.link_token) {
      LL_TRY(Actor a, gate.authenticate(req));
      actor = std::move(a);
      s.actor = &*actor;
    }
    LL_TRY(auto body, api::json_body(req));
    LL_CHECK(read_checkin(body, s));
    if (s.link_token && s.staff_id) return Error::invalid("staff_id", "a check-in link submits only its own person");
    s.idempotency_key = key;
    s.fingerprint = api::request_fingerprint(req);
    s.request_id = req.request_id;
    s.remote_address = api::client_ip(req);
    LL_TRY(auto done, m.checkins.submit(s));
    if (done.key_reused) return api::key_reused(req);
    if (done.replayed) return api::replay({done.status, done.body, true});
    return Response::text(done.status, done.body, "application/json");
  }));

  router.add("GET", "/api/v1/health/checkins/form", gate.open([&gate, &m](Request& req) -> Result<Response> {
    auto token = link_token(req);
    std::optional<Actor> actor;
    if (!token) {
      LL_TRY(Actor a, gate.authenticate(req));
      actor = std::move(a);
    }
    LL_TRY(auto form, m.checkins.form(actor ? &*actor : nullptr, token));
    return api::json(200, form);
  }));

  router.add("GET", "/api/v1/health/checkins",
             gate(Permission::health_records, [&m](Request& req, const Actor& actor) -> Result<Response> {
               CheckinFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.date, query_date(req, "date"));
               auto abnormal = req.query_param("abnormal");
               f.abnormal_only = abnormal && (*abnormal == "true" || *abnormal == "1");
               LL_TRY(auto limit, api::query_int(req, "limit"));
               LL_TRY(auto offset, api::query_int(req, "offset"));
               if (limit) f.limit = static_cast<int>(std::clamp<int64_t>(*limit, -1, 100000));
               if (offset) f.offset = static_cast<int>(std::clamp<int64_t>(*offset, -1, 1 << 30));
               LL_TRY(auto list, m.checkins.list(actor, f));
               return api::json(200, list);
             }));

  router.add("GET", "/api/v1/health/settings",
             gate(Permission::health_census, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto j, m.checkins.settings(actor, org));
               return api::json(200, j);
             }));

  router.add("PUT", "/api/v1/health/settings",
             gate(Permission::health_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               SettingsPatch p;
               auto start = in.text("window_start", {.required = false, .max_len = 5});
               auto deadline = in.text("deadline", {.required = false, .max_len = 5});
               p.fever_celsius = in.number("fever_celsius", false);
               const nlohmann::json* symptoms = in.raw("symptoms", false);
               auto retention = in.integer("retention_days", false);
               if (start) {
                 if (auto v = parse_clock_time(*start, "window_start")) p.window_start = *v;
                 else in.fail("window_start", "must be a time HH:MM");
               }
               if (deadline) {
                 if (auto v = parse_clock_time(*deadline, "deadline")) p.deadline = *v;
                 else in.fail("deadline", "must be a time HH:MM");
               }
               if (symptoms) {
                 if (!symptoms->is_array()) {
                   in.fail("symptoms", "must be a list of symptoms");
                 } else {
                   std::vector<std::string> list;
                   for (size_t i = 0; i < symptoms->size(); ++i) {
                     const auto& v = (*symptoms)[i];
                     if (!v.is_string()) in.fail("symptoms/" + std::to_string(i), "must be text");
                     else list.push_back(v.get<std::string>());
                   }
                   p.symptoms = std::move(list);
                 }
               }
               if (retention) p.retention_days = static_cast<int>(std::clamp<int64_t>(*retention, -1, 100000));
               LL_CHECK(in.finish());
               LL_TRY(auto j, m.checkins.update_settings(actor, org, p));
               return api::json(200, j);
             }));

  router.add("GET", "/api/v1/health/risk-areas",
             gate(Permission::health_self, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.checkins.risk_areas().list(actor, org));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& a : list) items.push_back(to_json(a, m.checkins.risk_areas().today()));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/health/risk-areas",
             gate(Permission::health_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto body, api::json_body(req));
               RiskAreaInput in;
               LL_CHECK(read_risk_area(body, in, true));
               LL_TRY(auto a, m.checkins.risk_areas().create(actor, org, in));
               return api::json(201, to_json(a, m.checkins.risk_areas().today()));
             }));

  router.add("PATCH", "/api/v1/health/risk-areas/{id}",
             gate(Permission::health_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               RiskAreaInput in;
               LL_CHECK(read_risk_area(body, in, false));
               LL_TRY(auto a, m.checkins.risk_areas().change(actor, id, in));
               return api::json(200, to_json(a, m.checkins.risk_areas().today()));
             }));

  router.add("DELETE", "/api/v1/health/risk-areas/{id}",
             gate(Permission::health_manage, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(m.checkins.risk_areas().remove(actor, id));
               return Response::no_content();
             }));
}

}  // namespace lifeline::app::health
