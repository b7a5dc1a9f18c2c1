// Values as measured and their judgement against the limit that applies at a
// point type. Pure functions, no database: unit-tested in judgement_test.cpp.
//
// National limits (GB 5749-2022) apply to drinking water: outlet (出厂水),
// network (管网水), network end (末梢水), secondary supply (二次供水) and
// priority customers' taps. A disinfectant's minimum residual is the
// outlet's at the outlet and the network end's everywhere after it. Raw and
// process water are judged only against a utility's internal limits for
// that point type (else "not_assessed"). A value within the national limit
// but beyond an internal one (内控标准, or a raised plan's stricter minimum
// residual) is a warning, not a fail.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "app/quality/catalogue.h"
#include "core/result.h"

namespace lifeline::app::quality {

inline constexpr const char* kPointTypes[] = {"raw",         "process",   "outlet",  "network",
                                              "network_end", "secondary", "customer"};
bool is_point_type(std::string_view t);
// Drinking water: the national limits apply.
bool is_drinking(std::string_view point_type);

// value: a number; below_dl: "< detection limit"; not_detected: 未检出; text: a finding ("无").
struct Measured {
  std::string qualifier = "value";
  std::optional<double> value, detection_limit;
  std::string text;
  // "0.35", "<0.05", "未检出", "无"
  std::string display() const;
};

// Reads a value as a client or an instrument's CSV writes it: a JSON number,
// or a string — a number, "<0.05" / "＜0.05", "未检出" / "ND", or a finding
// for odour and visible matter. Refuses numbers outside the indicator's
// physical range (pH 19, turbidity −1), naming `field`.
Result<Measured> parse_value(const Indicator& ind, const nlohmann::json& value, const std::string& field);

// The limits that apply to an indicator at a point type.
struct Applicable {
  bool assessed = true;
  bool national = false;                             // GB 5749 applies (drinking water)
  std::optional<double> min, max;                    // national
  std::optional<double> internal_min, internal_max;  // 内控 (and a raised plan's residual minimum)
  std::string text;                                  // "0.05–2", "≤1", "不应检出", "内控 ≤0.5"
};
Applicable applicable(const Indicator& ind, std::string_view point_type, std::optional<double> internal_min = {},
                      std::optional<double> internal_max = {});

// "pass", "fail", "warning" (internal limit only) or "not_assessed".
std::string judge(const Indicator& ind, const Applicable& limit, const Measured& m);

// The catalogue limit as the API shows it ({kind, min, max, text, …}).
nlohmann::json limit_json(const Indicator& ind);

}  // namespace lifeline::app::quality
