// Free text leaks what lists mask (issue 12): a care plan's on-call contact
// "管网抢修一队 张伟 13807310005" was shown in full to viewers and staff and in
// the audit. Phone and ID numbers in free text are masked wherever the
// record's structured phone is (app/privacy.h), and always in the audit.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

constexpr const char* kOnCall = "管网抢修一队 张伟 13807310005";
constexpr const char* kMasked = "管网抢修一队 张伟 138****0005";

class Masking : public ApiTest {
 protected:
  // Every string anywhere in the document.
  static std::string strings(const json& j) {
    std::string out;
    std::vector<const json*> pending{&j};
    while (!pending.empty()) {
      const json* v = pending.back();
      pending.pop_back();
      if (v->is_string()) out += v->get<std::string>() + "\n";
      else if (v->is_structured())
        for (const auto& child : *v) pending.push_back(&child);
    }
    return out;
  }
};

TEST_F(Masking, ACarePlansOnCallContactIsMaskedWhereThePhoneIs) {
  auto admin = login("a_admin");
  auto created = call(admin, "POST", "/api/v1/priority-customers",
                      {{"org_id", util_a_}, {"name", "长沙市第一医院"}, {"category", "hospital"}, {"tier", 1},
                       {"address", "营盘路311号"}, {"contact_name", "王主任 13812340004"},
                       {"contact_phone", "13812340004"}, {"notes", "值班室 0731-84861234"}});
  ASSERT_STATUS(created, 201);
  const std::string path = "/api/v1/priority-customers/" + std::to_string(created.json()["id"].get<int64_t>());
  ASSERT_STATUS(call(admin, "PUT", path + "/care-plan",
                     {{"patrols_per_day", 2}, {"contact_on_call", kOnCall}, {"measures", "夜间联系 13907310009"}}),
                200);
  ASSERT_STATUS(call(admin, "POST", path + "/patrols", {{"ok", true}, {"findings", "泵房值守 13707310008"}}), 201);

  // Who manages the register sees it whole.
  const json full = call(admin, "GET", path).json();
  EXPECT_EQ(full["care_plan"]["contact_on_call"], kOnCall);
  EXPECT_EQ(full["contact_phone"], "13812340004");

  // A viewer and a member of staff see it masked, in the detail, the list and the patrols.
  for (const char* who : {"a_viewer", "a_staff"}) {
    auto s = login(who);
    const json detail = call(s, "GET", path).json();
    EXPECT_EQ(detail["contact_phone"], "138****0004") << who;
    EXPECT_EQ(detail["care_plan"]["contact_on_call"], kMasked) << who;
    EXPECT_EQ(detail["care_plan"]["measures"], "夜间联系 139****0009") << who;
    EXPECT_EQ(detail["notes"], "值班室 0731-****1234") << who;
    EXPECT_EQ(detail["contact_name"], "王主任 138****0004") << who;
    const std::string everything = strings(detail) + strings(call(s, "GET", "/api/v1/priority-customers").json()) +
                                   strings(call(s, "GET", path + "/patrols").json());
    for (const char* number : {"13807310005", "13907310009", "13707310008", "13812340004", "84861234"})
      EXPECT_EQ(everything.find(number), std::string::npos) << who << " sees " << number;
  }

  // The audit log is read by admins and commanders: masked for them all.
  for (const char* who : {"a_admin", "a_commander", "assoc"}) {
    auto s = login(who);
    const std::string audit = strings(call(s, "GET", "/api/v1/audit?limit=200").json());
    EXPECT_NE(audit.find(kMasked), std::string::npos) << who;
    for (const char* number : {"13807310005", "13907310009", "84861234"})
      EXPECT_EQ(audit.find(number), std::string::npos) << who << " sees " << number << " in the audit";
  }
}

TEST_F(Masking, NumbersInTheTextsOfCommandBodiesHotlineCallsAndIncidents) {
  auto admin = login("a_admin");
  auto hq = call(admin, "POST", "/api/v1/command-bodies",
                 {{"org_id", util_a_}, {"kind", "hq"}, {"name", "疫情防控领导小组"}, {"leader_name", "周建国"},
                  {"responsibilities", "24小时值班，联系人 13607310003"}});
  ASSERT_STATUS(hq, 201);
  auto incident = call(admin, "POST", "/api/v1/incidents",
                       {{"org_id", util_a_}, {"type", "leak"}, {"address", "五一大道389号"},
                        {"description", "报告人李先生 15907310002，身份证430102198001011234"}});
  ASSERT_STATUS(incident, 201);
  auto viewer = login("a_viewer");
  const std::string seen = strings(call(viewer, "GET", "/api/v1/orgs/" + std::to_string(util_a_) + "/command").json()) +
                           strings(call(viewer, "GET", "/api/v1/incidents").json()) +
                           strings(call(viewer, "GET", "/api/v1/incidents/" +
                                                           std::to_string(incident.json()["id"].get<int64_t>()))
                                       .json());
  EXPECT_NE(seen.find("联系人 136****0003"), std::string::npos) << seen;
  EXPECT_NE(seen.find("159****0002"), std::string::npos);
  EXPECT_NE(seen.find("430102********1234"), std::string::npos);
  for (const char* number : {"13607310003", "15907310002", "430102198001011234"})
    EXPECT_EQ(seen.find(number), std::string::npos) << number;
}

}  // namespace
}  // namespace lifeline::test
