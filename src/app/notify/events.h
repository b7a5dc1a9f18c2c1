// The event types modules put in the outbox, as the routing page offers them.
// A rule may also name an event not listed here (a module added later) or a
// whole module ("health.*"), or every event ("*").
#pragma once

#include <string_view>

namespace lifeline::app::notify {

struct EventType {
  std::string_view event, label_zh, label_en;
};

inline constexpr EventType kEventTypes[] = {
    {"health.reminder", "健康打卡提醒", "Check-in reminder"},
    {"health.missing", "未打卡名单", "Missing check-ins"},
    {"duty.shift_reminder", "值班提醒", "Shift reminder"},
    {"duty.gap", "值班空缺", "Duty gap"},
    {"report.deadline", "报告截止提醒", "Report deadline"},
    {"work_order.sla_warning", "工单时限预警", "Work-order SLA warning"},
    {"work_order.sla_breach", "工单超时", "Work-order SLA breach"},
    {"quality.exceedance", "水质超标", "Water-quality exceedance"},
    {"supplies.stock_alert", "物资库存告警", "Stock alert"},
    {"telemetry.alarm", "监测告警", "Telemetry alarm"},
    {"briefing.submitted", "简报已报送", "Briefing submitted"},
};

// "health.reminder" matches "health.reminder", "health.*" and "*".
bool event_matches(std::string_view pattern, std::string_view event);
// A rule's event: "*", or lower-case words joined by dots, optionally ending in ".*".
bool valid_event_pattern(std::string_view pattern);
// An outbox notice's event: lower-case words joined by dots.
bool valid_event(std::string_view event);

}  // namespace lifeline::app::notify
