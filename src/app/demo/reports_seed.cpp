#include "app/demo/reports_seed.h"

#include <random>

#include "app/audit/audit.h"
#include "app/demo/timeline.h"
#include "app/duty/access.h"
#include "app/reports/deadlines.h"
#include "app/reports/fields.h"
#include "app/reports/repo.h"
#include "app/reports/submissions.h"
#include "core/local_time.h"

namespace lifeline::app::demo {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using nlohmann::json;
using store::Tx;
using store::TxMode;

json fields() {
  return json::array(
      {{{"key", "inflow"}, {"label", "处理水量"}, {"type", "number"}, {"unit", "m³"}, {"min", 0}, {"summary", true}},
       {{"key", "cod_in"}, {"label", "进水COD"}, {"type", "number"}, {"unit", "mg/L"}, {"min", 0}},
       {{"key", "cod_out"}, {"label", "出水COD"}, {"type", "number"}, {"unit", "mg/L"}, {"min", 0}},
       {{"key", "compliant"}, {"label", "出水达标"}, {"type", "boolean"}},
       {{"key", "disinfection"}, {"label", "出水消毒"}, {"type", "choice"}, {"options", {"正常", "已加强", "异常"}}},
       {{"key", "on_duty"}, {"label", "在岗人数"}, {"type", "number"}, {"unit", "人"}, {"min", 0}, {"summary", true}},
       {{"key", "supplies"},
        {"label", "防疫物资库存"},
        {"type", "table"},
        {"max_rows", 10},
        {"columns",
         {{{"key", "item"}, {"label", "物资"}, {"type", "text"}, {"required", true}},
          {{"key", "qty"}, {"label", "数量"}, {"type", "number"}},
          {{"key", "unit"}, {"label", "单位"}, {"type", "text"}}}}},
       {{"key", "notes"}, {"label", "异常情况及处置"}, {"type", "text"}, {"required", false}}});
}

struct Plant {
  const char* code;
  double inflow;  // m³ a day
  int staff;
};
constexpr Plant kPlants[] = {{"zz-wwtp-hx", 80000, 9}, {"zz-wwtp-bs", 120000, 12}, {"zz-wwtp-lq", 60000, 7}};

}  // namespace

Status seed_reports(Platform& p) {
  Runtime& rt = p.runtime();
  const Actor system = Actor::system("demo");
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const duty::Zone zone = duty::zone_of(rt);
  const Instant now = rt.clock.now();
  const Timeline t(local, now);
  LL_TRY(auto group, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<std::optional<int64_t>> {
    LL_TRY(auto org, tx.query_one("SELECT id FROM orgs WHERE code = 'zzsw'"));
    LL_TRY(auto plant, tx.query_one("SELECT id FROM orgs WHERE code = 'zz-wwtp-hx'"));
    if (!org || !plant) return std::optional<int64_t>();
    LL_TRY(auto has, tx.query_one("SELECT COUNT(*) FROM report_templates WHERE org_id = ?", {org->integer(0)}));
    return has && has->integer(0) ? std::optional<int64_t>() : std::optional<int64_t>(org->integer(0));
  }));
  if (!group) return {};

  reports::TemplateInput in;
  in.org_id = *group;
  in.code = "wwtp-daily";
  in.name = "污水处理厂运行及疫情防控准点报告";
  json spec = {{"fields", fields()}};
  JsonInput reader(spec);
  in.fields = reports::read_fields(reader);
  LL_CHECK(reader.finish());
  in.required_kinds = {"wastewater_plant"};
  in.deadlines = {8 * 60, 16 * 60};
  in.remind_minutes = 30;
  in.escalate_minutes = 30;
  in.effective_from = t.at(t.today() - 14, 0);
  LL_TRY(auto tmpl, p.reports().templates.create(system, in));

  return rt.db.run(TxMode::write, [&](Tx& tx) -> Status {
    std::mt19937_64 engine(2020);
    auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(engine); };
    int64_t sent = 0;
    const auto deadlines = reports::deadlines_between(tmpl, zone, t.at(t.today() - 13, 0), now + hours(1));
    for (size_t k = 0; k < std::size(kPlants); ++k) {
      const auto& plant = kPlants[k];
      LL_TRY(auto unit, tx.query_one("SELECT id, path FROM orgs WHERE code = ?", {plant.code}));
      if (!unit) continue;
      for (size_t i = 0; i < deadlines.size(); ++i) {
        const auto& d = deadlines[i];
        if (d.at > now) continue;
        const bool yesterday = zone.date(d.at) == t.date(t.today() - 1);
        const bool morning = local.minute_of_day(d.at) == 8 * 60;
        // One missing (龙泉, yesterday 16:00) and one late (白石港, yesterday 08:00).
        if (yesterday && !morning && std::string_view(plant.code) == "zz-wwtp-lq") continue;
        const bool late = yesterday && morning && std::string_view(plant.code) == "zz-wwtp-bs";
        const Instant at = late ? d.at + minutes(47) : d.at - minutes(5 + static_cast<int>(uniform(0, 50)));
        if (at > now) continue;
        const double inflow = std::round(plant.inflow * uniform(0.9, 1.05) * (morning ? 1.0 : 0.55));
        json values = {{"inflow", inflow},
                       {"cod_in", std::round(uniform(180, 260))},
                       {"cod_out", std::round(uniform(18, 32))},
                       {"compliant", true},
                       {"disinfection", i % 6 == 0 ? "已加强" : "正常"},
                       {"on_duty", plant.staff - (i % 5 == 0 ? 1 : 0)},
                       {"supplies",
                        {{{"item", "医用口罩"}, {"qty", 600 - static_cast<int>(i) * 8}, {"unit", "个"}},
                         {{"item", "次氯酸钠消毒液"}, {"qty", std::round(uniform(80, 150))}, {"unit", "kg"}},
                         {{"item", "测温枪"}, {"qty", 3}, {"unit", "把"}}}}};
        if (late) values["notes"] = "早班交接延误，报送推迟，已整改";
        LL_TRY(auto checked, reports::check_values(d.version->fields, values));
        LL_TRY(auto stored, reports::store_submission(tx, tmpl, *d.version, unit->integer(0), unit->text(1), d.at,
                                                      zone.date(d.at), checked, at, std::nullopt, "值班长"));
        ++sent;
        // The group's office acknowledges the reports of the days before today.
        if (zone.date(d.at) < t.date(t.today()))
          LL_CHECK(tx.execute("UPDATE report_submissions SET state = 'acknowledged', reviewed_at = ?,"
                              " reviewed_by_name = '吴刚' WHERE id = ?",
                              {to_millis(d.at + hours(1)), stored.first}));
      }
    }
    return audit::record(tx, system, now,
                         {"reports.demo_seed", "report_submission", "", *group, tmpl.org_path, nullptr, {{"submissions", sent}}});
  });
}

}  // namespace lifeline::app::demo
