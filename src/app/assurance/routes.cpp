// /api/v1/priority-customers: the register, its list, detail and map layer.
#include "app/assurance/module.h"
#include "core/json_input.h"

namespace lifeline::app::assurance {

using http::Request;
using http::Response;

namespace {

// If-Match: "3" (or 3); absent means "overwrite whatever is there".
Result<std::optional<int64_t>> if_match(const Request& req) {
  std::string v = req.header("if-match");
  if (v.empty() || v == "*") return std::optional<int64_t>();
  if (v.starts_with("W/")) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.size() < 18 && v.find_first_not_of("0123456789") == std::string::npos)
    return std::optional<int64_t>(std::stoll(v));
  return Error::invalid("If-Match", "must be the ETag of the customer, e.g. \"3\"");
}

// The request's fields; on create the required ones must be there.
CustomerFields read_fields(JsonInput& in, bool creating) {
  CustomerFields f;
  f.org_id = in.integer("org_id", creating, 1);
  f.name = in.text("name", {.required = creating, .max_len = 100});
  f.category = in.choice("category",
                         {"designated_hospital", "fever_clinic", "hospital", "cdc", "quarantine_site", "telecom",
                          "broadcasting", "emergency_command", "prevention_factory", "logistics", "other"},
                         creating);
  f.tier = in.integer("tier", creating, 1, 3);
  f.address = in.text("address", {.required = false, .max_len = 200});
  f.contact_name = in.nullable_text("contact_name", {.max_len = 50});
  f.contact_phone = in.nullable_text("contact_phone", {.max_len = 30});
  if (f.contact_phone && *f.contact_phone &&
      (*f.contact_phone)->find_first_not_of("0123456789-+ ") != std::string::npos)
    in.fail("contact_phone", "must be a phone number (digits, -, +)");
  if (in.is_null("network_id")) {
    in.raw("network_id", false);
    f.network_id = std::optional<int64_t>();
  } else if (auto n = in.integer("network_id", false, 1)) {
    f.network_id = std::optional<int64_t>(*n);
  }
  if (const auto* nodes = in.raw("nodes", false)) {
    std::vector<std::string> list;
    if (!nodes->is_array()) in.fail("nodes", "must be an array of node ids");
    else
      for (std::size_t i = 0; i < nodes->size(); ++i) {
        const auto& n = (*nodes)[i];
        if (!n.is_string() || n.get<std::string>().empty() || n.get<std::string>().size() > 64)
          in.fail("nodes/" + std::to_string(i), "must be a node id");
        else list.push_back(n.get<std::string>());
      }
    f.nodes = std::move(list);
  }
  for (const char* field : {"min_pressure_m", "demand_m3h"}) {
    std::optional<std::optional<double>> value;
    if (in.is_null(field)) {
      in.raw(field, false);
      value = std::optional<double>();
    } else if (auto v = in.number(field, false)) {
      value = std::optional<double>(*v);
    }
    (std::string(field) == "min_pressure_m" ? f.min_pressure_m : f.demand_m3h) = value;
  }
  f.notes = in.text("notes", {.required = false, .max_len = 2000});
  return f;
}

Response with_etag(Response res, int64_t version) {
  res.set_header("ETag", "\"" + std::to_string(version) + "\"");
  return res;
}

}  // namespace

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Register& customers = m.customers;
  Care& care = m.care;

  router.add("GET", "/api/v1/priority-customers",
             gate(Permission::supply_read, [&customers](Request& req, const Actor& actor) -> Result<Response> {
               Filter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.network_id, api::query_int(req, "network_id"));
               for (auto [name, target] : {std::pair{"category", &f.category}, std::pair{"status", &f.status},
                                           std::pair{"q", &f.q}}) {
                 *target = req.query_param(name);
                 if (*target && (*target)->empty()) target->reset();
               }
               LL_TRY(auto list, customers.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& v : list.items) items.push_back(to_json(v, false, false));
               return api::json(200, {{"items", items},
                                      {"counts",
                                       {{"normal", list.normal},
                                        {"at_risk", list.at_risk},
                                        {"affected", list.affected},
                                        {"interrupted", list.interrupted}}}});
             }));

  router.add("GET", "/api/v1/priority-customers/map",
             gate(Permission::supply_read, [&customers](Request& req, const Actor& actor) -> Result<Response> {
               Filter f;
               LL_TRY(f.network_id, api::query_int(req, "network_id"));
               LL_TRY(auto list, customers.list(actor, f));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& v : list.items) {
                 if (!v.x) continue;
                 items.push_back({{"id", v.customer.id},
                                  {"name", v.customer.name},
                                  {"category", v.customer.category},
                                  {"tier", v.customer.tier},
                                  {"status", v.status},
                                  {"x", *v.x},
                                  {"y", *v.y},
                                  {"node", v.customer.nodes.front()},
                                  {"network_id", *v.customer.network_id}});
               }
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/priority-customers",
             gate(Permission::supply_manage, [&customers](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               CustomerFields f = read_fields(in, true);
               LL_CHECK(in.finish());
               LL_TRY(auto created, customers.create(actor, f));
               return with_etag(api::json(201, to_json(created, true, true)), created.customer.version);
             }));

  router.add("GET", "/api/v1/priority-customers/{id}",
             gate(Permission::supply_read, [&customers, &care](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto v, customers.get(actor, id));
               LL_TRY(auto patrols, care.patrols(actor, id, 20));
               const bool full_contact = actor.can(Permission::supply_manage);
               nlohmann::json out = to_json(v, full_contact, true);
               nlohmann::json list = nlohmann::json::array();
               for (const auto& p : patrols) list.push_back(to_json(p, full_contact));
               out["patrols"] = std::move(list);
               return with_etag(api::json(200, out), v.customer.version);
             }));

  router.add("PATCH", "/api/v1/priority-customers/{id}",
             gate(Permission::supply_manage, [&customers](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto expected, if_match(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               CustomerFields f = read_fields(in, false);
               LL_CHECK(in.finish());
               LL_TRY(auto updated, customers.update(actor, id, f, expected));
               return with_etag(api::json(200, to_json(updated, true, true)), updated.customer.version);
             }));

  router.add("DELETE", "/api/v1/priority-customers/{id}",
             gate(Permission::supply_manage, [&customers](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(customers.deactivate(actor, id));
               return Response::no_content();
             }));

  add_care_routes(router, gate, m);
}

}  // namespace lifeline::app::assurance
