// Compliance as Chinese utilities report it, from approved results only (the
// day roll-up approval writes): the pass rate per test (项次合格率), per
// sheet (水样合格率), the composite rate of CJ/T 206 (综合合格率: the mean of
// the 7 network items' own rates and the rate of every other test, over
// network water), per indicator, per point type, per plant and per month,
// each marked against the 95 % threshold. Trends per point and indicator with
// their limits, the latest residual chlorine at a priority customer, and the
// monthly public disclosure table (水质公告: outlet water per plant and
// network water, with limits) as JSON, XLSX and PDF.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/quality/access.h"
#include "app/quality/model.h"
#include "app/runtime.h"

namespace lifeline::app::quality {

inline constexpr double kComplianceThreshold = 0.95;

struct Rate {
  std::string key, label;  // the indicator code, point type, plant id or month; its Chinese label
  int64_t tests = 0, passes = 0;
  double rate() const { return tests ? static_cast<double>(passes) / static_cast<double>(tests) : 1.0; }
  bool below() const { return tests > 0 && rate() < kComplianceThreshold; }
};

struct ComplianceReport {
  Unit unit;
  std::string from, to;
  Rate tests, sheets;                 // 项次 and 水样 over drinking water
  std::optional<double> composite;    // 综合合格率 (no network tests: none)
  std::vector<Rate> composite_items;  // the 7 items and "other"
  std::vector<Rate> indicators, point_types, plants, months;
};

struct TrendPoint {
  Instant at;
  std::optional<double> value;
  std::string display, judgement, source;  // source: sample, analyser
  std::optional<int64_t> sample_id;
};
struct Trend {
  Point point;
  std::string indicator;
  Applicable limit;
  std::vector<TrendPoint> points;
};

struct ChlorineAtCustomer {
  int64_t customer_id = 0;
  std::optional<Point> point;
  std::optional<TrendPoint> latest;  // the newest approved result or analyser reading
  std::string indicator, limit_text;
  std::optional<int64_t> open_exceedance;
};

struct DisclosureRow {
  std::string indicator, name_zh, unit, limit;
  int64_t tests = 0, passes = 0;
  std::string min, max, mean;  // as displayed ("<0.05", "0.42")
};
struct DisclosureSection {
  std::string title;  // "第二水厂 出厂水", "管网水"
  std::vector<DisclosureRow> rows;
  int64_t sheets = 0;
};
struct Disclosure {
  Unit utility;
  std::string month;  // YYYY-MM
  std::vector<DisclosureSection> sections;
  Rate tests;
  std::optional<double> composite;
};

class Compliance {
 public:
  explicit Compliance(Runtime& rt) : rt_(rt) {}

  Result<ComplianceReport> report(const Actor& actor, std::optional<int64_t> org, const std::string& from,
                                  const std::string& to);
  Result<Trend> trend(const Actor& actor, int64_t point_id, const std::string& indicator,
                      const std::optional<std::string>& from, const std::optional<std::string>& to);
  Result<ChlorineAtCustomer> chlorine_at(const Actor& actor, int64_t customer_id);
  Result<Disclosure> disclosure(const Actor& actor, std::optional<int64_t> org, const std::string& month);

  // The report over a subtree without the actor checks (the summary source and benches).
  static Result<ComplianceReport> compute(store::Tx& tx, const Unit& unit, std::optional<int64_t> utility_id,
                                          const std::string& from, const std::string& to);

 private:
  Runtime& rt_;
};

nlohmann::json to_json(const ComplianceReport& r);
nlohmann::json to_json(const Trend& t);
nlohmann::json to_json(const ChlorineAtCustomer& c);
nlohmann::json to_json(const Disclosure& d);
// The disclosure as a workbook and as a printable PDF (Chinese).
Result<std::string> disclosure_xlsx(const Disclosure& d);
Result<std::string> disclosure_pdf(const Disclosure& d);

}  // namespace lifeline::app::quality
