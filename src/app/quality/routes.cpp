#include <spdlog/spdlog.h>

#include "app/quality/judgement.h"
#include "app/quality/module.h"

namespace lifeline::app::quality {

using http::Request;
using http::Response;

schedule::Job Module::job() {
  return {"quality.tasks", std::chrono::minutes(5), std::chrono::minutes(5), [this](Instant now) -> Status {
            LL_CHECK(tasks.run(now));
            return exceedances.open_missing_incidents(now);
          }};
}

Status refuse_nul(const nlohmann::json& body, const std::string& path) {
  if (body.is_string()) {
    if (body.get_ref<const std::string&>().find('\0') != std::string::npos)
      return Error::invalid(path.empty() ? "body" : path, "must not contain NUL characters");
  } else if (body.is_object()) {
    for (const auto& [k, v] : body.items()) {
      if (k.find('\0') != std::string::npos) return Error::invalid(path.empty() ? "body" : path, "a field name holds NUL");
      LL_CHECK(refuse_nul(v, path.empty() ? k : path + "/" + k));
    }
  } else if (body.is_array()) {
    for (size_t i = 0; i < body.size(); ++i)
      LL_CHECK(refuse_nul(body[i], path.empty() ? std::to_string(i) : path + "/" + std::to_string(i)));
  }
  return {};
}

void add_catalogue_routes(http::Router& router, const api::Gate& gate, Module&) {
  // The catalogue is the standard's: the same for every utility.
  router.add("GET", "/api/v1/quality/indicators",
             gate(Permission::quality_read, [](Request& req, const Actor&) -> Result<Response> {
               const bool with_reference = req.query_param("reference").value_or("") == "true";
               nlohmann::json items = nlohmann::json::array();
               auto add = [&](const Indicator& i) {
                 items.push_back({{"code", i.code},
                                  {"name_zh", i.name_zh},
                                  {"name_en", i.name_en},
                                  {"unit", i.unit},
                                  {"group", to_string(i.group)},
                                  {"routine", i.routine},
                                  {"reference", i.reference},
                                  {"limit", limit_json(i)},
                                  {"method", i.method}});
               };
               for (const auto& i : indicators()) add(i);
               if (with_reference)
                 for (const auto& i : reference_indicators()) add(i);
               return api::json(200, {{"standard", "GB 5749-2022"}, {"methods", "GB/T 5750-2023"},
                                      {"items", items}});
             }));
}

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  add_catalogue_routes(router, gate, m);
  add_point_routes(router, gate, m);
  add_plan_routes(router, gate, m);
  add_task_routes(router, gate, m);
  add_sample_routes(router, gate, m);
  add_exceedance_routes(router, gate, m);
  add_compliance_routes(router, gate, m);
}

}  // namespace lifeline::app::quality
