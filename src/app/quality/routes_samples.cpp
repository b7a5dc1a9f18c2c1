// /api/v1/quality/samples: entering a result sheet (Idempotency-Key), the
// list, one sheet, its review steps, resubmitting a returned sheet, bulk
// entry from an instrument's CSV/XLSX, and on-line analyser readings.
#include "app/quality/module.h"
#include "core/json_input.h"

namespace lifeline::app::quality {

using http::Request;
using http::Response;

namespace {

std::optional<std::string> param(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// The results array: [{indicator, value, unit?, method?}].
void read_results(JsonInput& in, std::vector<NewResult>& out) {
  const auto* list = in.raw("results", true);
  if (!list) return;
  if (!list->is_array()) {
    in.fail("results", "must be an array of results");
    return;
  }
  if (list->size() > 120) {
    in.fail("results", "at most 120 results on one sheet");
    return;
  }
  for (size_t i = 0; i < list->size(); ++i) {
    JsonInput r((*list)[i], "results/" + std::to_string(i) + "/");
    NewResult x;
    auto indicator = r.text("indicator", {.max_len = 64});
    if (const auto* v = r.raw("value", true)) x.value = *v;
    x.unit = r.text("unit", {.required = false, .max_len = 32});
    x.method = r.text("method", {.required = false, .max_len = 200});
    if (auto st = r.finish(); !st)
      for (const auto& fe : st.error().fields) in.fail(fe.field, fe.message);
    if (indicator) x.indicator = *indicator;
    out.push_back(std::move(x));
  }
}

Result<NewSample> read_sample(const nlohmann::json& body, bool resubmitting) {
  LL_CHECK(refuse_nul(body));
  JsonInput in(body);
  NewSample s;
  if (!resubmitting) {
    auto point = in.integer("point_id", true, 1);
    auto level = in.text("level", {.max_len = 20});
    s.task_id = in.integer("task_id", false, 1);
    s.sampled_at = in.instant("sampled_at", false);
    s.sampler = in.text("sampler", {.required = false, .max_len = 100});
    auto instrument = in.text("instrument", {.required = false, .max_len = 200});
    if (point) s.point_id = *point;
    if (level) s.level = *level;
    s.instrument = instrument.value_or("");
  }
  auto note = in.text("note", {.required = false, .max_len = 1000});
  read_results(in, s.results);
  LL_CHECK(in.finish());
  s.note = note.value_or("");
  return s;
}

std::optional<IdempotentCall> idempotent(const Request& req, const Actor& actor, const std::optional<std::string>& key) {
  if (!key) return std::nullopt;
  return IdempotentCall{"user:" + std::to_string(actor.user_id), *key, api::request_fingerprint(req)};
}

Result<Response> answer(const Request& req, const Answer& a) {
  if (a.key_reused) return api::key_reused(req);
  if (a.replayed) return api::replay({a.status, a.body, true});
  return Response::text(a.status, a.body, "application/json");
}

}  // namespace

void add_sample_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("POST", "/api/v1/quality/samples",
             gate(Permission::quality_enter, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto key, api::idempotency_key(req));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto s, read_sample(body, false));
               LL_TRY(auto a, m.samples.enter(actor, s, idempotent(req, actor, key),
                                              [](const Sample& x) { return to_json(x); }));
               return answer(req, a);
             }));

  router.add("GET", "/api/v1/quality/samples",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               SampleFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.point, api::query_int(req, "point"));
               f.from = param(req, "from");
               f.to = param(req, "to");
               if (auto d = param(req, "date")) f.from = f.to = d;
               f.state = param(req, "state");
               f.level = param(req, "level");
               LL_TRY(auto list, m.samples.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& s : list.items) items.push_back(to_json(s));
               return api::json(200, {{"items", items},
                                      {"counts",
                                       {{"entered", list.entered},
                                        {"checked", list.checked},
                                        {"approved", list.approved},
                                        {"returned", list.returned}}}});
             }));

  router.add("GET", "/api/v1/quality/samples/{id}",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, m.samples.get(actor, id));
               return api::json(200, to_json(s));
             }));

  router.add("POST", "/api/v1/quality/samples/{id}/review",
             gate(Permission::quality_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_CHECK(refuse_nul(body));
               JsonInput in(body);
               Review r;
               auto step = in.choice("step", {"check", "approve", "return"});
               r.reason = in.text("reason", {.required = false, .max_len = 1000});
               LL_CHECK(in.finish());
               r.step = *step;
               LL_TRY(auto s, m.samples.review(actor, id, r));
               return api::json(200, to_json(s));
             }));

  router.add("PUT", "/api/v1/quality/samples/{id}",
             gate(Permission::quality_enter, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               LL_TRY(auto s, read_sample(body, true));
               LL_TRY(auto after, m.samples.resubmit(actor, id, s));
               return api::json(200, to_json(after));
             }));

  // The body is the file itself (text/csv or the XLSX bytes); ?level=&name=.
  router.add(
      "POST", "/api/v1/quality/samples/import",
      gate(Permission::quality_enter,
           [&m](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(auto key, api::idempotency_key(req));
             const std::string level = param(req, "level").value_or("plant");
             const std::string name = param(req, "name").value_or("results.csv");
             LL_TRY(auto a, m.samples.import(actor, req.body, name, level, idempotent(req, actor, key),
                                             [](const std::vector<Sample>& all) {
                                               nlohmann::json items = nlohmann::json::array();
                                               int64_t results = 0;
                                               for (const auto& s : all) {
                                                 items.push_back(to_json(s, false));
                                                 results += static_cast<int64_t>(s.results.size());
                                               }
                                               return nlohmann::json{{"sheets", all.size()},
                                                                     {"results", results},
                                                                     {"items", items}};
                                             }));
             return answer(req, a);
           }),
      8u << 20);

  router.add("POST", "/api/v1/quality/readings",
             gate(Permission::quality_enter, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto key, api::idempotency_key(req));
               LL_TRY(auto body, api::json_body(req));
               LL_CHECK(refuse_nul(body));
               JsonInput in(body);
               std::vector<NewReading> readings;
               const auto* list = in.raw("readings", true);
               LL_CHECK(in.finish());
               if (!list->is_array()) return Error::invalid("readings", "must be an array");
               for (size_t i = 0; i < list->size() && i <= 5000; ++i) {
                 JsonInput r((*list)[i], "readings/" + std::to_string(i) + "/");
                 NewReading x;
                 x.point_id = r.integer("point_id", false, 1);
                 x.point_code = r.text("point_code", {.required = false, .max_len = 40});
                 auto indicator = r.text("indicator", {.max_len = 64});
                 auto value = r.number("value");
                 x.measured_at = r.instant("measured_at", false);
                 auto instrument = r.text("instrument", {.required = false, .max_len = 200});
                 LL_CHECK(r.finish());
                 x.indicator = *indicator;
                 x.value = *value;
                 x.instrument = instrument.value_or("");
                 readings.push_back(std::move(x));
               }
               LL_TRY(auto a, m.samples.readings(actor, readings, idempotent(req, actor, key), [](const ReadingsAnswer& r) {
                 return nlohmann::json{{"stored", r.stored}, {"duplicates", r.duplicates}, {"alarms", r.alarms}};
               }));
               return answer(req, a);
             }));
}

}  // namespace lifeline::app::quality
