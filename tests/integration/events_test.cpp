// The live feed (SSE) delivers domain events in the caller's scope.
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;
using namespace std::chrono_literals;

class Events : public ApiTest {};

TEST_F(Events, AnEmergencyDeclaredReachesSubscribersInScopeOnly) {
  auto a = login("a_staff");
  auto b = login("b_admin");
  auto a_stream = a.client->open_events("/api/v1/events");
  auto b_stream = b.client->open_events("/api/v1/events");
  ASSERT_TRUE(a_stream.ok()) << a_stream.error().message;
  ASSERT_TRUE(b_stream.ok()) << b_stream.error().message;

  auto commander = login("a_commander");
  ASSERT_STATUS(call(commander, "POST", "/api/v1/emergencies", {{"name", "长沙二级响应"}, {"level", "II"}}), 201);

  auto frame = (*a_stream)->next(5s);
  ASSERT_TRUE(frame.ok()) << frame.error().message;
  EXPECT_EQ(frame->event, "emergency.declared");
  auto data = json::parse(frame->data);
  EXPECT_EQ(data["data"]["name"], "长沙二级响应");
  EXPECT_EQ(data["org_id"], util_a_);
  // Utility B is not told about Changsha's own response.
  EXPECT_FALSE((*b_stream)->next(300ms).ok());
}

TEST_F(Events, TheFeedNeedsALogin) {
  auto stream = anonymous()->open_events("/api/v1/events");
  EXPECT_FALSE(stream.ok());
}

}  // namespace
}  // namespace lifeline::test
