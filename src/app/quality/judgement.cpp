#include "app/quality/judgement.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lifeline::app::quality {

namespace {

std::string trim(std::string_view s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

std::optional<double> number(std::string_view s) {
  std::string t = trim(s);
  if (t.empty() || t.size() > 40) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

bool ok_finding(std::string_view t) {
  for (std::string_view ok : {"无", "无异臭、异味", "无异臭异味", "无异臭,异味", "无异常", "未见", "未检出", "正常", "0"})
    if (t == ok) return true;
  return false;
}

bool not_detected_word(std::string_view t) {
  for (std::string_view w : {"未检出", "ND", "nd", "N.D.", "not detected", "不得检出", "未检"})
    if (t == w) return true;
  return false;
}

}  // namespace

bool is_point_type(std::string_view t) {
  for (const char* p : kPointTypes)
    if (t == p) return true;
  return false;
}

bool is_drinking(std::string_view t) { return is_point_type(t) && t != "raw" && t != "process"; }

std::string Measured::display() const {
  if (qualifier == "below_dl") return "<" + fmt(detection_limit.value_or(0));
  if (qualifier == "not_detected") return "未检出";
  if (qualifier == "text") return text;
  return value ? fmt(*value) : "";
}

Result<Measured> parse_value(const Indicator& ind, const nlohmann::json& v, const std::string& field) {
  Measured m;
  auto range_check = [&](double x) -> Status {
    if (!std::isfinite(x)) return Error::invalid(field, "must be a finite number");
    if (x < ind.physical_min || x > ind.physical_max)
      return Error::invalid(field, "outside the physical range of " + std::string(ind.code) + " (" +
                                       fmt(ind.physical_min) + " – " + fmt(ind.physical_max) + ")");
    return {};
  };
  if (v.is_number()) {
    double x = v.get<double>();
    LL_CHECK(range_check(x));
    m.value = x;
    return m;
  }
  if (!v.is_string()) return Error::invalid(field, "must be a number or a text such as \"<0.05\" or \"未检出\"");
  const std::string raw = v.get<std::string>();
  if (raw.find('\0') != std::string::npos) return Error::invalid(field, "must not contain NUL characters");
  const std::string t = trim(raw);
  if (t.empty()) return Error::invalid(field, "must not be empty");
  if (t.size() > 100) return Error::invalid(field, "at most 100 characters");
  if (auto x = number(t)) {
    LL_CHECK(range_check(*x));
    m.value = *x;
    return m;
  }
  if (not_detected_word(t)) {
    if (ind.limit.kind == LimitKind::range) return Error::invalid(field, "pH is always a number");
    m.qualifier = "not_detected";
    return m;
  }
  for (std::string_view lt : {"<", "＜", "&lt;"}) {
    if (!t.starts_with(lt)) continue;
    auto dl = number(std::string_view(t).substr(lt.size()));
    if (!dl || *dl <= 0) return Error::invalid(field, "after '<' give the detection limit as a positive number");
    if (ind.limit.kind == LimitKind::range || ind.text_finding())
      return Error::invalid(field, "a detection limit does not apply to " + std::string(ind.code));
    LL_CHECK(range_check(*dl));
    m.qualifier = "below_dl";
    m.detection_limit = dl;
    return m;
  }
  if (ind.text_finding()) {
    m.qualifier = "text";
    m.text = t;
    return m;
  }
  return Error::invalid(field, "must be a number, \"<detection limit\" or \"未检出\"");
}

Applicable applicable(const Indicator& ind, std::string_view point_type, std::optional<double> internal_min,
                      std::optional<double> internal_max) {
  Applicable a;
  a.internal_min = internal_min;
  a.internal_max = internal_max;
  const bool drinking = is_drinking(point_type);
  a.national = drinking;
  if (!drinking && !internal_min && !internal_max) {
    a.assessed = false;
    a.text = "不评价";
    return a;
  }
  std::string text;
  if (drinking) {
    switch (ind.limit.kind) {
      case LimitKind::max: a.max = ind.limit.max; break;
      case LimitKind::min: a.min = ind.limit.min; break;
      case LimitKind::range: a.min = ind.limit.min; a.max = ind.limit.max; break;
      case LimitKind::not_detected: a.max = 0; break;
      case LimitKind::no_abnormal: break;
    }
    if (ind.disinfectant) {
      const auto& d = *ind.disinfectant;
      a.min = point_type == "outlet" ? d.outlet_min_mg_l : d.end_min_mg_l;
      text = a.min ? fmt(*a.min) + "–" + fmt(d.max_mg_l) : "≤" + fmt(d.max_mg_l);
    } else if (ind.limit.kind == LimitKind::max) {
      text = (ind.limit.text.starts_with("<") ? "" : "≤") + std::string(ind.limit.text);
    } else {
      text = std::string(ind.limit.text);
    }
  }
  if (internal_min || internal_max) {
    if (!text.empty()) text += "；";
    text += "内控";
    if (internal_min && internal_max)
      text += fmt(*internal_min) + "–" + fmt(*internal_max);
    else if (internal_min)
      text += "≥" + fmt(*internal_min);
    else
      text += "≤" + fmt(*internal_max);
  }
  a.text = text;
  return a;
}

std::string judge(const Indicator& ind, const Applicable& a, const Measured& m) {
  if (!a.assessed) return "not_assessed";
  if (m.qualifier == "text") {
    // Only odour and visible matter take findings (parse_value sees to it).
    return ok_finding(m.text) ? "pass" : a.national ? "fail" : "warning";
  }
  // Below the detection limit or not detected: the value is at most the limit
  // of detection (0 when not detected). Below a minimum, that fails; against
  // a maximum it passes when the detection limit itself is within it, and is
  // inconclusive (a warning) when the method cannot see down to the limit.
  if (m.qualifier == "not_detected" || m.qualifier == "below_dl") {
    const double upper = m.qualifier == "below_dl" ? m.detection_limit.value_or(0) : 0;
    if (a.min && upper <= *a.min) return "fail";
    if (a.max && upper > *a.max) return "warning";
    if (a.internal_min && upper <= *a.internal_min) return "warning";
    if (a.internal_max && upper > *a.internal_max) return "warning";
    return "pass";
  }
  if (!m.value) return "fail";
  const double v = *m.value;
  if (ind.text_finding()) return v <= 0 ? "pass" : a.national ? "fail" : "warning";  // a grade: 0 = none
  if (a.max && v > *a.max) return "fail";
  if (a.min && v < *a.min) return "fail";
  if (a.internal_max && v > *a.internal_max) return "warning";
  if (a.internal_min && v < *a.internal_min) return "warning";
  return "pass";
}

nlohmann::json limit_json(const Indicator& ind) {
  nlohmann::json j = {{"kind", to_string(ind.limit.kind)}, {"text", ind.limit.text}};
  switch (ind.limit.kind) {
    case LimitKind::max: j["max"] = ind.limit.max; break;
    case LimitKind::min: j["min"] = ind.limit.min; break;
    case LimitKind::range: j["min"] = ind.limit.min; j["max"] = ind.limit.max; break;
    default: break;
  }
  if (ind.disinfectant) {
    const auto& d = *ind.disinfectant;
    j["kind"] = "disinfectant";
    j["max"] = d.max_mg_l;
    j["outlet_min"] = d.outlet_min_mg_l ? nlohmann::json(*d.outlet_min_mg_l) : nlohmann::json();
    j["end_min"] = d.end_min_mg_l ? nlohmann::json(*d.end_min_mg_l) : nlohmann::json();
    j["contact_min_minutes"] = d.contact_min;
  }
  return j;
}

}  // namespace lifeline::app::quality
