#include "app/health/rules.h"

#include <gtest/gtest.h>

namespace lifeline::app::health {
namespace {

CheckinInput normal() {
  CheckinInput in;
  in.temperature = 36.5;
  return in;
}

std::vector<std::string> codes(const Assessment& a) { return a.codes(); }

TEST(HealthRules, NormalCheckinIsNotAbnormal) {
  auto a = assess(normal(), Settings{}, {});
  EXPECT_FALSE(a.abnormal);
  EXPECT_FALSE(a.fever);
  EXPECT_FALSE(a.has_symptoms);
  EXPECT_TRUE(a.reasons.empty());
}

TEST(HealthRules, FeverAtOrAboveTheThreshold) {
  Settings s;  // 37.3
  auto in = normal();
  in.temperature = 37.2;
  EXPECT_FALSE(assess(in, s, {}).fever);
  in.temperature = 37.3;
  auto a = assess(in, s, {});
  EXPECT_TRUE(a.fever);
  EXPECT_TRUE(a.abnormal);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0].code, "fever");
  EXPECT_EQ(a.reasons[0].detail, "体温 37.3 °C");
  s.fever_celsius = 37.5;
  EXPECT_FALSE(assess(in, s, {}).abnormal);
}

TEST(HealthRules, EachReasonHasItsCode) {
  auto in = normal();
  in.symptoms = {"干咳", "乏力"};
  auto a = assess(in, Settings{}, {});
  EXPECT_TRUE(a.has_symptoms);
  EXPECT_EQ(codes(a), std::vector<std::string>{"symptoms"});
  EXPECT_EQ(a.reasons[0].detail, "干咳、乏力");

  in = normal();
  in.risk_travel = true;
  in.risk_areas = "途经孝感";
  EXPECT_EQ(codes(assess(in, Settings{}, {})), std::vector<std::string>{"risk_travel"});

  in = normal();
  in.contact = "suspected";
  EXPECT_EQ(codes(assess(in, Settings{}, {})), std::vector<std::string>{"contact"});

  in = normal();
  in.temperature = 38.1;
  in.symptoms = {"发热"};
  in.contact = "confirmed";
  EXPECT_EQ(codes(assess(in, Settings{}, {})), (std::vector<std::string>{"fever", "symptoms", "contact"}));
}

TEST(HealthRules, RiskAreaByCityOrNamedAreas) {
  std::vector<RiskArea> areas = {{1, 1, "湖北省武汉市", "high", "2020-01-20", std::nullopt},
                                 {2, 1, "温州", "medium", "2020-01-20", std::nullopt}};
  auto in = normal();
  in.location = "away";
  in.city = "武汉";  // the city inside the area's name
  auto a = assess(in, Settings{}, areas);
  EXPECT_EQ(codes(a), std::vector<std::string>{"risk_area"});
  EXPECT_EQ(a.reasons[0].detail, "风险地区：湖北省武汉市");

  in.city = "浙江省温州市";  // the area's name inside the city
  EXPECT_EQ(codes(assess(in, Settings{}, areas)), std::vector<std::string>{"risk_area"});

  in.city = "长沙";
  EXPECT_FALSE(assess(in, Settings{}, areas).abnormal);

  in = normal();
  in.risk_travel = true;
  in.risk_areas = "1月20日途经温州";
  EXPECT_EQ(codes(assess(in, Settings{}, areas)), (std::vector<std::string>{"risk_travel", "risk_area"}));
}

TEST(HealthRules, RiskAreaValidity) {
  RiskArea a{1, 1, "武汉", "high", "2020-01-20", std::string("2020-02-10")};
  EXPECT_FALSE(risk_area_active(a, "2020-01-19"));
  EXPECT_TRUE(risk_area_active(a, "2020-01-20"));
  EXPECT_TRUE(risk_area_active(a, "2020-02-10"));
  EXPECT_FALSE(risk_area_active(a, "2020-02-11"));
  a.valid_to.reset();
  EXPECT_TRUE(risk_area_active(a, "2021-01-01"));
}

TEST(HealthRules, ValidationNamesEachField) {
  Settings s;
  auto in = normal();
  in.temperature = 33.9;
  in.symptoms = {"干咳", "头晕", "干咳"};
  in.location = "away";
  in.risk_travel = true;
  auto errors = validate(in, s);
  std::vector<std::string> fields;
  for (const auto& e : errors) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"temperature", "symptoms/1", "symptoms/2", "city", "risk_areas"}));
  in = normal();
  in.temperature = 43.0;
  EXPECT_TRUE(validate(in, s).empty());
}

}  // namespace
}  // namespace lifeline::app::health
