// Bad input gets a 4xx problem+json that names the field; nothing is half-written.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class BadInput : public ApiTest {
 protected:
  http::ClientResponse raw(Session& s, const std::string& method, const std::string& target, const std::string& body) {
    return *s.client->request(method, target, body, {{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}});
  }
  static std::vector<std::string> fields(const http::ClientResponse& r) {
    std::vector<std::string> out;
    auto errors = r.json()["errors"];
    for (const auto& e : errors) out.push_back(e["field"]);
    return out;
  }
};

TEST_F(BadInput, MalformedJsonNamesTheBody) {
  auto s = login("a_admin");
  auto r = raw(s, "POST", "/api/v1/orgs", "{\"parent_id\": 2, \"kind\": ");
  EXPECT_STATUS(r, 400);
  EXPECT_EQ(r.headers["content-type"], "application/problem+json");
  EXPECT_EQ(fields(r), std::vector<std::string>{"body"});
  EXPECT_STATUS(raw(s, "POST", "/api/v1/orgs", "[1,2,3]"), 400);
  EXPECT_STATUS(raw(s, "POST", "/api/v1/orgs", ""), 400);
  EXPECT_STATUS(raw(s, "POST", "/api/v1/orgs", "\xff\xfe{}"), 400);
}

TEST_F(BadInput, UnknownFieldsWrongTypesAndBadEnumsAreAllReported) {
  auto s = login("a_admin");
  int64_t orgs_before = count("orgs");
  auto r = call(s, "POST", "/api/v1/orgs",
                {{"parent_id", "two"}, {"kind", "castle"}, {"code", 12}, {"name", ""}, {"colour", "red"}});
  EXPECT_STATUS(r, 400);
  auto f = fields(r);
  std::sort(f.begin(), f.end());
  EXPECT_EQ(f, (std::vector<std::string>{"code", "colour", "kind", "name", "parent_id"}));
  EXPECT_EQ(count("orgs"), orgs_before);
}

TEST_F(BadInput, EmergencyLevelsAndTimesAreValidated) {
  auto s = login("a_commander");
  auto r = call(s, "POST", "/api/v1/emergencies",
                {{"name", "x"}, {"level", "V"}, {"started_at", "yesterday"}, {"org_ids", {"a"}}});
  EXPECT_STATUS(r, 400);
  auto f = fields(r);
  std::sort(f.begin(), f.end());
  EXPECT_EQ(f, (std::vector<std::string>{"level", "org_ids/0", "started_at"}));
  EXPECT_EQ(count("emergencies"), 0);
}

TEST_F(BadInput, OversizedBodiesGet413) {
  auto s = login("a_admin");
  std::string huge = json{{"name", std::string(100 * 1024, 'x')}}.dump();
  auto r = raw(s, "PATCH", "/api/v1/orgs/" + std::to_string(util_a_), huge);
  EXPECT_STATUS(r, 413);
  // The server keeps serving.
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 200);
}

TEST_F(BadInput, NonNumericIdsAndUnknownRoutes) {
  auto s = login("a_admin");
  EXPECT_STATUS(call(s, "GET", "/api/v1/orgs/abc"), 404);
  EXPECT_STATUS(call(s, "GET", "/api/v1/orgs/99999999999999999999"), 404);
  EXPECT_STATUS(call(s, "GET", "/api/v1/nothing-here"), 404);
  EXPECT_STATUS(call(s, "DELETE", "/api/v1/orgs"), 405);
}

TEST_F(BadInput, AFailedStepRollsBackTheWholeChange) {
  auto s = login("a_admin");
  // The second supervised unit is invalid: the first must not be stored either.
  int64_t team = call(s, "POST", "/api/v1/command-bodies",
                      {{"org_id", util_a_}, {"kind", "supervision_team"}, {"name", "督导组"}, {"leader_name", "钱"}})
                     .json()["id"];
  int64_t audit_before = count("audit_log");
  auto r = call(s, "PUT", "/api/v1/command-bodies/" + std::to_string(team) + "/supervised",
                {{"org_ids", {dept_a_, 424242}}});
  EXPECT_STATUS(r, 400);
  EXPECT_EQ(count("command_supervision"), 0);
  EXPECT_EQ(count("audit_log"), audit_before);
}

TEST_F(BadInput, GarbageNeverCrashesTheServer) {
  auto s = login("a_admin");
  const char* bodies[] = {"null", "true", "\"x\"", "{\"parent_id\":1e999}", "{\"name\":{\"$ne\":1}}",
                          "{\"parent_id\":-1,\"kind\":null}", "{\"a\":[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]}",
                          "{\"name\":\"\\ud800\"}"};
  for (const char* body : bodies) {
    auto r = raw(s, "POST", "/api/v1/orgs", body);
    EXPECT_GE(r.status, 400) << body;
    EXPECT_LT(r.status, 500) << body << " → " << r.body;
  }
  EXPECT_STATUS(call(s, "GET", "/api/v1/me"), 200);
}

}  // namespace
}  // namespace lifeline::test
