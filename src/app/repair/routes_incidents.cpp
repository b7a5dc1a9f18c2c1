// /api/v1/incidents...
#include "app/api/idempotency.h"
#include "app/repair/module.h"
#include "app/repair/routes_json.h"
#include "core/json_input.h"
#include "core/time.h"
#include "sheets/table.h"

namespace lifeline::app::repair {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

Result<std::optional<Instant>> query_instant(const Request& req, const char* name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<Instant>();
  LL_TRY(Instant t, parse_instant(*v, name));
  return std::optional<Instant>(t);
}

Result<IncidentFilter> filter_of(const Request& req) {
  IncidentFilter f;
  LL_TRY(f.org, api::query_int(req, "org"));
  if (auto s = req.query_param("state"); s && !s->empty()) f.state = *s;
  LL_TRY(f.from, query_instant(req, "from"));
  LL_TRY(f.to, query_instant(req, "to"));
  f.type = req.query_param("type");
  if (f.type && f.type->empty()) f.type.reset();
  return f;
}

// Photos in a JSON body: a phone's pictures (9 at most) are larger than the default body limit.
constexpr size_t kPhotoBytes = photos::kMaxPhotos * (photos::kMaxPhotoBytes / 3 * 4 + 1024) + 64 * 1024;

const char* type_zh(const std::string& t) {
  if (t == "burst") return "爆管";
  if (t == "leak") return "漏水";
  if (t == "no_water") return "停水";
  if (t == "low_pressure") return "水压低";
  if (t == "quality_complaint") return "水质投诉";
  if (t == "equipment_failure") return "设备故障";
  return "其他";
}

const char* state_zh(const std::string& s) {
  static const std::pair<const char*, const char*> names[] = {
      {"deferred", "暂缓"},  {"reported", "已报告"},       {"dispatched", "已派单"}, {"accepted", "已接单"},
      {"on_site", "已到场"}, {"isolated", "已关阀"},       {"under_pressure", "带水抢修"}, {"repaired", "已修复"},
      {"restored", "已恢复供水"}, {"closed", "已关闭"}, {"cancelled", "已取消"}};
  for (const auto& [k, v] : names)
    if (s == k) return v;
  return "";
}

const char* sla_zh(const std::string& s) {
  if (s == "pending") return "计时中";
  if (s == "warning") return "即将超时";
  if (s == "breached") return "已超时";
  if (s == "met") return "按时完成";
  if (s == "missed") return "超时完成";
  return "";
}

// The incidents of a board as a spreadsheet (抢修事件台账).
Result<std::string> incidents_xlsx(const IncidentList& list) {
  sheets::Sheet sheet{"抢修事件",
                      {"编号", "类型", "单位", "地址", "管道", "口径(mm)", "优先级", "上报时间", "上报人", "工单状态",
                       "抢修队伍", "时限状态", "受影响重点用户", "带水抢修", "关闭时间"},
                      {}};
  for (const auto& i : list.items) {
    std::string customers;
    for (const auto& c : i.priority_customers) customers += (customers.empty() ? "" : "、") + c.name;
    const auto& o = i.work_order;
    sheet.rows.push_back({i.code, std::string(type_zh(i.type)), i.org_name, i.address,
                          i.link.value_or(i.node.value_or("")),
                          i.diameter_mm ? sheets::Cell(*i.diameter_mm) : sheets::Cell(std::string()),
                          sheets::Cell(static_cast<double>(i.priority)), format_instant(i.reported_at),
                          i.reported_by_name, o ? std::string(state_zh(o->state)) : std::string(),
                          o && o->team ? o->team->name : std::string(), o ? std::string(sla_zh(o->sla.state)) : std::string(),
                          customers, std::string(i.under_pressure() ? "是" : ""),
                          i.closed_at ? format_instant(*i.closed_at) : std::string()});
  }
  return sheets::write_xlsx({sheet});
}

}  // namespace

void add_incident_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Incidents& incidents = m.incidents;

  router.add("POST", "/api/v1/incidents",
             gate(Permission::incident_report, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto retry, api::retry_of(req, actor));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewIncident n;
               auto org = in.integer("org_id", true, 1);
               auto type = in.choice("type", {"burst", "leak", "no_water", "low_pressure", "quality_complaint",
                                              "equipment_failure", "other"});
               auto source = in.choice("source", {"hotline", "patrol", "staff", "sensor"}, false);
               n.network_id = in.integer("network_id", false, 1);
               n.link = in.text("link", {.required = false, .max_len = 64});
               n.node = in.text("node", {.required = false, .max_len = 64});
               n.x = in.number("x", false);
               n.y = in.number("y", false);
               auto address = in.text("address", {.required = false, .max_len = 200});
               auto area = in.choice("area", {"urban", "suburban"}, false);
               n.diameter_mm = in.number("diameter_mm", false);
               n.heavy = in.boolean("heavy", false).value_or(false);
               auto description = in.text("description", {.required = false, .max_len = 2000});
               n.reported_at = in.instant("reported_at", false);
               n.photos = photos::read(in);
               LL_CHECK(in.finish());
               n.org_id = *org;
               n.type = *type;
               if (source) n.source = *source;
               if (address) n.address = *address;
               if (area) n.area = *area;
               if (description) n.description = *description;
               LL_TRY(auto created, incidents.create(actor, n, api::retry_ptr(retry)));
               auto res = api::json(201, to_json(created));
               api::mark_replayed(res, retry);
               return res;
             }),
             kPhotoBytes);

  router.add("GET", "/api/v1/incidents",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               LL_TRY(auto list, incidents.list(actor, f));
               return api::json(200, to_json(list));
             }));

  router.add("GET", "/api/v1/incidents/export.xlsx",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto f, filter_of(req));
               f.limit = 20000;
               LL_TRY(auto list, incidents.list(actor, f));
               LL_TRY(auto bytes, incidents_xlsx(list));
               Response out = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               out.set_header("Content-Disposition", "attachment; filename=\"incidents.xlsx\"");
               return out;
             }));

  router.add("GET", "/api/v1/incidents/{id}",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto i, incidents.get(actor, id));
               return api::json(200, to_json(i));
             }));

  router.add("POST", "/api/v1/incidents/{id}/photos",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto retry, api::retry_of(req, actor));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               auto list = photos::read(in);
               LL_CHECK(in.finish());
               LL_TRY(auto i, incidents.add_photos(actor, id, list, api::retry_ptr(retry)));
               auto res = api::json(201, to_json(i));
               api::mark_replayed(res, retry);
               return res;
             }),
             kPhotoBytes);

  router.add("GET", "/api/v1/incidents/{id}/dispatch-suggestions",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, incidents.dispatch_suggestions(actor, id));
               return api::json(200, to_json(s));
             }));

  router.add("GET", "/api/v1/incidents/{id}/outage-notice",
             gate(Permission::supply_read, [&incidents](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, incidents.outage_notice(actor, id));
               return api::json(200, to_json(s));
             }));
}

}  // namespace lifeline::app::repair
