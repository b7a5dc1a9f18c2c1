// The org tree and the command structure over HTTP.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class Orgs : public ApiTest {};

TEST_F(Orgs, CreateReadAndPatchWithIfMatch) {
  auto s = login("a_admin");
  auto created = call(s, "POST", "/api/v1/orgs",
                      {{"parent_id", util_a_}, {"kind", "water_plant"}, {"code", "wp8"}, {"name", "第八水厂"}});
  ASSERT_STATUS(created, 201);
  auto id = std::to_string(created.json()["id"].get<int64_t>());
  EXPECT_EQ(created.headers["etag"], "\"1\"");
  auto got = call(s, "GET", "/api/v1/orgs/" + id);
  EXPECT_EQ(got.json()["name"], "第八水厂");
  EXPECT_EQ(got.json()["parent_id"], util_a_);

  auto renamed = s.client->request("PATCH", "/api/v1/orgs/" + id, json{{"name", "第八水厂（扩建）"}}.dump(),
                                   {{"X-CSRF-Token", s.csrf}, {"If-Match", "\"1\""}});
  ASSERT_STATUS(*renamed, 200);
  EXPECT_EQ(renamed->json()["version"], 2);
  // A second editor still holding version 1 is refused, and nothing changes.
  auto stale = s.client->request("PATCH", "/api/v1/orgs/" + id, json{{"name", "旧名"}}.dump(),
                                 {{"X-CSRF-Token", s.csrf}, {"If-Match", "\"1\""}});
  EXPECT_STATUS(*stale, 412);
  EXPECT_EQ(call(s, "GET", "/api/v1/orgs/" + id).json()["name"], "第八水厂（扩建）");
}

TEST_F(Orgs, TheTreeRulesAreEnforced) {
  auto s = login("assoc");
  auto bad = call(s, "POST", "/api/v1/orgs", {{"parent_id", dept_a_}, {"kind", "utility"}, {"code", "u9"}, {"name", "x"}});
  EXPECT_STATUS(bad, 400);
  EXPECT_EQ(bad.json()["errors"][0]["field"], "kind");
  auto dup = call(s, "POST", "/api/v1/orgs", {{"parent_id", util_a_}, {"kind", "team"}, {"code", "ua"}, {"name", "x"}});
  EXPECT_STATUS(dup, 400);
  EXPECT_EQ(dup.json()["errors"][0]["field"], "code");
  auto under_root = call(s, "POST", "/api/v1/orgs", {{"parent_id", root_}, {"kind", "utility"}, {"code", "hy"},
                                                    {"name", "衡阳水务"}});
  EXPECT_STATUS(under_root, 201);
}

TEST_F(Orgs, CommandStructureOnePlusOnePlusSix) {
  auto s = login("a_admin");
  auto hq = call(s, "POST", "/api/v1/command-bodies",
                 {{"org_id", util_a_}, {"kind", "hq"}, {"name", "疫情防控领导小组"}, {"leader_name", "周建国"},
                  {"leader_title", "董事长"}});
  ASSERT_STATUS(hq, 201);
  int64_t hq_id = hq.json()["id"];
  EXPECT_STATUS(call(s, "POST", "/api/v1/command-bodies",
                     {{"org_id", util_a_}, {"parent_id", hq_id}, {"kind", "office"}, {"name", "应急防疫指挥部"},
                      {"leader_name", "李志强"}}),
                201);
  for (int i = 1; i <= 6; ++i) {
    auto team = call(s, "POST", "/api/v1/command-bodies",
                     {{"org_id", util_a_}, {"parent_id", hq_id}, {"kind", "supervision_team"},
                      {"name", "第" + std::to_string(i) + "督导小组"}, {"leader_name", "组长" + std::to_string(i)},
                      {"sort_order", i}});
    ASSERT_STATUS(team, 201);
    if (i == 1) {
      EXPECT_STATUS(call(s, "PUT", "/api/v1/command-bodies/" + std::to_string(team.json()["id"].get<int64_t>()) +
                                       "/supervised",
                         {{"org_ids", {dept_a_}}}),
                    200);
    }
  }
  auto member = call(s, "POST", "/api/v1/command-bodies/" + std::to_string(hq_id) + "/members",
                     {{"name", "孙丽"}, {"title", "副书记"}, {"phone", "13912345678"}});
  ASSERT_STATUS(member, 201);

  auto structure = call(s, "GET", "/api/v1/orgs/" + std::to_string(util_a_) + "/command").json()["bodies"];
  ASSERT_EQ(structure.size(), 8u);
  EXPECT_EQ(structure[0]["kind"], "hq");
  EXPECT_EQ(structure[0]["members"][0]["phone_masked"], "139****5678");
  int teams = 0;
  for (const auto& b : structure)
    if (b["kind"] == "supervision_team") {
      ++teams;
      EXPECT_EQ(b["parent_id"], hq_id);
    }
  EXPECT_EQ(teams, 6);
  EXPECT_EQ(structure[2]["supervised_orgs"][0]["name"], "人力资源部");

  // Staff of a department read the structure of their utility (who leads them).
  auto staff = login("a_staff");
  EXPECT_EQ(call(staff, "GET", "/api/v1/orgs/" + std::to_string(util_a_) + "/command").json()["bodies"].size(), 8u);
}

TEST_F(Orgs, SupervisionOnlyOfUnitsBelowAndOnlyByTeams) {
  auto s = login("a_admin");
  auto hq = call(s, "POST", "/api/v1/command-bodies",
                 {{"org_id", util_a_}, {"kind", "hq"}, {"name", "领导小组"}, {"leader_name", "周"}});
  auto target = "/api/v1/command-bodies/" + std::to_string(hq.json()["id"].get<int64_t>()) + "/supervised";
  EXPECT_STATUS(call(s, "PUT", target, {{"org_ids", {dept_a_}}}), 400);
  auto team = call(s, "POST", "/api/v1/command-bodies",
                   {{"org_id", util_a_}, {"kind", "supervision_team"}, {"name", "督导组"}, {"leader_name", "钱"}});
  auto r = call(s, "PUT", "/api/v1/command-bodies/" + std::to_string(team.json()["id"].get<int64_t>()) + "/supervised",
                {{"org_ids", {dept_a_, util_b_}}});
  EXPECT_STATUS(r, 400);
  EXPECT_EQ(r.json()["errors"][0]["field"], "org_ids/1");
  EXPECT_EQ(count("command_supervision"), 0);
}

TEST_F(Orgs, DeletingABodyKeepsItsChildren) {
  auto s = login("a_admin");
  int64_t hq = call(s, "POST", "/api/v1/command-bodies",
                    {{"org_id", util_a_}, {"kind", "hq"}, {"name", "领导小组"}, {"leader_name", "周"}})
                   .json()["id"];
  int64_t office = call(s, "POST", "/api/v1/command-bodies",
                        {{"org_id", util_a_}, {"parent_id", hq}, {"kind", "office"}, {"name", "办公室"},
                         {"leader_name", "李"}})
                       .json()["id"];
  EXPECT_STATUS(call(s, "DELETE", "/api/v1/command-bodies/" + std::to_string(hq)), 204);
  auto bodies = call(s, "GET", "/api/v1/orgs/" + std::to_string(util_a_) + "/command").json()["bodies"];
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0]["id"], office);
  EXPECT_TRUE(bodies[0]["parent_id"].is_null());
}

}  // namespace
}  // namespace lifeline::test
