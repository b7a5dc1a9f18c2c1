// GET /api/v1/summary?org=ID&date=YYYY-MM-DD (or from=&to=) [&sections=health,repair]:
// every module's figures for the org subtree, as the command centre, the big
// screen and the briefing read them.
#include "app/summary/routes.h"

#include <sstream>

namespace lifeline::app::summary {

nlohmann::json to_json(const Figure& f) {
  nlohmann::json j = {{"key", f.key},   {"label_zh", f.label_zh}, {"label_en", f.label_en},
                      {"value", f.value}, {"unit", f.unit},         {"link", f.link}};
  if (!f.state.empty()) j["state"] = f.state;
  return j;
}

nlohmann::json to_json(const Section& s) {
  nlohmann::json figures = nlohmann::json::array(), tables = nlohmann::json::array();
  for (const auto& f : s.figures) figures.push_back(to_json(f));
  for (const auto& t : s.tables) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) rows.push_back(to_json(r));
    tables.push_back({{"key", t.key}, {"title_zh", t.title_zh}, {"title_en", t.title_en}, {"rows", rows}});
  }
  return {{"key", s.key},         {"title_zh", s.title_zh},       {"title_en", s.title_en},
          {"figures", figures},   {"tables", tables},             {"headline_zh", s.headline_zh},
          {"headline_en", s.headline_en}};
}

void add_routes(http::Router& router, const api::Gate& gate, Registry& registry) {
  router.add("GET", "/api/v1/summary",
             gate(std::nullopt, [&registry](http::Request& req, const Actor& actor) -> Result<http::Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto period, parse_period(req.query_param("date"), req.query_param("from"),
                                                req.query_param("to")));
               std::vector<std::string> only;
               if (auto keys = req.query_param("sections"); keys && !keys->empty()) {
                 std::stringstream in(*keys);
                 for (std::string k; std::getline(in, k, ',');) only.push_back(k);
               }
               LL_TRY(auto scope, registry.scope(actor, org.value_or(actor.org_id)));
               LL_TRY(auto sections, registry.compile(actor, scope, period, only));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& s : sections) out.push_back(to_json(s));
               return api::json(200, {{"org_id", scope.org_id},
                                      {"org_name", scope.org_name},
                                      {"from", period.from},
                                      {"to", period.to},
                                      {"sections", out}});
             }));
}

}  // namespace lifeline::app::summary
