#include "app/network/model_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "net/city_generator.h"

namespace lifeline::app::network {
namespace {

ModelPtr small_model() {
  auto city = net::generate_city({300, 7});
  return std::make_shared<NetworkModel>(std::move(city.network), std::move(city.valves), std::move(city.customers));
}

TEST(ModelCache, TheModelRefersToItsOwnNetworkAndValves) {
  auto m = small_model();
  EXPECT_EQ(&m->segmented().network(), &m->network());
  EXPECT_EQ(&m->segmented().valves(), &m->valves());
  EXPECT_GT(m->segmented().segments().count, 1);
  EXPECT_FALSE(m->segmented().customers().empty());
}

TEST(ModelCache, ConcurrentGetsOfOneKeyBuildOnce) {
  ModelCache cache(4);
  std::atomic<int> builds = 0;
  auto build = [&]() -> Result<ModelPtr> {
    ++builds;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return small_model();
  };
  std::vector<ModelPtr> got(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] {
      auto r = cache.get({1, 1, 0, 0}, build);
      if (r) got[i] = *r;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(builds, 1);
  for (const auto& m : got) {
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m, got[0]);
  }
}

TEST(ModelCache, LeastRecentlyUsedEntriesGoFirst) {
  ModelCache cache(2);
  int builds = 0;
  auto build = [&]() -> Result<ModelPtr> {
    ++builds;
    return small_model();
  };
  auto first = cache.get({1, 1, 0, 0}, build);
  ASSERT_TRUE(first);
  ASSERT_TRUE(cache.get({2, 1, 0, 0}, build));
  ASSERT_TRUE(cache.get({1, 1, 0, 0}, build));  // 1 is now the most recent
  ASSERT_TRUE(cache.get({3, 1, 0, 0}, build));  // evicts 2
  EXPECT_EQ(builds, 3);
  EXPECT_EQ(cache.size(), 2u);
  ASSERT_TRUE(cache.get({1, 1, 0, 0}, build));
  EXPECT_EQ(builds, 3);
  ASSERT_TRUE(cache.get({2, 1, 0, 0}, build));
  EXPECT_EQ(builds, 4);
  // A holder keeps its model after eviction.
  EXPECT_GT((*first)->network().links.size(), 0u);
}

TEST(ModelCache, InvalidationAndFailedBuildsAreNotKept) {
  ModelCache cache(4);
  int builds = 0;
  auto build = [&]() -> Result<ModelPtr> {
    ++builds;
    return small_model();
  };
  ASSERT_TRUE(cache.get({1, 1, 0, 0}, build));
  ASSERT_TRUE(cache.get({1, 1, 1, 0}, build));
  ASSERT_TRUE(cache.get({2, 1, 0, 0}, build));
  cache.invalidate(1);
  EXPECT_EQ(cache.size(), 1u);
  auto failing = [&]() -> Result<ModelPtr> { return Error::internal("broken"); };
  EXPECT_FALSE(cache.get({5, 1, 0, 0}, failing));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.get({5, 1, 0, 0}, build));
}

}  // namespace
}  // namespace lifeline::app::network
