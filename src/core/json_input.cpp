#include "core/json_input.h"

#include "core/time.h"

#include <optional>
#include <vector>

namespace lifeline {

namespace {

using nlohmann::json;

// nlohmann's DOM builder behind a SAX filter that keeps the path of open
// containers: it refuses a container one level deeper than kMaxJsonDepth and
// a string or member name holding NUL before the value is ever built, and
// names the member concerned. The parser itself is iterative.
class BoundedDomBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  BoundedDomBuilder(json& root, std::string_view name, std::string_view prefix)
      : dom_(root, false), name_(name), prefix_(prefix) {}

  bool null() { return element() && dom_.null(); }
  bool boolean(bool v) { return element() && dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return element() && dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return element() && dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) { return element() && dom_.number_float(v, s); }
  bool binary(binary_t& v) { return element() && dom_.binary(v); }
  bool string(string_t& v) {
    if (!element()) return false;
    if (v.find('\0') != string_t::npos) return fail(path(open_.size()), "must not contain NUL characters (\\u0000)");
    return dom_.string(v);
  }
  bool key(string_t& k) {
    if (k.find('\0') != string_t::npos)
      return fail(path(open_.size() - 1), "has a member name with a NUL character (\\u0000)");
    open_.back().key = k;
    return dom_.key(k);
  }
  bool start_object(std::size_t n) { return open(false) && dom_.start_object(n); }
  bool end_object() {
    open_.pop_back();
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return open(true) && dom_.start_array(n); }
  bool end_array() {
    open_.pop_back();
    return dom_.end_array();
  }
  bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& e) {
    // 406: a number too large for a double ("1e999").
    if (e.id == 406) return fail(std::string(name_), "a number is out of range");
    return fail(std::string(name_), "malformed JSON at byte " + std::to_string(byte));
  }

  std::optional<FieldError> error;

 private:
  struct Open {
    bool array = false;
    std::size_t next_index = 0;  // arrays: elements started so far
    std::string key;             // objects: the current member's name
  };

  // A value starts: in an array it takes the next index.
  bool element() {
    if (!open_.empty() && open_.back().array) ++open_.back().next_index;
    return true;
  }

  bool open(bool array) {
    element();
    if (open_.size() >= kMaxJsonDepth) {
      std::string outer = open_.front().array ? std::to_string(open_.front().next_index - 1) : open_.front().key;
      return fail(prefix_.empty() && open_.front().array ? std::string(name_) : std::string(prefix_) + outer,
                  "nests arrays and objects deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    open_.push_back({array, 0, {}});
    return true;
  }

  // "members/0/name": the member being read in the first `frames` open containers.
  std::string path(std::size_t frames) const {
    std::string out;
    for (std::size_t i = 0; i < frames; ++i) {
      const Open& o = open_[i];
      if (!out.empty()) out += '/';
      out += o.array ? std::to_string(o.next_index - 1) : o.key;
    }
    if (out.empty()) return std::string(name_);
    return std::string(prefix_) + out;
  }

  bool fail(std::string field, std::string message) {
    if (!error) error = FieldError{std::move(field), std::move(message)};
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::string_view name_, prefix_;
  std::vector<Open> open_;
};

}  // namespace

Result<nlohmann::json> parse_json(std::string_view text, std::string_view name, std::string_view prefix) {
  json root;
  BoundedDomBuilder builder(root, name, prefix);
  bool ok = false;
  try {
    ok = json::sax_parse(text, &builder);
  } catch (const json::exception&) {
    ok = false;  // the DOM builder's own limits (never reached for text input)
  }
  if (builder.error) return Error::invalid(std::vector<FieldError>{*builder.error});
  if (!ok) return Error::invalid(std::string(name), "malformed JSON");
  return root;
}

Result<nlohmann::json> parse_json_body(std::string_view body) {
  if (body.empty()) return Error::invalid("body", "a JSON object is required");
  return parse_json(body, "body", "");
}

namespace {
std::string trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

}  // namespace

JsonInput::JsonInput(const nlohmann::json& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {
  if (!object_.is_object()) {
    errors_.push_back({prefix_.empty() ? "body" : prefix_.substr(0, prefix_.size() - 1),
                       "expected a JSON object"});
    not_object_ = true;
  }
}

const nlohmann::json* JsonInput::find(std::string_view name, bool required) {
  known_.emplace(name);
  if (not_object_) return nullptr;
  auto it = object_.find(std::string(name));
  if (it == object_.end() || it->is_null()) {
    if (required) errors_.push_back({path(name), "is required"});
    return nullptr;
  }
  return &*it;
}

bool JsonInput::has(std::string_view name) const {
  return !not_object_ && object_.contains(std::string(name));
}

bool JsonInput::is_null(std::string_view name) const {
  if (not_object_) return false;
  auto it = object_.find(std::string(name));
  return it != object_.end() && it->is_null();
}

void JsonInput::fail(std::string_view name, std::string message) {
  errors_.push_back({path(name), std::move(message)});
}

std::optional<std::string> JsonInput::text(std::string_view name, TextRule rule) {
  const auto* v = find(name, rule.required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(name, "must be a string");
    return std::nullopt;
  }
  std::string s = trim(v->get<std::string>());
  if (s.size() < rule.min_len || (rule.required && rule.min_len == 0 && s.empty())) {
    fail(name, rule.min_len > 1 ? "must be at least " + std::to_string(rule.min_len) + " characters"
                                : "must not be empty");
    return std::nullopt;
  }
  if (s.size() > rule.max_len) {
    fail(name, "must be at most " + std::to_string(rule.max_len) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<std::optional<std::string>> JsonInput::nullable_text(std::string_view name, TextRule rule) {
  known_.emplace(name);
  if (is_null(name)) return std::optional<std::string>();
  if (!has(name)) return std::nullopt;
  rule.required = true;
  auto value = text(name, rule);
  if (!value) return std::nullopt;
  return std::optional<std::string>(std::move(*value));
}

std::optional<int64_t> JsonInput::integer(std::string_view name, bool required, int64_t min, int64_t max) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    fail(name, "must be an integer");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    fail(name, "is out of range");
    return std::nullopt;
  }
  int64_t x = v->get<int64_t>();
  if (x < min || x > max) {
    fail(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return x;
}

std::optional<double> JsonInput::number(std::string_view name, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    fail(name, "must be a number");
    return std::nullopt;
  }
  return v->get<double>();
}

std::optional<bool> JsonInput::boolean(std::string_view name, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    fail(name, "must be true or false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::string> JsonInput::choice(std::string_view name, std::initializer_list<std::string_view> allowed,
                                             bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  if (!v->is_string()) {
    fail(name, "must be one of: " + list);
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  for (auto a : allowed)
    if (a == s) return s;
  fail(name, "must be one of: " + list);
  return std::nullopt;
}

std::optional<Instant> JsonInput::instant(std::string_view name, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    fail(name, "must be an ISO 8601 time string");
    return std::nullopt;
  }
  auto r = parse_instant(v->get<std::string>(), path(name));
  if (!r) {
    errors_.push_back(r.error().fields.front());
    return std::nullopt;
  }
  return *r;
}

std::optional<std::vector<int64_t>> JsonInput::integer_list(std::string_view name, bool required) {
  const auto* v = find(name, required);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    fail(name, "must be an array of integers");
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (!e.is_number_integer()) {
      errors_.push_back({path(name) + "/" + std::to_string(i), "must be an integer"});
      return std::nullopt;
    }
    out.push_back(e.get<int64_t>());
  }
  return out;
}

const nlohmann::json* JsonInput::raw(std::string_view name, bool required) { return find(name, required); }

Status JsonInput::finish() {
  if (!not_object_) {
    for (auto it = object_.begin(); it != object_.end(); ++it)
      if (!known_.count(it.key())) errors_.push_back({path(it.key()), "unknown field"});
  }
  if (errors_.empty()) return {};
  return Error::invalid(errors_);
}

}  // namespace lifeline
