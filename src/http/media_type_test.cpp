#include "http/media_type.h"

#include <gtest/gtest.h>

namespace lifeline::http {
namespace {

bool json(std::string_view text) {
  auto m = parse_media_type(text);
  return m && m->is_json();
}

TEST(MediaType, ParsesTypeSubtypeAndParameters) {
  auto m = parse_media_type("Application/JSON ; Charset=\"UTF-8\";;  q=1");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, "application");
  EXPECT_EQ(m->subtype, "json");
  EXPECT_EQ(m->parameters.at("charset"), "UTF-8");
  EXPECT_EQ(m->parameters.at("q"), "1");
  EXPECT_EQ(parse_media_type(R"(text/plain; note="a \"b\"; c")")->parameters.at("note"), "a \"b\"; c");
}

TEST(MediaType, JsonIsTheTypeNotASubstring) {
  EXPECT_TRUE(json("application/json"));
  EXPECT_TRUE(json("application/json; charset=utf-8"));
  EXPECT_TRUE(json("APPLICATION/Json;charset=UTF-8"));
  EXPECT_TRUE(json("application/json;"));  // an empty parameter is allowed (RFC 9110)
  // The issue's bypass and its relatives.
  for (const char* not_json : {"application/jsonp; x=application/json", "text/plain; a=application/json",
                               "application/json, text/plain", "application/json; charset=latin1",
                               "application/json-seq", "application/x-www-form-urlencoded", "multipart/form-data",
                               "application/json; x", "application/json; x=\"open",
                               "application / json", "application/json; a=1; a=2", "application/", "/json", ""})
    EXPECT_FALSE(json(not_json)) << not_json;
}

}  // namespace
}  // namespace lifeline::http
