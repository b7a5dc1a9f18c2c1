// Daily summaries: every business module answers "what are your figures for
// this org subtree and these days?" through this one seam, and the command
// centre, the big screen and the daily briefing read all modules the same
// way. A module adds a Source (its `summary.cpp`) and Platform registers it;
// nothing else has to change for its section to appear everywhere.
//
// Figures are computed from the records at the time of the call. Keys are
// stable (the briefing freezes them, the screen looks them up); labels come
// in Chinese and English so no reader sees the other language.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::summary {

// Local business days, inclusive ("2020-01-24" … "2020-02-02"); one day when from == to.
struct Period {
  std::string from, to;
  bool one_day() const { return from == to; }
};

// The org subtree a summary covers (already checked visible to the actor).
struct Scope {
  int64_t org_id = 0;
  std::string org_path;  // "/1/4/"
  std::string org_name;
  std::string org_kind;  // "association", "utility", ...
};

struct Figure {
  std::string key;                 // "checked_in"
  std::string label_zh, label_en;  // "已打卡", "Checked in"
  double value = 0;
  // "" (a count), "%", "people", "t", "kg", "mg/L", "m", "min", "h", "L/s", "days";
  // unit_label() spells them for a reader.
  std::string unit;
  std::string link;   // the web page that lists the records behind it: "/health/census?org=4&date=2020-02-03"
  std::string state;  // "" | "ok" | "warn" | "alarm": how a tile colours it
};

// A breakdown: incidents by type, calls by category.
struct Table {
  std::string key, title_zh, title_en;
  std::vector<Figure> rows;
};

struct Section {
  std::string key;                 // the source's key: "health"
  std::string title_zh, title_en;  // "内部防控", "Internal prevention"
  std::vector<Figure> figures;
  std::vector<Table> tables;
  // One line a commander reads first ("在岗 2,689 人，异常 3 人"), in Chinese and English.
  std::string headline_zh, headline_en;

  const Figure* figure(std::string_view key) const;
};

class Source {
 public:
  virtual ~Source() = default;
  // The section key; also its place in kSectionOrder.
  virtual std::string_view key() const = 0;
  // The figures of `scope` over `period`; nullopt when this actor may not
  // read this module's figures (the section is left out, not an error).
  virtual Result<std::optional<Section>> summarise(const Actor& actor, const Scope& scope, const Period& period) = 0;
};

// The briefing's order: the seed's pillars (command, supply assurance,
// emergency response, internal prevention, information reporting, duty),
// then the hotline, water quality, supplies, telemetry and publicity, and
// last the delivery of group-robot messages (notify).
inline constexpr std::string_view kSectionOrder[] = {
    "command", "assurance", "repair", "health", "reports", "duty",
    "hotline", "quality", "supplies", "telemetry", "publicity", "notify"};

class Registry {
 public:
  explicit Registry(store::Database& db) : db_(db) {}
  void add(Source& source);

  // The org the actor asked for, as a Scope: 404 when it does not exist or is
  // outside the actor's subtree.
  Result<Scope> scope(const Actor& actor, int64_t org_id) const;
  // Every source's section that the actor may read, in kSectionOrder;
  // `only` restricts it to the given keys.
  Result<std::vector<Section>> compile(const Actor& actor, const Scope& scope, const Period& period,
                                       const std::vector<std::string>& only = {}) const;
  std::vector<std::string> keys() const;

 private:
  store::Database& db_;
  std::vector<Source*> sources_;  // in kSectionOrder
};

// "12 人" / "12 people": the unit as a reader of that language writes it.
std::string unit_label(std::string_view unit, bool chinese);
// Checks a period from the query (`date`, or `from` and `to`): real days, from <= to, at most 366 days.
Result<Period> parse_period(const std::optional<std::string>& date, const std::optional<std::string>& from,
                            const std::optional<std::string>& to);

}  // namespace lifeline::app::summary
