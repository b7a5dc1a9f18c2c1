#include "http/body_budget.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace lifeline::http {
namespace {

TEST(BodyBudget, AdmitsWhatFitsAndGivesBackWhenTheLastHolderLetsGo) {
  BodyBudget budget(100);
  auto a = budget.acquire(60);
  ASSERT_TRUE(a);
  EXPECT_FALSE(budget.acquire(41));
  auto b = budget.acquire(40);
  ASSERT_TRUE(b);
  EXPECT_EQ(budget.in_use(), 100u);
  auto shared = a;  // a body handed to a worker
  a.reset();
  EXPECT_EQ(budget.in_use(), 100u);
  shared.reset();
  EXPECT_EQ(budget.in_use(), 40u);
  EXPECT_FALSE(budget.acquire(101));  // never, however empty
}

TEST(BodyBudget, AChunkedBodyGrowsItsShareUntilTheBudgetIsSpent) {
  BodyBudget budget(100);
  auto lease = budget.acquire(10);
  EXPECT_TRUE(lease->grow_to(5));  // never shrinks
  EXPECT_TRUE(lease->grow_to(70));
  EXPECT_EQ(budget.in_use(), 70u);
  auto other = budget.acquire(30);
  EXPECT_FALSE(lease->grow_to(71));
  EXPECT_EQ(lease->bytes(), 70u);
  lease.reset();
  EXPECT_EQ(budget.in_use(), 30u);
}

TEST(BodyBudget, ConcurrentAcquisitionsNeverOvercommit) {
  BodyBudget budget(1000);
  std::vector<std::thread> threads;
  std::atomic<int> granted{0};
  std::vector<std::shared_ptr<BodyBudget::Lease>> held(8 * 100);
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i)
        if ((held[static_cast<size_t>(t * 100 + i)] = budget.acquire(7))) ++granted;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 1000 / 7);
  EXPECT_LE(budget.in_use(), 1000u);
}

}  // namespace
}  // namespace lifeline::http
