// libFuzzer target for the JSON body parser and JsonInput: any bytes must
// give a value or an invalid-input error, never a crash or sanitizer report.
// A value that was read nests at most kMaxJsonDepth levels, holds no NUL,
// equals what nlohmann's own parser reads, and survives JsonInput and dump().
// Where nlohmann accepts what we refuse, the reason must be the depth or a NUL.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_input.h"

namespace {

using nlohmann::json;

// Depth and NUL, walked without recursion.
bool within_the_rules(const json& root) {
  std::vector<std::pair<const json*, size_t>> stack{{&root, 0}};
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    if (v->is_string() && v->get_ref<const std::string&>().find('\0') != std::string::npos) return false;
    if (!v->is_structured()) continue;
    if (depth + 1 > lifeline::kMaxJsonDepth) return false;
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (v->is_object() && it.key().find('\0') != std::string::npos) return false;
      stack.push_back({&*it, depth + 1});
    }
  }
  return true;
}

void read_like_a_route(const json& body) {
  lifeline::JsonInput in(body);
  (void)in.text("name", {.required = false});
  (void)in.integer("org_id", false, 1);
  (void)in.number("temperature", false);
  (void)in.boolean("active", false);
  (void)in.choice("level", {"I", "II", "III", "IV"}, false);
  (void)in.instant("at", false);
  (void)in.integer_list("ids", false);
  (void)in.nullable_text("remarks");
  if (const auto* items = in.raw("items", false); items && items->is_array())
    for (size_t i = 0; i < items->size() && i < 8; ++i) {
      lifeline::JsonInput item((*items)[i], "items/" + std::to_string(i) + "/");
      (void)item.text("node", {.required = false});
      (void)item.finish();
    }
  (void)in.finish();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ours = lifeline::parse_json_body(text);
  json theirs = json::parse(text, nullptr, false);
  if (ours) {
    if (!within_the_rules(*ours)) std::abort();
    if (theirs.is_discarded() || theirs != *ours) std::abort();
    read_like_a_route(*ours);
    (void)ours->dump(-1, ' ', false, json::error_handler_t::replace);
    return 0;
  }
  if (ours.error().code != lifeline::ErrorCode::invalid || ours.error().fields.size() != 1) std::abort();
  if (!theirs.is_discarded() && within_the_rules(theirs)) std::abort();  // refused a value within the rules
  return 0;
}
