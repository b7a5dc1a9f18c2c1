#include "app/notify/summary.h"

namespace lifeline::app::notify {

Result<std::optional<summary::Section>> Summary::summarise(const Actor& actor, const summary::Scope& scope,
                                                           const summary::Period& period) {
  if (!actor.can(Permission::notify_read)) return std::optional<summary::Section>();
  auto counts = rt_.db.transact(store::TxMode::read,
                                [&](store::Tx& tx) { return deliveries_.counts(tx, scope.org_path, period); });
  if (!counts) return counts.error();
  const std::string query = "?org=" + std::to_string(scope.org_id) + "&from=" + period.from + "&to=" + period.to;
  const std::string link = "/notify/deliveries" + query;
  summary::Section s;
  s.key = "notify";
  s.title_zh = "消息推送";
  s.title_en = "Group messages";
  s.figures = {
      {"sent", "已送达", "Delivered", static_cast<double>(counts->sent), "", link + "&state=sent", ""},
      {"failed", "发送失败", "Failed", static_cast<double>(counts->failed), "", link + "&state=failed",
       counts->failed > 0 ? "alarm" : "ok"},
      {"queued", "排队中", "Queued", static_cast<double>(counts->queued), "", link + "&state=queued", ""},
  };
  s.headline_zh = "群消息送达 " + std::to_string(counts->sent) + " 条，失败 " + std::to_string(counts->failed) + " 条";
  s.headline_en = std::to_string(counts->sent) + " group messages delivered, " + std::to_string(counts->failed) +
                  " failed";
  return std::optional<summary::Section>(std::move(s));
}

}  // namespace lifeline::app::notify
