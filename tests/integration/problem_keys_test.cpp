// Problems carry stable message keys (and what they quote) for the web UI to
// put in its own words; a record carries the actions its reader may take,
// so a page offers only those (docs/architecture.md, "Messages").
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class ProblemKeys : public ApiTest {};

const json* error_of(const json& problem, const std::string& field) {
  for (const auto& e : problem["errors"])
    if (e["field"] == field) return &e;
  return nullptr;
}

TEST_F(ProblemKeys, EveryProblemAndFieldErrorHasAKey) {
  auto s = login("a_commander");
  auto bad = call(s, "POST", "/api/v1/emergencies", {{"level", "V"}, {"region", std::string(300, 'x')}, {"colour", 1}});
  ASSERT_STATUS(bad, 400);
  const json p = bad.json();
  EXPECT_EQ(p["key"], "invalid");
  ASSERT_NE(error_of(p, "name"), nullptr);
  EXPECT_EQ((*error_of(p, "name"))["key"], "required");
  EXPECT_EQ((*error_of(p, "level"))["key"], "not_choice");
  EXPECT_EQ((*error_of(p, "region"))["key"], "too_long");
  EXPECT_EQ((*error_of(p, "region"))["params"]["max"], "200");
  EXPECT_EQ((*error_of(p, "colour"))["key"], "unknown_field");

  // A problem without a key of its own names its code.
  auto missing = call(s, "GET", "/api/v1/emergencies/999999");
  ASSERT_STATUS(missing, 404);
  EXPECT_EQ(missing.json()["key"], "emergency.not_found");
  auto anonymous = this->anonymous()->get("/api/v1/me");
  ASSERT_TRUE(anonymous.ok());
  EXPECT_EQ(anonymous->json()["key"], "unauthenticated");
  EXPECT_TRUE(anonymous->json()["params"].is_object());
}

TEST_F(ProblemKeys, AUtilityIsOfferedNothingOnTheAssociationsResponseAndIsRefusedWithAKey) {
  auto assoc = login("assoc");
  auto declared = call(assoc, "POST", "/api/v1/emergencies",
                       {{"name", "全省一级响应"}, {"level", "I"}, {"org_ids", {root_}}});
  ASSERT_STATUS(declared, 201);
  const int64_t provincial = declared.json()["id"];
  EXPECT_EQ(declared.json()["actions"], json({"change", "end"}));

  auto commander = login("a_commander");
  auto own = call(commander, "POST", "/api/v1/emergencies", {{"name", "长沙市二级响应"}, {"level", "II"}});
  ASSERT_STATUS(own, 201);
  const int64_t local = own.json()["id"];

  auto list = call(commander, "GET", "/api/v1/emergencies?status=active").json()["items"];
  ASSERT_EQ(list.size(), 2u);
  for (const auto& e : list) {
    if (e["id"] == provincial) EXPECT_EQ(e["actions"], json::array()) << "declared above the utility";
    if (e["id"] == local) EXPECT_EQ(e["actions"], json({"change", "end"}));
  }
  // What the page no longer offers, the server still refuses — with a key, not just English.
  auto refused = call(commander, "POST", "/api/v1/emergencies/" + std::to_string(provincial) + "/end", {{"reason", "x"}});
  ASSERT_STATUS(refused, 403);
  EXPECT_EQ(refused.json()["key"], "emergency.declared_above");
  // Those without emergency.declare are offered nothing on their own utility's response either.
  auto viewer = login("a_viewer");
  for (const auto& e : call(viewer, "GET", "/api/v1/emergencies?status=active").json()["items"])
    EXPECT_EQ(e["actions"], json::array());
  // An ended response offers nothing.
  auto ended = call(commander, "POST", "/api/v1/emergencies/" + std::to_string(local) + "/end", {{"reason", "平稳"}});
  ASSERT_STATUS(ended, 200);
  EXPECT_EQ(ended.json()["actions"], json::array());
  EXPECT_EQ(call(commander, "POST", "/api/v1/emergencies/" + std::to_string(local) + "/end", {{"reason", "x"}}).json()["key"],
            "emergency.ended");
}

}  // namespace
}  // namespace lifeline::test
