// /api/v1/supervision/teams, /checklists, /rounds and /rectifications.
#include "app/duty/route_helpers.h"
#include "app/supervision/json.h"
#include "app/supervision/module.h"
#include "core/time.h"

namespace lifeline::app::supervision {

using http::Request;
using http::Response;
using duty::routes::body;
using duty::routes::if_match;
using duty::routes::param;

namespace {

// A round with photos in several findings: nine pictures' worth, and the text around them.
constexpr size_t kRoundBytes = photos::kMaxPhotos * (photos::kMaxPhotoBytes / 3 * 4 + 1024) + 256 * 1024;

void adopt(JsonInput& parent, JsonInput& child) {
  auto st = child.finish();
  if (!st)
    for (const auto& f : st.error().fields) parent.fail(f.field, f.message);
}

std::vector<ChecklistItem> read_items(JsonInput& in) {
  std::vector<ChecklistItem> out;
  const auto* raw = in.raw("items");
  if (!raw) return out;
  if (!raw->is_array()) {
    in.fail("items", "must be an array of {category, text}");
    return out;
  }
  for (size_t i = 0; i < raw->size() && i < 200; ++i) {
    JsonInput item((*raw)[i], "items/" + std::to_string(i) + "/");
    ChecklistItem c;
    c.category = item.text("category", {.required = false, .max_len = 50}).value_or("");
    c.text = item.text("text", {.max_len = 500}).value_or("");
    adopt(in, item);
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<NewFinding> read_finding(JsonInput& f) {
  NewFinding out;
  if (auto p = f.integer("item_position", false, 0, 1000)) out.item_position = static_cast<int>(*p);
  out.severity = f.choice("severity", {"minor", "major"}, false).value_or("minor");
  out.text = f.text("text", {.max_len = 2000}).value_or("");
  out.photos = photos::read(f);
  if (const auto* x = f.raw("rectification", false)) {
    JsonInput r(*x, "rectification/");
    NewRectification fix;
    fix.action = r.text("action", {.max_len = 1000}).value_or("");
    fix.owner_user_id = r.integer("owner_user_id", false, 1);
    fix.owner_name = r.text("owner_name", {.required = false, .max_len = 50}).value_or("");
    auto deadline = r.instant("deadline");
    adopt(f, r);
    if (deadline) {
      fix.deadline = *deadline;
      out.rectification = fix;
    }
  }
  return out;
}

std::optional<RoundRecord> read_record(JsonInput& in) {
  RoundRecord r;
  r.conducted_at = in.instant("conducted_at", false);
  r.inspectors = in.text("inspectors", {.required = false, .max_len = 200}).value_or("");
  r.summary = in.text("summary", {.required = false, .max_len = 4000}).value_or("");
  if (const auto* items = in.raw("items", false)) {
    if (!items->is_array() || items->size() > 200) in.fail("items", "must be an array of {position, result, note}");
    else
      for (size_t i = 0; i < items->size(); ++i) {
        JsonInput a((*items)[i], "items/" + std::to_string(i) + "/");
        ItemAnswer ans;
        ans.position = static_cast<int>(a.integer("position", true, 0, 1000).value_or(0));
        ans.result = a.choice("result", {"ok", "finding", "not_applicable"}).value_or("");
        ans.note = a.text("note", {.required = false, .max_len = 1000});
        adopt(in, a);
        r.items.push_back(std::move(ans));
      }
  }
  if (const auto* findings = in.raw("findings", false)) {
    if (!findings->is_array() || findings->size() > 50) in.fail("findings", "must be an array of at most 50 findings");
    else
      for (size_t i = 0; i < findings->size(); ++i) {
        JsonInput f((*findings)[i], "findings/" + std::to_string(i) + "/");
        auto finding = read_finding(f);
        adopt(in, f);
        if (finding) r.findings.push_back(std::move(*finding));
      }
  }
  return r;
}

nlohmann::json rounds_json(const std::vector<Round>& list, Instant now) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : list) out.push_back(to_json(r, now));
  return {{"items", out}};
}

}  // namespace

void add_routes(http::Router& router, const api::Gate& gate, Module& m) {
  router.add("GET", "/api/v1/supervision/teams",
             gate(Permission::supervision_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.rounds.teams(actor, org));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& t : list) out.push_back(to_json(t));
               return api::json(200, {{"items", out}});
             }));

  router.add("GET", "/api/v1/supervision/checklists",
             gate(Permission::supervision_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.checklists.list(actor, org));
               nlohmann::json out = nlohmann::json::array();
               for (const auto& c : list) out.push_back(to_json(c));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/supervision/checklists",
             gate(Permission::supervision_conduct, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               ChecklistInput c;
               c.org_id = in.integer("org_id", false, 1);
               c.name = in.text("name", {.max_len = 100});
               c.active = in.boolean("active", false);
               c.items = read_items(in);
               LL_CHECK(in.finish());
               LL_TRY(auto made, m.checklists.create(actor, c));
               return api::json(201, to_json(made));
             }));

  router.add("PUT", "/api/v1/supervision/checklists/{id}",
             gate(Permission::supervision_conduct, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto version, if_match(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               ChecklistInput c;
               c.name = in.text("name", {.required = false, .max_len = 100});
               c.active = in.boolean("active", false);
               if (in.has("items")) c.items = read_items(in);
               LL_CHECK(in.finish());
               LL_TRY(auto made, m.checklists.update(actor, id, c, version));
               return api::json(200, to_json(made));
             }));

  router.add("GET", "/api/v1/supervision/rounds",
             gate(Permission::supervision_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               RoundFilter f;
               LL_TRY(f.org, api::query_int(req, "org"));
               LL_TRY(f.team, api::query_int(req, "team"));
               f.state = param(req, "state");
               f.from = param(req, "from");
               f.to = param(req, "to");
               LL_TRY(auto list, m.rounds.list(actor, f));
               return api::json(200, rounds_json(list, m.rt.clock.now()));
             }));

  router.add("POST", "/api/v1/supervision/rounds",
             gate(Permission::supervision_conduct,
                  [&m](Request& req, const Actor& actor) -> Result<Response> {
                    LL_TRY(auto b, body(req));
                    JsonInput in(b);
                    NewRound r;
                    auto team = in.integer("team_id", true, 1);
                    auto org = in.integer("org_id", true, 1);
                    r.checklist_id = in.integer("checklist_id", false, 1);
                    r.kind = in.choice("kind", {"planned", "unannounced"}, false).value_or("planned");
                    r.planned_for = in.text("planned_for", {.required = false, .max_len = 10});
                    if (const auto* record = in.raw("record", false)) {
                      JsonInput rec(*record, "record/");
                      r.record = read_record(rec);
                      adopt(in, rec);
                    }
                    LL_CHECK(in.finish());
                    r.team_id = *team;
                    r.org_id = *org;
                    LL_TRY(auto made, m.rounds.create(actor, r));
                    return api::json(201, to_json(made, m.rt.clock.now()));
                  }),
             kRoundBytes);

  router.add("GET", "/api/v1/supervision/rounds/{id}",
             gate(Permission::supervision_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto r, m.rounds.get(actor, id));
               return api::json(200, to_json(r, m.rt.clock.now()));
             }));

  router.add("POST", "/api/v1/supervision/rounds/{id}/record",
             gate(Permission::supervision_conduct,
                  [&m](Request& req, const Actor& actor) -> Result<Response> {
                    LL_TRY(int64_t id, api::path_id(req));
                    LL_TRY(auto b, body(req));
                    JsonInput in(b);
                    auto rec = read_record(in);
                    LL_CHECK(in.finish());
                    LL_TRY(auto r, m.rounds.record(actor, id, *rec));
                    return api::json(200, to_json(r, m.rt.clock.now()));
                  }),
             kRoundBytes);

  router.add("POST", "/api/v1/supervision/rounds/{id}/findings",
             gate(Permission::supervision_conduct,
                  [&m](Request& req, const Actor& actor) -> Result<Response> {
                    LL_TRY(int64_t id, api::path_id(req));
                    LL_TRY(auto b, body(req));
                    JsonInput in(b);
                    auto finding = read_finding(in);
                    LL_CHECK(in.finish());
                    LL_TRY(auto r, m.rounds.add_finding(actor, id, *finding));
                    return api::json(201, to_json(r, m.rt.clock.now()));
                  }),
             kRoundBytes);

  router.add("GET", "/api/v1/supervision/rectifications",
             gate(Permission::supervision_read, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, m.rectifications.list(actor, org, param(req, "state")));
               const Instant now = m.rt.clock.now();
               nlohmann::json out = nlohmann::json::array();
               for (const auto& x : list) out.push_back(to_json(x, now));
               return api::json(200, {{"items", out}});
             }));

  router.add("POST", "/api/v1/supervision/rectifications/{id}/response",
             gate(Permission::supervision_read,
                  [&m](Request& req, const Actor& actor) -> Result<Response> {
                    LL_TRY(int64_t id, api::path_id(req));
                    LL_TRY(auto b, body(req));
                    JsonInput in(b);
                    UnitResponse r;
                    r.text = in.text("response", {.max_len = 4000}).value_or("");
                    r.photos = photos::read(in);
                    r.version = in.integer("version", false, 1);
                    LL_CHECK(in.finish());
                    LL_TRY(auto x, m.rectifications.respond(actor, id, r));
                    return api::json(200, to_json(x, m.rt.clock.now()));
                  }),
             kRoundBytes);

  router.add("POST", "/api/v1/supervision/rectifications/{id}/verify",
             gate(Permission::supervision_conduct, [&m](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto b, body(req));
               JsonInput in(b);
               Verification v;
               auto accepted = in.boolean("accepted");
               v.note = in.text("note", {.required = false, .max_len = 2000});
               v.version = in.integer("version", false, 1);
               LL_CHECK(in.finish());
               v.accepted = *accepted;
               LL_TRY(auto x, m.rectifications.verify(actor, id, v));
               return api::json(200, to_json(x, m.rt.clock.now()));
             }));
}

}  // namespace lifeline::app::supervision
