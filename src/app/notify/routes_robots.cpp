// /api/v1/notify/robots...: group robots, their routing rules, test messages
// and request logs; /api/v1/notify/events, the event types rules offer.
#include "app/notify/events.h"
#include "app/notify/json.h"
#include "app/notify/module.h"
#include "core/json_input.h"
#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::notify {

using http::Request;
using http::Response;
using nlohmann::json;

namespace {

json clock_or_null(const std::optional<int>& minute) {
  return minute ? json(format_clock_time(*minute)) : json();
}

json robot_json(const Robot& r, const Actor& actor) {
  json rules = json::array();
  for (const auto& ru : r.rules)
    rules.push_back({{"id", ru.id},
                     {"org_id", ru.org_id},
                     {"org_name", ru.org_name},
                     {"event", ru.event},
                     {"min_priority", to_string(ru.min_priority)},
                     {"mention", ru.mention}});
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"kind", to_string(r.kind)},
          {"name", r.name},
          {"url", actor.can(Permission::notify_manage) ? r.url : masked_url(r.url)},
          {"secret_set", r.secret_set},
          {"keywords", r.keywords},
          {"enabled", r.enabled},
          {"rate_per_minute", r.rate_per_minute},
          {"quiet_start", clock_or_null(r.quiet_start)},
          {"quiet_end", clock_or_null(r.quiet_end)},
          {"paused_until", r.paused_until > Instant{} ? json(format_instant(r.paused_until)) : json()},
          {"version", r.version},
          {"created_at", format_instant(r.created_at)},
          {"updated_at", format_instant(r.updated_at)},
          {"rules", rules}};
}

Response robot_response(int status, const Robot& r, const Actor& actor) {
  Response res = api::json(status, robot_json(r, actor));
  res.set_header("ETag", "\"" + std::to_string(r.version) + "\"");
  return res;
}

std::optional<std::vector<std::string>> keywords(JsonInput& in) {
  const json* raw = in.raw("keywords", false);
  if (!raw || raw->is_null()) return raw ? std::optional(std::vector<std::string>{}) : std::nullopt;
  std::vector<std::string> out;
  if (!raw->is_array()) {
    in.fail("keywords", "must be an array of texts");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& v = (*raw)[i];
    if (!v.is_string()) in.fail("keywords/" + std::to_string(i), "must be a text");
    else out.push_back(v.get<std::string>());
  }
  return out;
}

std::optional<std::vector<RuleInput>> rules(JsonInput& in) {
  const json* raw = in.raw("rules", false);
  if (!raw) return std::nullopt;
  std::vector<RuleInput> out;
  if (!raw->is_array()) {
    in.fail("rules", "must be an array of rules");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    JsonInput ri((*raw)[i], "rules/" + std::to_string(i) + "/");
    RuleInput r;
    r.org_id = ri.integer("org_id", false, 1);
    auto event = ri.text("event", {.max_len = 100});
    auto priority = ri.choice("min_priority", {"high", "normal", "low"}, false);
    auto mention = ri.boolean("mention", false);
    if (auto st = ri.finish(); !st) {
      for (const auto& f : st.error().fields) in.fail(f.field, f.message);
      continue;
    }
    r.event = *event;
    r.min_priority = parse_priority(priority.value_or("low")).value_or(Priority::low);
    r.mention = mention.value_or(false);
    out.push_back(std::move(r));
  }
  return out;
}

// A quiet-hours end as given: absent, null (clear) or "22:00" (minutes).
// (Not an optional of an optional: GCC 12 warns about those at -O3.)
struct QuietTime {
  bool given = false;
  int minute = -1;  // -1: cleared
  std::optional<int> value() const { return minute < 0 ? std::nullopt : std::optional<int>(minute); }
};

QuietTime quiet(JsonInput& in, const char* name) {
  QuietTime q;
  auto text = in.nullable_text(name, {.max_len = 5});
  if (!text) return q;
  q.given = true;
  if (!*text) return q;
  auto minute = parse_clock_time(**text, name);
  if (!minute) in.fail(name, "must be a time of day such as 22:00");
  else q.minute = *minute;
  return q;
}

Result<std::optional<int64_t>> if_match(const Request& req) {
  std::string v = req.header("if-match");
  if (v.empty() || v == "*") return std::optional<int64_t>();
  if (v.starts_with("W/")) v = v.substr(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.size() < 19 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::optional<int64_t>(std::stoll(v));
  return Error::invalid("If-Match", "must be the version of the robot, e.g. \"3\"");
}

}  // namespace

void add_robot_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Robots& robots = m.robots;

  router.add("GET", "/api/v1/notify/events", gate(Permission::notify_read, [](Request&, const Actor&) -> Result<Response> {
               json items = json::array();
               for (const auto& e : kEventTypes)
                 items.push_back({{"event", e.event}, {"label_zh", e.label_zh}, {"label_en", e.label_en}});
               return api::json(200, {{"items", items}});
             }));

  router.add("GET", "/api/v1/notify/robots",
             gate(Permission::notify_read, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, robots.list(actor, org));
               json items = json::array();
               for (const auto& r : list) items.push_back(robot_json(r, actor));
               return api::json(200, {{"items", items}});
             }));

  router.add("POST", "/api/v1/notify/robots",
             gate(Permission::notify_manage, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               NewRobot r;
               auto org = in.integer("org_id", true, 1);
               auto kind = in.choice("kind", {"dingtalk", "wecom", "feishu", "webhook"});
               auto name = in.text("name", {.max_len = 100});
               auto url = in.text("url", {.max_len = 1000});
               auto secret = in.nullable_text("secret", {.max_len = 200});
               auto words = keywords(in);
               auto enabled = in.boolean("enabled", false);
               auto rate = in.integer("rate_per_minute", false, 1, 6000);
               auto start = quiet(in, "quiet_start");
               auto end = quiet(in, "quiet_end");
               r.rules = rules(in);
               LL_CHECK(in.finish());
               r.org_id = *org;
               r.kind = *parse_kind(*kind);
               r.name = *name;
               r.url = *url;
               if (secret && *secret) r.secret = **secret;
               if (words) r.keywords = *words;
               r.enabled = enabled.value_or(true);
               r.rate_per_minute = static_cast<int>(rate.value_or(20));
               r.quiet_start = start.value();
               r.quiet_end = end.value();
               LL_TRY(auto robot, robots.create(actor, r));
               return robot_response(201, robot, actor);
             }));

  router.add("GET", "/api/v1/notify/robots/{id}",
             gate(Permission::notify_read, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto robot, robots.get(actor, id));
               return robot_response(200, robot, actor);
             }));

  router.add("PATCH", "/api/v1/notify/robots/{id}",
             gate(Permission::notify_manage, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto expected, if_match(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               RobotPatch p;
               if (auto kind = in.choice("kind", {"dingtalk", "wecom", "feishu", "webhook"}, false))
                 p.kind = parse_kind(*kind);
               p.name = in.text("name", {.required = false, .max_len = 100});
               p.url = in.text("url", {.required = false, .max_len = 1000});
               p.secret = in.nullable_text("secret", {.max_len = 200});
               p.keywords = keywords(in);
               p.enabled = in.boolean("enabled", false);
               if (auto rate = in.integer("rate_per_minute", false, 1, 6000)) p.rate_per_minute = static_cast<int>(*rate);
               if (auto q = quiet(in, "quiet_start"); q.given) p.quiet_start = q.value();
               if (auto q = quiet(in, "quiet_end"); q.given) p.quiet_end = q.value();
               p.rules = rules(in);
               LL_CHECK(in.finish());
               LL_TRY(auto robot, robots.update(actor, id, p, expected));
               return robot_response(200, robot, actor);
             }));

  router.add("DELETE", "/api/v1/notify/robots/{id}",
             gate(Permission::notify_manage, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(robots.remove(actor, id));
               return Response::no_content();
             }));

  router.add("POST", "/api/v1/notify/robots/{id}/test",
             gate(Permission::notify_manage, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto o, robots.test(actor, id));
               json j = {{"sent", o.sent()}, {"status", o.status}, {"message", o.message}};
               if (o.errcode) j["errcode"] = *o.errcode;
               if (!o.reason.empty()) j["reason"] = o.reason;
               return api::json(200, j);
             }));

  router.add("GET", "/api/v1/notify/robots/{id}/log",
             gate(Permission::notify_read, [&robots](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto limit, api::query_int(req, "limit"));
               if (limit && (*limit < 1 || *limit > 500)) return Error::invalid("limit", "must be between 1 and 500");
               LL_TRY(auto attempts, robots.log(actor, id, static_cast<int>(limit.value_or(100))));
               json items = json::array();
               for (const auto& a : attempts) items.push_back(attempt_json(a));
               return api::json(200, {{"items", items}});
             }));
}

}  // namespace lifeline::app::notify
