// Long analyses (issue 12): the all-bursts ranking needs network.analyse, a
// second request joins the running job, and its state is read without
// holding a request worker.
#include <thread>

#include "analysis/outage_network_for_tests.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class LongAnalyses : public ApiTest {
 protected:
  std::string upload(Session& s) {
    auto created = call(s, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "环网"}, {"inp", analysis::test_networks::kOutageInp}});
    EXPECT_STATUS(created, 201);
    const std::string path = "/api/v1/networks/" + std::to_string(created.json().value("id", 0));
    EXPECT_STATUS(call(s, "PUT", path + "/valves", {{"csv", analysis::test_networks::kOutageValves}}), 200);
    // Segments are ranked by the customers they cut off or lower: without customers the ranking is empty.
    EXPECT_STATUS(call(s, "PUT", path + "/customers",
                       {{"items", json::array({{{"node", "J2"}, {"name", "市第一医院"}, {"category", "hospital"}},
                                               {{"node", "J4"}, {"name", "发热门诊"}, {"category", "fever_clinic"}},
                                               {{"node", "J5"}, {"name", "电信枢纽"}, {"category", "telecom"}}})}}),
                  200);
    return path;
  }
  json until_done(Session& s, const std::string& job) {
    json body;
    for (int i = 0; i < 200; ++i) {
      body = call(s, "GET", job).json();
      if (body["state"] == "done" || body["state"] == "failed") break;
      std::this_thread::sleep_for(20ms);
    }
    return body;
  }
};

TEST_F(LongAnalyses, AViewerCannotStartOneButReadsTheResult) {
  auto admin = login("a_admin");
  const std::string path = upload(admin);
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "POST", path + "/bursts"), 403);
  EXPECT_STATUS(call(viewer, "POST", path + "/bursts"), 403);  // as often as they like: never a job
  auto none = call(viewer, "GET", path + "/bursts");
  ASSERT_STATUS(none, 200);
  EXPECT_EQ(none.json()["state"], "none");
  // GET never starts one (it used to).
  EXPECT_EQ(call(viewer, "GET", path + "/bursts").json()["state"], "none");

  auto started = call(admin, "POST", path + "/bursts");
  ASSERT_TRUE(started.status == 202 || started.status == 200) << started.body;
  const json done = until_done(viewer, started.headers["location"]);
  EXPECT_EQ(done["state"], "done");
  EXPECT_EQ(done["ranking"].size(), 3u);
  EXPECT_EQ(call(viewer, "GET", path + "/bursts").json()["job"]["id"], started.json()["job"]["id"]);
}

TEST_F(LongAnalyses, ASecondRequestJoinsTheJobInsteadOfStartingAnother) {
  auto admin = login("a_admin");
  const std::string path = upload(admin);
  auto commander = login("a_commander");
  auto first = call(admin, "POST", path + "/bursts");
  auto second = call(commander, "POST", path + "/bursts");
  ASSERT_TRUE(first.status == 202 || first.status == 200) << first.body;
  ASSERT_TRUE(second.status == 202 || second.status == 200) << second.body;
  EXPECT_EQ(second.json()["job"]["id"], first.json()["job"]["id"]);
  EXPECT_TRUE(second.json()["job"]["joined"].get<bool>());
  EXPECT_EQ(second.json()["job"]["requested_by"], "a_admin");
  EXPECT_EQ(second.headers["location"], first.headers["location"]);
  until_done(admin, first.headers["location"]);
  auto third = call(commander, "POST", path + "/bursts");
  ASSERT_STATUS(third, 200);  // done: the same job answers at once
  EXPECT_EQ(third.json()["job"]["id"], first.json()["job"]["id"]);
  EXPECT_EQ(third.json()["state"], "done");
}

TEST_F(LongAnalyses, AnotherUtilitysJobDoesNotExist) {
  auto admin = login("a_admin");
  const std::string path = upload(admin);
  auto started = call(admin, "POST", path + "/bursts");
  auto other = login("b_admin");
  EXPECT_STATUS(call(other, "GET", started.headers["location"]), 404);
  EXPECT_STATUS(call(other, "POST", path + "/bursts"), 404);
  EXPECT_STATUS(call(other, "GET", "/api/v1/analysis-jobs/999999"), 404);
}

}  // namespace
}  // namespace lifeline::test
