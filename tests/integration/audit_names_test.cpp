// The audit trail names a person one way — their display name, the username
// beside it — and exports as a spreadsheet, on both databases.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class AuditNames : public ApiTest {};

TEST_F(AuditNames, ByDisplayNameWithTheUsernameBesideItAndExported) {
  auto system = app::Actor::system("fixture");
  auto made = platform_->accounts().create_user(system, {"a_dispatch", "王敏", "commander", util_a_, kPassword, "13800003333"});
  ASSERT_TRUE(made.ok()) << made.error().message;
  auto s = login("a_dispatch");
  ASSERT_STATUS(call(s, "POST", "/api/v1/emergencies", {{"name", "长沙市二级响应"}, {"level", "II"}}), 201);

  auto admin = login("a_admin");
  auto page = call(admin, "GET", "/api/v1/audit?action=emergency.declare");
  ASSERT_STATUS(page, 200);
  ASSERT_EQ(page.json()["items"].size(), 1u);
  const json e = page.json()["items"][0];
  EXPECT_EQ(e["actor_display_name"], "王敏");
  EXPECT_EQ(e["actor_name"], "a_dispatch");
  // The filter still takes the username.
  EXPECT_EQ(call(admin, "GET", "/api/v1/audit?actor=a_dispatch").json()["items"].size(), 1u);

  auto xlsx = call(admin, "GET", "/api/v1/audit/export.xlsx?action=emergency.");
  ASSERT_STATUS(xlsx, 200);
  EXPECT_EQ(xlsx.headers["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_STATUS(call(s, "GET", "/api/v1/audit/export.xlsx"), 200);  // commanders read the audit
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "GET", "/api/v1/audit/export.xlsx"), 403);
}

}  // namespace
}  // namespace lifeline::test
