#include "hydraulics/rule_parser.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <span>
#include <string_view>

namespace lifeline::hydraulics::rules {
namespace {

using Tokens = std::vector<std::string_view>;

struct ClauseError {
  std::string message;
};

[[noreturn]] void fail(std::string message) { throw ClauseError{std::move(message)}; }

std::string quoted(std::string_view s) {
  std::string out;  // appended piecewise: GCC 12 -O3 misreads "'" + std::string(s) (-Wrestrict)
  out.reserve(s.size() + 2);
  out.push_back('\'');
  out.append(s);
  out.push_back('\'');
  return out;
}

// EPANET's match(): a word is a keyword when it begins with it, in any case.
bool begins_with(std::string_view word, std::string_view keyword) {
  if (keyword.size() > word.size()) return false;
  for (std::size_t i = 0; i < keyword.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(word[i])) != std::toupper(static_cast<unsigned char>(keyword[i])))
      return false;
  }
  return true;
}

// EPANET's findmatch(): the first keyword of the list the word begins with,
// so the lists keep EPANET's order ("<=" before "<").
int keyword_index(std::string_view word, std::span<const std::string_view> keywords) {
  int i = 0;
  for (std::string_view k : keywords) {
    if (begins_with(word, k)) return i;
    ++i;
  }
  return -1;
}

int keyword_index(std::string_view word, std::initializer_list<std::string_view> keywords) {
  return keyword_index(word, std::span<const std::string_view>(keywords.begin(), keywords.size()));
}

// EPANET's gettokens(): blanks separate tokens; a token that opens with a
// double quote runs to the closing quote.
Tokens split(std::string_view line) {
  Tokens out;
  std::size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (i < line.size()) {
    if (blank(line[i])) {
      ++i;
      continue;
    }
    if (line[i] == '"') {
      std::size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) end = line.size();
      out.push_back(line.substr(i + 1, end - i - 1));
      i = end + 1;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && !blank(line[end])) ++end;
    out.push_back(line.substr(i, end - i));
    i = end;
  }
  return out;
}

// EPANET's getfloat(): strtod must use up the whole token.
bool read_number(std::string_view token, double& value) {
  std::string text(token);
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end != nullptr && *end == '\0';
}

// EPANET's hour(): "H[:MM[:SS]]" or decimal hours, with an optional unit
// (SEC, MIN, HOURS, DAYS for a plain number; AM or PM). Returns hours, or a
// negative value when the text is no time.
double read_hours(std::string_view time, std::string_view units) {
  double part[3] = {0, 0, 0};
  int n = 0;
  std::size_t start = 0;
  while (start <= time.size()) {
    std::size_t colon = time.find(':', start);
    std::size_t end = colon == std::string_view::npos ? time.size() : colon;
    if (end > start) {  // strtok skips empty pieces
      if (n == 3 || !read_number(time.substr(start, end - start), part[n])) return -1.0;
      ++n;
    }
    if (colon == std::string_view::npos) break;
    start = colon + 1;
  }
  if (n == 1 && !units.empty()) {
    if (begins_with(units, "SEC")) return part[0] / 3600.0;
    if (begins_with(units, "MIN")) return part[0] / 60.0;
    if (begins_with(units, "HOU")) return part[0];
    if (begins_with(units, "DAY")) return part[0] * 24.0;
  }
  double hours = part[0];
  if (n > 1) hours += part[1] / 60.0 + part[2] / 3600.0;
  if (units.empty()) return hours;
  if (begins_with(units, "AM")) {
    if (hours >= 13.0) return -1.0;
    return hours >= 12.0 ? hours - 12.0 : hours;
  }
  if (begins_with(units, "PM")) {
    if (hours >= 13.0) return -1.0;
    return hours >= 12.0 ? hours : hours + 12.0;
  }
  return -1.0;
}

enum Clause { kRule, kIf, kAnd, kOr, kThen, kElse, kPriority, kDisabled };
enum ObjectWord { kJunction, kReservoir, kTank, kPipe, kPump, kValve, kNode, kLink, kSystem };

// Where a rule is in its grammar: which clauses may come next (EPANET's RuleState).
enum class Stage { opened, premises, then_actions, else_actions, priority };

const char* kPremiseForm =
    "a premise is '<object> <id> <attribute> <relation> <value>' or 'SYSTEM <attribute> <relation> <value>'";

class RuleCompiler {
 public:
  RuleCompiler(const net::Network& network, const Model& model) : net_(network), model_(model) {}

  Rule compile(const net::Rule& source, std::size_t& line_no) {
    Rule rule;
    rule.name = source.name;
    Stage stage = Stage::opened;
    for (line_no = 1; line_no <= source.lines.size(); ++line_no) {
      const Tokens t = split(source.lines[line_no - 1]);
      if (t.empty()) continue;
      switch (keyword_index(t[0], {"RULE", "IF", "AND", "OR", "THEN", "ELSE", "PRIO", "DISABLED"})) {
        case kIf:
          if (stage != Stage::opened) fail("IF must be the rule's first clause");
          stage = Stage::premises;
          rule.premises.push_back(premise(t, false));
          break;
        case kAnd:
          if (stage == Stage::premises) rule.premises.push_back(premise(t, false));
          else if (stage == Stage::then_actions) rule.then_actions.push_back(action(t));
          else if (stage == Stage::else_actions) rule.else_actions.push_back(action(t));
          else fail("AND must follow an IF, THEN or ELSE clause");
          break;
        case kOr:
          if (stage != Stage::premises) fail("OR may only join premises (after IF)");
          rule.premises.push_back(premise(t, true));
          break;
        case kThen:
          if (stage != Stage::premises) fail("THEN must follow the premises");
          stage = Stage::then_actions;
          rule.then_actions.push_back(action(t));
          break;
        case kElse:
          if (stage != Stage::then_actions) fail("ELSE must follow the THEN actions");
          stage = Stage::else_actions;
          rule.else_actions.push_back(action(t));
          break;
        case kPriority:
          if (stage != Stage::then_actions && stage != Stage::else_actions) fail("PRIORITY must follow the actions");
          stage = Stage::priority;
          rule.priority = priority(t);
          break;
        case kDisabled:
          if (stage == Stage::opened || stage == Stage::premises) fail("DISABLED must follow the actions");
          rule.enabled = false;
          break;
        case kRule:
          fail("RULE must start a line of its own with the rule's name only");
        default:
          fail(quoted(t[0]) + " is not a rule clause (IF, AND, OR, THEN, ELSE, PRIORITY)");
      }
    }
    return rule;
  }

 private:
  const net::Network& net_;
  const Model& model_;

  int node_index(std::string_view id) const {
    const net::Index i = net_.find_node(id);
    if (i == net::kNone) fail("no node " + quoted(id));
    return model_.node_of[static_cast<std::size_t>(i)];
  }

  int link_index(std::string_view id) const {
    const net::Index i = net_.find_link(id);
    if (i == net::kNone) fail("no link " + quoted(id));
    return static_cast<int>(i);
  }

  // EPANET's newpremise().
  Premise premise(const Tokens& t, bool or_clause) const {
    if (t.size() != 5 && t.size() != 6) fail(kPremiseForm);
    Premise p;
    p.or_with_previous = or_clause;
    const int object = keyword_index(t[1], {"JUNC", "RESER", "TANK", "PIPE", "PUMP", "VALVE", "NODE", "LINK", "SYSTEM"});
    static constexpr std::string_view kAttributes[] = {
        "DEMAND", "HEAD", "GRADE", "LEVEL", "PRESSURE", "FLOW", "STATUS", "SETTING", "POWER", "TIME",
        "CLOCKTIME", "FILLTIME", "DRAINTIME"};
    enum { kDemand, kHead, kGrade, kLevel, kPressure, kFlow, kStatus, kSetting, kPower, kTime, kClock, kFill, kDrain };
    static constexpr Attribute kAttribute[] = {
        Attribute::demand, Attribute::head, Attribute::grade, Attribute::level, Attribute::pressure,
        Attribute::flow, Attribute::status, Attribute::setting, Attribute::status /* POWER: rejected */,
        Attribute::time, Attribute::clocktime, Attribute::filltime, Attribute::draintime};
    std::size_t relation_at = 4;
    if (object == kSystem) {
      const int a = keyword_index(t[2], kAttributes);
      if (a != kDemand && a != kTime && a != kClock)
        fail(quoted(t[2]) + " is not a SYSTEM attribute (DEMAND, TIME, CLOCKTIME)");
      p.subject = Subject::system;
      p.attribute = kAttribute[a];
      relation_at = 3;
    } else if (object < 0) {
      fail("unknown object " + quoted(t[1]) + " (NODE, JUNCTION, RESERVOIR, TANK, LINK, PIPE, PUMP, VALVE or SYSTEM)");
    } else if (object <= kTank || object == kNode) {
      p.subject = Subject::node;
      p.index = node_index(t[2]);
      const int a = keyword_index(t[3], kAttributes);
      const bool fixed_grade = p.index >= model_.n_junctions;
      if (a == kFill || a == kDrain) {
        if (!fixed_grade) fail(std::string(a == kFill ? "FILLTIME" : "DRAINTIME") + " applies to tanks, not junction " + quoted(t[2]));
      } else if (a == kFlow || a == kStatus || a == kSetting || a == kPower) {
        fail(quoted(t[3]) + " is a link attribute and " + quoted(t[2]) +
             " is a node (DEMAND, HEAD, GRADE, LEVEL, PRESSURE, FILLTIME, DRAINTIME)");
      } else if (a < kDemand || a > kPressure) {
        fail(quoted(t[3]) + " is not a node attribute (DEMAND, HEAD, GRADE, LEVEL, PRESSURE, FILLTIME, DRAINTIME)");
      }
      p.attribute = kAttribute[a];
    } else {
      p.subject = Subject::link;
      p.index = link_index(t[2]);
      const int a = keyword_index(t[3], kAttributes);
      if (a == kPower) fail("POWER is not a premise attribute EPANET accepts (FLOW, STATUS, SETTING)");
      if (a != kFlow && a != kStatus && a != kSetting)
        fail(quoted(t[3]) + " is not a link attribute (FLOW, STATUS, SETTING)");
      p.attribute = kAttribute[a];
    }

    const int r = keyword_index(t[relation_at], {"=", "<>", "<=", ">=", "<", ">", "IS", "NOT", "BELOW", "ABOVE"});
    static constexpr Relation kRelation[] = {Relation::eq, Relation::ne, Relation::le, Relation::ge, Relation::lt,
                                             Relation::gt, Relation::eq, Relation::ne, Relation::lt, Relation::gt};
    if (r < 0) fail("unknown relation " + quoted(t[relation_at]) + " (=, <>, <, >, <=, >=, IS, NOT, BELOW, ABOVE)");
    p.relation = kRelation[r];

    const std::string_view last = t.back();
    if (p.attribute == Attribute::time || p.attribute == Attribute::clocktime) {
      const double hours = read_hours(t[4], t.size() == 6 ? t[5] : std::string_view{});
      if (hours < 0) fail("bad time " + quoted(t.size() == 6 ? std::string(t[4]) + " " + std::string(t[5]) : std::string(t[4])));
      p.value = std::floor(hours * 3600.0 + 0.5);  // whole seconds, as EPANET rounds them
    } else if (const int s = keyword_index(last, {"XXXX", "OPEN", "CLOSED", "ACTIVE"}); s > 0) {
      // EPANET 2.3.5 lets this through and then reads the status of the link
      // that has the node's index; its later code rejects it (error 202).
      if (p.subject != Subject::link)
        fail(quoted(last) + " is a link status and " + quoted(t[2]) + " is a node: only a link has a status; compare its " +
             std::string(t[3]) + " with a number");
      p.status = static_cast<StatusWord>(s);
    } else {
      if (!read_number(last, p.value)) fail("bad value " + quoted(last));
      if (p.attribute == Attribute::filltime || p.attribute == Attribute::draintime) p.value *= 3600.0;
    }
    return p;
  }

  // EPANET's newaction(): "<link object> <id> STATUS|SETTING IS <value>".
  // Like EPANET it reads only the id and the value: the object and
  // attribute words are not checked.
  Action action(const Tokens& t) const {
    if (t.size() != 6) fail("an action is '<link object> <id> STATUS IS OPEN|CLOSED' or '... SETTING IS <value>'");
    Action a;
    a.link = link_index(t[2]);
    const Link& link = model_.links[static_cast<std::size_t>(a.link)];
    if (link.kind == LinkKind::cvpipe) fail("pipe " + quoted(t[2]) + " has a check valve and cannot be controlled");
    if (const int s = keyword_index(t[5], {"XXXX", "OPEN", "CLOSED", "ACTIVE"}); s > 0) {
      a.status = static_cast<StatusWord>(s);
      return a;
    }
    double x = 0;
    if (!read_number(t[5], x) || x < 0.0) fail("bad action value " + quoted(t[5]));
    if (link.kind == LinkKind::gpv) fail("GPV " + quoted(t[2]) + " has no setting a rule can change");
    if (link.kind == LinkKind::pipe) {  // a pipe's setting is its status: 0 closes it
      a.status = x == 0.0 ? StatusWord::closed : StatusWord::open;
      return a;
    }
    switch (link.kind) {
      case LinkKind::prv:
      case LinkKind::psv:
      case LinkKind::pbv: x /= model_.ucf.pressure; break;
      case LinkKind::fcv: x /= model_.ucf.flow; break;
      default: break;
    }
    a.setting = x;
    return a;
  }

  static double priority(const Tokens& t) {
    if (t.size() < 2) fail("PRIORITY needs a number");
    double x = 0;
    if (!read_number(t[1], x)) fail("bad priority " + quoted(t[1]));
    return x;
  }
};

}  // namespace

Result<std::vector<Rule>> parse_rules(const net::Network& network, const Model& model) {
  std::vector<Rule> out;
  out.reserve(network.rules.size());
  RuleCompiler compiler(network, model);
  for (const net::Rule& source : network.rules) {
    std::size_t line_no = 0;
    try {
      out.push_back(compiler.compile(source, line_no));
    } catch (const ClauseError& e) {
      const std::string& text = source.lines[line_no - 1];
      return Error::invalid("rules", "rule " + source.name + " line " + std::to_string(line_no) + " (" + text +
                                         "): " + e.message);
    }
  }
  return out;
}

}  // namespace lifeline::hydraulics::rules
