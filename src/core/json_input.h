// Strict reading of JSON request bodies. Every problem is collected with the
// field it concerns, so a client gets all of them at once:
//
//   JsonInput in(body);                    // body: parsed nlohmann::json
//   auto name  = in.text("name", {.max_len = 100});
//   auto level = in.choice("level", {"I", "II", "III", "IV"});
//   if (auto st = in.finish(); !st) return st.error();   // also rejects unknown fields
#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace lifeline {

// The deepest nesting of arrays and objects that JSON from outside may have.
// Every walk or dump of a parsed value (nlohmann's dump() recurses once per
// level) is then bounded; real inputs nest less than ten levels (a GeoJSON
// MultiPolygon inside a body is nine).
inline constexpr size_t kMaxJsonDepth = 64;

// Parses JSON that came from outside the process: a request body, a field
// holding JSON text, a file, a remote server's answer. The one rule for all
// of them, checked while parsing (iteratively, so no input can exhaust the
// stack), and refused as Error::invalid:
//   - malformed JSON: the error names `name` and the byte offset;
//   - nesting deeper than kMaxJsonDepth: names `prefix` + the outermost member
//     ("geojson"), or `name` when the top level itself is an array;
//   - a NUL character in a string or member name (PostgreSQL cannot store
//     it): names `prefix` + the member's path ("members/0/name").
Result<nlohmann::json> parse_json(std::string_view text, std::string_view name, std::string_view prefix);

// A request body: parse_json(body, "body", ""), so member errors name the
// fields as JsonInput does; an empty body is refused too.
Result<nlohmann::json> parse_json_body(std::string_view body);

struct TextRule {
  bool required = true;
  size_t min_len = 0;      // in bytes, after trimming
  size_t max_len = 200;
};

class JsonInput {
 public:
  // `prefix` is prepended to field names in errors ("members/0/").
  explicit JsonInput(const nlohmann::json& object, std::string prefix = "");

  std::optional<std::string> text(std::string_view name, TextRule rule = {});
  // For PATCH: absent → nullopt; JSON null → an empty inner optional (clear the value).
  std::optional<std::optional<std::string>> nullable_text(std::string_view name, TextRule rule = {});
  std::optional<int64_t> integer(std::string_view name, bool required = true,
                                 int64_t min = INT64_MIN, int64_t max = INT64_MAX);
  std::optional<double> number(std::string_view name, bool required = true);
  std::optional<bool> boolean(std::string_view name, bool required = true);
  std::optional<std::string> choice(std::string_view name, std::initializer_list<std::string_view> allowed,
                                    bool required = true);
  std::optional<Instant> instant(std::string_view name, bool required = true);
  std::optional<std::vector<int64_t>> integer_list(std::string_view name, bool required = true);
  // The raw value (for nested objects); marks the field as known.
  const nlohmann::json* raw(std::string_view name, bool required = true);

  bool has(std::string_view name) const;
  // True when the field is present with JSON null (PATCH: clear the value).
  bool is_null(std::string_view name) const;
  void fail(std::string_view name, std::string message);
  // Adds an error for every field that was never asked for, then returns all errors.
  Status finish();
  bool ok() const { return errors_.empty(); }

 private:
  const nlohmann::json* find(std::string_view name, bool required);
  std::string path(std::string_view name) const { return prefix_ + std::string(name); }

  const nlohmann::json& object_;
  std::string prefix_;
  std::set<std::string, std::less<>> known_;
  std::vector<FieldError> errors_;
  bool not_object_ = false;
};

}  // namespace lifeline
