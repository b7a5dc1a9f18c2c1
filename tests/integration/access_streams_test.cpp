// Live-feed streams are capped per session (issue 12: fifty were accepted from one session).
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using namespace std::chrono_literals;

class Streams : public ApiTest {};

TEST_F(Streams, OneSessionOpensAtMostItsShareAndThenGets429WithRetryAfter) {
  auto s = login("a_staff");
  std::vector<std::unique_ptr<http::EventStream>> open;
  for (int i = 0; i < config_.sse_per_session; ++i) {
    auto stream = s.client->open_events("/api/v1/events");
    ASSERT_TRUE(stream.ok()) << i << ": " << stream.error().message;
    open.push_back(std::move(*stream));
  }
  auto refused = s.client->open_events("/api/v1/events");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("429"), std::string::npos) << refused.error().message;
  // The same request by hand shows the header.
  auto raw = s.client->get("/api/v1/events", {{"Accept", "text/event-stream"}});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->status, 429);
  EXPECT_FALSE(raw->headers["retry-after"].empty());
  // Another session of another user is not affected, and a closed stream gives its slot back.
  auto other = login("a_admin");
  EXPECT_TRUE(other.client->open_events("/api/v1/events").ok());
  open.pop_back();
  bool reopened = false;
  for (int i = 0; i < 100 && !reopened; ++i) {
    auto again = s.client->open_events("/api/v1/events");
    if ((reopened = again.ok())) open.push_back(std::move(*again));
    else std::this_thread::sleep_for(20ms);  // the server notices the close shortly
  }
  EXPECT_TRUE(reopened);
}

}  // namespace
}  // namespace lifeline::test
