// The notify tests' fixture: the platform with a notify_key, private
// addresses allowed (the stand-ins listen on loopback), a public base URL,
// and the service stand-ins started on a loopback port.
#pragma once

#include <memory>
#include <string>

#include "app/notify/outbox.h"
#include "harness.h"
#include "notify_standin.h"

namespace lifeline::test {

class NotifyTest : public ApiTest {
 protected:
  static constexpr const char* kKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  static constexpr const char* kSecret = "SECdemo-7f3a9c41e5b2d8064af1c3e9b7d52a10";

  void SetUp() override {
    config_.notify_key = kKey;
    config_.notify_allow_private = true;
    config_.public_base_url = "https://lifeline.example.cn";
    ApiTest::SetUp();
    if (IsSkipped()) return;
    standin_ = std::make_unique<RobotStandIn>([this] { return to_millis(clock_.now()); });
    ASSERT_TRUE(standin_->start().ok());
    admin_ = login("a_admin");
  }
  void TearDown() override {
    standin_.reset();
    ApiTest::TearDown();
  }

  // Creates a robot of utility A through the API; fails the test otherwise.
  int64_t robot(nlohmann::json body) {
    if (!body.contains("org_id")) body["org_id"] = util_a_;
    if (!body.contains("name")) body["name"] = "指挥部群";
    auto r = call(admin_, "POST", "/api/v1/notify/robots", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json()["id"].get<int64_t>() : 0;
  }
  nlohmann::json rule(const std::string& event, const std::string& min_priority = "low", bool mention = false) {
    return {{"event", event}, {"min_priority", min_priority}, {"mention", mention}};
  }

  // Puts a notice into the outbox as a module does, in its own transaction.
  void notice(app::notify::Notice n) {
    if (!n.org_id) n.org_id = util_a_;
    if (n.org_path.empty()) n.org_path = path(n.org_id);
    auto r = database_->db().transact(store::TxMode::write,
                                      [&](store::Tx& tx) { return app::notify::enqueue(tx, n, clock_.now()); });
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  app::notify::Notice simple(const std::string& event, app::notify::Priority p = app::notify::Priority::normal) {
    app::notify::Notice n;
    n.event = event;
    n.priority = p;
    n.title = "管网压力异常";
    n.text = "第八水厂出厂压力低于 0.25 MPa，请调度中心核实。";
    n.link = "/repair/incidents/7";
    return n;
  }
  // One run of the delivery job at the test clock's now.
  void deliver() {
    auto st = platform_->notify().dispatcher.run(clock_.now());
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  std::string path(int64_t org) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::string> {
      LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org}));
      if (!row) return Error::not_found("org");
      return row->text(0);
    });
    return r.ok() ? *r : "";
  }
  nlohmann::json deliveries(const std::string& query) {
    auto r = call(admin_, "GET", "/api/v1/notify/deliveries" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  std::unique_ptr<RobotStandIn> standin_;
  Session admin_;
};

}  // namespace lifeline::test
