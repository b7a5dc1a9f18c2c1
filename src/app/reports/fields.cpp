#include "app/reports/fields.h"

#include <cmath>
#include <regex>
#include <set>

namespace lifeline::app::reports {

namespace {

constexpr size_t kMaxText = 2000;
constexpr int kMaxRowsLimit = 200;

bool good_key(const std::string& k) {
  static const std::regex re("[a-z][a-z0-9_]{0,39}");
  return std::regex_match(k, re);
}

void adopt(JsonInput& parent, JsonInput& child) {
  auto st = child.finish();
  if (!st)
    for (const auto& f : st.error().fields) parent.fail(f.field, f.message);
}

std::vector<std::string> read_options(JsonInput& in) {
  std::vector<std::string> out;
  const auto* raw = in.raw("options", false);
  if (!raw) return out;
  if (!raw->is_array() || raw->size() > 50) {
    in.fail("options", "must be a list of at most 50 texts");
    return out;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < raw->size(); ++i) {
    const auto& o = (*raw)[i];
    if (!o.is_string() || o.get_ref<const std::string&>().empty() || o.get_ref<const std::string&>().size() > 100)
      in.fail("options/" + std::to_string(i), "must be a text of 1 to 100 bytes");
    else if (!seen.insert(o.get<std::string>()).second)
      in.fail("options/" + std::to_string(i), "given twice");
    else
      out.push_back(o.get<std::string>());
  }
  return out;
}

// What a field and a column share.
void read_common(JsonInput& in, std::string& key, std::string& label, std::string& type, std::string& unit,
                 std::vector<std::string>& options, bool table_allowed) {
  key = in.text("key", {.max_len = 40}).value_or("");
  if (!key.empty() && !good_key(key)) in.fail("key", "lower-case letters, digits and _ (starting with a letter)");
  label = in.text("label", {.max_len = 100}).value_or("");
  auto t = table_allowed ? in.choice("type", {"number", "text", "choice", "boolean", "table"})
                         : in.choice("type", {"number", "text", "choice", "boolean"});
  type = t.value_or("");
  unit = in.text("unit", {.required = false, .max_len = 20}).value_or("");
  options = read_options(in);
  if (type == "choice" && options.empty()) in.fail("options", "a choice needs its options");
  if (type != "choice" && !options.empty()) in.fail("options", "only a choice has options");
}

std::vector<Column> read_columns(JsonInput& in) {
  std::vector<Column> out;
  const auto* raw = in.raw("columns", false);
  if (!raw) {
    in.fail("columns", "a table needs its columns");
    return out;
  }
  if (!raw->is_array() || raw->empty() || raw->size() > 20) {
    in.fail("columns", "must be a list of 1 to 20 columns");
    return out;
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < raw->size(); ++i) {
    JsonInput c((*raw)[i], "columns/" + std::to_string(i) + "/");
    Column col;
    read_common(c, col.key, col.label, col.type, col.unit, col.options, false);
    col.required = c.boolean("required", false).value_or(false);
    if (!col.key.empty() && !keys.insert(col.key).second) c.fail("key", "used by another column");
    adopt(in, c);
    out.push_back(std::move(col));
  }
  return out;
}

nlohmann::json column_json(const Column& c) {
  nlohmann::json j = {{"key", c.key}, {"label", c.label}, {"type", c.type}, {"required", c.required}};
  if (!c.unit.empty()) j["unit"] = c.unit;
  if (!c.options.empty()) j["options"] = c.options;
  return j;
}

// One scalar value; `at` names it in errors.
void check_scalar(const std::string& type, const std::vector<std::string>& options, std::optional<double> min,
                  std::optional<double> max, const nlohmann::json& v, const std::string& at,
                  std::vector<FieldError>& errors) {
  if (type == "number") {
    if (!v.is_number() || !std::isfinite(v.get<double>())) errors.push_back({at, "must be a number"});
    else if (min && v.get<double>() < *min) errors.push_back({at, "must be at least " + nlohmann::json(*min).dump()});
    else if (max && v.get<double>() > *max) errors.push_back({at, "must be at most " + nlohmann::json(*max).dump()});
  } else if (type == "text") {
    if (!v.is_string()) errors.push_back({at, "must be a text"});
    else if (v.get_ref<const std::string&>().size() > kMaxText) errors.push_back({at, "at most 2000 bytes"});
  } else if (type == "choice") {
    if (!v.is_string() || std::find(options.begin(), options.end(), v.get<std::string>()) == options.end())
      errors.push_back({at, "must be one of the options"});
  } else if (type == "boolean") {
    if (!v.is_boolean()) errors.push_back({at, "must be true or false"});
  }
}

bool empty_value(const nlohmann::json& v) {
  return v.is_null() || (v.is_string() && v.get_ref<const std::string&>().find_first_not_of(" \t\r\n") == std::string::npos);
}

}  // namespace

std::vector<Field> read_fields(JsonInput& in) {
  std::vector<Field> out;
  const auto* raw = in.raw("fields");
  if (!raw) return out;
  if (!raw->is_array() || raw->empty() || raw->size() > 60) {
    in.fail("fields", "must be a list of 1 to 60 fields");
    return out;
  }
  std::set<std::string> keys;
  for (size_t i = 0; i < raw->size(); ++i) {
    JsonInput f((*raw)[i], "fields/" + std::to_string(i) + "/");
    Field field;
    read_common(f, field.key, field.label, field.type, field.unit, field.options, true);
    field.required = f.boolean("required", false).value_or(true);
    field.min = f.number("min", false);
    field.max = f.number("max", false);
    if (field.min && field.max && *field.min > *field.max) f.fail("max", "must not be below min");
    if ((field.min || field.max) && field.type != "number") f.fail(field.min ? "min" : "max", "only numbers have bounds");
    field.summary = f.boolean("summary", false).value_or(false);
    if (field.summary && field.type != "number") f.fail("summary", "only numbers are summed");
    if (field.type == "table") {
      field.columns = read_columns(f);
      field.max_rows = static_cast<int>(f.integer("max_rows", false, 1, kMaxRowsLimit).value_or(50));
    } else if (f.has("columns") || f.has("max_rows")) {
      f.fail(f.has("columns") ? "columns" : "max_rows", "only a table has columns and rows");
      f.raw("columns", false);
      f.raw("max_rows", false);
    }
    if (!field.key.empty() && !keys.insert(field.key).second) f.fail("key", "used by another field");
    adopt(in, f);
    out.push_back(std::move(field));
  }
  return out;
}

nlohmann::json to_json(const std::vector<Field>& fields) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : fields) {
    nlohmann::json j = {{"key", f.key}, {"label", f.label}, {"type", f.type}, {"required", f.required}};
    if (!f.unit.empty()) j["unit"] = f.unit;
    if (f.min) j["min"] = *f.min;
    if (f.max) j["max"] = *f.max;
    if (!f.options.empty()) j["options"] = f.options;
    if (f.type == "table") {
      nlohmann::json cols = nlohmann::json::array();
      for (const auto& c : f.columns) cols.push_back(column_json(c));
      j["columns"] = cols;
      j["max_rows"] = f.max_rows;
    }
    if (f.summary) j["summary"] = true;
    out.push_back(std::move(j));
  }
  return out;
}

std::vector<Field> fields_from_json(const nlohmann::json& j) {
  std::vector<Field> out;
  if (!j.is_array()) return out;
  for (const auto& f : j) {
    Field field;
    field.key = f.value("key", "");
    field.label = f.value("label", "");
    field.type = f.value("type", "");
    field.unit = f.value("unit", "");
    field.required = f.value("required", true);
    if (f.contains("min")) field.min = f["min"].get<double>();
    if (f.contains("max")) field.max = f["max"].get<double>();
    if (f.contains("options")) field.options = f["options"].get<std::vector<std::string>>();
    if (f.contains("columns"))
      for (const auto& c : f["columns"])
        field.columns.push_back({c.value("key", ""), c.value("label", ""), c.value("type", ""), c.value("unit", ""),
                                 c.contains("options") ? c["options"].get<std::vector<std::string>>()
                                                       : std::vector<std::string>{},
                                 c.value("required", false)});
    field.max_rows = f.value("max_rows", 50);
    field.summary = f.value("summary", false);
    out.push_back(std::move(field));
  }
  return out;
}

Result<nlohmann::json> check_values(const std::vector<Field>& fields, const nlohmann::json& values) {
  if (!values.is_object()) return Error::invalid("values", "must be an object of the report's fields");
  std::vector<FieldError> errors;
  nlohmann::json out = nlohmann::json::object();
  std::set<std::string> known;
  for (const auto& f : fields) {
    known.insert(f.key);
    const std::string at = "values/" + f.key;
    auto it = values.find(f.key);
    if (it == values.end() || empty_value(*it)) {
      if (f.required) errors.push_back({at, "is required"});
      continue;
    }
    const auto& v = *it;
    if (f.type != "table") {
      check_scalar(f.type, f.options, f.min, f.max, v, at, errors);
      out[f.key] = v;
      continue;
    }
    if (!v.is_array()) {
      errors.push_back({at, "must be a list of rows"});
      continue;
    }
    if (v.size() > static_cast<size_t>(f.max_rows)) {
      errors.push_back({at, "at most " + std::to_string(f.max_rows) + " rows"});
      continue;
    }
    if (f.required && v.empty()) errors.push_back({at, "needs at least one row"});
    nlohmann::json rows = nlohmann::json::array();
    for (size_t r = 0; r < v.size(); ++r) {
      const std::string row_at = at + "/" + std::to_string(r);
      if (!v[r].is_object()) {
        errors.push_back({row_at, "must be a row object"});
        continue;
      }
      nlohmann::json row = nlohmann::json::object();
      std::set<std::string> cols;
      for (const auto& c : f.columns) {
        cols.insert(c.key);
        auto cell = v[r].find(c.key);
        if (cell == v[r].end() || empty_value(*cell)) {
          if (c.required) errors.push_back({row_at + "/" + c.key, "is required"});
          continue;
        }
        check_scalar(c.type, c.options, std::nullopt, std::nullopt, *cell, row_at + "/" + c.key, errors);
        row[c.key] = *cell;
      }
      for (auto cell = v[r].begin(); cell != v[r].end(); ++cell)
        if (!cols.count(cell.key())) errors.push_back({row_at + "/" + cell.key(), "unknown column"});
      rows.push_back(std::move(row));
    }
    out[f.key] = std::move(rows);
  }
  for (auto it = values.begin(); it != values.end(); ++it)
    if (!known.count(it.key())) errors.push_back({"values/" + it.key(), "unknown field"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return out;
}

}  // namespace lifeline::app::reports
