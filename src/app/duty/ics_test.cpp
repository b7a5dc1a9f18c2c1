#include "app/duty/ics.h"

#include <gtest/gtest.h>

#include "core/time.h"

namespace lifeline::app::duty::ics {
namespace {

TEST(Ics, EscapesTextAndFoldsLongLinesWithoutSplittingCharacters) {
  EXPECT_EQ(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
  const std::string chinese(30, 'x');
  std::string line = "SUMMARY:" + chinese;
  for (int i = 0; i < 20; ++i) line += "值班";  // 3 octets each
  const std::string folded = fold(line);
  size_t start = 0;
  while (start < folded.size()) {
    size_t end = folded.find("\r\n", start);
    if (end == std::string::npos) end = folded.size();
    EXPECT_LE(end - start, 75u);
    // A continuation starts with one space and never with a UTF-8 continuation byte.
    if (start > 0) {
      EXPECT_EQ(folded[start], ' ');
      EXPECT_NE(static_cast<unsigned char>(folded[start + 1]) & 0xC0, 0x80);
    }
    start = end + 2;
  }
  std::string unfolded;
  for (size_t i = 0; i < folded.size(); ++i) {
    if (folded.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    unfolded += folded[i];
  }
  EXPECT_EQ(unfolded, line);
}

TEST(Ics, ACalendarHasItsEventsInUtcWithCrlf) {
  const Instant start = *parse_instant("2020-01-25T00:00:00Z", "t");
  auto text = calendar("值班", {{"duty-1-2@lifeline", start, start + std::chrono::hours(12), "值班：调度", "调度中心", ""}},
                       start);
  EXPECT_NE(text.find("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTSTART:20200125T000000Z\r\n"), std::string::npos);
  EXPECT_NE(text.find("DTEND:20200125T120000Z\r\n"), std::string::npos);
  EXPECT_EQ(text.find("DESCRIPTION"), std::string::npos);
  EXPECT_TRUE(text.ends_with("END:VCALENDAR\r\n"));
}

}  // namespace
}  // namespace lifeline::app::duty::ics
