// The rules every input passes at the edge, over HTTP on both databases:
// JSON nested far beyond the cap and NUL characters are refused naming the
// field on every route; the body must be application/json as a media type;
// the Origin must be this site's scheme, host and port; /metrics is closed.
#include <zip.h>

#include <regex>

#include "integration/harness.h"
#include "core/json_input.h"
#include "sheets/table.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

std::string nested_arrays(size_t depth) {
  std::string s(depth, '[');
  s.append(depth, ']');
  return s;
}

class InputRules : public ApiTest {
 protected:
  http::ClientResponse send(Session& s, const std::string& method, const std::string& target, const std::string& body,
                            std::map<std::string, std::string> headers = {}) {
    headers.emplace("X-CSRF-Token", s.csrf);
    headers.emplace("Content-Type", "application/json");
    auto r = s.client->request(method, target, body, headers);
    EXPECT_TRUE(r.ok()) << method << " " << target << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : http::ClientResponse{};
  }
  static std::vector<std::string> fields(const http::ClientResponse& r) {
    std::vector<std::string> out;
    for (const auto parsed = r.json(); const auto& e : parsed.value("errors", json::array())) out.push_back(e.value("field", ""));
    return out;
  }
  // A network of a few hundred links, and its path.
  std::string generated_network(Session& s) {
    auto r = call(s, "POST", "/api/v1/networks",
                  {{"org_id", util_a_}, {"name", "演示管网"}, {"generate", {{"links", 200}, {"seed", 7}}}});
    EXPECT_STATUS(r, 201);
    return "/api/v1/networks/" + std::to_string(r.json().value("id", 0));
  }
};

// Every route that takes a body, called by each kind of user with JSON far
// deeper than the cap (and an Idempotency-Key, which fingerprints the body):
// never a 5xx, never a crash; where the body is read, a 400 that names it.
// (Logout is left out: it would end the session the other calls use.)
TEST_F(InputRules, EveryRouteRefusesDeepJsonWithoutCrashing) {
  std::vector<Session> sessions;
  for (const char* user : {"a_admin", "a_health", "a_commander", "a_staff"}) sessions.push_back(login(user));
  const std::string just_over = "{\"items\": " + nested_arrays(kMaxJsonDepth) + "}";
  const std::string fits_the_default_limit = "{\"items\": " + nested_arrays(30000) + "}";
  const std::string a_million = "{\"items\": " + nested_arrays(1000000) + "}";
  int refused_naming_the_member = 0, routes = 0;
  const http::Router router = platform_->router();
  for (const auto& route : router.routes()) {
    if (route.stream || route.method == "GET" || route.pattern == "/api/v1/auth/logout") continue;
    ++routes;
    const std::string target = std::regex_replace(route.pattern, std::regex("\\{[^}]+\\}"), "1");
    std::vector<const std::string*> bodies = {&just_over, &fits_the_default_limit};
    if (route.max_body_bytes > a_million.size()) bodies.push_back(&a_million);
    for (auto& s : sessions) {
      for (const std::string* body : bodies) {
        auto r = send(s, route.method, target, *body, {{"Idempotency-Key", "deep-" + std::to_string(routes)}});
        ASSERT_LT(r.status, 500) << route.method << " " << route.pattern << " → " << r.body;
        if (r.status == 400 && fields(r) == std::vector<std::string>{"items"}) ++refused_naming_the_member;
      }
    }
  }
  EXPECT_GT(routes, 50);
  EXPECT_GT(refused_naming_the_member, routes);  // most routes read the body for some caller
  EXPECT_STATUS(*anonymous()->get("/healthz"), 200);
}

// The issue's crash: the valves route dumped the GeoJSON it was given.
TEST_F(InputRules, DeepGeoJsonOnTheValvesRouteIs400NamingTheField) {
  auto s = login("a_admin");
  const std::string valves = generated_network(s) + "/valves";
  for (size_t depth : {size_t{100000}, size_t{1000000}}) {
    auto r = send(s, "PUT", valves, "{\"geojson\": " + nested_arrays(depth) + "}");
    ASSERT_STATUS(r, 400);
    EXPECT_EQ(fields(r), std::vector<std::string>{"geojson"});
    EXPECT_NE(r.body.find("deeper than 64 levels"), std::string::npos) << r.body;
    // The same nesting inside the GeoJSON text of a string field.
    auto text = call(s, "PUT", valves, {{"geojson", "{\"features\": " + nested_arrays(depth) + "}"}});
    ASSERT_STATUS(text, 400);
    EXPECT_EQ(fields(text), std::vector<std::string>{"geojson"});
    EXPECT_NE(text.body.find("deeper than 64 levels"), std::string::npos) << text.body;
  }
  EXPECT_STATUS(call(s, "GET", valves), 200);
}

TEST_F(InputRules, NulCharactersAreRefusedNamingTheFieldAndNothingIsWritten) {
  auto s = login("a_admin");
  const int64_t orgs = count("orgs");
  auto body = send(s, "POST", "/api/v1/orgs",
                   R"({"parent_id": )" + std::to_string(util_a_) + R"(, "kind": "team", "code": "t9", "name": "抢修\u0000队"})");
  ASSERT_STATUS(body, 400);
  EXPECT_EQ(fields(body), std::vector<std::string>{"name"});
  auto key = send(s, "POST", "/api/v1/orgs", R"({"parent_id": 2, "na\u0000me": "x"})");
  ASSERT_STATUS(key, 400);
  EXPECT_EQ(fields(key), std::vector<std::string>{"body"});
  // Inside nested objects the path names the member.
  auto nested = send(s, "PUT", generated_network(s) + "/customers",
                     R"({"items": [{"node": "J1", "name": "医院", "category": "hospital"},
                                   {"node": "J2", "name": "x\u0000", "category": "hospital"}]})");
  ASSERT_STATUS(nested, 400);
  EXPECT_EQ(fields(nested), std::vector<std::string>{"items/1/name"});
  // A query parameter names itself.
  auto query = call(s, "GET", "/api/v1/audit?q=%E5%BC%A0%00");
  ASSERT_STATUS(query, 400);
  EXPECT_EQ(fields(query), std::vector<std::string>{"q"});
  // An .inp text in the body is a JSON string like any other.
  auto inp = send(s, "POST", "/api/v1/networks",
                  R"({"org_id": )" + std::to_string(util_a_) + R"(, "name": "n", "inp": "[JUNCTIONS]\nJ1 1\u0000\n"})");
  ASSERT_STATUS(inp, 400);
  EXPECT_EQ(fields(inp), std::vector<std::string>{"inp"});
  EXPECT_EQ(count("orgs"), orgs);
  EXPECT_EQ(count("networks"), 1);  // the generated one above
}

// A workbook whose one sheet is "工号 | 姓名" and the row "1001 | `name`" (XML text).
std::string workbook(const std::string& name) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(buffer);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &err);
  const std::vector<std::pair<std::string, std::string>> members = {
      {"xl/workbook.xml", "<workbook><sheets><sheet name=\"a\" sheetId=\"1\"/></sheets></workbook>"},
      {"xl/sharedStrings.xml", "<sst><si><t>工号</t></si><si><t>姓名</t></si><si><t>" + name + "</t></si></sst>"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet><sheetData><row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>1</v></c></row>"
       "<row r=\"2\"><c><v>1001</v></c><c t=\"s\"><v>2</v></c></row></sheetData></worksheet>"}};
  for (const auto& [path, data] : members)
    zip_file_add(z, path.c_str(), zip_source_buffer(z, data.data(), data.size(), 0), ZIP_FL_ENC_UTF_8);
  zip_close(z);
  zip_stat_t st;
  zip_source_stat(buffer, &st);
  std::string out(st.size, '\0');
  zip_source_open(buffer);
  zip_source_read(buffer, out.data(), st.size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&err);
  return out;
}

TEST_F(InputRules, NulCharactersInImportedSpreadsheetsNameTheFileAndLine) {
  using namespace std::string_literals;
  auto s = login("a_health");
  const int staff = count("staff");
  const std::string target = "/api/v1/health/staff/import?org=" + std::to_string(util_a_) + "&dry_run=false";
  auto csv = send(s, "POST", target, "工号,姓名,部门\n1001,张\0三,人力资源部\n"s,
                  {{"Content-Type", "text/csv"}, {"X-File-Name", "staff.csv"}});
  ASSERT_STATUS(csv, 400);
  EXPECT_NE(csv.body.find("staff.csv line 2: a NUL character"), std::string::npos) << csv.body;
  const std::string xlsx_type = sheets::kXlsxMime;
  auto xlsx = send(s, "POST", target, workbook("张&#0;三"), {{"Content-Type", xlsx_type}, {"X-File-Name", "hr.xlsx"}});
  ASSERT_STATUS(xlsx, 400);
  EXPECT_NE(xlsx.body.find("hr.xlsx: xl/sharedStrings.xml line 1: a NUL character"), std::string::npos) << xlsx.body;
  EXPECT_EQ(count("staff"), staff);  // nothing of a refused file is written
  // The same workbook without the NUL is read and imported.
  auto clean = send(s, "POST", target, workbook("张三"), {{"Content-Type", xlsx_type}, {"X-File-Name", "hr.xlsx"}});
  EXPECT_EQ(clean.body.find("NUL"), std::string::npos) << clean.body;
  EXPECT_EQ(count("staff"), staff + 1);
}

// PostgreSQL text holds UTF-8 only: bytes that are not UTF-8 are refused at
// the edge (query parameters, the Idempotency-Key header) or made harmless
// (a file name in the audit), never a 500 from the database.
TEST_F(InputRules, TextThatIsNotUtf8NeverReachesTheDatabase) {
  auto s = login("a_admin");
  auto query = call(s, "GET", "/api/v1/hotline/calls?q=%FF%FE");
  ASSERT_STATUS(query, 400);
  EXPECT_EQ(fields(query), std::vector<std::string>{"q"});
  auto staff = login("a_staff");
  add_staff(dept_a_, "K1", "员工", "a_staff");
  auto key = send(staff, "POST", "/api/v1/health/checkins", "{}", {{"Idempotency-Key", "retry-\xff\xfe"}});
  ASSERT_STATUS(key, 400);
  EXPECT_EQ(fields(key), std::vector<std::string>{"Idempotency-Key"});
  auto health = login("a_health");
  auto import = send(health, "POST",
                     "/api/v1/health/staff/import?org=" + std::to_string(util_a_) + "&dry_run=false",
                     "工号,姓名,部门\nA001,张三,人力资源部\n",
                     {{"Content-Type", "text/csv"}, {"X-File-Name", "%FF%FE%E8%8A%B1.csv"}});
  ASSERT_STATUS(import, 200);
  EXPECT_EQ(count("staff", "employee_no = 'A001'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'health.staff_import'"), 1);
}

TEST_F(InputRules, TheBodyMustBeJsonAsAMediaTypeNotASubstring) {
  auto s = login("a_admin");
  const std::string body =
      json{{"parent_id", util_a_}, {"kind", "team"}, {"code", "t1"}, {"name", "抢修一队"}}.dump();
  for (const char* type : {"application/jsonp; x=application/json", "text/plain; charset=application/json",
                           "text/plain", "application/x-www-form-urlencoded", "application/json, text/plain",
                           "application/json; charset=iso-8859-1"}) {
    auto r = send(s, "POST", "/api/v1/orgs", body, {{"Content-Type", type}});
    ASSERT_STATUS(r, 400) << type;
    EXPECT_EQ(fields(r), std::vector<std::string>{"body"}) << type;
  }
  EXPECT_EQ(count("orgs", "code = 't1'"), 0);
  EXPECT_STATUS(send(s, "POST", "/api/v1/orgs", body, {{"Content-Type", "Application/JSON; Charset=UTF-8"}}), 201);
}

TEST_F(InputRules, TheOriginMustMatchSchemeHostAndPort) {
  auto s = login("a_admin");
  const std::string host = "127.0.0.1:" + std::to_string(server_->port());
  int n = 0;
  auto attempt = [&](const std::string& origin) {
    json org = {{"parent_id", util_a_}, {"kind", "team"}, {"code", "o" + std::to_string(++n)}, {"name", "队"}};
    return send(s, "POST", "/api/v1/orgs", org.dump(), {{"Origin", origin}}).status;
  };
  EXPECT_EQ(attempt("http://" + host), 201);
  EXPECT_EQ(attempt("HTTP://" + host), 201);
  EXPECT_EQ(attempt("https://" + host), 403);  // the scheme used to be ignored
  EXPECT_EQ(attempt("ftp://" + host), 403);
  EXPECT_EQ(attempt("http://127.0.0.1:1"), 403);
  EXPECT_EQ(attempt("http://127.0.0.1"), 403);
  EXPECT_EQ(attempt("http://evil.example"), 403);
  EXPECT_EQ(attempt("null"), 403);
  EXPECT_EQ(attempt("http://" + host + "/"), 403);
  // Behind TLS (cookie_secure) the browser's origin is https.
  config_.cookie_secure = true;
  EXPECT_EQ(attempt("https://" + host), 201);
  EXPECT_EQ(attempt("http://" + host), 403);
  // With a public base URL, its origin and nothing derived from the Host header.
  config_.public_base_url = "https://lifeline.example.org:8443/ops";
  EXPECT_EQ(attempt("https://lifeline.example.org:8443"), 201);
  EXPECT_EQ(attempt("https://" + host), 403);
  EXPECT_EQ(attempt("https://lifeline.example.org"), 403);
  // Requests without an Origin (non-browser clients) and reads are not affected.
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 200);
  EXPECT_EQ(count("orgs", "code LIKE 'o%'"), 4);  // the four 201s above
}

TEST_F(InputRules, MetricsAreNotServedToAnonymousCallers) {
  auto r = anonymous()->get("/metrics");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body.find("lifeline_http_requests_total"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::test
