// Stub until the rules module lands: no rules.
#include "hydraulics/rules.h"

namespace lifeline::hydraulics {

struct RuleSet::Impl {};

Result<RuleSet> RuleSet::compile(const net::Network& network, const Model&) {
  if (!network.rules.empty()) return Error::invalid("rules", "rule-based controls are not supported yet");
  return RuleSet{};
}
RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
bool RuleSet::empty() const { return true; }
bool RuleSet::check(const Model&, State&, long long) const { return false; }

}  // namespace lifeline::hydraulics
