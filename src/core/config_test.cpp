#include "core/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace lifeline {
namespace {

TEST(Config, DefaultsAreValid) { EXPECT_TRUE(Config{}.validate().ok()); }

TEST(Config, EnvironmentOverridesAndIsChecked) {
  Config c;
  ASSERT_TRUE(apply_environment(c, {{"LIFELINE_PORT", "9090"}, {"LIFELINE_DB", "postgres://x/y"}}).ok());
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.db, "postgres://x/y");
  auto bad = apply_environment(c, {{"LIFELINE_PORT", "eighty"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields[0].field, "LIFELINE_PORT");
}

TEST(Config, FileNamesUnknownAndBadSettings) {
  std::string path = ::testing::TempDir() + "lifeline-config.json";
  std::ofstream(path) << R"({"port": 8081, "colour": "red", "cookie_secure": "maybe"})";
  Config c;
  auto st = apply_config_file(c, path);
  ASSERT_FALSE(st.ok());
  ASSERT_EQ(st.error().fields.size(), 2u);
  EXPECT_EQ(st.error().fields[0].field, path + ": colour");
  EXPECT_EQ(st.error().fields[1].field, path + ": cookie_secure");
  EXPECT_EQ(c.port, 8081);
  std::remove(path.c_str());
}

TEST(Config, ValidateReportsEveryBadSetting) {
  Config c;
  c.port = 70000;
  c.worker_threads = 0;
  c.log_level = "loud";
  auto st = c.validate();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().fields.size(), 3u);
}

TEST(Config, NotifySettingsFromTheEnvironment) {
  Config c;
  const std::string key(64, 'a');
  ASSERT_TRUE(apply_environment(c, {{"LIFELINE_NOTIFY_KEY", key},
                                    {"LIFELINE_NOTIFY_ALLOW_PRIVATE", "true"},
                                    {"LIFELINE_PUBLIC_BASE_URL", "https://lifeline.example.cn"}})
                  .ok());
  EXPECT_EQ(c.notify_key, key);
  EXPECT_TRUE(c.notify_allow_private);
  EXPECT_EQ(c.public_base_url, "https://lifeline.example.cn");
  EXPECT_TRUE(c.validate().ok());
  c.notify_key = "secret";  // not 32 bytes of hex
  c.public_base_url = "lifeline.example.cn";
  auto st = c.validate();
  ASSERT_FALSE(st.ok());
  std::vector<std::string> fields;
  for (const auto& f : st.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"notify_key", "public_base_url"}));
  EXPECT_EQ(st.error().message.find("secret"), std::string::npos);
}

TEST(Config, PublicBaseUrlAndMetricsSettingsAreChecked) {
  Config c;
  ASSERT_TRUE(apply_environment(c, {{"LIFELINE_PUBLIC_BASE_URL", "https://lifeline.example.org"},
                                    {"LIFELINE_METRICS_TOKEN", "prometheus-scrape-0123456789"},
                                    {"LIFELINE_METRICS_PORT", "9464"}})
                  .ok());
  EXPECT_TRUE(c.validate().ok());
  EXPECT_EQ(c.public_base_url, "https://lifeline.example.org");
  EXPECT_EQ(c.metrics_port, 9464);
  c.public_base_url = "lifeline.example.org";  // no scheme
  c.metrics_token = "short";
  c.metrics_port = c.port;
  auto st = c.validate();
  ASSERT_FALSE(st.ok());
  std::vector<std::string> fields;
  for (const auto& f : st.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"public_base_url", "metrics_token", "metrics_port"}));
}

TEST(Config, AFileNestedFarTooDeepIsRefusedNotACrash) {
  std::string path = ::testing::TempDir() + "lifeline-deep-config.json";
  std::string deep(200000, '[');
  std::ofstream(path) << "{\"db\": " << deep << std::string(200000, ']') << "}";
  Config c;
  auto st = apply_config_file(c, path);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().fields[0].field, path + ": db");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace lifeline
