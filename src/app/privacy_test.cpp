#include "app/privacy.h"

#include <gtest/gtest.h>

namespace lifeline::app {
namespace {

TEST(Privacy, MasksPhoneNumbers) {
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_phone("0731-8888123"), "073*****8123");
  EXPECT_EQ(mask_phone("12345"), "*2345");
  EXPECT_EQ(mask_phone("123"), "***");
}

TEST(Privacy, MasksIdNumbers) {
  EXPECT_EQ(mask_id_number("430102198001011234"), "430102********1234");
  EXPECT_EQ(mask_id_number("43010219800101123X"), "430102********123X");
  EXPECT_EQ(mask_id_number("1234"), "****");
}

TEST(Privacy, MasksNumbersInFreeTextAsTheStructuredFieldsAre) {
  // The finding: a care plan's on-call contact.
  EXPECT_EQ(mask_numbers_in_text("管网抢修一队 张伟 13807310005"), "管网抢修一队 张伟 138****0005");
  EXPECT_EQ(mask_numbers_in_text("电话13807310005，备用138 0731 0006"), "电话138****0005，备用138 **** 0006");
  EXPECT_EQ(mask_numbers_in_text("call 138-0731-0007 now"), "call 138-****-0007 now");
  EXPECT_EQ(mask_numbers_in_text("座机0731-84861234或84861235"), "座机0731-****1234或****1235");
  EXPECT_EQ(mask_numbers_in_text("07318486123"), "073****6123");
  EXPECT_EQ(mask_numbers_in_text("身份证430102198001011234"), "身份证430102********1234");
  EXPECT_EQ(mask_numbers_in_text("身份证 43010219800101123x。"), "身份证 430102********123x。");
  EXPECT_EQ(mask_numbers_in_text("旧证430102800101123"), "旧证430102*****1123");
}

TEST(Privacy, LeavesOrdinaryNumbersAlone) {
  for (const char* text : {"DN600 主管 3 km，压力 0.28 MPa", "2020-01-24 07:54", "工单 20200124 已派", "共 1200 户",
                           "RX-2020-0001", "第12345号", "", "热线 12345"})
    EXPECT_EQ(mask_numbers_in_text(text), text) << text;
}

TEST(Privacy, MasksEveryStringOfADocumentWithoutRecursion) {
  nlohmann::json doc = {{"contact_on_call", "张伟 13807310005"},
                        {"count", 13807310005LL},
                        {"members", {{{"note", "李娜 13907310001"}}, "13707310002"}}};
  mask_numbers_in_json(doc);
  EXPECT_EQ(doc["contact_on_call"], "张伟 138****0005");
  EXPECT_EQ(doc["count"], 13807310005LL);  // numbers stay numbers
  EXPECT_EQ(doc["members"][0]["note"], "李娜 139****0001");
  EXPECT_EQ(doc["members"][1], "137****0002");
  nlohmann::json deep = "13807310005";
  for (int i = 0; i < 100000; ++i) deep = nlohmann::json::array({std::move(deep)});
  mask_numbers_in_json(deep);  // no stack overflow at any depth
  const nlohmann::json* inner = &deep;
  while (inner->is_array()) inner = &(*inner)[0];
  EXPECT_EQ(*inner, "138****0005");
  // nlohmann's destructor of a 100,000-deep document is iterative in 3.11; release it level by level anyway.
  while (deep.is_array() && !deep.empty()) deep = nlohmann::json(std::move(deep[0]));
}

}  // namespace
}  // namespace lifeline::app
