#include "http/router.h"

#include <gtest/gtest.h>

namespace lifeline::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) { return Response::text(200, name); };
}

std::string run(const Router::Match& m) {
  Request r;
  return m.route ? m.route->handler(r).body : "";
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router router;
  router.add("GET", "/api/v1/orgs/{id}", named("get org"));
  router.add("GET", "/api/v1/orgs/{id}/members/{member}", named("get member"));
  auto m = router.match("GET", "/api/v1/orgs/42/members/7");
  EXPECT_EQ(run(m), "get member");
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.params.at("member"), "7");
  EXPECT_EQ(router.match("GET", "/api/v1/orgs/42").params.at("id"), "42");
}

TEST(Router, LiteralSegmentsWinOverParametersWhateverTheOrder) {
  Router router;
  router.add("GET", "/api/v1/orgs/{id}", named("by id"));
  router.add("GET", "/api/v1/orgs/tree", named("tree"));
  router.add("GET", "/api/v1/{kind}/tree", named("kind tree"));
  EXPECT_EQ(run(router.match("GET", "/api/v1/orgs/tree")), "tree");
  EXPECT_EQ(run(router.match("GET", "/api/v1/orgs/3")), "by id");
  EXPECT_EQ(run(router.match("GET", "/api/v1/staff/tree")), "kind tree");
}

TEST(Router, KnownPathWithAnotherMethodIsReported) {
  Router router;
  router.add("GET", "/api/v1/orgs/{id}", named("get"));
  router.add("PUT", "/api/v1/orgs/{id}", named("put"));
  auto wrong_method = router.match("DELETE", "/api/v1/orgs/1");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.path_known);
  auto unknown = router.match("GET", "/api/v1/nothing");
  EXPECT_EQ(unknown.route, nullptr);
  EXPECT_FALSE(unknown.path_known);
  EXPECT_TRUE(router.match("PUT", "/api/v1/orgs/1").path_known);
}

TEST(Router, SegmentsMustMatchExactly) {
  Router router;
  router.add("GET", "/api/v1/orgs/{id}", named("get"));
  EXPECT_EQ(router.match("GET", "/api/v1/orgs/").route, nullptr);  // an empty parameter
  EXPECT_EQ(router.match("GET", "/api/v1/orgs").route, nullptr);
  EXPECT_EQ(router.match("GET", "/api/v1/orgs/1/x").route, nullptr);
  EXPECT_EQ(router.match("GET", "/api/v1/ORGS/1").route, nullptr);
}

TEST(Router, StreamRoutesAreGetRoutes) {
  Router router;
  router.add_stream("/api/v1/events", [](Request&, Push) -> Result<std::shared_ptr<void>> { return std::shared_ptr<void>(); });
  auto m = router.match("GET", "/api/v1/events");
  ASSERT_NE(m.route, nullptr);
  EXPECT_TRUE(static_cast<bool>(m.route->stream));
  EXPECT_FALSE(static_cast<bool>(m.route->handler));
}

TEST(SseFrame, FormatsEventIdAndData) {
  EXPECT_EQ(sse_frame("org.changed", "{\"id\":1}", "17"), "event: org.changed\nid: 17\ndata: {\"id\":1}\n\n");
  EXPECT_EQ(sse_frame("", "x"), "data: x\n\n");
  EXPECT_EQ(sse_frame("e", ""), "event: e\ndata: \n\n");
}

TEST(SseFrame, SplitsMultiLineDataIntoSeveralDataLines) {
  EXPECT_EQ(sse_frame("e", "one\ntwo\r\nthree\rfour"), "event: e\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
  EXPECT_EQ(sse_frame("e", "end\n"), "event: e\ndata: end\ndata: \n\n");
}

TEST(SseFrame, LineBreaksCannotForgeFieldsThroughEventOrId) {
  EXPECT_EQ(sse_frame("a\ndata: forged", "x", "1\r\n"), "event: adata: forged\nid: 1\ndata: x\n\n");
}

}  // namespace
}  // namespace lifeline::http
