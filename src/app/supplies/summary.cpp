#include "app/supplies/summary.h"

#include <cmath>

#include "app/disinfection/rounds.h"
#include "app/supplies/access.h"
#include "app/supplies/stock.h"
#include "app/supplies/support.h"
#include "store/like.h"

namespace lifeline::app::supplies {

using store::Tx;
using store::TxMode;

namespace {

std::string fmt(double v, int decimals = 0) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

summary::Figure figure(std::string key, std::string zh, std::string en, double value, std::string unit,
                       std::string link, std::string state = "") {
  return {std::move(key), std::move(zh), std::move(en), value, std::move(unit), std::move(link), std::move(state)};
}

}  // namespace

Result<std::optional<summary::Section>> SummarySource::summarise(const Actor& actor, const summary::Scope& scope,
                                                                 const summary::Period& period) {
  if (!actor.can(Permission::supplies_read)) return std::optional<summary::Section>();
  const Instant now = rt_.clock.now();
  const std::string today = local_time(rt_).date(now);
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<std::optional<summary::Section>> {
    LL_TRY(auto board, stock_board(tx, scope.org_path, today));
    const auto alerts = alerts_of(board, today);
    LL_TRY(auto support, support_totals(tx, scope.org_path, period.from, period.to));
    LL_TRY(auto rounds, disinfection::completion_under(tx, scope.org_path, period.from, period.to, now, today));
    // Through the (kind, day) index: `+reverses_id` keeps SQLite, which has no
    // statistics, from walking the whole ledger down its UNIQUE index on
    // reverses_id (it takes `IS NULL` there for selective).
    LL_TRY(auto issues, tx.query_one("SELECT COUNT(*) FROM supply_movements WHERE kind = 'issue'"
                                     " AND +reverses_id IS NULL AND org_path LIKE ? ESCAPE '\\' AND day >= ? AND day <= ?",
                                     {store::like_prefix(scope.org_path), period.from, period.to}));
    const std::string org = "org=" + std::to_string(scope.org_id);
    const std::string days = "&from=" + period.from + "&to=" + period.to;

    summary::Section s;
    s.key = "supplies";
    s.title_zh = "防疫物资与消毒";
    s.title_en = "Prevention supplies and disinfection";
    std::optional<double> mask_days;
    for (const auto& line : board)
      if (line.item.category.starts_with("mask_") && line.days_of_supply)
        mask_days = mask_days ? std::min(*mask_days, *line.days_of_supply) : *line.days_of_supply;
    if (mask_days) {
      const double d = std::round(*mask_days * 100) / 100;
      s.figures.push_back(figure("mask_days_of_supply", "口罩可用天数（最少）", "Masks: days of supply (lowest)", d,
                                 "days", "/supplies/stock?" + org, d < 7 ? "alarm" : d < 14 ? "warn" : "ok"));
    }
    int64_t low = 0, expiring = 0;
    for (const auto& a : alerts) (a.kind == "low_stock" ? low : expiring) += 1;
    s.figures.push_back(figure("low_stock", "低于订货点", "Below reorder point", static_cast<double>(low), "items",
                               "/supplies/stock?" + org, low > 0 ? "warn" : "ok"));
    s.figures.push_back(figure("expiring_lots", "临期/过期批次", "Lots expiring or expired",
                               static_cast<double>(expiring), "", "/supplies/stock?" + org, expiring > 0 ? "warn" : "ok"));
    s.figures.push_back(figure("issues", "物资出库", "Issues", issues ? static_cast<double>(issues->integer(0)) : 0, "",
                               "/supplies/ledger?" + org + days + "&kind=issue"));
    s.figures.push_back(figure("support_deliveries", "对外支援次数", "Support deliveries",
                               static_cast<double>(support.deliveries), "", "/supplies/support?" + org + days));
    s.figures.push_back(figure("support_recipients", "受援单位", "Organisations supported",
                               static_cast<double>(support.recipients), "", "/supplies/support?" + org + days));
    const auto t = disinfection::total_of(rounds);
    s.figures.push_back(figure("disinfection_done", "消毒完成（次）", "Disinfection rounds done",
                               static_cast<double>(t.done), "", "/disinfection/places?" + org));
    s.figures.push_back(figure("disinfection_required", "消毒应完成（次）", "Disinfection rounds required",
                               static_cast<double>(t.required), "", "/disinfection/places?" + org));
    s.figures.push_back(figure("disinfection_rate", "消毒完成率", "Disinfection completion",
                               std::round(t.rate() * 1000) / 10, "%", "/disinfection/places?" + org,
                               t.rate() >= 0.95 ? "ok" : t.rate() >= 0.8 ? "warn" : "alarm"));
    s.figures.push_back(figure("disinfection_missed", "消毒漏做（次）", "Disinfection rounds missed",
                               static_cast<double>(t.missed), "", "/disinfection/places?" + org,
                               t.missed > 0 ? "warn" : "ok"));
    s.figures.push_back(figure("disinfection_overdue", "当前逾期点位", "Places overdue now",
                               static_cast<double>(t.overdue_now), "", "/disinfection/overdue?" + org,
                               t.overdue_now > 0 ? "alarm" : "ok"));

    summary::Table by_item{"support_by_item", "对外支援物资", "Support given by item", {}};
    for (const auto& i : support.items)
      by_item.rows.push_back(figure("item_" + std::to_string(i.item_id), i.item, i.item, from_milli(i.quantity_milli),
                                    i.unit, "/supplies/support?" + org + days + "&item_id=" + std::to_string(i.item_id)));
    if (!by_item.rows.empty()) s.tables.push_back(std::move(by_item));
    summary::Table by_type{"support_by_recipient_type", "受援单位类型", "Support by recipient type", {}};
    for (const auto& ty : support.types)
      by_type.rows.push_back(figure(ty.recipient_type, ty.recipient_type, ty.recipient_type,
                                    static_cast<double>(ty.deliveries), "",
                                    "/supplies/support?" + org + days + "&recipient_type=" + ty.recipient_type));
    if (!by_type.rows.empty()) s.tables.push_back(std::move(by_type));

    std::string support_zh, support_en;
    for (const auto& i : support.items) {
      support_zh += "，" + i.item + " " + format_quantity(i.quantity_milli, i.unit);
      support_en += ", " + i.item + " " + format_quantity(i.quantity_milli, i.unit);
    }
    s.headline_zh = (mask_days ? "口罩可用 " + fmt(*mask_days) + " 天；" : std::string()) + "低库存 " +
                    std::to_string(low) + " 项；对外支援 " + std::to_string(support.deliveries) + " 次" + support_zh +
                    "；消毒 " + std::to_string(t.done) + "/" + std::to_string(t.required) + " 次，当前逾期 " +
                    std::to_string(t.overdue_now) + " 处";
    s.headline_en = (mask_days ? "masks for " + fmt(*mask_days) + " days; " : std::string()) + std::to_string(low) +
                    " below reorder point; " + std::to_string(support.deliveries) + " support deliveries" +
                    support_en + "; disinfection " + std::to_string(t.done) + "/" + std::to_string(t.required) +
                    " rounds, " + std::to_string(t.overdue_now) + " places overdue now";
    return std::optional<summary::Section>(std::move(s));
  });
}

}  // namespace lifeline::app::supplies
