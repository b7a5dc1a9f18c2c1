// A minimal iCalendar (RFC 5545) writer for duty feeds: one VCALENDAR of
// VEVENTs with UTC times. Text is escaped (\\ \; \, \n) and lines are folded
// at 75 octets without splitting a UTF-8 character; lines end in CRLF.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"

namespace lifeline::app::duty::ics {

struct Event {
  std::string uid;
  Instant start, end;
  std::string summary, location, description;
};

std::string calendar(const std::string& name, const std::vector<Event>& events, Instant stamp);
std::string escape(const std::string& text);
// Folds one logical line (without its CRLF) into physical lines.
std::string fold(const std::string& line);

}  // namespace lifeline::app::duty::ics
