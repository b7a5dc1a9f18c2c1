// Rule-based controls ([RULES]) as EPANET 2.3 evaluates them (rules.c):
// IF/AND/OR premises on node and link values, system time and clock time,
// THEN/ELSE actions on link status and settings, PRIORITY. Evaluated every
// rule time step while the simulation advances tank levels; when several
// rules act on one link the highest priority wins, then the earliest rule.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "hydraulics/model.h"
#include "hydraulics/state.h"
#include "net/network.h"

namespace lifeline::hydraulics {

class RuleSet {
 public:
  // Compiles network.rules against the model. Errors name the rule and line.
  static Result<RuleSet> compile(const net::Network& network, const Model& model);
  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;

  bool empty() const;
  // Evaluates every rule at state.time (dt: seconds since the last
  // evaluation, for the premise "SYSTEM TIME" crossing) and applies the
  // actions of the rules that fire. Returns true if any link's status or
  // setting changed.
  bool check(const Model& model, State& state, long long dt) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lifeline::hydraulics
