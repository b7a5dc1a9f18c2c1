#include "app/duty/json.h"

#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::duty {

namespace {

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

std::string clock(int minute) { return minute == kMinutesPerDay ? "24:00" : format_clock_time(minute); }

// "HH:MM", or "24:00" where `allow_end` (the end of a window).
std::optional<int> read_clock(JsonInput& in, const char* name, int fallback, bool allow_end) {
  auto text = in.text(name, {.required = false, .max_len = 5});
  if (!text) return fallback;
  if (allow_end && *text == "24:00") return kMinutesPerDay;
  auto minute = parse_clock_time(*text, name);
  if (!minute) {
    in.fail(name, "must be a time HH:MM");
    return std::nullopt;
  }
  return *minute;
}

// Copies a nested reader's problems into its parent.
void adopt(JsonInput& parent, JsonInput& child) {
  auto st = child.finish();
  if (!st)
    for (const auto& f : st.error().fields) parent.fail(f.field, f.message);
}

}  // namespace

nlohmann::json instant_json(const std::optional<Instant>& t) {
  return t ? nlohmann::json(format_instant(*t)) : nlohmann::json();
}

nlohmann::json to_json(const Weekly& w) {
  nlohmann::json days = nlohmann::json::array();
  for (int d = 0; d < 7; ++d)
    if (w.days & (1 << d)) days.push_back(d + 1);
  return {{"days", days}, {"from", clock(w.from)}, {"to", clock(w.to)}};
}

nlohmann::json to_json(const Post& p) {
  return {{"id", p.id},
          {"org_id", p.org_id},
          {"org_name", p.org_name},
          {"name", p.name},
          {"kind", p.kind},
          {"leader", p.leader()},
          {"phone", or_null(p.phone)},
          {"red_phone", p.red_phone},
          {"radio_channel", or_null(p.radio_channel)},
          {"location", or_null(p.location)},
          {"coverage", p.coverage ? to_json(*p.coverage) : nlohmann::json()},
          {"min_rest_minutes", p.min_rest_minutes},
          {"sort_order", p.sort_order},
          {"active", p.active},
          {"version", p.version}};
}

nlohmann::json post_ref(int64_t id, const std::string& name, bool red_phone) {
  return {{"id", id}, {"name", name}, {"red_phone", red_phone}};
}

nlohmann::json person_ref(const std::optional<Person>& p) {
  if (!p) return nullptr;
  return {{"id", p->id}, {"name", p->name}};
}

nlohmann::json to_json(const Layer& l) {
  nlohmann::json members = nlohmann::json::array();
  for (const auto& m : l.members) members.push_back(person_ref(m));
  return {{"id", l.id},
          {"level", l.level},
          {"name", l.name},
          {"rotation", l.rotation},
          {"shift_minutes", l.shift_minutes},
          {"handoff", clock(l.handoff)},
          {"starts_on", l.starts_on},
          {"restriction", l.restriction ? to_json(*l.restriction) : nlohmann::json()},
          {"valid_from", format_instant(l.valid_from)},
          {"valid_until", instant_json(l.valid_until)},
          {"members", members}};
}

nlohmann::json to_json(const Roster& r) {
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : r.layers) layers.push_back(to_json(l));
  return {{"id", r.id},     {"post_id", r.post_id},   {"kind", r.kind}, {"name", r.name},
          {"version", r.version}, {"updated_at", format_instant(r.updated_at)}, {"layers", layers}};
}

nlohmann::json to_json(const Override& o) {
  return {{"id", o.id},
          {"post", {{"id", o.post_id}, {"name", o.post_name}}},
          {"kind", o.kind},
          {"from", format_instant(o.span.from)},
          {"until", format_instant(o.span.until)},
          {"person", person_ref(o.person)},
          {"replaces", o.replaces ? person_ref(*o.replaces) : nlohmann::json()},
          {"reason", o.reason},
          {"state", o.state},
          {"requested_by_name", o.requested_by_name},
          {"decided_by_name", or_null(o.decided_by_name)},
          {"decided_at", instant_json(o.decided_at)},
          {"decision_note", or_null(o.decision_note)},
          {"created_at", format_instant(o.created_at)}};
}

Status check_body(const nlohmann::json& body) {
  struct Item {
    const nlohmann::json* value;
    std::string path;
    size_t depth;
  };
  std::vector<Item> stack{{&body, "", 0}};
  auto name = [](const std::string& path) { return path.empty() ? std::string("body") : path; };
  while (!stack.empty()) {
    Item item = std::move(stack.back());
    stack.pop_back();
    const auto& v = *item.value;
    if (v.is_string() && v.get_ref<const std::string&>().find('\0') != std::string::npos)
      return Error::invalid(name(item.path), "must not contain NUL characters");
    if (!v.is_structured()) continue;
    if (item.depth >= 32) return Error::invalid(name(item.path), "nested too deeply");
    const std::string base = item.path.empty() ? "" : item.path + "/";
    if (v.is_object()) {
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (it.key().find('\0') != std::string::npos)
          return Error::invalid(name(item.path), "field names must not contain NUL characters");
        stack.push_back({&it.value(), base + it.key(), item.depth + 1});
      }
    } else {
      for (size_t i = 0; i < v.size(); ++i) stack.push_back({&v[i], base + std::to_string(i), item.depth + 1});
    }
  }
  return {};
}

std::optional<Weekly> read_weekly(JsonInput& in, const std::string& name) {
  const nlohmann::json* raw = in.raw(name, false);
  if (!raw || raw->is_null()) return std::nullopt;
  if (!raw->is_object()) {
    in.fail(name, "must be an object {days, from, to} or null");
    return std::nullopt;
  }
  JsonInput w(*raw, name + "/");
  Weekly out;
  if (auto days = w.integer_list("days", false)) {
    out.days = 0;
    for (size_t i = 0; i < days->size(); ++i) {
      const int64_t d = (*days)[i];
      if (d < 1 || d > 7) w.fail("days/" + std::to_string(i), "a weekday 1 (Monday) … 7 (Sunday)");
      else out.days |= 1 << (d - 1);
    }
  }
  auto from = read_clock(w, "from", 0, false);
  auto to = read_clock(w, "to", kMinutesPerDay, true);
  adopt(in, w);
  if (!from || !to) return std::nullopt;
  out.from = *from;
  out.to = *to;
  return out;
}

std::vector<LayerInput> read_layers(JsonInput& in) {
  std::vector<LayerInput> out;
  const nlohmann::json* raw = in.raw("layers");
  if (!raw) return out;
  if (!raw->is_array()) {
    in.fail("layers", "must be an array of layers");
    return out;
  }
  if (raw->size() > 10) {
    in.fail("layers", "at most 10 layers");
    return out;
  }
  for (size_t i = 0; i < raw->size(); ++i) {
    const std::string prefix = "layers/" + std::to_string(i) + "/";
    if (!(*raw)[i].is_object()) {
      in.fail("layers/" + std::to_string(i), "must be an object");
      continue;
    }
    JsonInput l((*raw)[i], prefix);
    LayerInput layer;
    layer.name = l.text("name", {.required = false, .max_len = 100}).value_or("");
    layer.rotation = l.choice("rotation", {"daily_24h", "day_night_12h", "three_shifts_8h", "weekly", "custom"})
                         .value_or("");
    if (auto m = l.integer("shift_minutes", false, INT32_MIN, INT32_MAX)) layer.shift_minutes = static_cast<int>(*m);
    layer.handoff = read_clock(l, "handoff", 8 * 60, false).value_or(0);
    if (auto day = l.text("starts_on", {.max_len = 10})) {
      if (parse_date(*day, "starts_on")) layer.starts_on = *day;
      else l.fail("starts_on", "must be a date YYYY-MM-DD");
    }
    if (auto members = l.integer_list("members")) layer.members = *members;
    if (layer.members.size() > 100) l.fail("members", "at most 100 people in a layer");
    layer.restriction = read_weekly(l, "restriction");
    adopt(in, l);
    out.push_back(std::move(layer));
  }
  return out;
}

}  // namespace lifeline::app::duty
