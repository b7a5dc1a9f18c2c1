#include "app/quality/compliance.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "app/export/pdf.h"
#include "app/quality/exceedances.h"
#include "app/quality/points.h"
#include "app/quality/samples.h"
#include "core/time.h"
#include "sheets/table.h"
#include "store/like.h"

namespace lifeline::app::quality {

using store::Tx;
using store::TxMode;

namespace {

const char* point_type_zh(const std::string& t) {
  if (t == "raw") return "原水";
  if (t == "process") return "工艺水";
  if (t == "outlet") return "出厂水";
  if (t == "network") return "管网水";
  if (t == "network_end") return "末梢水";
  if (t == "secondary") return "二次供水";
  if (t == "customer") return "重点用户";
  return "";
}

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string pct(const Rate& r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", r.rate() * 100);
  return buf;
}

nlohmann::json rate_json(const Rate& r) {
  return {{"key", r.key},     {"label", r.label},          {"tests", r.tests},
          {"passes", r.passes}, {"rate", r.tests ? nlohmann::json(r.rate()) : nlohmann::json()},
          {"below_threshold", r.below()}};
}

const char* kNetworkTypes = "('network', 'network_end', 'secondary', 'customer')";

std::string indicator_zh(const std::string& code) {
  const Indicator* ind = find_indicator(code);
  return ind ? std::string(ind->name_zh) : code;
}

}  // namespace

Result<ComplianceReport> Compliance::compute(Tx& tx, const Unit& unit, std::optional<int64_t> utility_id,
                                             const std::string& from, const std::string& to) {
  ComplianceReport r;
  r.unit = unit;
  r.from = from;
  r.to = to;
  std::string where = "WHERE d.day >= ? AND d.day <= ? AND d.org_path LIKE ? ESCAPE '\\'";
  store::Params params{from, to, store::like_prefix(unit.path)};
  if (utility_id) {
    where = "WHERE d.utility_id = ? AND " + where.substr(6);
    params.insert(params.begin(), *utility_id);
  }
  const std::string drinking = " AND d.point_type NOT IN ('raw', 'process')";
  LL_TRY(auto by_indicator, tx.query("SELECT d.indicator, SUM(d.tests), SUM(d.passes) FROM quality_daily_stats d " +
                                         where + drinking + " GROUP BY d.indicator ORDER BY d.indicator",
                                     params));
  for (const auto& row : by_indicator) {
    Rate x{row.text(0), "", row.integer(1), row.integer(2)};
    if (x.key.empty()) {
      r.sheets = x;
      r.sheets.key = "sheets";
      r.sheets.label = "水样合格率";
      continue;
    }
    x.label = indicator_zh(x.key);
    r.tests.tests += x.tests;
    r.tests.passes += x.passes;
    r.indicators.push_back(x);
  }
  r.tests.key = "tests";
  r.tests.label = "项次合格率";
  // The catalogue's order (routine first), not the codes'.
  std::map<std::string, size_t> order;
  size_t i = 0;
  for (const auto& ind : indicators()) order[std::string(ind.code)] = i++;
  std::sort(r.indicators.begin(), r.indicators.end(), [&](const Rate& a, const Rate& b) {
    return (order.count(a.key) ? order[a.key] : 999) < (order.count(b.key) ? order[b.key] : 999);
  });
  LL_TRY(auto by_type, tx.query("SELECT d.point_type, SUM(d.tests), SUM(d.passes) FROM quality_daily_stats d " + where +
                                    " AND d.indicator <> '' GROUP BY d.point_type",
                                params));
  for (const char* t : kPointTypes)
    for (const auto& row : by_type)
      if (row.text(0) == t) r.point_types.push_back({t, point_type_zh(t), row.integer(1), row.integer(2)});
  LL_TRY(auto by_plant, tx.query("SELECT d.plant_id, o.name, SUM(d.tests), SUM(d.passes) FROM quality_daily_stats d"
                                 " JOIN orgs o ON o.id = d.plant_id " + where + drinking +
                                     " AND d.indicator <> '' AND d.plant_id <> 0 GROUP BY d.plant_id, o.name ORDER BY o.name",
                                 params));
  for (const auto& row : by_plant) r.plants.push_back({row.text(0), row.text(1), row.integer(2), row.integer(3)});
  LL_TRY(auto by_month, tx.query("SELECT SUBSTR(d.day, 1, 7), SUM(d.tests), SUM(d.passes) FROM quality_daily_stats d " +
                                     where + drinking + " AND d.indicator <> '' GROUP BY SUBSTR(d.day, 1, 7) ORDER BY 1",
                                 params));
  for (const auto& row : by_month) r.months.push_back({row.text(0), row.text(0), row.integer(1), row.integer(2)});
  // 综合合格率 (CJ/T 206): network water's 7 items each, and everything else as one.
  LL_TRY(auto network, tx.query("SELECT d.indicator, SUM(d.tests), SUM(d.passes) FROM quality_daily_stats d " + where +
                                    " AND d.indicator <> '' AND d.point_type IN " + kNetworkTypes +
                                    " GROUP BY d.indicator",
                                params));
  const auto seven = network_items();
  Rate other{"other", "其他指标", 0, 0};
  for (auto code : seven) {
    Rate item{std::string(code), indicator_zh(std::string(code)), 0, 0};
    for (const auto& row : network)
      if (row.text(0) == code) item = {std::string(code), item.label, row.integer(1), row.integer(2)};
    r.composite_items.push_back(item);
  }
  for (const auto& row : network)
    if (std::find(seven.begin(), seven.end(), row.text(0)) == seven.end()) {
      other.tests += row.integer(1);
      other.passes += row.integer(2);
    }
  r.composite_items.push_back(other);
  double sum = 0;
  int n = 0;
  for (const auto& item : r.composite_items)
    if (item.tests) {
      sum += item.rate();
      ++n;
    }
  if (n) r.composite = sum / n;
  return r;
}

Result<ComplianceReport> Compliance::report(const Actor& actor, std::optional<int64_t> org, const std::string& from,
                                            const std::string& to) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  LL_TRY(auto f, parse_date(from, "from"));
  LL_TRY(auto t, parse_date(to, "to"));
  if (f > t) return Error::invalid("to", "must not be before from");
  if (days_between(f, t) > 731) return Error::invalid("to", "at most two years at once");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<ComplianceReport> {
    LL_TRY(auto unit, unit_for_query(tx, actor, org, "org"));
    std::optional<int64_t> utility_id;
    if (auto u = utility_of(tx, unit.path)) utility_id = u->id;
    return compute(tx, unit, utility_id, f, t);
  });
}

Result<Trend> Compliance::trend(const Actor& actor, int64_t point_id, const std::string& indicator,
                                const std::optional<std::string>& from, const std::optional<std::string>& to) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  const Indicator* ind = find_indicator(indicator);
  if (!ind) return Error::invalid("indicator", "unknown indicator '" + indicator + "'");
  const LocalTime local = local_time(rt_);
  const std::string today = local.date(rt_.clock.now());
  std::string f = add_days(today, -30), t = today;
  if (from) {
    LL_TRY(f, parse_date(*from, "from"));
  }
  if (to) {
    LL_TRY(t, parse_date(*to, "to"));
  }
  if (f > t) return Error::invalid("to", "must not be before from");
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Trend> {
    Trend out;
    LL_TRY(out.point, visible_point(tx, actor, point_id));
    out.indicator = indicator;
    LL_TRY(out.limit, limit_at(tx, *ind, out.point.utility_id, out.point.utility_path, out.point.type));
    LL_TRY(auto rows, tx.query("SELECT s.sampled_at, r.qualifier, r.value, r.detection_limit, r.text, r.judgement, s.id"
                               " FROM quality_results r JOIN quality_samples s ON s.id = r.sample_id"
                               " WHERE s.point_id = ? AND r.indicator = ? AND s.state = 'approved' AND s.day >= ?"
                               " AND s.day <= ? ORDER BY s.sampled_at LIMIT 5000",
                               {point_id, indicator, f, t}));
    for (const auto& r : rows) {
      Measured m;
      m.qualifier = r.text(1);
      if (!r.is_null(2)) m.value = r.real(2);
      if (!r.is_null(3)) m.detection_limit = r.real(3);
      m.text = r.text(4);
      out.points.push_back({from_millis(r.integer(0)), m.value, m.display(), r.text(5), "sample", r.integer(6)});
    }
    LL_TRY(auto readings, tx.query("SELECT measured_at, value, judgement FROM quality_readings WHERE point_id = ?"
                                   " AND indicator = ? AND measured_at >= ? AND measured_at < ? ORDER BY measured_at"
                                   " LIMIT 5000",
                                   {point_id, indicator, to_millis(local.start_of(f)),
                                    to_millis(local.start_of(add_days(t, 1)))}));
    for (const auto& r : readings)
      out.points.push_back({from_millis(r.integer(0)), r.real(1), fmt(r.real(1)), r.text(2), "analyser", std::nullopt});
    std::stable_sort(out.points.begin(), out.points.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
    return out;
  });
}

Result<ChlorineAtCustomer> Compliance::chlorine_at(const Actor& actor, int64_t customer_id) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<ChlorineAtCustomer> {
    ChlorineAtCustomer out;
    out.customer_id = customer_id;
    LL_TRY(auto c, tx.query_one("SELECT org_path FROM priority_customers WHERE id = ?", {customer_id}));
    if (!c) return Error::not_found("no such priority customer");
    LL_TRY(auto utility, utility_of(tx, c->text(0)));
    if (!may_read(actor, utility.path)) return Error::not_found("no such priority customer");
    LL_TRY(auto points, point_repo::select(tx, "WHERE p.customer_id = ? AND p.active = 1 ORDER BY p.id", {customer_id}));
    if (points.empty()) return out;
    out.point = points[0];
    out.indicator = "free_chlorine";
    const Indicator* ind = find_indicator(out.indicator);
    LL_TRY(auto limit, limit_at(tx, *ind, out.point->utility_id, out.point->utility_path, out.point->type));
    out.limit_text = limit.text;
    LL_TRY(auto latest, tx.query_one("SELECT s.sampled_at, r.qualifier, r.value, r.detection_limit, r.judgement, s.id"
                                     " FROM quality_results r JOIN quality_samples s ON s.id = r.sample_id"
                                     " WHERE s.point_id = ? AND r.indicator = 'free_chlorine' AND s.state = 'approved'"
                                     " ORDER BY s.sampled_at DESC LIMIT 1",
                                     {out.point->id}));
    if (latest) {
      Measured m;
      m.qualifier = latest->text(1);
      if (!latest->is_null(2)) m.value = latest->real(2);
      if (!latest->is_null(3)) m.detection_limit = latest->real(3);
      out.latest = TrendPoint{from_millis(latest->integer(0)), m.value, m.display(), latest->text(4), "sample",
                              latest->integer(5)};
    }
    LL_TRY(auto reading, tx.query_one("SELECT measured_at, value, judgement FROM quality_readings WHERE point_id = ?"
                                      " AND indicator = 'free_chlorine' ORDER BY measured_at DESC LIMIT 1",
                                      {out.point->id}));
    if (reading && (!out.latest || from_millis(reading->integer(0)) > out.latest->at))
      out.latest = TrendPoint{from_millis(reading->integer(0)), reading->real(1), fmt(reading->real(1)), reading->text(2),
                              "analyser", std::nullopt};
    LL_TRY(auto open, tx.query_one("SELECT id FROM quality_exceedances WHERE point_id = ? AND state = 'open'",
                                   {out.point->id}));
    if (open) out.open_exceedance = open->integer(0);
    return out;
  });
}

Result<Disclosure> Compliance::disclosure(const Actor& actor, std::optional<int64_t> org, const std::string& month) {
  if (!actor.can(Permission::quality_read)) return Error::forbidden();
  if (month.size() != 7 || month[4] != '-' || !parse_date(month + "-01", "month"))
    return Error::invalid("month", "must be YYYY-MM");
  const std::string from = month + "-01";
  const std::string to = add_days(add_days(from, 32).substr(0, 7) + "-01", -1);
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<Disclosure> {
    Disclosure d;
    LL_TRY(auto unit, unit_for_query(tx, actor, org, "org"));
    auto utility = utility_of(tx, unit.path);
    if (!utility) return Error::invalid("org", "the disclosure is a utility's: name the utility or one of its units");
    d.utility = *utility;
    d.month = month;
    // Approved outlet results per plant, and network water of every kind.
    LL_TRY(auto rows, tx.query("SELECT CASE WHEN s.point_type = 'outlet' THEN COALESCE(o.name, '') ELSE '' END,"
                               " r.indicator, r.qualifier, r.value, r.detection_limit, r.judgement, r.limit_text,"
                               " s.id FROM quality_results r JOIN quality_samples s ON s.id = r.sample_id"
                               " LEFT JOIN orgs o ON o.id = s.plant_id WHERE s.utility_id = ? AND s.state = 'approved'"
                               " AND s.day >= ? AND s.day <= ? AND s.point_type IN ('outlet', 'network', 'network_end',"
                               " 'secondary', 'customer') ORDER BY 1",
                               {utility->id, from, to}));
    struct Acc {
      DisclosureRow row;
      double sum = 0;
      int64_t numbers = 0;
      std::optional<double> min, max;
      std::optional<double> min_dl;
    };
    std::map<std::string, std::map<std::string, Acc>> sections;  // title -> indicator -> accumulated
    std::map<std::string, std::set<int64_t>> sheets;
    for (const auto& r : rows) {
      const std::string title = r.text(0).empty() ? "管网水（含末梢水、二次供水、重点用户）" : r.text(0) + " 出厂水";
      Acc& a = sections[title][r.text(1)];
      a.row.indicator = r.text(1);
      a.row.limit = r.text(6);
      a.row.tests += 1;
      a.row.passes += r.text(5) == "fail" ? 0 : 1;
      sheets[title].insert(r.integer(7));
      if (r.text(2) == "value" && !r.is_null(3)) {
        const double v = r.real(3);
        a.sum += v;
        ++a.numbers;
        a.min = a.min ? std::min(*a.min, v) : v;
        a.max = a.max ? std::max(*a.max, v) : v;
      } else if (r.text(2) == "below_dl" || r.text(2) == "not_detected") {
        const double dl = r.is_null(4) ? 0 : r.real(4);
        a.min_dl = a.min_dl ? std::min(*a.min_dl, dl) : dl;
      }
    }
    std::map<std::string, size_t> order;
    size_t i = 0;
    for (const auto& ind : indicators()) order[std::string(ind.code)] = i++;
    for (auto& [title, by_indicator] : sections) {
      DisclosureSection s;
      s.title = title;
      s.sheets = static_cast<int64_t>(sheets[title].size());
      for (auto& [code, a] : by_indicator) {
        const Indicator* ind = find_indicator(code);
        a.row.name_zh = ind ? std::string(ind->name_zh) : code;
        a.row.unit = ind ? std::string(ind->unit) : "";
        auto low = [&]() -> std::string {
          if (a.min_dl && (!a.min || *a.min_dl <= *a.min)) return *a.min_dl > 0 ? "<" + fmt(*a.min_dl) : "未检出";
          return a.min ? fmt(*a.min) : "—";
        };
        a.row.min = low();
        a.row.max = a.max ? fmt(*a.max) : a.row.min;
        a.row.mean = a.numbers ? fmt(a.sum / static_cast<double>(a.numbers)) : a.row.min;
        d.tests.tests += a.row.tests;
        d.tests.passes += a.row.passes;
        s.rows.push_back(a.row);
      }
      std::sort(s.rows.begin(), s.rows.end(), [&](const DisclosureRow& x, const DisclosureRow& y) {
        return (order.count(x.indicator) ? order[x.indicator] : 999) < (order.count(y.indicator) ? order[y.indicator] : 999);
      });
      d.sections.push_back(std::move(s));
    }
    // Plants first, network water last.
    std::stable_sort(d.sections.begin(), d.sections.end(), [](const auto& a, const auto& b) {
      return a.title.starts_with("管网水") < b.title.starts_with("管网水");
    });
    d.tests.key = "tests";
    d.tests.label = "项次合格率";
    LL_TRY(auto report, compute(tx, *utility, utility->id, from, to));
    d.composite = report.composite;
    return d;
  });
}

nlohmann::json to_json(const ComplianceReport& r) {
  auto list = [](const std::vector<Rate>& v) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& x : v) out.push_back(rate_json(x));
    return out;
  };
  return {{"org", {{"id", r.unit.id}, {"name", r.unit.name}}},
          {"from", r.from},
          {"to", r.to},
          {"threshold", kComplianceThreshold},
          {"overall", rate_json(r.tests)},
          {"sheets", rate_json(r.sheets)},
          {"composite", {{"rate", r.composite ? nlohmann::json(*r.composite) : nlohmann::json()},
                         {"below_threshold", r.composite && *r.composite < kComplianceThreshold},
                         {"items", list(r.composite_items)}}},
          {"indicators", list(r.indicators)},
          {"point_types", list(r.point_types)},
          {"plants", list(r.plants)},
          {"months", list(r.months)}};
}

nlohmann::json to_json(const Trend& t) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& p : t.points)
    points.push_back({{"at", format_instant(p.at)},
                      {"value", p.value ? nlohmann::json(*p.value) : nlohmann::json()},
                      {"display", p.display},
                      {"judgement", p.judgement},
                      {"source", p.source},
                      {"sample_id", p.sample_id ? nlohmann::json(*p.sample_id) : nlohmann::json()}});
  const Indicator* ind = find_indicator(t.indicator);
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); };
  return {{"point", to_json(t.point)},
          {"indicator", t.indicator},
          {"name_zh", ind ? std::string(ind->name_zh) : t.indicator},
          {"unit", ind ? std::string(ind->unit) : ""},
          {"limit",
           {{"min", opt(t.limit.min)},
            {"max", opt(t.limit.max)},
            {"internal_min", opt(t.limit.internal_min)},
            {"internal_max", opt(t.limit.internal_max)},
            {"text", t.limit.text},
            {"assessed", t.limit.assessed}}},
          {"points", points}};
}

nlohmann::json to_json(const ChlorineAtCustomer& c) {
  nlohmann::json latest;
  if (c.latest)
    latest = {{"at", format_instant(c.latest->at)},
              {"value", c.latest->value ? nlohmann::json(*c.latest->value) : nlohmann::json()},
              {"display", c.latest->display},
              {"judgement", c.latest->judgement},
              {"source", c.latest->source}};
  return {{"customer_id", c.customer_id},
          {"point", c.point ? to_json(*c.point) : nlohmann::json()},
          {"indicator", c.indicator},
          {"unit", "mg/L"},
          {"limit", c.limit_text},
          {"latest", latest},
          {"open_exceedance_id", c.open_exceedance ? nlohmann::json(*c.open_exceedance) : nlohmann::json()}};
}

nlohmann::json to_json(const Disclosure& d) {
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& s : d.sections) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : s.rows)
      rows.push_back({{"indicator", r.indicator}, {"name_zh", r.name_zh}, {"unit", r.unit}, {"limit", r.limit},
                      {"tests", r.tests}, {"passes", r.passes},
                      {"rate", r.tests ? static_cast<double>(r.passes) / static_cast<double>(r.tests) : 1.0},
                      {"min", r.min}, {"max", r.max}, {"mean", r.mean}});
    sections.push_back({{"title", s.title}, {"sheets", s.sheets}, {"rows", rows}});
  }
  return {{"utility", {{"id", d.utility.id}, {"name", d.utility.name}}},
          {"month", d.month},
          {"sections", sections},
          {"overall", rate_json(d.tests)},
          {"composite", d.composite ? nlohmann::json(*d.composite) : nlohmann::json()}};
}

Result<std::string> disclosure_xlsx(const Disclosure& d) {
  std::vector<sheets::Sheet> out;
  sheets::Sheet sheet;
  sheet.name = "水质公告 " + d.month;
  sheet.header = {"类别", "指标", "单位", "限值", "检测次数", "合格次数", "合格率(%)", "最小值", "最大值", "平均值"};
  for (const auto& s : d.sections)
    for (const auto& r : s.rows)
      sheet.rows.push_back({s.title, r.name_zh, r.unit, r.limit, static_cast<double>(r.tests),
                            static_cast<double>(r.passes),
                            r.tests ? std::round(10000.0 * static_cast<double>(r.passes) / static_cast<double>(r.tests)) / 100.0
                                    : 100.0,
                            r.min, r.max, r.mean});
  sheet.rows.push_back({std::string("合计"), std::string("项次合格率"), std::string(), std::string("≥95%"),
                        static_cast<double>(d.tests.tests), static_cast<double>(d.tests.passes),
                        std::round(d.tests.rate() * 10000.0) / 100.0, std::monostate{}, std::monostate{},
                        std::monostate{}});
  if (d.composite)
    sheet.rows.push_back({std::string("合计"), std::string("综合合格率（CJ/T 206）"), std::string(), std::string("≥95%"),
                          std::monostate{}, std::monostate{}, std::round(*d.composite * 10000.0) / 100.0,
                          std::monostate{}, std::monostate{}, std::monostate{}});
  out.push_back(std::move(sheet));
  return sheets::write_xlsx(out);
}

Result<std::string> disclosure_pdf(const Disclosure& d) {
  pdf::Document doc;
  doc.title = d.utility.name + " 供水水质公告";
  doc.subtitle = d.month.substr(0, 4) + "年" + std::to_string(std::stoi(d.month.substr(5, 2))) +
                 "月　依据 GB 5749-2022《生活饮用水卫生标准》，检验方法 GB/T 5750-2023";
  doc.footer = d.utility.name + " 水质监测中心";
  for (const auto& s : d.sections) {
    doc.blocks.push_back(pdf::Heading{s.title + "（水样 " + std::to_string(s.sheets) + " 份）"});
    pdf::Table t;
    t.columns = {{"指标", 44}, {"单位", 20}, {"限值", 30}, {"检测次数", 18, true}, {"合格率", 18, true},
                 {"最小值", 18, true}, {"最大值", 18, true}, {"平均值", 18, true}};
    for (const auto& r : s.rows) {
      Rate rate{r.indicator, r.name_zh, r.tests, r.passes};
      t.rows.push_back({r.name_zh, r.unit.empty() ? "—" : r.unit, r.limit, std::to_string(r.tests), pct(rate), r.min,
                        r.max, r.mean});
      t.marked.push_back(r.passes < r.tests);
    }
    doc.blocks.push_back(std::move(t));
  }
  std::string totals = "本月检测 " + std::to_string(d.tests.tests) + " 项次，项次合格率 " + pct(d.tests);
  if (d.composite) totals += "，综合合格率 " + pct(Rate{"", "", 10000, static_cast<int64_t>(std::llround(*d.composite * 10000))});
  totals += "（国家考核要求 ≥95%）。";
  doc.blocks.push_back(pdf::Paragraph{totals});
  doc.blocks.push_back(pdf::Paragraph{"说明：合格率按已审核的检测结果统计；“<”表示低于方法检出限。", true});
  return pdf::render(doc);
}

}  // namespace lifeline::app::quality
