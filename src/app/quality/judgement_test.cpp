#include "app/quality/judgement.h"

#include <gtest/gtest.h>

namespace lifeline::app::quality {
namespace {

const Indicator& ind(const char* code) { return *find_indicator(code); }

std::string judged(const char* code, const char* point_type, const nlohmann::json& value,
                   std::optional<double> internal_min = {}, std::optional<double> internal_max = {}) {
  auto m = parse_value(ind(code), value, "value");
  EXPECT_TRUE(m.ok()) << code << " " << value.dump();
  if (!m) return "";
  return judge(ind(code), applicable(ind(code), point_type, internal_min, internal_max), *m);
}

TEST(Judgement, ResidualChlorineDependsOnThePointType) {
  EXPECT_EQ(judged("free_chlorine", "network_end", 0.02), "fail");
  EXPECT_EQ(judged("free_chlorine", "network_end", 0.05), "pass");
  EXPECT_EQ(judged("free_chlorine", "outlet", 0.2), "fail");  // ≥ 0.3 at the outlet
  EXPECT_EQ(judged("free_chlorine", "outlet", 0.3), "pass");
  EXPECT_EQ(judged("free_chlorine", "network", 2.5), "fail");  // ≤ 2
  EXPECT_EQ(judged("free_chlorine", "customer", 0.1), "pass");
  EXPECT_EQ(judged("free_chlorine", "network_end", "<0.02"), "fail");  // below the detection limit: below 0.05
  EXPECT_EQ(judged("free_chlorine", "network_end", "未检出"), "fail");
}

TEST(Judgement, InternalLimitsWarnWithinTheNationalOne) {
  EXPECT_EQ(judged("turbidity", "outlet", 0.6, {}, 0.5), "warning");
  EXPECT_EQ(judged("turbidity", "outlet", 0.4, {}, 0.5), "pass");
  EXPECT_EQ(judged("turbidity", "outlet", 1.2, {}, 0.5), "fail");
  EXPECT_EQ(judged("free_chlorine", "network", 0.08, 0.1), "warning");  // the raised plan's stricter residual
}

TEST(Judgement, RawAndProcessWaterAreNotJudgedByDrinkingLimits) {
  EXPECT_EQ(judged("turbidity", "raw", 25), "not_assessed");
  EXPECT_EQ(judged("total_coliforms", "raw", 2400), "not_assessed");
  EXPECT_EQ(judged("turbidity", "process", 0.6, {}, 0.5), "warning");
}

TEST(Judgement, ValuesAsMeasured) {
  EXPECT_EQ(judged("total_coliforms", "network", "未检出"), "pass");
  EXPECT_EQ(judged("total_coliforms", "network", 2), "fail");
  EXPECT_EQ(judged("arsenic", "outlet", "<0.001"), "pass");
  EXPECT_EQ(judged("arsenic", "outlet", "<0.05"), "warning");  // the method cannot see down to the limit
  EXPECT_EQ(judged("odour_taste", "outlet", "无"), "pass");
  EXPECT_EQ(judged("odour_taste", "outlet", "有明显氯味以外的霉味"), "fail");
  EXPECT_EQ(judged("visible_matter", "network", "无"), "pass");
  EXPECT_EQ(judged("ph", "network", 8.6), "fail");
  EXPECT_EQ(judged("ph", "network", 6.5), "pass");
  EXPECT_EQ(judged("hpc", "network", 100), "pass");
  EXPECT_EQ(judged("hpc", "network", 101), "fail");
  EXPECT_EQ(judged("giardia", "outlet", 0), "pass");
  EXPECT_EQ(judged("giardia", "outlet", 1), "fail");
}

TEST(Judgement, PhysicallyImpossibleValuesAreRefused) {
  EXPECT_FALSE(parse_value(ind("ph"), 19, "results/0/value"));
  EXPECT_FALSE(parse_value(ind("turbidity"), -1, "v"));
  EXPECT_FALSE(parse_value(ind("turbidity"), "abc", "v"));
  EXPECT_FALSE(parse_value(ind("turbidity"), nlohmann::json::array(), "v"));
  EXPECT_FALSE(parse_value(ind("ph"), "<6", "v"));
  EXPECT_FALSE(parse_value(ind("arsenic"), "<-1", "v"));
  auto e = parse_value(ind("ph"), 19, "results/0/value");
  ASSERT_FALSE(e);
  ASSERT_EQ(e.error().fields.size(), 1u);
  EXPECT_EQ(e.error().fields[0].field, "results/0/value");
  EXPECT_TRUE(parse_value(ind("turbidity"), "0.35", "v"));
  EXPECT_EQ(parse_value(ind("arsenic"), "＜0.001", "v")->display(), "<0.001");
  EXPECT_EQ(parse_value(ind("e_coli"), "ND", "v")->qualifier, "not_detected");
}

TEST(Judgement, TheLimitTextIsWhatAReportPrints) {
  EXPECT_EQ(applicable(ind("free_chlorine"), "network_end").text, "0.05–2");
  EXPECT_EQ(applicable(ind("free_chlorine"), "outlet").text, "0.3–2");
  EXPECT_EQ(applicable(ind("turbidity"), "outlet", {}, 0.5).text, "≤1；内控≤0.5");
  EXPECT_EQ(applicable(ind("turbidity"), "raw").text, "不评价");
}

}  // namespace
}  // namespace lifeline::app::quality
