// The outage notice (停水通知) of an incident: notice-board text, a short SMS
// and the priority customers to call, from the stored plan and the order's
// repaired deadline (the expected restore time).
#include "app/privacy.h"
#include "app/repair/access.h"
#include "app/repair/incidents.h"
#include "app/repair/plan_doc.h"
#include "app/repair/work_orders.h"
#include "core/local_time.h"
#include "core/time.h"

namespace lifeline::app::repair {

using nlohmann::json;
using store::Tx;
using store::TxMode;

namespace {

const char* type_zh(const std::string& type) {
  if (type == "burst") return "爆管";
  if (type == "leak") return "漏水";
  if (type == "no_water") return "停水故障";
  if (type == "low_pressure") return "水压不足";
  if (type == "quality_complaint") return "水质问题";
  if (type == "equipment_failure") return "设备故障";
  return "故障";
}

// "1月25日 20:00" in the utility's zone.
std::string local_text(const LocalTime& lt, Instant t) {
  const std::string d = lt.date(t);
  return std::to_string(std::stoi(d.substr(5, 2))) + "月" + std::to_string(std::stoi(d.substr(8, 2))) + "日 " +
         format_clock_time(lt.minute_of_day(t));
}

}  // namespace

Result<OutageNotice> Incidents::outage_notice(const Actor& actor, int64_t id) {
  auto lt = LocalTime::load(rt_.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  if (!lt) return lt.error();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<OutageNotice> {
    LL_TRY(auto r, tx.query_one("SELECT org_path, code, type, address, diameter_mm, reported_at, plan FROM incidents"
                                " WHERE id = ?",
                                {id}));
    if (!r || !in_view(actor, r->text(0)))
      return Error::not_found("no such incident").keyed("repair.no_incident");
    LL_TRY(auto utility, utility_of(tx, r->text(0)));
    network::Plan plan;
    plan.shutdown = false;  // no plan: nothing to shut off
    if (!r->is_null(6)) {
      auto doc = json::parse(r->text(6), nullptr, false);
      if (doc.is_object()) plan = plan_from_json(doc);
    }
    LL_TRY(auto order_id, work_orders::of_incident(tx, id));
    std::optional<Instant> restore_at;
    bool repaired_under_pressure = false;
    if (order_id) {
      LL_TRY(auto wo, work_orders::load(tx, *order_id, now, false, nullptr));
      repaired_under_pressure = wo.under_pressure;
      for (const auto& c : wo.sla.clocks)
        if (c.name == "repaired") restore_at = c.due_at;
    }
    const bool under_pressure = repaired_under_pressure || !plan.shutdown;
    OutageNotice out;
    std::string valves;
    if (!under_pressure)
      for (const auto& v : plan.valves_to_close) {
        valves += (valves.empty() ? "" : "、") + v.valve;
        out.valves.push_back(v.valve);
      }
    LL_TRY(auto pcs, tx.query("SELECT c.name, c.contact_name, c.contact_phone, ic.impact FROM incident_customers ic"
                              " JOIN priority_customers c ON c.id = ic.customer_id WHERE ic.incident_id = ?"
                              " ORDER BY c.tier, c.name",
                              {id}));
    std::string customer_text;
    for (const auto& c : pcs) {
      std::string phone = c.is_null(2) ? "" : mask_phone(c.text(2));
      out.priority_customers.push_back({c.text(0), under_pressure ? "under_pressure" : c.text(3), c.opt_text(1),
                                        c.is_null(2) ? std::nullopt : std::optional<std::string>(phone)});
      customer_text += (customer_text.empty() ? "" : "；") + c.text(0);
      if (!c.is_null(1)) customer_text += "（联系人：" + c.text(1) + (phone.empty() ? "" : " " + phone) + "）";
    }
    const std::string pipe = (r->is_null(4) ? std::string() : "DN" + std::to_string(static_cast<int64_t>(r->real(4)))) +
                             "供水管道" + type_zh(r->text(2));
    const std::string place = r->text(3).empty() ? "辖区内" : r->text(3);
    const std::string start = local_text(*lt, from_millis(r->integer(5)));
    const std::string restore = restore_at ? local_text(*lt, *restore_at) : "抢修完成后";
    std::string text, sms;
    if (under_pressure) {
      text = "供水抢修通知\n尊敬的用户：因" + place + pipe + "，我司正在带水抢修，不停水，抢修期间周边水压可能偏低，预计" +
             restore + "前完成。给您带来不便，敬请谅解。";
      sms = "【" + utility.name + "】" + place + "供水管道带水抢修，不停水，水压可能偏低，预计" + restore + "前完成。";
    } else {
      text = "停水通知\n尊敬的用户：因" + place + pipe + "抢修，需关闭阀门" + (valves.empty() ? "（待定）" : valves) +
             "，周边区域自" + start + "起暂停供水，预计" + restore +
             "前恢复供水。请提前做好储水准备，给您带来不便，敬请谅解。";
      sms = "【" + utility.name + "】因" + place + "供水管道抢修，周边区域" + start + "起停水，预计" + restore +
            "前恢复，请提前储水。";
    }
    if (!customer_text.empty()) text += "\n受影响重点用户：" + customer_text + "。";
    text += "\n" + utility.name + "  " + local_text(*lt, now);
    out.incident_id = id;
    out.incident_code = r->text(1);
    out.shutdown = !under_pressure;
    out.expected_restore_at = restore_at;
    out.dry_demand_nodes = under_pressure ? 0 : plan.impact.dry_demand_nodes;
    out.text = std::move(text);
    out.sms = std::move(sms);
    return out;
  });
}

}  // namespace lifeline::app::repair
