#include <charconv>
#include <cmath>
#include <limits>

#include "store/database.h"

namespace lifeline::store {
namespace {

std::string format_real(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that round-trips
  return ec == std::errc() ? std::string(buf, end) : std::string("nan");
}

// Truncates toward zero and saturates, because a plain cast of an
// out-of-range double to int64 is undefined behaviour.
int64_t truncate_real(double v) {
  if (std::isnan(v)) return 0;
  constexpr double lo = -9223372036854775808.0;  // -2^63, exact in a double
  if (v >= -lo) return std::numeric_limits<int64_t>::max();
  if (v <= lo) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

}  // namespace

int64_t Value::integer() const {
  switch (v_.index()) {
    case 1: return std::get<1>(v_);
    case 2: return truncate_real(std::get<2>(v_));
    case 3: {
      const std::string& s = std::get<3>(v_);
      int64_t out = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      if (ec == std::errc() && ptr == s.data() + s.size()) return out;
      double d = 0;
      auto [dptr, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
      return dec == std::errc() && dptr == s.data() + s.size() ? truncate_real(d) : 0;
    }
    default: return 0;
  }
}

double Value::real() const {
  switch (v_.index()) {
    case 1: return static_cast<double>(std::get<1>(v_));
    case 2: return std::get<2>(v_);
    case 3: {
      const std::string& s = std::get<3>(v_);
      double d = 0;
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
      return ec == std::errc() && ptr == s.data() + s.size() ? d : 0.0;
    }
    default: return 0.0;
  }
}

const std::string& Value::text() const {
  if (v_.index() == 3) return std::get<3>(v_);
  // Numbers and null are rendered into scratch_ so a reference can be returned.
  scratch_ = as_text();
  return scratch_;
}

std::string Value::as_text() const {
  switch (v_.index()) {
    case 1: return std::to_string(std::get<1>(v_));
    case 2: return format_real(std::get<2>(v_));
    case 3: return std::get<3>(v_);
    default: return {};
  }
}

}  // namespace lifeline::store
