// What several servers share through the database: events relayed over
// LISTEN/NOTIFY (PostgreSQL), the scheduled purges of the platform, the
// session cache that never outlives a revocation, the census counts.
#include <algorithm>
#include <chrono>
#include <mutex>
#include <thread>

#include "app/api/idempotency.h"
#include "app/cluster/event_relay.h"
#include "app/health/checkin_counts.h"
#include "core/time.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class Cluster : public ApiTest {};

TEST(EventRelayWire, AnEventTooLongForANotificationKeepsItsIds) {
  Event big{"network.uploaded", 7, "/1/7/", {{"id", 12}, {"network_id", 12}, {"inp", std::string(20000, 'x')}}, ""};
  const std::string wire = app::cluster::EventRelay::encode(big, "host:1:2");
  EXPECT_LE(wire.size(), store::NotifyChannel::kMaxPayload);
  auto back = app::cluster::EventRelay::decode(wire);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->type, "network.uploaded");
  EXPECT_EQ(back->origin, "host:1:2");
  EXPECT_EQ(back->scope, "/1/7/");
  EXPECT_EQ(back->data["id"], 12);
  EXPECT_EQ(back->data["network_id"], 12);
  EXPECT_TRUE(back->data["truncated"].get<bool>());
  EXPECT_FALSE(app::cluster::EventRelay::decode("not json"));
}

// Two servers on one PostgreSQL: an event published on one reaches the
// other's bus once, marked with its origin, and is not echoed back.
TEST_F(Cluster, AnEventPublishedOnOneServerReachesTheOther) {
  if (!database_->postgres()) GTEST_SKIP() << "PostgreSQL only: SQLite runs one server";
  EventBus bus_a, bus_b;
  app::cluster::EventRelay a(bus_a, "server-a"), b(bus_b, "server-b");
  ASSERT_TRUE(a.start(database_->url()).ok());
  ASSERT_TRUE(b.start(database_->url()).ok());
  std::mutex mu;
  std::vector<Event> on_a, on_b;
  auto sub_a = bus_a.subscribe([&](const Event& e) {
    std::lock_guard lock(mu);
    on_a.push_back(e);
  });
  auto sub_b = bus_b.subscribe([&](const Event& e) {
    std::lock_guard lock(mu);
    on_b.push_back(e);
  });
  bus_a.publish({"emergency.declared", 1, "/1/", {{"id", 5}}, ""});
  for (int i = 0; i < 100; ++i) {
    {
      std::lock_guard lock(mu);
      if (!on_b.empty()) break;
    }
    std::this_thread::sleep_for(20ms);
  }
  std::this_thread::sleep_for(100ms);  // an echo back to A would have arrived by now
  std::lock_guard lock(mu);
  ASSERT_EQ(on_b.size(), 1u);
  EXPECT_EQ(on_b[0].type, "emergency.declared");
  EXPECT_EQ(on_b[0].origin, "server-a");
  EXPECT_EQ(on_b[0].data["id"], 5);
  ASSERT_EQ(on_a.size(), 1u);  // its own publication only
  EXPECT_TRUE(on_a[0].origin.empty());
}

// The platform's periodic work runs on the shared scheduler: the
// Idempotency-Key purge drops keys older than a day and keeps the rest.
TEST_F(Cluster, TheIdempotencyPurgeRunsAsAScheduledJob) {
  auto st = database_->db().run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    const int64_t now = to_millis(clock_.now());
    LL_CHECK(tx.execute("INSERT INTO idempotency_keys (principal, key, request_hash, status, response, created_at)"
                        " VALUES ('user:1', 'old', 'h', 201, '{}', ?), ('user:1', 'new', 'h', 201, '{}', ?)",
                        {now - int64_t{25} * 3600 * 1000, now - int64_t{3600} * 1000}));
    return {};
  });
  ASSERT_TRUE(st.ok());
  auto ran = platform_->scheduler().tick();
  EXPECT_NE(std::find(ran.begin(), ran.end(), "api.idempotency_purge"), ran.end());
  EXPECT_NE(std::find(ran.begin(), ran.end(), "health.retention_purge"), ran.end());
  EXPECT_EQ(count("idempotency_keys", "key = 'old'"), 0);
  EXPECT_EQ(count("idempotency_keys", "key = 'new'"), 1);
  EXPECT_TRUE(platform_->scheduler().tick().empty());  // not due again yet
}

// The session cache serves the Actor, never the credential: a disabled
// user and a logged-out session are refused on the next request, a
// revoked token too.
TEST_F(Cluster, ACachedSessionIsRefusedOnTheNextRequestAfterARevocation) {
  auto staff = login("a_staff");
  auto admin = login("a_admin");
  for (int i = 0; i < 3; ++i) ASSERT_STATUS(call(staff, "GET", "/api/v1/orgs"), 200);
  EXPECT_GT(platform_->sessions().size(), 0u);
  // Disabled by another process writing the database directly (no event
  // reaches this server): the next request is refused all the same.
  ASSERT_TRUE(database_->db()
                  .run(store::TxMode::write,
                       [&](store::Tx& tx) { return tx.execute("UPDATE users SET disabled = 1 WHERE username = 'a_staff'"); })
                  .ok());
  EXPECT_STATUS(call(staff, "GET", "/api/v1/orgs"), 401);

  ASSERT_STATUS(call(admin, "GET", "/api/v1/orgs"), 200);
  ASSERT_STATUS(call(admin, "POST", "/api/v1/auth/logout"), 204);
  EXPECT_STATUS(call(admin, "GET", "/api/v1/orgs"), 401);

  auto commander = login("a_commander");
  auto issued = call(commander, "POST", "/api/v1/tokens", {{"name", "gateway"}, {"scope", "read"}});
  ASSERT_STATUS(issued, 201);
  const std::string secret = issued.json()["token"];
  const int64_t token_id = issued.json()["id"];
  auto bearer = anonymous();
  for (int i = 0; i < 2; ++i) {
    auto r = bearer->request("GET", "/api/v1/orgs", "", {{"Authorization", "Bearer " + secret}});
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->status, 200) << r->body;
  }
  ASSERT_STATUS(call(commander, "DELETE", "/api/v1/tokens/" + std::to_string(token_id)), 204);
  auto refused = bearer->request("GET", "/api/v1/orgs", "", {{"Authorization", "Bearer " + secret}});
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 401);
}

// A session idle past its expiry is refused even when cached.
TEST_F(Cluster, ACachedSessionStillExpires) {
  auto staff = login("a_staff");
  ASSERT_STATUS(call(staff, "GET", "/api/v1/orgs"), 200);
  clock_.advance(std::chrono::minutes(config_.session_idle_minutes) + 1min);
  EXPECT_STATUS(call(staff, "GET", "/api/v1/orgs"), 401);
}

// The running counts equal a recount from the rows (what a bulk writer does).
TEST_F(Cluster, RunningCensusCountsEqualARecountFromTheRows) {
  auto officer = login("a_health");
  for (int i = 0; i < 6; ++i) {
    const int64_t person = add_staff(i % 2 ? plant_a_ : dept_a_, "R" + std::to_string(i), "职工");
    json body = {{"temperature", i == 0 ? 38.0 : 36.5}, {"symptoms", json::array()},
                 {"location", i == 1 ? "away" : "in_town"}, {"risk_travel", false},
                 {"contact", i == 2 ? "suspected" : "none"}, {"work_status", i == 3 ? "isolated" : "on_duty"},
                 {"staff_id", person}};
    if (i == 1) body["city"] = "湖南省岳阳市";
    ASSERT_STATUS(call(officer, "POST", "/api/v1/health/checkins", body), 201);
    body["temperature"] = 36.4;  // a resubmission moves its flags
    ASSERT_STATUS(call(officer, "POST", "/api/v1/health/checkins", body), 200);
  }
  auto sums = [&] {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::vector<int64_t>> {
      LL_TRY(auto row, tx.query_one("SELECT " + app::health::sum_of_counts() + " FROM checkin_counts"));
      std::vector<int64_t> out;
      for (size_t i = 0; row && i < row->size(); ++i) out.push_back(row->integer(i));
      return out;
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<int64_t>{};
  };
  const auto running = sums();
  ASSERT_TRUE(database_->db()
                  .run(store::TxMode::write,
                       [&](store::Tx& tx) { return app::health::recount_checkins(tx, "/", "2000-01-01", "2100-01-01"); })
                  .ok());
  EXPECT_EQ(running, sums());
  EXPECT_EQ(running[0], 6);  // checked_in
  EXPECT_EQ(running[3], 0);  // fever: every resubmission is 36.4
}

}  // namespace
}  // namespace lifeline::test
