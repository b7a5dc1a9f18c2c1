#include "app/duty/ics.h"

#include <cstdio>
#include <ctime>

namespace lifeline::app::duty::ics {

namespace {

std::string utc(Instant t) {
  const std::time_t secs = static_cast<std::time_t>(to_millis(t) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

void line(std::string& out, const std::string& l) {
  out += fold(l);
  out += "\r\n";
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\n': out += "\\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

std::string fold(const std::string& l) {
  std::string out;
  size_t width = 0;  // octets on the current physical line
  for (size_t i = 0; i < l.size();) {
    // The length of the UTF-8 character starting here.
    const unsigned char c = static_cast<unsigned char>(l[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
    if (i + n > l.size()) n = l.size() - i;
    if (width + n > 75) {
      out += "\r\n ";
      width = 1;
    }
    out.append(l, i, n);
    width += n;
    i += n;
  }
  return out;
}

std::string calendar(const std::string& name, const std::vector<Event>& events, Instant stamp) {
  std::string out;
  line(out, "BEGIN:VCALENDAR");
  line(out, "VERSION:2.0");
  line(out, "PRODID:-//lifeline//duty//ZH");
  line(out, "CALSCALE:GREGORIAN");
  line(out, "METHOD:PUBLISH");
  line(out, "X-WR-CALNAME:" + escape(name));
  for (const auto& e : events) {
    line(out, "BEGIN:VEVENT");
    line(out, "UID:" + e.uid);
    line(out, "DTSTAMP:" + utc(stamp));
    line(out, "DTSTART:" + utc(e.start));
    line(out, "DTEND:" + utc(e.end));
    line(out, "SUMMARY:" + escape(e.summary));
    if (!e.location.empty()) line(out, "LOCATION:" + escape(e.location));
    if (!e.description.empty()) line(out, "DESCRIPTION:" + escape(e.description));
    line(out, "END:VEVENT");
  }
  line(out, "END:VCALENDAR");
  return out;
}

}  // namespace lifeline::app::duty::ics
