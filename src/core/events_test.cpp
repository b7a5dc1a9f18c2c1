#include "core/events.h"

#include <gtest/gtest.h>

namespace lifeline {
namespace {

TEST(EventBus, DeliversUntilTheSubscriptionIsDropped) {
  EventBus bus;
  std::vector<std::string> got;
  auto sub = bus.subscribe([&](const Event& e) { got.push_back(e.type); });
  bus.publish({"emergency.declared", 2, "/1/2/", {}});
  EXPECT_EQ(bus.subscriber_count(), 1u);
  sub.reset();
  bus.publish({"emergency.ended", 2, "/1/2/", {}});
  EXPECT_EQ(got, std::vector<std::string>{"emergency.declared"});
  EXPECT_EQ(bus.subscriber_count(), 0u);
}

TEST(EventBus, ASubscriptionMayOutliveTheBus) {
  EventBus::Subscription sub;
  {
    EventBus bus;
    sub = bus.subscribe([](const Event&) {});
  }
  sub.reset();  // must not touch the destroyed bus
  SUCCEED();
}

}  // namespace
}  // namespace lifeline
