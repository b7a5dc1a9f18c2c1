#include "app/health/rules.h"

#include <algorithm>
#include <cstdio>

namespace lifeline::app::health {

namespace {

size_t utf8_length(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

std::string format_celsius(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", t);
  return buf;
}

const char* contact_zh(const std::string& c) {
  if (c == "confirmed") return "确诊病例";
  if (c == "suspected") return "疑似病例";
  return "无";
}

std::string detail_for(const std::string& code, const CheckinInput& in, const std::optional<std::string>& area) {
  if (code == "fever") return "体温 " + format_celsius(in.temperature) + " °C";
  if (code == "symptoms") return join(in.symptoms, "、");
  if (code == "risk_travel") return "途经风险地区：" + in.risk_areas.value_or("");
  if (code == "risk_area") return "风险地区：" + area.value_or(in.city.value_or(""));
  if (code == "contact") return std::string("接触") + contact_zh(in.contact);
  return code;
}

}  // namespace

bool risk_area_active(const RiskArea& a, std::string_view day) {
  return a.valid_from <= day && (!a.valid_to || std::string_view(*a.valid_to) >= day);
}

std::optional<std::string> matching_risk_area(const std::vector<RiskArea>& active,
                                              const std::optional<std::string>& city,
                                              const std::optional<std::string>& named) {
  for (const auto& a : active) {
    if (a.name.empty()) continue;
    if (city && !city->empty()) {
      if (city->find(a.name) != std::string::npos) return a.name;
      if (utf8_length(*city) >= 2 && a.name.find(*city) != std::string::npos) return a.name;
    }
    if (named && named->find(a.name) != std::string::npos) return a.name;
  }
  return std::nullopt;
}

std::vector<std::string> Assessment::codes() const {
  std::vector<std::string> out;
  for (const auto& r : reasons) out.push_back(r.code);
  return out;
}

Assessment assess(const CheckinInput& in, const Settings& settings, const std::vector<RiskArea>& active_areas) {
  Assessment a;
  a.fever = in.temperature >= settings.fever_celsius - 1e-9;
  a.has_symptoms = !in.symptoms.empty();
  auto area = matching_risk_area(active_areas, in.city, in.risk_travel ? in.risk_areas : std::nullopt);
  auto add = [&](const char* code) { a.reasons.push_back({code, detail_for(code, in, area)}); };
  if (a.fever) add("fever");
  if (a.has_symptoms) add("symptoms");
  if (in.risk_travel) add("risk_travel");
  if (area) add("risk_area");
  if (in.contact != "none") add("contact");
  a.abnormal = !a.reasons.empty();
  return a;
}

std::vector<FieldError> validate(const CheckinInput& in, const Settings& settings) {
  std::vector<FieldError> errors;
  if (!(in.temperature >= 34.0 && in.temperature <= 43.0))
    errors.push_back({"temperature", "must be between 34.0 and 43.0 °C"});
  for (size_t i = 0; i < in.symptoms.size(); ++i) {
    const auto& s = in.symptoms[i];
    if (std::find(settings.symptoms.begin(), settings.symptoms.end(), s) == settings.symptoms.end())
      errors.push_back({"symptoms/" + std::to_string(i), "must be one of: " + join(settings.symptoms, ", ")});
    else if (std::find(in.symptoms.begin(), in.symptoms.begin() + static_cast<std::ptrdiff_t>(i), s) !=
             in.symptoms.begin() + static_cast<std::ptrdiff_t>(i))
      errors.push_back({"symptoms/" + std::to_string(i), "is listed twice"});
  }
  if (in.location != "in_town" && (!in.city || in.city->empty()))
    errors.push_back({"city", "say which city you are in when not in town"});
  if (in.risk_travel && (!in.risk_areas || in.risk_areas->empty()))
    errors.push_back({"risk_areas", "name the risk areas you travelled through"});
  return errors;
}

nlohmann::json reasons_json(const std::vector<std::string>& codes, const CheckinInput& in,
                            const std::vector<RiskArea>& active_areas) {
  auto area = matching_risk_area(active_areas, in.city, in.risk_travel ? in.risk_areas : std::nullopt);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : codes) out.push_back({{"code", c}, {"detail", detail_for(c, in, area)}});
  return out;
}

}  // namespace lifeline::app::health
