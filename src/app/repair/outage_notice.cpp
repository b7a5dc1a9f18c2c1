// The outage notice (停水通知) of an incident: notice-board text, a short SMS
// and the priority customers to call, from the stored plan and the order's
// repaired deadline (the expected restore time).
#include "app/privacy.h"
#include "app/repair/access.h"
#include "app/repair/incidents.h"
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

Result<json> Incidents::outage_notice(const Actor& actor, int64_t id) {
  auto lt = LocalTime::load(rt_.config.time_zone);
  if (!lt) lt = LocalTime::load("Asia/Shanghai");
  if (!lt) return lt.error();
  const auto now = rt_.clock.now();
  return rt_.db.transact(TxMode::read, [&](Tx& tx) -> Result<json> {
    LL_TRY(auto r, tx.query_one("SELECT org_path, code, type, address, diameter_mm, reported_at, plan FROM incidents"
                                " WHERE id = ?",
                                {id}));
    if (!r || !in_view(actor, r->text(0)))
      return Error::not_found("no such incident");
    LL_TRY(auto utility, utility_of(tx, r->text(0)));
    json plan = r->is_null(6) ? json::object() : json::parse(r->text(6), nullptr, false);
    if (plan.is_discarded() || !plan.is_object()) plan = json::object();
    const bool shutdown = plan.value("shutdown", false);
    std::string valves;
    json valve_ids = json::array();
    for (const auto& v : plan.value("valves_to_close", json::array())) {
      std::string vid = v.value("valve", "");
      valves += (valves.empty() ? "" : "、") + vid;
      valve_ids.push_back(vid);
    }
    LL_TRY(auto order_id, work_orders::of_incident(tx, id));
    std::optional<Instant> restore_at;
    std::string state;
    if (order_id) {
      LL_TRY(auto wo, work_orders::render(tx, *order_id, now, false));
      state = wo["state"];
      for (const auto& c : wo["sla"]["clocks"])
        if (c["name"] == "repaired") {
          auto due = parse_instant(c["due_at"].get<std::string>(), "due_at");
          if (due) restore_at = *due;
        }
    }
    const bool under_pressure = state == "under_pressure" || !shutdown;
    LL_TRY(auto pcs, tx.query("SELECT c.name, c.contact_name, c.contact_phone, ic.impact FROM incident_customers ic"
                              " JOIN priority_customers c ON c.id = ic.customer_id WHERE ic.incident_id = ?"
                              " ORDER BY c.tier, c.name",
                              {id}));
    json customers = json::array();
    std::string customer_text;
    for (const auto& c : pcs) {
      std::string phone = c.is_null(2) ? "" : mask_phone(c.text(2));
      customers.push_back({{"name", c.text(0)},
                           {"contact_name", c.is_null(1) ? json() : json(mask_numbers_in_text(c.text(1)))},
                           {"contact_phone", c.is_null(2) ? json() : json(phone)},
                           {"impact", c.text(3)}});
      customer_text += (customer_text.empty() ? "" : "；") + c.text(0);
      if (!c.is_null(1)) customer_text += "（联系人：" + mask_numbers_in_text(c.text(1)) + (phone.empty() ? "" : " " + phone) + "）";
    }
    const std::string pipe = (r->is_null(4) ? std::string() : "DN" + std::to_string(static_cast<int64_t>(r->real(4)))) +
                             "供水管道" + type_zh(r->text(2));
    const std::string place = r->text(3).empty() ? "辖区内" : mask_numbers_in_text(r->text(3));
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
    json impact = plan.contains("impact") ? plan["impact"] : json::object();
    return json{{"incident", {{"id", id}, {"code", r->text(1)}}},
                {"shutdown", !under_pressure},
                {"valves", valve_ids},
                {"expected_restore_at", restore_at ? json(format_instant(*restore_at)) : json()},
                {"dry_demand_nodes", impact.value("n_dry_demand_nodes", 0)},
                {"text", text},
                {"sms", sms},
                {"priority_customers", customers}};
  });
}

}  // namespace lifeline::app::repair
