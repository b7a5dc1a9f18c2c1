#include "app/hotline/phone.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

namespace lifeline::app::hotline {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool is_mobile(std::string_view d) { return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'; }

// 0 + area code + subscriber number: 010 and 02X are followed by 8 digits,
// the four-digit codes (0731, 0512, ...) by 7 or 8; subscriber numbers never
// start with 0 or 1.
bool is_landline_with_area(std::string_view d) {
  if (d.size() < 10 || d[0] != '0' || d[1] == '0') return false;
  size_t area = (d[1] == '1' || d[1] == '2') ? 3 : 4;
  std::string_view subscriber = d.substr(area);
  if (subscriber.empty() || subscriber[0] < '2') return false;
  return area == 3 ? subscriber.size() == 8 : subscriber.size() == 7 || subscriber.size() == 8;
}

bool is_local_landline(std::string_view d) { return (d.size() == 7 || d.size() == 8) && d[0] >= '2'; }

}  // namespace

std::optional<std::string> normalise_phone(std::string_view input) {
  std::string d;
  bool plus = false;
  for (size_t i = 0; i < input.size(); ++i) {
    char c = input[i];
    if (c == ' ' || c == '-' || c == '(' || c == ')') continue;
    if (c == '+' && d.empty() && !plus) {
      plus = true;
      continue;
    }
    d += c;
  }
  if (!all_digits(d)) return std::nullopt;
  // Country code: +86 or 0086, or a bare 86 before a mobile number.
  bool country = plus;
  if (plus) {
    if (!d.starts_with("86")) return std::nullopt;
    d.erase(0, 2);
  } else if (d.starts_with("0086")) {
    d.erase(0, 4);
    country = true;
  } else if (d.size() == 13 && d.starts_with("86") && is_mobile(std::string_view(d).substr(2))) {
    d.erase(0, 2);
  }
  // After a country code a landline drops its trunk 0 (+86 731 84861234).
  if (country && !d.empty() && d[0] != '1' && d[0] != '0')
    d.insert(0, "0");
  if (is_mobile(d) || is_landline_with_area(d) || is_local_landline(d)) return d;
  return std::nullopt;
}

std::string caller_hash(std::string_view normalised) {
  static constexpr std::string_view kContext = "lifeline hotline caller v1:";
  std::string message(kContext);
  message += normalised;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace lifeline::app::hotline
