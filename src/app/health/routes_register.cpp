// /api/v1/health/staff…: the register, its HR import and template, and
// personal check-in links with their QR codes.

#include "app/health/access.h"
#include "app/health/module.h"
#include "app/health/staff_repo.h"
#include "core/json_input.h"
#include "sheets/table.h"

namespace lifeline::app::health {

using http::Request;
using http::Response;

namespace {

// An HR export of 100,000 people is about 8 MB as CSV.
constexpr size_t kImportBytes = 10u << 20;

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

// X-File-Name, percent-decoded (browsers send non-ASCII names encoded), without
// directories; a default by content when absent.
std::string file_name_of(const Request& req) {
  std::string raw = req.header("x-file-name"), name;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size()) {
      auto hi = hex_value(raw[i + 1]), lo = hex_value(raw[i + 2]);
      if (hi && lo) {
        name += static_cast<char>(*hi * 16 + *lo);
        i += 2;
        continue;
      }
    }
    name += raw[i];
  }
  if (auto slash = name.find_last_of("/\\"); slash != std::string::npos) name = name.substr(slash + 1);
  std::string clean;
  for (char c : name)
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) clean += c;
  if (clean.size() > 200) clean = clean.substr(0, 200);
  if (clean.empty()) return req.body.starts_with("PK") ? "staff.xlsx" : "staff.csv";
  return clean;
}

Result<bool> flag_param(const Request& req, const char* name, bool fallback) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return Error::invalid(name, "must be true or false");
}

StaffInput staff_input(JsonInput& in, bool create) {
  StaffInput s;
  const TextRule required{.required = create, .max_len = 200};
  const TextRule optional{.required = false, .max_len = 200};
  s.employee_no = in.text("employee_no", required);
  s.name = in.text("name", required);
  s.org_id = in.integer("org_id", create, 1);
  s.position = in.nullable_text("position", optional);
  s.phone = in.nullable_text("phone", optional);
  s.id_number = in.nullable_text("id_number", optional);
  s.home_district = in.nullable_text("home_district", optional);
  s.username = in.nullable_text("username", optional);
  s.left_on = in.nullable_text("left_on", optional);
  s.joined_on = in.text("joined_on", optional);
  s.key_post = in.boolean("key_post", false);
  s.active = in.boolean("active", false);
  if (!create) s.version = in.integer("version", true, 1);
  return s;
}

Response staff_response(int status, const Staff& s) {
  Response res = api::json(status, staff_repo::to_json(s, true));
  res.set_header("ETag", "\"" + std::to_string(s.version) + "\"");
  return res;
}

// The 422 answer to an import with row errors: problem+json with the report.
Response rejected_import(const ImportReport& report, const Request& req) {
  std::vector<FieldError> fields;
  for (const auto& e : report.errors)
    fields.push_back({report.file + ":" + std::to_string(e.line) + (e.column.empty() ? "" : " " + e.column), e.message});
  Error error = Error::invalid(std::move(fields));
  error.message = std::to_string(report.errors.size()) + (report.errors.size() >= kMaxImportErrors ? "+" : "") +
                  " rows have errors; nothing was imported";
  Response res = Response::problem(error, req);
  nlohmann::json body = nlohmann::json::parse(res.body);
  nlohmann::json full = to_json(report);
  body["status"] = 422;
  // Each error as in every problem (field, message) and with its line and column for the preview table.
  nlohmann::json errors = full["errors"];
  for (size_t i = 0; i < errors.size() && i < error.fields.size(); ++i) errors[i]["field"] = error.fields[i].field;
  body["errors"] = std::move(errors);
  for (const char* k : {"dry_run", "file", "rows", "created", "updated", "unchanged"}) body[k] = full[k];
  res = api::json(422, body);
  res.set_header("Content-Type", "application/problem+json");
  return res;
}

}  // namespace

void add_register_routes(http::Router& router, const api::Gate& gate, Module& m) {
  Register& staff = m.staff;
  Links& links = m.links;

  router.add("GET", "/api/v1/health/staff",
             gate(Permission::health_records, [&staff](Request& req, const Actor& actor) -> Result<Response> {
               StaffQuery q;
               LL_TRY(q.org, api::query_int(req, "org"));
               LL_TRY(auto limit, api::query_int(req, "limit"));
               LL_TRY(auto offset, api::query_int(req, "offset"));
               if (limit) {
                 if (*limit < 1 || *limit > 500) return Error::invalid("limit", "must be between 1 and 500");
                 q.limit = static_cast<int>(*limit);
               }
               if (offset) {
                 if (*offset < 0 || *offset > 10000000) return Error::invalid("offset", "must not be negative");
                 q.offset = static_cast<int>(*offset);
               }
               q.q = req.query_param("q").value_or("");
               if (q.q.size() > 100) return Error::invalid("q", "at most 100 characters");
               LL_TRY(auto page, staff.list(actor, q));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& s : page.items) items.push_back(staff_repo::to_json(s, false));
               return api::json(200, {{"items", items}, {"total", page.total}});
             }));

  router.add("GET", "/api/v1/health/staff/template.xlsx",
             gate(Permission::health_manage, [](Request&, const Actor&) -> Result<Response> {
               LL_TRY(auto bytes, Register::template_xlsx());
               Response res = Response::text(200, std::move(bytes), sheets::kXlsxMime);
               res.set_header("Content-Disposition",
                              "attachment; filename=\"staff-template.xlsx\"; filename*=UTF-8''"
                              "%E8%81%8C%E5%B7%A5%E8%8A%B1%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx");
               return res;
             }));

  router.add(
      "POST", "/api/v1/health/staff/import",
      gate(Permission::health_manage,
           [&staff](Request& req, const Actor& actor) -> Result<Response> {
             std::string type = req.header("content-type");
             if (type.starts_with("multipart/") || type.starts_with("application/json") ||
                 type.starts_with("application/x-www-form-urlencoded"))
               return Error::invalid("body", "send the CSV or XLSX file itself as the request body");
             if (req.body.empty()) return Error::invalid("body", "the file is empty");
             ImportOptions o;
             LL_TRY(o.org, api::query_int(req, "org"));
             LL_TRY(o.dry_run, flag_param(req, "dry_run", false));
             o.file_name = file_name_of(req);
             LL_TRY(auto report, staff.import(actor, req.body, o));
             if (!report.dry_run && !report.errors.empty()) return rejected_import(report, req);
             return api::json(200, to_json(report));
           }),
      kImportBytes);

  router.add("GET", "/api/v1/health/staff/{id}",
             gate(Permission::health_self, [&staff](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto s, staff.get(actor, id));
               return staff_response(200, s);
             }));

  router.add("POST", "/api/v1/health/staff",
             gate(Permission::health_manage, [&staff](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               StaffInput s = staff_input(in, true);
               LL_CHECK(in.finish());
               LL_TRY(auto created, staff.create(actor, s));
               return staff_response(201, created);
             }));

  router.add("PATCH", "/api/v1/health/staff/{id}",
             gate(Permission::health_manage, [&staff](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto body, api::json_body(req));
               JsonInput in(body);
               StaffInput s = staff_input(in, false);
               LL_CHECK(in.finish());
               LL_TRY(auto changed, staff.update(actor, id, s));
               return staff_response(200, changed);
             }));

  // ---- check-in links

  router.add("POST", "/api/v1/health/staff/{id}/checkin-link",
             gate(Permission::health_manage, [&links](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto link, links.issue(actor, id));
               Response res = api::json(201, to_json(link));
               res.set_header("Cache-Control", "no-store");
               return res;
             }));

  router.add("DELETE", "/api/v1/health/staff/{id}/checkin-link",
             gate(Permission::health_manage, [&links](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_CHECK(links.revoke(actor, id));
               return Response::no_content();
             }));

  // The link a phone opens is built from the configured public address, never
  // from the request's Host header.
  router.add("GET", "/api/v1/health/staff/{id}/checkin-link/qr.svg",
             gate(Permission::health_manage, [&links, &config = gate.config()](Request& req, const Actor& actor)
                                                 -> Result<Response> {
               LL_TRY(int64_t id, api::path_id(req));
               LL_TRY(auto link, links.active(actor, id));
               LL_TRY(auto base, api::public_base(config));
               LL_TRY(auto svg, qr_svg(base.link(link_path(link.token))));
               Response res = Response::text(200, std::move(svg), "image/svg+xml");
               res.set_header("Cache-Control", "no-store");  // the image is a credential
               return res;
             }));

  router.add("GET", "/api/v1/health/checkin-links",
             gate(Permission::health_manage, [&links](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto list, links.list(actor, org));
               nlohmann::json items = nlohmann::json::array();
               int64_t active = 0;
               for (const auto& s : list) {
                 nlohmann::json item = {{"staff_id", s.staff_id},
                                        {"employee_no", s.employee_no},
                                        {"name", s.name},
                                        {"org_name", s.org_name},
                                        {"status", s.status},
                                        {"link", s.link ? to_json(*s.link) : nlohmann::json()}};
                 if (s.status == "active") ++active;
                 items.push_back(std::move(item));
               }
               Response res = api::json(200, {{"items", items}, {"total", list.size()}, {"active", active}});
               res.set_header("Cache-Control", "no-store");
               return res;
             }));

  router.add("POST", "/api/v1/health/checkin-links",
             gate(Permission::health_manage, [&links](Request& req, const Actor& actor) -> Result<Response> {
               LL_TRY(auto org, api::query_int(req, "org"));
               LL_TRY(auto n, links.issue_missing(actor, org));
               return api::json(200, {{"issued", n}});
             }));
}

}  // namespace lifeline::app::health
