#include "core/json_input.h"

#include <gtest/gtest.h>

namespace lifeline {
namespace {

using json = nlohmann::json;

std::vector<std::string> fields(const Status& st) {
  std::vector<std::string> out;
  if (!st) for (const auto& f : st.error().fields) out.push_back(f.field);
  return out;
}

TEST(JsonInput, ReadsValidFieldsAndTrimsText) {
  json body = {{"name", "  长沙水业集团 "}, {"count", 3}, {"on", true}, {"level", "II"},
               {"at", "2020-01-23T10:00:00+08:00"}, {"ids", {1, 2}}};
  JsonInput in(body);
  EXPECT_EQ(in.text("name"), "长沙水业集团");
  EXPECT_EQ(in.integer("count"), 3);
  EXPECT_EQ(in.boolean("on"), true);
  EXPECT_EQ(in.choice("level", {"I", "II"}), "II");
  EXPECT_EQ(to_millis(*in.instant("at")), 1579744800000);
  EXPECT_EQ(in.integer_list("ids"), (std::vector<int64_t>{1, 2}));
  EXPECT_TRUE(in.finish().ok());
}

TEST(JsonInput, CollectsEveryProblemWithItsField) {
  json body = {{"name", 5}, {"count", "3"}, {"level", "V"}, {"extra", 1}, {"ids", {1, "x"}}};
  JsonInput in(body);
  in.text("name");
  in.integer("count");
  in.choice("level", {"I", "II"});
  in.integer_list("ids");
  in.text("missing");
  EXPECT_EQ(fields(in.finish()), (std::vector<std::string>{"name", "count", "level", "ids/1", "missing", "extra"}));
}

TEST(JsonInput, EnforcesLengthAndRanges) {
  json body = {{"name", std::string(300, 'x')}, {"n", 0}, {"empty", "  "}};
  JsonInput in(body);
  EXPECT_FALSE(in.text("name", {.max_len = 200}));
  EXPECT_FALSE(in.integer("n", true, 1, 10));
  EXPECT_FALSE(in.text("empty"));
  EXPECT_EQ(fields(in.finish()).size(), 3u);
}

TEST(JsonInput, NullableTextDistinguishesAbsentNullAndValue) {
  json body = {{"cleared", nullptr}, {"set", "x"}};
  JsonInput in(body);
  EXPECT_FALSE(in.nullable_text("absent").has_value());
  auto cleared = in.nullable_text("cleared");
  ASSERT_TRUE(cleared.has_value());
  EXPECT_FALSE(cleared->has_value());
  EXPECT_EQ(in.nullable_text("set"), std::optional<std::string>("x"));
  EXPECT_TRUE(in.finish().ok());
}

TEST(JsonInput, NestedPrefixAndNonObjects) {
  JsonInput in(json::array(), "members/0/");
  in.text("name");
  EXPECT_EQ(fields(in.finish()), std::vector<std::string>{"members/0"});
}

TEST(ParseJsonBody, NamesTheBodyOnSyntaxAndRangeErrors) {
  EXPECT_FALSE(parse_json_body("").ok());
  auto bad = parse_json_body("{\"a\": ");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields[0].field, "body");
  EXPECT_FALSE(parse_json_body("{\"a\": 1e999}").ok());
  EXPECT_TRUE(parse_json_body("{\"a\": 1}").ok());
}

}  // namespace
}  // namespace lifeline
