// /api/v1/reports/templates, /due, /submissions, /status and /figures.
#include "app/duty/access.h"
#include "app/duty/route_helpers.h"
#include "app/reports/fields.h"
#include "app/reports/json.h"
#include "app/reports/module.h"
#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::reports {

using http::Request;
using http::Response;
using duty::routes::answer;
using duty::routes::body;
using duty::routes::if_match;
using duty::routes::param;
using duty::routes::retry_of;

namespace {

TemplateInput read_template(JsonInput& in, bool creating) {
  TemplateInput t;
  if (creating) {
    t.org_id = in.integer("org_id", false, 1);
    t.code = in.text("code", {.max_len = 40}).value_or("");
  }
  t.name = in.text("name", {.max_len = 100}).value_or("");
  t.fields = read_fields(in);
  if (const auto* kinds = in.raw("required_kinds", false)) {
    if (!kinds->is_array() || kinds->size() > 10) in.fail("required_kinds", "must be a list of unit kinds");
    else
      for (size_t i = 0; i < kinds->size(); ++i) {
        if ((*kinds)[i].is_string()) t.required_kinds.push_back((*kinds)[i].get<std::string>());
        else in.fail("required_kinds/" + std::to_string(i), "must be a unit kind");
      }
  }
  if (auto units = in.integer_list("required_units", false)) {
    if (units->size() > 500) in.fail("required_units", "at most 500 units");
    else t.required_units = *units;
  }
  if (const auto* times = in.raw("deadlines")) {
    if (!times->is_array() || times->size() > 24) in.fail("deadlines", "must be a list of up to 24 times HH:MM");
    else
      for (size_t i = 0; i < times->size(); ++i) {
        const auto& v = (*times)[i];
        auto m = v.is_string() ? parse_clock_time(v.get<std::string>(), "deadlines") : Result<int>(Error::invalid("", ""));
        if (!m) in.fail("deadlines/" + std::to_string(i), "must be a time HH:MM");
        else if (std::find(t.deadlines.begin(), t.deadlines.end(), *m) != t.deadlines.end())
          in.fail("deadlines/" + std::to_string(i), "given twice");
        else t.deadlines.push_back(*m);
      }
  }
  if (auto days = in.integer_list("days", false)) {
    t.days = 0;
    for (size_t i = 0; i < days->size(); ++i) {
      if ((*days)[i] < 1 || (*days)[i] > 7) in.fail("days/" + std::to_string(i), "a weekday 1 (Monday) … 7 (Sunday)");
      else t.days |= 1 << ((*days)[i] - 1);
    }
  }
  t.remind_minutes = static_cast<int>(in.integer("remind_minutes", false, INT32_MIN, INT32_MAX).value_or(30));
  t.escalate_minutes = static_cast<int>(in.integer("escalate_minutes", false, INT32_MIN, INT32_MAX).value_or(30));
  t.effective_from = in.instant("effective_from", false);
  t.active = in.boolean("active", false);
  return t;
}

nlohmann::json due_json(const Due& d) {
  return {{"template", {{"id", d.tmpl.id}, {"name", d.tmpl.name}, {"code", d.tmpl.code}}},
          {"version", d.version ? to_json(*d.version) : nlohmann::json()},
          {"unit", {{"id", d.unit_id}, {"name", d.unit_name}}},
          {"deadline", format_instant(d.deadline)},
          {"opens_at", format_instant(d.opens)},
          {"state", d.state},
          {"submission", d.submission ? to_json(*d.submission) : nlohmann::json()}};
}

}  // namespace

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/reports/templates",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.templates.list(actor, org));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& t : list) out.push_back(to_json(t));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/reports/templates",
             gate(Permission::reports_review, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               auto t = read_template(in, true);
               LL_CHECK(in.finish());
               LL_TRY(auto made, m.templates.create(actor, t));
               return api::json(201, to_json(made, true));
             }));

  router.add("GET", "/api/v1/reports/templates/{id}",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto t, m.templates.get(actor, id));
               return api::json(200, to_json(t, true));
             }));

  router.add("PUT", "/api/v1/reports/templates/{id}",
             gate(Permission::reports_review, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto version, if_match(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               auto t = read_template(in, false);
               LL_CHECK(in.finish());
               LL_TRY(auto changed, m.templates.change(actor, id, t, version));
               return api::json(200, to_json(changed, true));
             }));

  router.add("GET", "/api/v1/reports/due",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.submissions.due(actor, org));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& d : list) out.push_back(due_json(d));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/reports/submissions",
             gate(Permission::reports_submit, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto retry, retry_of(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               NewSubmission s;
               auto tpl = in.integer("template_id", true, 1);
               s.org_id = in.integer("org_id", false, 1);
               auto deadline = in.text("deadline", {.max_len = 40});
               const auto* values = in.raw("values");
               if (deadline) {
                 auto at = duty::parse_time(*deadline, duty::zone_of(m.rt), "deadline");
                 if (at) s.deadline = *at;
                 else in.fail("deadline", at.error().fields.at(0).message);
               }
               LL_CHECK(in.finish());
               s.template_id = *tpl;
               s.values = *values;
               LL_TRY(auto a, m.submissions.submit(actor, s, retry));
               return answer(req, a);
             }));

  router.add("GET", "/api/v1/reports/submissions",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               SubmissionFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.template_id, api::query_int(req, "template"));
               f.date = param(req, "date");
               LL_TRY(auto list, m.submissions.list(actor, f));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& s : list) out.push_back(to_json(s));
               return api::json(200, {{"items", out}});
             }));

  router.add("GET", "/api/v1/reports/submissions/{id}",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, m.submissions.get(actor, id));
               LL_TRY(auto t, m.templates.get(actor, s.template_id));
               nlohmann::json j = to_json(s);
               for (const auto& v : t.versions)
                 if (v.version == s.template_version) j["template_version"] = to_json(v);
               return api::json(200, j);
             }));

  router.add("POST", "/api/v1/reports/submissions/{id}/review",
             gate(Permission::reports_review, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               Review r;
               auto decision = in.choice("decision", {"acknowledge", "return"});
               r.comment = in.text("comment", {.required = false, .max_len = 2000});
               r.version = in.integer("version", false, 1);
               LL_CHECK(in.finish());
               r.decision = *decision;
               LL_TRY(auto s, m.submissions.review(actor, id, r));
               return api::json(200, to_json(s));
             }));

  router.add("GET", "/api/v1/reports/status",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               auto date = param(req, "date");
               if (!date) return Error::invalid("date", "is required (YYYY-MM-DD)");
               LL_TRY(auto list, m.status.grid(actor, org, *date));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& c : list) out.push_back(to_json(c));
               return api::json(200, {{"date", *date}, {"items", out}});
             }));

  router.add("GET", "/api/v1/reports/figures",
             gate(Permission::reports_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               auto date = param(req, "date");
               auto from = param(req, "from").value_or(date.value_or(""));
               auto to = param(req, "to").value_or(date.value_or(""));
               LL_TRY(auto f, m.status.day_figures(actor, org, from, to));
               nlohmann::json sums = nlohmann::json::array();
               for (const auto& s : f.sums)
                 sums.push_back({{"template", {{"id", s.template_id}, {"code", s.template_code}, {"name", s.template_name}}},
                                 {"key", s.key},
                                 {"label", s.label},
                                 {"unit", s.unit},
                                 {"value", s.value},
                                 {"units", s.units}});
               return api::json(200, {{"expected", f.expected}, {"on_time", f.on_time}, {"late", f.late},
                                      {"missing", f.missing}, {"acknowledged", f.acknowledged},
                                      {"returned", f.returned}, {"pending", f.pending}, {"sums", sums}});
             }));
}

}  // namespace lifeline::app::reports
