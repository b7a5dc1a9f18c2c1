#include "http/sse_outbox.h"

#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

namespace lifeline::http {
namespace {

TEST(SseOutbox, KeepsOrderAndWakesOncePerTake) {
  int wakes = 0;
  SseOutbox outbox(10, [&] { ++wakes; });
  outbox.push("a");
  outbox.push("b");
  EXPECT_EQ(wakes, 1);
  EXPECT_EQ(outbox.take(), (std::deque<std::string>{"a", "b"}));
  EXPECT_TRUE(outbox.empty());
  outbox.push("c");
  EXPECT_EQ(wakes, 2);
  EXPECT_EQ(outbox.take(), (std::deque<std::string>{"c"}));
}

TEST(SseOutbox, FramesFromManyThreadsKeepEachPublishersOrder) {
  SseOutbox outbox(100000, [] {});
  std::vector<std::thread> publishers;
  for (int p = 0; p < 4; ++p) {
    publishers.emplace_back([&, p] {
      for (int i = 0; i < 1000; ++i) outbox.push(std::to_string(p) + ":" + std::to_string(i));
    });
  }
  for (auto& t : publishers) t.join();
  auto frames = outbox.take();
  ASSERT_EQ(frames.size(), 4000u);
  std::vector<int> next(4, 0);
  for (const auto& f : frames) {
    int p = f[0] - '0';
    EXPECT_EQ(f.substr(2), std::to_string(next[p]++));
  }
}

TEST(SseOutbox, ALaggingClientIsFlaggedAndTheBacklogDropped) {
  int wakes = 0;
  SseOutbox outbox(3, [&] { ++wakes; });
  for (int i = 0; i < 3; ++i) outbox.push("f");
  EXPECT_FALSE(outbox.lagging());
  outbox.push("one too many");
  EXPECT_TRUE(outbox.lagging());
  EXPECT_EQ(wakes, 2);  // the lag wakes the connection even with a wake-up pending
  EXPECT_TRUE(outbox.take().empty());
  outbox.push("ignored");
  EXPECT_TRUE(outbox.empty());
}

TEST(SseOutbox, CloseMakesPushANoOpAndReleasesTheWakeUp) {
  auto token = std::make_shared<int>(0);
  int wakes = 0;
  SseOutbox outbox(10, [&wakes, token] { ++wakes; });
  outbox.push("a");
  outbox.close();
  EXPECT_EQ(token.use_count(), 1);  // the wake-up (and what it captured) is gone
  outbox.push("b");
  EXPECT_EQ(wakes, 1);
  EXPECT_TRUE(outbox.take().empty());
}

}  // namespace
}  // namespace lifeline::http
