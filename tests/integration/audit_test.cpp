// Every change leaves an audit record with who, where, what and before/after.
#include <set>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Audit : public ApiTest {};

TEST_F(Audit, EveryMutatingRequestIsAuditedWithBeforeAndAfter) {
  auto s = login("a_admin");
  int64_t before = count("audit_log");
  auto created = call(s, "POST", "/api/v1/orgs", {{"parent_id", util_a_}, {"kind", "team"}, {"code", "rep"},
                                                  {"name", "抢修队"}});
  auto id = std::to_string(created.json()["id"].get<int64_t>());
  call(s, "PATCH", "/api/v1/orgs/" + id, {{"name", "抢修一队"}});
  int64_t hq = call(s, "POST", "/api/v1/command-bodies",
                    {{"org_id", util_a_}, {"kind", "hq"}, {"name", "领导小组"}, {"leader_name", "周"}})
                   .json()["id"];
  call(s, "POST", "/api/v1/command-bodies/" + std::to_string(hq) + "/members", {{"name", "孙丽"}});
  int64_t e = call(s, "POST", "/api/v1/emergencies", {{"name", "演练"}, {"level", "IV"}}).json()["id"];
  call(s, "PATCH", "/api/v1/emergencies/" + std::to_string(e), {{"level", "III"}});
  call(s, "POST", "/api/v1/emergencies/" + std::to_string(e) + "/end", {{"reason", "演练结束"}});
  call(s, "POST", "/api/v1/users", {{"username", "newbie"}, {"display_name", "新人"}, {"role", "staff"},
                                    {"org_id", dept_a_}, {"password", "password-1"}});
  EXPECT_EQ(count("audit_log") - before, 8);

  auto entries = call(s, "GET", "/api/v1/audit?entity=org").json()["items"];
  ASSERT_GE(entries.size(), 2u);
  auto update = entries[0];
  EXPECT_EQ(update["action"], "org.update");
  EXPECT_EQ(update["actor_name"], "a_admin");
  EXPECT_EQ(update["before"]["name"], "抢修队");
  EXPECT_EQ(update["after"]["name"], "抢修一队");
  EXPECT_FALSE(update["request_id"].get<std::string>().empty());
  EXPECT_EQ(update["remote_address"], "127.0.0.1");
  // Passwords never reach the audit log.
  auto user_entries = call(s, "GET", "/api/v1/audit?entity=user").json()["items"];
  for (const auto& entry : user_entries)
    EXPECT_EQ(entry.dump().find("password-1"), std::string::npos);
}

TEST_F(Audit, FiltersAndCursorPagination) {
  auto s = login("a_admin");
  for (int i = 0; i < 7; ++i)
    call(s, "POST", "/api/v1/orgs", {{"parent_id", util_a_}, {"kind", "team"}, {"code", "t" + std::to_string(i)},
                                     {"name", "班组" + std::to_string(i)}});
  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    auto r = call(s, "GET", "/api/v1/audit?action=org.create&actor=a_admin&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    auto items = r.json()["items"];
    for (const auto& e : items) seen.push_back(e["entity_id"]);
    if (r.json()["next_cursor"].is_null()) break;
    cursor = r.json()["next_cursor"];
  }
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 7u);
  EXPECT_EQ(call(s, "GET", "/api/v1/audit?action=org.&actor=a_admin").json()["items"].size(), 7u);
  EXPECT_TRUE(call(s, "GET", "/api/v1/audit?actor=nobody").json()["items"].empty());
  EXPECT_TRUE(call(s, "GET", "/api/v1/audit?from=2030-01-01T00:00:00Z").json()["items"].empty());
  EXPECT_STATUS(call(s, "GET", "/api/v1/audit?from=yesterday"), 400);
}

}  // namespace
}  // namespace lifeline::test
