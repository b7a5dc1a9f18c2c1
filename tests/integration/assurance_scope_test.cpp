// The priority-customer register as the whole utility reads it, on both
// databases: a staff member of a sub-unit sees customers registered
// anywhere in their utility (not another's); a new network version that
// drops a customer's node re-maps it to the nearest node and says so; the
// register exports as a spreadsheet.
#include "integration/harness.h"
#include "integration/line_network.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class AssuranceScope : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ = login("a_admin");
    auto created = call(admin_, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "线网"}, {"inp", kLineInp}, {"file_name", "line.inp"}});
    ASSERT_STATUS(created, 201);
    net_ = created.json()["id"];
    ASSERT_STATUS(call(admin_, "PUT", "/api/v1/networks/" + std::to_string(net_) + "/valves", {{"csv", kLineValves}}), 200);
  }

  int64_t add(const std::string& name, int64_t org, const std::string& node) {
    auto r = call(admin_, "POST", "/api/v1/priority-customers",
                  {{"org_id", org}, {"name", name}, {"category", "fever_clinic"}, {"tier", 1},
                   {"contact_phone", "13900000004"}, {"network_id", net_}, {"nodes", {node}}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }

  Session admin_;
  int64_t net_ = 0;
};

TEST_F(AssuranceScope, StaffOfASubUnitSeeTheWholeUtilitysRegister) {
  const int64_t at_plant = add("第八水厂旁发热门诊", plant_a_, "J2");
  add("市第一医院", util_a_, "J1");
  auto staff = login("a_staff");  // 人力资源部: a sibling of 第八水厂, below the utility
  auto list = call(staff, "GET", "/api/v1/priority-customers");
  ASSERT_STATUS(list, 200);
  EXPECT_EQ(list.json()["items"].size(), 2u);
  EXPECT_EQ(list.json()["scope"]["name"], "长沙水业集团");
  auto detail = call(staff, "GET", "/api/v1/priority-customers/" + std::to_string(at_plant));
  ASSERT_STATUS(detail, 200);
  EXPECT_FALSE(detail.json()["may_edit"].get<bool>());
  EXPECT_EQ(detail.json()["contact_phone"], "139****0004");
  EXPECT_TRUE(call(admin_, "GET", "/api/v1/priority-customers/" + std::to_string(at_plant)).json()["may_edit"].get<bool>());
  // Reading is utility-wide; changing stays with those who may.
  EXPECT_STATUS(call(staff, "PATCH", "/api/v1/priority-customers/" + std::to_string(at_plant), {{"tier", 2}}), 403);
  auto b = login("b_admin");
  EXPECT_EQ(call(b, "GET", "/api/v1/priority-customers").json()["items"].size(), 0u);
  EXPECT_STATUS(call(b, "GET", "/api/v1/priority-customers/" + std::to_string(at_plant)), 404);

  auto xlsx = call(staff, "GET", "/api/v1/priority-customers/export.xlsx");
  ASSERT_STATUS(xlsx, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_EQ(xlsx.body.find("13900000004"), std::string::npos) << "phones stay masked in the export";
}

TEST_F(AssuranceScope, ANewVersionWithoutTheNodeReMapsTheCustomerToTheNearestNode) {
  const int64_t clinic = add("湘雅医院发热门诊", util_a_, "J4");
  // The next survey renames J4 and moves it 3 m; everything else stays.
  std::string inp = kLineInp;
  for (const auto& [from, to] : {std::pair{std::string("J4 10 1"), std::string("J4N 10 1")},
                                 std::pair{std::string("P3 J3 J4 "), std::string("P3 J3 J4N ")},
                                 std::pair{std::string("J4 400 0"), std::string("J4N 400 3")}}) {
    auto at = inp.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    inp.replace(at, from.size(), to);
  }
  auto version = call(admin_, "POST", "/api/v1/networks/" + std::to_string(net_) + "/versions",
                      {{"inp", inp}, {"file_name", "line-v2.inp"}});
  ASSERT_STATUS(version, 201);

  auto c = call(admin_, "GET", "/api/v1/priority-customers/" + std::to_string(clinic)).json();
  EXPECT_EQ(c["nodes"], json({"J4N"}));
  std::vector<std::string> codes;
  for (const auto& r : c["status_reasons"]) {
    codes.push_back(r["code"]);
    if (r["code"] == "node_remapped") {
      EXPECT_EQ(r["params"]["from"], "J4");
      EXPECT_EQ(r["params"]["to"], "J4N");
      EXPECT_EQ(r["params"]["distance_m"], "3.0");
      EXPECT_EQ(r["params"]["version"], "2");
    }
  }
  EXPECT_NE(std::find(codes.begin(), codes.end(), "node_remapped"), codes.end()) << c["status_reasons"].dump();
  EXPECT_EQ(std::find(codes.begin(), codes.end(), "node_missing"), codes.end());
  ASSERT_FALSE(c["supply"].is_null()) << "its supply security is computed at the new node";
  EXPECT_EQ(count("audit_log", "action = 'assurance.customer.remap'"), 1);
  // The network's customer layer names it again, so isolation plans find it.
  auto layer = call(admin_, "GET", "/api/v1/networks/" + std::to_string(net_) + "/customers").json();
  EXPECT_NE(layer.dump().find("J4N"), std::string::npos) << layer.dump();
  // Editing the register (its nodes checked by a person) ends the note.
  ASSERT_STATUS(call(admin_, "PATCH", "/api/v1/priority-customers/" + std::to_string(clinic), {{"nodes", {"J4N"}}}), 200);
  auto after = call(admin_, "GET", "/api/v1/priority-customers/" + std::to_string(clinic)).json();
  EXPECT_EQ(after["status_reasons"].dump().find("node_remapped"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::test
