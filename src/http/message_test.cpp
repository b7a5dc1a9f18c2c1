#include "http/message.h"

#include <gtest/gtest.h>

namespace lifeline::http {
namespace {

Request request_with(std::map<std::string, std::string> headers) {
  Request r;
  r.method = "GET";
  r.path = "/api/v1/orgs/7";
  r.request_id = "rid-1";
  r.headers = std::move(headers);
  return r;
}

TEST(Request, HeaderLookupIgnoresCase) {
  auto r = request_with({{"content-type", "application/json"}});
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.header("accept"), "");
}

TEST(Request, CookiesAreParsedFromTheCookieHeader) {
  auto r = request_with({{"cookie", "theme=dark;  session=\"abc123\" ; csrf=x=y"}});
  EXPECT_EQ(r.cookie("session"), "abc123");
  EXPECT_EQ(r.cookie("theme"), "dark");
  EXPECT_EQ(r.cookie("csrf"), "x=y");
  EXPECT_EQ(r.cookie("sess"), std::nullopt);
  EXPECT_EQ(request_with({}).cookie("session"), std::nullopt);
}

TEST(Request, QueryParam) {
  Request r;
  r.query = {{"cursor", "abc"}, {"limit", ""}};
  EXPECT_EQ(r.query_param("cursor"), "abc");
  EXPECT_EQ(r.query_param("limit"), "");
  EXPECT_EQ(r.query_param("q"), std::nullopt);
}

TEST(Response, SetHeaderReplacesWhateverTheCase) {
  Response r = Response::text(200, "hi");
  r.set_header("content-type", "text/csv");
  r.set_header("ETag", "\"1\"");
  EXPECT_EQ(r.headers.size(), 2u);
  EXPECT_EQ(r.header("Content-Type"), "text/csv");
  EXPECT_EQ(r.header("etag"), "\"1\"");
}

TEST(Response, JsonAndNoContent) {
  auto r = Response::json(201, {{"id", 5}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(r.body)["id"], 5);
  auto empty = Response::no_content();
  EXPECT_EQ(empty.status, 204);
  EXPECT_TRUE(empty.body.empty());
}

TEST(Problem, CarriesCodeDetailInstanceAndFieldErrors) {
  auto error = Error::invalid({{"name", "is required"}, {"members/2/phone", "is not a phone number"}});
  auto r = Response::problem(error, request_with({}));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["type"], "/problems/invalid");
  EXPECT_EQ(body["status"], 400);
  EXPECT_EQ(body["code"], "invalid");
  EXPECT_EQ(body["detail"], "2 fields are invalid");
  EXPECT_EQ(body["instance"], "/api/v1/orgs/7");
  EXPECT_EQ(body["request_id"], "rid-1");
  EXPECT_FALSE(body["title"].get<std::string>().empty());
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][1]["field"], "members/2/phone");
  EXPECT_EQ(body["errors"][1]["message"], "is not a phone number");
}

TEST(Problem, InternalErrorsDoNotLeakTheirMessage) {
  auto r = Response::problem(Error::internal("SQLITE_CORRUPT in table staff at /var/lib/x.db"), request_with({}));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SQLITE"), std::string::npos);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["code"], "internal");
  EXPECT_EQ(body["request_id"], "rid-1");
  EXPECT_TRUE(body["errors"].empty());
}

// Every 429 and 503, from any error code path, says when to come back.
TEST(Problem, ThrottledAndBusyAnswersCarryRetryAfter) {
  for (const auto& [error, expected] : std::vector<std::pair<Error, std::string>>{
           {Error::too_many_requests("slow down", 17), "17"},
           {Error{ErrorCode::too_many_requests, "no hint", {}}, "60"},
           {Error::unavailable("busy"), "5"},
           {Error::unavailable("queue full", 30), "30"}}) {
    auto r = Response::problem(error, request_with({}));
    EXPECT_EQ(r.header("retry-after"), expected) << error.message;
  }
  for (auto code : {ErrorCode::invalid, ErrorCode::not_found, ErrorCode::conflict, ErrorCode::forbidden,
                    ErrorCode::unauthenticated, ErrorCode::payload_too_large, ErrorCode::internal}) {
    EXPECT_EQ(Response::problem(Error{code, "x", {}}, request_with({})).header("retry-after"), "");
  }
}

TEST(StatusFor, EveryCode) {
  EXPECT_EQ(status_for(ErrorCode::invalid), 400);
  EXPECT_EQ(status_for(ErrorCode::not_found), 404);
  EXPECT_EQ(status_for(ErrorCode::conflict), 409);
  EXPECT_EQ(status_for(ErrorCode::precondition_failed), 412);
  EXPECT_EQ(status_for(ErrorCode::unauthenticated), 401);
  EXPECT_EQ(status_for(ErrorCode::forbidden), 403);
  EXPECT_EQ(status_for(ErrorCode::too_many_requests), 429);
  EXPECT_EQ(status_for(ErrorCode::payload_too_large), 413);
  EXPECT_EQ(status_for(ErrorCode::unavailable), 503);
  EXPECT_EQ(status_for(ErrorCode::internal), 500);
}

}  // namespace
}  // namespace lifeline::http
