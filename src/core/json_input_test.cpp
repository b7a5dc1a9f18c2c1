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


// "[[[...]]]" nested `depth` levels, optionally inside {"geojson": ...}.
std::string nested_arrays(size_t depth, bool in_member = false) {
  std::string s = in_member ? "{\"geojson\": " : "";
  s.append(depth, '[');
  s.append(depth, ']');
  if (in_member) s += "}";
  return s;
}

FieldError only_error(const Result<json>& r) {
  EXPECT_FALSE(r.ok());
  if (r.ok() || r.error().fields.size() != 1) return {};
  return r.error().fields[0];
}

TEST(ParseJson, AcceptsNestingUpToTheCap) {
  auto at_cap = parse_json_body(nested_arrays(kMaxJsonDepth));
  ASSERT_TRUE(at_cap.ok()) << at_cap.error().message;
  EXPECT_TRUE(parse_json_body(nested_arrays(kMaxJsonDepth - 1, true)).ok());
  // A GeoJSON MultiPolygon inside a body, the deepest real input.
  EXPECT_TRUE(parse_json_body(R"({"geojson": {"type": "FeatureCollection", "features": [{"type": "Feature",
      "geometry": {"type": "MultiPolygon", "coordinates": [[[[112.9, 28.2], [113.0, 28.2], [112.9, 28.3]]]]}}]}})")
                  .ok());
}

TEST(ParseJson, RefusesNestingFarBeyondTheCapNamingTheOutermostMember) {
  for (size_t depth : {kMaxJsonDepth + 1, size_t{100000}, size_t{1000000}}) {
    auto member = only_error(parse_json_body(nested_arrays(depth, true)));
    EXPECT_EQ(member.field, "geojson") << depth;
    EXPECT_NE(member.message.find("deeper than 64 levels"), std::string::npos) << member.message;
    EXPECT_EQ(only_error(parse_json_body(nested_arrays(depth))).field, "body") << depth;
  }
  // Objects count like arrays; the member is named inside a nested text's prefix too.
  std::string objects;
  for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
  objects += "1";
  objects.append(100000, '}');
  EXPECT_EQ(only_error(parse_json(objects, "geojson", "geojson/")).field, "geojson/a");
  // Truncated deep input is refused for its depth before the syntax error is reached.
  EXPECT_EQ(only_error(parse_json_body(std::string(1000000, '['))).field, "body");
}

TEST(ParseJson, RefusesNulInStringsAndMemberNamesNamingThePath) {
  auto value = only_error(parse_json_body(R"({"members": [{"name": "ok"}, {"name": "a\u0000b"}]})"));
  EXPECT_EQ(value.field, "members/1/name");
  EXPECT_NE(value.message.find("NUL"), std::string::npos);
  EXPECT_EQ(only_error(parse_json_body(R"({"name": "\u0000"})")).field, "name");
  EXPECT_EQ(only_error(parse_json_body(R"({"outer": {"a\u0000": 1}})")).field, "outer");
  EXPECT_EQ(only_error(parse_json_body(R"("\u0000")")).field, "body");
  EXPECT_EQ(only_error(parse_json(R"({"features": ["\u0000"]})", "geojson", "geojson/")).field, "geojson/features/0");
  // A raw NUL byte is not JSON at all.
  EXPECT_EQ(only_error(parse_json_body(std::string("{\"a\": \"x\0\"}", 10))).field, "body");
  // Other control characters, escaped, are text like any other.
  EXPECT_TRUE(parse_json_body(R"({"name": "a\u0001\tb"})").ok());
}

TEST(ParseJson, BuildsTheSameValueAsNlohmann) {
  const char* text = R"({"a": [1, -2, 3.5, 18446744073709551615, true, null, "长沙"], "b": {"c": {}}, "d": []})";
  auto ours = parse_json_body(text);
  ASSERT_TRUE(ours.ok());
  EXPECT_EQ(*ours, json::parse(text));
  EXPECT_FALSE(parse_json_body("{} x").ok());
  EXPECT_FALSE(parse_json_body("{\"a\": 1,}").ok());
}

}  // namespace
}  // namespace lifeline
