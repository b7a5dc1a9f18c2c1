// The [RULES] grammar of EPANET 2.3 (rules.c: ruledata, newpremise,
// newaction, newpriority): each net::Rule's clauses compiled into premises
// and actions on model indices. Keywords match as EPANET matches them: a
// word is recognised by its leading letters, case-insensitively ("JUNCTION"
// is "JUNC", "PRIORITY" is "PRIO").
//
// Premise values stay in the file's units, as EPANET keeps them: it compares
// node and link values converted to file units with a tolerance of 0.001 of
// those units, and the comparison is only exact that way.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "hydraulics/model.h"
#include "net/network.h"

namespace lifeline::hydraulics::rules {

enum class Subject : unsigned char { node, link, system };
enum class Attribute : unsigned char {
  demand, head, grade, level, pressure, flow, status, setting, time, clocktime, filltime, draintime
};
enum class Relation : unsigned char { eq, ne, le, ge, lt, gt };
// A premise or action value that is a status word (EPANET's IS_OPEN...).
enum class StatusWord : unsigned char { none, open, closed, active };

struct Premise {
  bool or_with_previous = false;  // OR clause; IF and AND clauses chain with AND
  Subject subject = Subject::system;
  int index = -1;                 // model node or link index; -1 for SYSTEM
  Attribute attribute = Attribute::time;
  Relation relation = Relation::eq;
  StatusWord status = StatusWord::none;  // set: a status comparison
  double value = 0;               // file units; s for TIME, CLOCKTIME, FILLTIME, DRAINTIME
};

struct Action {
  int link = 0;                       // model link index
  StatusWord status = StatusWord::none;  // OPEN / CLOSED / ACTIVE, or none for a setting
  double setting = kMissing;          // internal units (pump speed, valve setting), or kMissing
};

struct Rule {
  std::string name;
  std::vector<Premise> premises;
  std::vector<Action> then_actions, else_actions;
  double priority = 0;
  bool enabled = true;  // DISABLED clause
};

// Errors: Error::invalid("rules", "rule <name> line <n>: <what>"), n counting
// the rule's clauses from 1 (the RULE line itself is not counted).
Result<std::vector<Rule>> parse_rules(const net::Network& network, const Model& model);

}  // namespace lifeline::hydraulics::rules
