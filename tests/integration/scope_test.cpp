// Per-utility scoping: a user of utility A can neither read nor change
// anything of utility B, through any endpoint.
#include <set>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Scope : public ApiTest {};

TEST_F(Scope, TheOrgListShowsOnlyTheOwnSubtree) {
  auto a = login("a_admin");
  auto orgs = call(a, "GET", "/api/v1/orgs").json()["items"];
  std::set<int64_t> ids;
  for (const auto& o : orgs) ids.insert(o["id"].get<int64_t>());
  EXPECT_EQ(ids, (std::set<int64_t>{util_a_, dept_a_, plant_a_}));
  auto assoc = login("assoc");
  EXPECT_EQ(call(assoc, "GET", "/api/v1/orgs").json()["items"].size(), 5u);
}

TEST_F(Scope, AnotherUtilitysDataIsNotFoundForReadsAndWrites) {
  auto a = login("a_admin");
  std::string b = "/api/v1/orgs/" + std::to_string(util_b_);
  EXPECT_STATUS(call(a, "GET", b), 404);
  EXPECT_STATUS(call(a, "PATCH", b, {{"name", "被篡改"}}), 404);
  EXPECT_STATUS(call(a, "GET", b + "/command"), 404);
  EXPECT_STATUS(call(a, "POST", "/api/v1/orgs", {{"parent_id", util_b_}, {"kind", "team"}, {"code", "x1"}, {"name", "x"}}),
                400);
  EXPECT_STATUS(call(a, "GET", "/api/v1/users?org=" + std::to_string(util_b_)), 404);
  EXPECT_STATUS(call(a, "GET", "/api/v1/audit?org=" + std::to_string(util_b_)), 404);
  EXPECT_STATUS(call(a, "POST", "/api/v1/command-bodies",
                     {{"org_id", util_b_}, {"kind", "hq"}, {"name", "x"}, {"leader_name", "x"}}),
                400);
  EXPECT_STATUS(call(a, "POST", "/api/v1/emergencies", {{"name", "x"}, {"level", "II"}, {"org_ids", {util_b_}}}), 400);
  auto name = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::string> {
    LL_TRY(auto row, tx.query_one("SELECT name FROM orgs WHERE id = ?", {util_b_}));
    if (!row) return Error::not_found("utility B vanished");
    return row->text(0);
  });
  EXPECT_EQ(*name, "株洲水务集团");
}

TEST_F(Scope, UsersOfAnotherUtilityAreInvisibleAndUnchangeable) {
  auto b = login("b_admin");
  auto listed = call(b, "GET", "/api/v1/users").json()["items"];
  for (const auto& u : listed) EXPECT_EQ(u["org_id"], util_b_);
  auto a_users = login("assoc");
  int64_t a_staff = 0;
  auto found = call(a_users, "GET", "/api/v1/users?q=a_staff").json()["items"];
  for (const auto& u : found) a_staff = u["id"];
  ASSERT_GT(a_staff, 0);
  std::string target = "/api/v1/users/" + std::to_string(a_staff);
  EXPECT_STATUS(call(b, "GET", target), 404);
  EXPECT_STATUS(call(b, "PATCH", target, {{"disabled", true}}), 404);
  EXPECT_STATUS(call(b, "POST", target + "/password", {{"password", "hijacked-123"}}), 404);
  EXPECT_STATUS(call(b, "POST", "/api/v1/users",
                     {{"username", "mole"}, {"display_name", "x"}, {"role", "staff"}, {"org_id", util_a_},
                      {"password", "password-1"}}),
                400);
  EXPECT_EQ(count("users", "username = 'mole'"), 0);
}

TEST_F(Scope, AuditEntriesOfAnotherUtilityAreNotListed) {
  auto a = login("a_admin");
  auto b = login("b_admin");
  call(b, "POST", "/api/v1/orgs", {{"parent_id", util_b_}, {"kind", "team"}, {"code", "zz-t"}, {"name", "株洲抢修队"}});
  auto entries = call(a, "GET", "/api/v1/audit").json()["items"];
  for (const auto& e : entries) EXPECT_NE(e["entity_id"], "zz-t");
  auto actions = call(a, "GET", "/api/v1/audit?action=org.create&actor=b_admin").json()["items"];
  EXPECT_TRUE(actions.empty()) << actions.dump();
  EXPECT_EQ(call(b, "GET", "/api/v1/audit?action=org.create&actor=b_admin").json()["items"].size(), 1u);
}

TEST_F(Scope, AUtilityAdminCannotGrantAssociationAdmin) {
  auto a = login("a_admin");
  auto r = call(a, "POST", "/api/v1/users",
                {{"username", "boss"}, {"display_name", "x"}, {"role", "association_admin"}, {"org_id", util_a_},
                 {"password", "password-1"}});
  EXPECT_STATUS(r, 400);
  EXPECT_EQ(r.json()["errors"][0]["field"], "role");
}

}  // namespace
}  // namespace lifeline::test
