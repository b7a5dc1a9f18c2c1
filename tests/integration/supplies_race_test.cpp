// Many issues racing for the last boxes (on SQLite and on PostgreSQL): as
// many succeed as there are boxes, the rest get 409, the stock ends at zero
// and equals the ledger; one Idempotency-Key sent by many at once is one
// movement.
#include <atomic>
#include <thread>

#include "integration/supplies_fixture.h"

namespace lifeline::test {
namespace {

TEST_F(SuppliesTest, IssuesRacingForTheLastBoxesNeverTakeMoreThanThereIs) {
  constexpr int kBoxes = 12, kThreads = 24;
  ASSERT_STATUS(move(store_, receipt(group_, masks_, kBoxes, "盒")), 201);
  ASSERT_STATUS(move(store_, receipt(group_, naclo_, 100, "kg")), 201);
  std::vector<Session> sessions;
  for (int i = 0; i < kThreads; ++i) sessions.push_back(login(i % 2 ? "a_store" : "a_store2"));
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      // Every fourth request takes hypochlorite meanwhile: other items are not held up.
      const bool masks = i % 4 != 3;
      auto body = masks ? issue(group_, masks_, 1, "盒") : issue(group_, naclo_, 1, "kg");
      auto r = sessions[i].client->request("POST", "/api/v1/supplies/movements", body.dump(),
                                           {{"X-CSRF-Token", sessions[i].csrf}, {"Content-Type", "application/json"}});
      if (!r.ok()) ++other;
      else if (r->status == 201) ++ok;
      else if (r->status == 409 && r->json().value("on_hand", -1.0) >= 0) ++refused;
      else ++other;
    });
  go = true;
  for (auto& t : threads) t.join();
  const int mask_requests = kThreads - kThreads / 4;
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(ok.load(), std::min(mask_requests, kBoxes) + kThreads / 4);
  EXPECT_EQ(refused.load(), mask_requests - std::min(mask_requests, kBoxes));
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 0);
  EXPECT_DOUBLE_EQ(ledger_sum(group_, masks_), 0);
  EXPECT_DOUBLE_EQ(on_hand(group_, naclo_), 100 - kThreads / 4);
  EXPECT_EQ(count("supply_stock", "on_hand_milli < 0"), 0);
}

TEST_F(SuppliesTest, OneKeySentManyTimesAtOnceIsOneMovement) {
  ASSERT_STATUS(move(store_, receipt(group_, masks_, 10, "盒")), 201);
  constexpr int kThreads = 8;
  std::vector<Session> sessions;
  for (int i = 0; i < kThreads; ++i) sessions.push_back(login("a_store"));
  std::atomic<bool> go{false};
  std::atomic<int> created{0};
  std::vector<int64_t> ids(kThreads, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto r = sessions[i].client->request("POST", "/api/v1/supplies/movements",
                                           issue(group_, masks_, 1, "盒").dump(),
                                           {{"X-CSRF-Token", sessions[i].csrf},
                                            {"Content-Type", "application/json"},
                                            {"Idempotency-Key", "phone-retry-7"}});
      if (r.ok() && r->status == 201) {
        ++created;
        ids[i] = r->json().value("id", int64_t{0});
      }
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), kThreads);
  for (int64_t id : ids) EXPECT_EQ(id, ids[0]);
  EXPECT_EQ(count("supply_movements", "kind = 'issue'"), 1);
  EXPECT_DOUBLE_EQ(on_hand(group_, masks_), 450);
}

}  // namespace
}  // namespace lifeline::test
