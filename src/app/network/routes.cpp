// /api/v1/networks: uploads, valve layers, customers, geometry and analyses.
#include <sstream>

#include "app/api/routes.h"
#include "app/network/service.h"
#include "core/json_input.h"

namespace lifeline::app {

using http::Request;
using http::Response;

namespace {

// A city's .inp is about 10 MB per 100k links.
constexpr size_t kUploadBytes = 64u << 20;
// Parsing, building and analysing a city model takes seconds of CPU: those
// routes run on the server's heavy pool, never on the request workers.
const http::RouteOptions kHeavy{0, http::Pool::heavy};
const http::RouteOptions kHeavyUpload{kUploadBytes, http::Pool::heavy};

// A file's text, untrimmed (JsonInput::text trims and caps the length).
std::string file_text(JsonInput& in, const char* field, const char* what) {
  const auto* v = in.raw(field);
  if (v && !v->is_string()) in.fail(field, std::string("must be the text of ") + what);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

// A nested object's copy (JsonInput keeps a reference to what it reads).
nlohmann::json nested_object(JsonInput& in, const char* field) {
  const auto* v = in.raw(field);
  if (v && v->is_object()) return *v;
  in.fail(field, "must be an object");
  return nlohmann::json::object();
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

Result<size_t> top_param(const Request& req, int64_t fallback) {
  LL_TRY(auto top, api::query_int(req, "top"));
  if (top && (*top < 1 || *top > 100000)) return Error::invalid("top", "must be between 1 and 100000");
  return static_cast<size_t>(top.value_or(fallback));
}

// 202 while the job waits or runs (poll Location), 200 once it is done.
Response job_response(const network::JobView& view, size_t top) {
  nlohmann::json body = network::to_json(view, top);
  const bool finished = body["state"] == "done" || body["state"] == "failed";
  Response res = api::json(finished ? 200 : 202, body);
  res.set_header("Location", "/api/v1/analysis-jobs/" + std::to_string(view.job->id));
  if (!finished) res.set_header("Retry-After", "2");
  return res;
}

Response summary(int status, const network::Network& n) {
  Response res = api::json(status, network::to_json(n));
  res.set_header("ETag", "\"" + std::to_string(n.version) + "\"");
  return res;
}

}  // namespace

void add_network_routes(http::Router& router, const api::Gate& gate, network::Service& networks) {
  router.add("GET", "/api/v1/networks",
             gate(Permission::network_read, [&networks](Request&, const Actor& actor) -> Result<Response> {
               LL_TRY(auto list, networks.list(actor));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& n : list) items.push_back(network::to_json(n));
               return api::json(200, {{"items", items}});
             }));

  router.add(
      "POST", "/api/v1/networks",
      gate(Permission::network_write,
           [&networks](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(auto body, api::json_body(req));
             JsonInput in(body);
             network::NewNetwork n;
             auto org_id = in.integer("org_id", true, 1);
             auto name = in.text("name", {.max_len = 100});
             const bool generate = in.has("generate");
             if (generate) {
               const nlohmann::json options = nested_object(in, "generate");
               JsonInput gen(options, "generate/");
               auto links = gen.integer("links", true, 1, network::kMaxGeneratedLinks);
               auto seed = gen.integer("seed", false, 0);
               LL_CHECK(gen.finish());
               n.generate_links = *links;
               n.generate_seed = static_cast<uint64_t>(seed.value_or(1));
             } else {
               n.inp = file_text(in, "inp", "an EPANET .inp file");
               if (auto file = in.text("file_name", {.required = false, .max_len = 200})) n.file_name = *file;
             }
             LL_CHECK(in.finish());
             n.org_id = *org_id;
             n.name = *name;
             LL_TRY(auto created, networks.create(actor, n));
             return summary(201, created);
           }),
      kHeavyUpload);

  router.add("GET", "/api/v1/networks/{id}",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto n, networks.get(actor, id));
               return summary(200, n);
             }));

  router.add(
      "POST", "/api/v1/networks/{id}/versions",
      gate(Permission::network_write,
           [&networks](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(int64_t id, api::path_id(req));
             LL_TRY(auto body, api::json_body(req));
             JsonInput in(body);
             std::string inp = file_text(in, "inp", "an EPANET .inp file");
             auto file = in.text("file_name", {.required = false, .max_len = 200});
             LL_CHECK(in.finish());
             LL_TRY(auto r, networks.add_version(actor, id, inp, file.value_or("network.inp")));
             nlohmann::json out = network::to_json(r.network);
             out["valves_dropped"] = r.valves_dropped;
             if (r.valves_dropped) out["valves_dropped_reason"] = r.valves_dropped_reason;
             out["customers_dropped"] = r.customers_dropped;
             if (r.customers_dropped) out["customers_dropped_reason"] = r.customers_dropped_reason;
             return api::json(201, out);
           }),
      kHeavyUpload);

  router.add(
      "PUT", "/api/v1/networks/{id}/valves",
      gate(Permission::network_write,
           [&networks](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(int64_t id, api::path_id(req));
             LL_TRY(auto body, api::json_body(req));
             JsonInput in(body);
             network::ValveInput v;
             if (in.has("generate")) {
               const nlohmann::json options = nested_object(in, "generate");
               JsonInput gen(options, "generate/");
               auto strategy = gen.choice("strategy", {"n1", "n2", "random"});
               auto seed = gen.integer("seed", false, 0);
               auto fraction = gen.number("fraction", false);
               LL_CHECK(gen.finish());
               v.kind = network::ValveInput::Kind::generate;
               v.strategy = *strategy;
               v.seed = static_cast<uint64_t>(seed.value_or(1));
               v.fraction = fraction.value_or(0.5);
             } else if (in.has("geojson")) {
               const auto* g = in.raw("geojson");
               v.kind = network::ValveInput::Kind::geojson;
               v.text = g && g->is_string() ? g->get<std::string>() : (g ? g->dump() : "");
             } else {
               v.text = file_text(in, "csv", "a CSV file (valve,link,node[,operable])");
             }
             LL_CHECK(in.finish());
             LL_TRY(auto info, networks.set_valves(actor, id, v));
             return api::json(200, network::to_json(info));
           }),
      kHeavyUpload);

  router.add("GET", "/api/v1/networks/{id}/valves",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto current, networks.model(actor, id));
               return api::json(200, {{"items", network::valves_json(*current.second)}});
             }), kHeavy);

  router.add("PATCH", "/api/v1/networks/{id}/valves/{valve}",
             gate(Permission::network_write, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto operable = in.boolean("operable");
               LL_CHECK(in.finish());
               LL_TRY(auto v, networks.set_valve_operable(actor, id, req.params.at("valve"), *operable));
               return api::json(200, {{"valve", v.id}, {"operable", v.operable}});
             }));

  router.add(
      "PUT", "/api/v1/networks/{id}/customers",
      gate(Permission::network_write,
           [&networks](Request& req, const Actor& actor) -> Result<Response> {
             LL_TRY(int64_t id, api::path_id(req));
             LL_TRY(auto body, api::json_body(req));
             JsonInput in(body);
             const auto* items = in.raw("items");
             std::vector<network::Customer> customers;
             if (items && !items->is_array()) in.fail("items", "must be an array");
             std::vector<FieldError> errors;
             if (items && items->is_array()) {
               for (std::size_t i = 0; i < items->size(); ++i) {
                 JsonInput item((*items)[i], "items/" + std::to_string(i) + "/");
                 auto node = item.text("node", {.max_len = 64});
                 auto name = item.text("name", {.max_len = 100});
                 auto category = item.text("category", {.max_len = 50});
                 if (auto st = item.finish(); !st) {
                   for (auto& f : st.error().fields) errors.push_back(f);
                   continue;
                 }
                 customers.push_back({*node, *name, *category});
               }
             }
             if (auto st = in.finish(); !st)
               for (auto& f : st.error().fields) errors.push_back(f);
             if (!errors.empty()) return Error::invalid(std::move(errors));
             LL_TRY(int64_t n, networks.set_customers(actor, id, customers));
             return api::json(200, {{"count", n}});
           }),
      kHeavyUpload);

  router.add("GET", "/api/v1/networks/{id}/customers",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto current, networks.model(actor, id));
               return api::json(200, {{"items", network::customers_json(*current.second)}});
             }), kHeavy);

  router.add("GET", "/api/v1/networks/{id}/geometry",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto current, networks.model(actor, id));
               const auto& n = current.first;
               // The map changes with the version, the valve layer and the customers.
               const std::string etag = "\"" + std::to_string(n.version) + "-" + std::to_string(n.valves_revision) +
                                        "-" + std::to_string(n.customers_revision) + "\"";
               if (req.header("if-none-match") == etag) {
                 Response res;
                 res.status = 304;
                 res.set_header("ETag", etag);
                 return res;
               }
               Response res = api::json(200, network::geometry_json(*current.second));
               res.set_header("Cache-Control", "private, max-age=300");
               res.set_header("ETag", etag);
               return res;
             }), kHeavy);

  router.add("GET", "/api/v1/networks/{id}/segments",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto out, networks.segments(actor, id));
               return api::json(200, out);
             }), kHeavy);

  router.add("POST", "/api/v1/networks/{id}/isolation",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               network::IsolationInput i;
               i.link = in.text("link", {.required = false, .max_len = 64});
               i.node = in.text("node", {.required = false, .max_len = 64});
               if (i.link.has_value() == i.node.has_value()) in.fail("link", "give exactly one of link or node");
               if (const auto* inoperable = in.raw("inoperable", false)) {
                 if (!inoperable->is_array()) in.fail("inoperable", "must be an array of valve ids");
                 else
                   for (const auto& v : *inoperable) {
                     if (v.is_string()) i.inoperable.push_back(v.get<std::string>());
                     else in.fail("inoperable", "must be an array of valve ids");
                   }
               }
               i.under_pressure = in.boolean("under_pressure", false).value_or(false);
               i.hydraulics = in.boolean("hydraulics", false).value_or(true);
               if (auto leak = in.number("leak_mm", false)) {
                 if (!(*leak >= 0 && *leak <= 2000)) in.fail("leak_mm", "must be between 0 and 2000");
                 i.leak_mm = *leak;
               }
               LL_CHECK(in.finish());
               LL_TRY(auto out, networks.isolation(actor, id, i));
               return api::json(200, out);
             }), kHeavy);

  // The all-bursts ranking is a long-analysis job (network/jobs.h): POST starts
  // it or joins the running one (network.analyse); GETs read its state.
  router.add("POST", "/api/v1/networks/{id}/bursts",
             gate(Permission::network_analyse, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto top, top_param(req, 50));
               LL_TRY(auto view, networks.start_bursts(actor, id));
               return job_response(view, top);
             }));

  router.add("GET", "/api/v1/networks/{id}/bursts",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto top, top_param(req, 50));
               LL_TRY(auto view, networks.bursts(actor, id));
               return api::json(200, network::to_json(view, top));
             }));

  router.add("GET", "/api/v1/analysis-jobs/{id}",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto top, top_param(req, 50));
               LL_TRY(auto view, networks.job(actor, id));
               return api::json(200, network::to_json(view, top));
             }));

  router.add("GET", "/api/v1/networks/{id}/supply",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               auto nodes = req.query_param("nodes");
               LL_TRY(auto out, networks.supply(actor, id, nodes ? split_list(*nodes) : std::vector<std::string>{}));
               return api::json(200, out);
             }), kHeavy);

  router.add("GET", "/api/v1/networks/{id}/criticality",
             gate(Permission::network_read, [&networks](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto top, api::query_int(req, "top"));
               if (top && (*top < 1 || *top > 100000)) return Error::invalid("top", "must be between 1 and 100000");
               LL_TRY(auto out, networks.criticality(actor, id, static_cast<size_t>(top.value_or(100))));
               return api::json(200, out);
             }), kHeavy);
}

}  // namespace lifeline::app
