#include "app/privacy.h"

#include <vector>

namespace lifeline::app {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// 19xx/20xx, month 01–12, day 01–31: a date, not a landline.
bool looks_like_date(std::string_view d) {
  if (d.size() != 8 || !(d.starts_with("19") || d.starts_with("20"))) return false;
  const int month = (d[4] - '0') * 10 + (d[5] - '0');
  const int day = (d[6] - '0') * 10 + (d[7] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// A run of digits alone: which kind of number it is, if any.
enum class Kind { none, phone, id };
Kind kind_of(std::string_view run, bool check_letter_follows) {
  const size_t n = run.size() + (check_letter_follows ? 1 : 0);
  if (n == 18 || (n == 15 && !check_letter_follows)) return Kind::id;
  if (check_letter_follows) return Kind::none;
  if (n == 11 && run[0] == '1') return Kind::phone;       // mobile
  if (n >= 10 && n <= 12 && run[0] == '0') return Kind::phone;  // landline with its area code
  if ((n == 7 || n == 8) && !looks_like_date(run)) return Kind::phone;  // local landline
  return Kind::none;
}

// Digits [begin, end) of `out` (bytes) masked except the first `head` and last `tail` digits.
void mask_digits(std::string& out, size_t begin, size_t end, size_t head, size_t tail) {
  size_t total = 0;
  for (size_t i = begin; i < end; ++i) total += digit(out[i]) ? 1 : 0;
  size_t seen = 0;
  for (size_t i = begin; i < end; ++i) {
    if (!digit(out[i])) continue;
    if (seen >= head && seen + tail < total) out[i] = '*';
    ++seen;
  }
}

}  // namespace

std::string mask_phone(std::string_view phone) {
  if (phone.size() <= 4) return std::string(phone.size(), '*');
  size_t keep_tail = 4, keep_head = phone.size() >= 11 ? 3 : 0;
  return std::string(phone.substr(0, keep_head)) + std::string(phone.size() - keep_head - keep_tail, '*') +
         std::string(phone.substr(phone.size() - keep_tail));
}

std::string mask_id_number(std::string_view id) {
  if (id.size() <= 10) return std::string(id.size(), '*');
  return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') + std::string(id.substr(id.size() - 4));
}

std::string mask_numbers_in_text(std::string_view text) {
  std::string out(text);
  size_t i = 0;
  while (i < out.size()) {
    if (!digit(out[i]) || (i > 0 && digit(out[i - 1]))) {
      ++i;
      continue;
    }
    // A chain of digit groups joined by single spaces or hyphens: 138 0731 0005.
    std::vector<std::pair<size_t, size_t>> groups;
    size_t j = i;
    while (true) {
      size_t start = j;
      while (j < out.size() && digit(out[j])) ++j;
      groups.emplace_back(start, j);
      if (j + 1 < out.size() && (out[j] == ' ' || out[j] == '-') && digit(out[j + 1])) {
        ++j;
        continue;
      }
      break;
    }
    const size_t chain_end = groups.back().second;
    size_t chain_digits = 0;
    for (auto [b, e] : groups) chain_digits += e - b;
    if (groups.size() > 1 && chain_digits == 11 && out[i] == '1') {
      mask_digits(out, i, chain_end, 3, 4);  // a mobile number written in groups
    } else {
      for (auto [b, e] : groups) {
        const bool check_letter = e < out.size() && (out[e] == 'X' || out[e] == 'x');
        switch (kind_of(std::string_view(out).substr(b, e - b), check_letter)) {
          case Kind::id: mask_digits(out, b, e, 6, check_letter ? 3 : 4); break;
          case Kind::phone: mask_digits(out, b, e, e - b >= 11 ? 3 : 0, 4); break;
          case Kind::none: break;
        }
      }
    }
    i = chain_end;
  }
  return out;
}

nlohmann::json mask_numbers_in_value(const nlohmann::json& text) {
  if (!text.is_string()) return text;
  return mask_numbers_in_text(text.get_ref<const std::string&>());
}

void mask_numbers_in_json(nlohmann::json& document) {
  std::vector<nlohmann::json*> pending{&document};
  while (!pending.empty()) {
    nlohmann::json* j = pending.back();
    pending.pop_back();
    if (j->is_string()) {
      *j = mask_numbers_in_text(j->get_ref<const std::string&>());
    } else if (j->is_structured()) {
      for (auto& child : *j) pending.push_back(&child);
    }
  }
}

}  // namespace lifeline::app
