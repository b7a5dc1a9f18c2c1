// What the hotline console needs from the server, on both databases: every
// call a page at a time with a cursor, found by number, address or code;
// the actions an operator may take on each call; retried calls logged once;
// and a call made into an incident in one transaction — racing operators
// leave one incident, never one without its call.
#include <atomic>
#include <thread>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HotlineConsole : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto system = app::Actor::system("fixture");
    auto op = platform_->accounts().create_user(system, {"a_hotline", "客服王敏", "dispatcher", util_a_, kPassword,
                                                         "13800002222"});
    ASSERT_TRUE(op.ok()) << op.error().message;
    app::network::NewNetwork n;
    n.org_id = util_a_;
    n.name = "演示城";
    n.generate_links = 300;
    n.generate_seed = 4;
    auto network = platform_->networks().create(system, n);
    ASSERT_TRUE(network.ok()) << network.error().message;
    auto model = platform_->networks().model(system, network->id);
    ASSERT_TRUE(model.ok());
    const auto& node = model->second->network().nodes[model->second->network().nodes.size() / 2];
    here_ = {node.coordinates.x, node.coordinates.y};
  }

  json call_body(int n, const std::string& category = "billing") {
    char phone[16];
    std::snprintf(phone, sizeof phone, "1380013%04d", n);
    return {{"caller_phone", phone},
            {"category", category},
            {"address", "长沙市芙蓉区五一大道" + std::to_string(n) + "号"},
            {"summary", "咨询水费 " + std::to_string(n)}};
  }

  http::ClientResponse post(Session& s, const std::string& target, const json& body, const std::string& key) {
    std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}};
    if (!key.empty()) headers["Idempotency-Key"] = key;
    auto r = s.client->request("POST", target, body.dump(), headers);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }

  std::pair<double, double> here_;
};

TEST_F(HotlineConsole, EveryCallPageByPageAndFoundByNumberOrAddress) {
  auto op = login("a_hotline");
  for (int n = 0; n < 7; ++n) {
    ASSERT_STATUS(call(op, "POST", "/api/v1/hotline/calls", call_body(n)), 201);
    clock_.advance(std::chrono::minutes(1));
  }
  std::vector<int64_t> seen;
  std::string target = "/api/v1/hotline/calls?limit=3";
  for (int page = 0; page < 5; ++page) {
    auto r = call(op, "GET", target);
    ASSERT_STATUS(r, 200);
    const json j = r.json();
    EXPECT_EQ(j["counts"]["total"], 7) << "the counts cover the whole list, not the page";
    for (const auto& c : j["items"]) seen.push_back(c["id"]);
    if (j["next_cursor"].is_null()) break;
    target = "/api/v1/hotline/calls?limit=3&cursor=" + j["next_cursor"].get<std::string>();
  }
  ASSERT_EQ(seen.size(), 7u) << "every call once";
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i - 1], seen[i]) << "newest first";

  auto by_phone = call(op, "GET", "/api/v1/hotline/calls?q=13800130004").json();
  ASSERT_EQ(by_phone["items"].size(), 1u);
  EXPECT_EQ(by_phone["items"][0]["caller_phone"], "138****0004");
  auto by_address = call(op, "GET", "/api/v1/hotline/calls?q=%E4%BA%94%E4%B8%80%E5%A4%A7%E9%81%936%E5%8F%B7").json();
  EXPECT_EQ(by_address["items"].size(), 1u);
  auto bad = call(op, "GET", "/api/v1/hotline/calls?cursor=nonsense");
  ASSERT_STATUS(bad, 400);
  EXPECT_EQ(bad.json()["key"], "bad_cursor");
  EXPECT_STATUS(call(op, "GET", "/api/v1/hotline/calls?limit=501"), 400);
}

TEST_F(HotlineConsole, ACallWithoutACategoryIsRefusedAndRetriedCallsAreLoggedOnce) {
  auto op = login("a_hotline");
  json body = call_body(1);
  body.erase("category");
  auto none = call(op, "POST", "/api/v1/hotline/calls", body);
  ASSERT_STATUS(none, 400);
  EXPECT_EQ(none.json()["errors"][0]["field"], "category");
  EXPECT_EQ(count("hotline_calls"), 0);

  for (int n = 0; n < 3; ++n) ASSERT_STATUS(post(op, "/api/v1/hotline/calls", call_body(2), "desk-7-call-1"), 201);
  EXPECT_EQ(count("hotline_calls"), 1);
  auto id = call(op, "GET", "/api/v1/hotline/calls").json()["items"][0]["id"].get<int64_t>();
  const std::string path = "/api/v1/hotline/calls/" + std::to_string(id);
  auto logged = call(op, "GET", path).json();
  EXPECT_EQ(logged["actions"], json({"handled", "transferred"})) << "billing: no incident";
  for (int n = 0; n < 2; ++n)
    ASSERT_STATUS(post(op, path + "/transitions", {{"to", "handled"}, {"resolution", "已解释"}}, "handle-1"), 200);
  EXPECT_EQ(count("audit_log", "action = 'hotline.call.handled'"), 1);
  EXPECT_EQ(call(op, "GET", path).json()["actions"], json({"closed"}));
  auto viewer = login("a_viewer");
  EXPECT_STATUS(call(viewer, "GET", path), 403);
}

TEST_F(HotlineConsole, RacingOperatorsMakeOneIncidentAndNeverOneWithoutItsCall) {
  auto op = login("a_hotline");
  json burst = call_body(9, "burst_leak");
  burst["x"] = here_.first;
  burst["y"] = here_.second;
  auto logged = call(op, "POST", "/api/v1/hotline/calls", burst);
  ASSERT_STATUS(logged, 201);
  const int64_t id = logged.json()["id"];
  EXPECT_NE(std::find(logged.json()["actions"].begin(), logged.json()["actions"].end(), "incident"),
            logged.json()["actions"].end());

  constexpr int kOperators = 4;
  std::vector<Session> desks;
  for (int i = 0; i < kOperators; ++i) desks.push_back(login("a_hotline"));
  std::atomic<int> made{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kOperators; ++i)
    threads.emplace_back([&, i] {
      auto r = call(desks[static_cast<size_t>(i)], "POST", "/api/v1/hotline/calls/" + std::to_string(id) + "/incident",
                    {{"new", true}});
      if (r.status == 201) ++made;
      else if (r.status == 409) ++refused;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(made.load(), 1);
  EXPECT_EQ(refused.load(), kOperators - 1);
  EXPECT_EQ(count("incidents"), 1) << "the losers' incidents were never written";
  EXPECT_EQ(count("work_orders"), 1);
  EXPECT_EQ(count("hotline_calls", "incident_id IS NOT NULL"), 1);
}

}  // namespace
}  // namespace lifeline::test
