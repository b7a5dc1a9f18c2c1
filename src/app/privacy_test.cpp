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

}  // namespace
}  // namespace lifeline::app
