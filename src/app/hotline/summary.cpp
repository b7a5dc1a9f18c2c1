#include "app/hotline/summary.h"

#include <cmath>

namespace lifeline::app::hotline {

namespace {

struct CategoryName {
  const char* code;
  const char* zh;
  const char* en;
};
constexpr CategoryName kCategoryNames[] = {
    {"no_water", "停水", "No water"},      {"low_pressure", "水压低", "Low pressure"},
    {"burst_leak", "爆管漏水", "Burst or leak"}, {"quality", "水质", "Water quality"},
    {"billing", "缴费账单", "Billing"},     {"epidemic_policy", "疫情政策咨询", "Epidemic policy"},
    {"other", "其他", "Other"}};

}  // namespace

Result<std::optional<summary::Section>> HotlineSummary::summarise(const Actor& actor, const summary::Scope& scope,
                                                                  const summary::Period& period) {
  if (!actor.can(Permission::hotline_stats)) return std::optional<summary::Section>();
  LL_TRY(auto r, stats_.report(actor, {.org = scope.org_id, .from = period.from, .to = period.to}));
  const std::string link =
      "/hotline/stats?org=" + std::to_string(scope.org_id) + "&from=" + period.from + "&to=" + period.to;
  // Handled as the statistics page shows it: one decimal, and no percentage of nothing.
  const double handled_pct =
      r.all.total ? std::round(1000.0 * double(r.all.handled) / double(r.all.total)) / 10.0 : 0.0;

  summary::Section s{.key = "hotline", .title_zh = "客服热线", .title_en = "Customer hotline"};
  s.figures = {
      {.key = "calls", .label_zh = "来电", .label_en = "Calls", .value = double(r.all.total), .unit = "calls",
       .link = link},
      {.key = "handled", .label_zh = "已处理", .label_en = "Handled", .value = double(r.all.handled),
       .unit = "calls", .link = link},
      {.key = "handled_pct", .label_zh = "处理率", .label_en = "Handled", .value = handled_pct, .unit = "%",
       .link = link, .state = r.all.total && r.all.handled < r.all.total ? "warn" : ""},
      {.key = "open", .label_zh = "待处理", .label_en = "Open", .value = double(r.open), .unit = "calls",
       .link = "/hotline?state=open", .state = r.open ? "warn" : ""},
      {.key = "closed", .label_zh = "已办结", .label_en = "Closed", .value = double(r.all.closed), .unit = "calls",
       .link = link},
      {.key = "repeat_callers", .label_zh = "重复来电号码", .label_en = "Repeat callers",
       .value = double(r.repeat_callers), .link = link},
  };
  if (r.mean_handling_min)
    s.figures.push_back({.key = "mean_handling_min", .label_zh = "平均办结时长", .label_en = "Mean time to close",
                         .value = *r.mean_handling_min, .unit = "min", .link = link});
  summary::Table by_category{.key = "by_category", .title_zh = "按类别", .title_en = "By category"};
  for (const auto& [code, tally] : r.by_category) {
    const CategoryName* name = &kCategoryNames[std::size(kCategoryNames) - 1];
    for (const auto& n : kCategoryNames)
      if (code == n.code) name = &n;
    by_category.rows.push_back({.key = code, .label_zh = name->zh, .label_en = name->en,
                                .value = double(tally.total), .unit = "calls", .link = link});
  }
  s.tables.push_back(std::move(by_category));
  s.headline_zh = "来电 " + std::to_string(r.all.total) + " 个，已处理 " + std::to_string(r.all.handled) + " 个";
  s.headline_en = std::to_string(r.all.total) + " calls, " + std::to_string(r.all.handled) + " handled";
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::hotline
