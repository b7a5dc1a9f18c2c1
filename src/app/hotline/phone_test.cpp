#include "app/hotline/phone.h"

#include <gtest/gtest.h>

namespace lifeline::app::hotline {
namespace {

TEST(HotlinePhone, AcceptsChineseMobilesAndLandlines) {
  EXPECT_EQ(normalise_phone("13812345678"), "13812345678");
  EXPECT_EQ(normalise_phone("138 1234 5678"), "13812345678");
  EXPECT_EQ(normalise_phone("+86 138-1234-5678"), "13812345678");
  EXPECT_EQ(normalise_phone("008613812345678"), "13812345678");
  EXPECT_EQ(normalise_phone("8613812345678"), "13812345678");
  EXPECT_EQ(normalise_phone("0731-84861234"), "073184861234");
  EXPECT_EQ(normalise_phone("(0731) 8486123"), "07318486123");
  EXPECT_EQ(normalise_phone("010-62345678"), "01062345678");
  EXPECT_EQ(normalise_phone("+86 731 84861234"), "073184861234");
  EXPECT_EQ(normalise_phone("84861234"), "84861234");
  EXPECT_EQ(normalise_phone("20086123"), "20086123");
}

TEST(HotlinePhone, RefusesWhatNoPhoneCanBe) {
  for (const char* bad : {"", "12345678901", "1381234567", "138123456789", "0731-0486123", "010-6234567",
                          "+1 202 555 0100", "1381234567a", "110", "0000000", "13812345678 ext 2"})
    EXPECT_EQ(normalise_phone(bad), std::nullopt) << bad;
}

TEST(HotlinePhone, HashIsStablePerNumber) {
  EXPECT_EQ(caller_hash("13812345678"), caller_hash("13812345678"));
  EXPECT_NE(caller_hash("13812345678"), caller_hash("13812345679"));
  EXPECT_EQ(caller_hash("13812345678").size(), 64u);
}

}  // namespace
}  // namespace lifeline::app::hotline
