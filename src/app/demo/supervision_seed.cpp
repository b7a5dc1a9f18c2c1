#include "app/demo/supervision_seed.h"

#include "app/audit/audit.h"
#include "app/demo/timeline.h"
#include "core/local_time.h"

namespace lifeline::app::demo {

namespace {

using std::chrono::hours;
using store::Tx;
using store::TxMode;

const supervision::ChecklistItem kItems[] = {
    {"值班值守", "值班人员在岗、在位、在状态，值班记录完整"},
    {"人员防护", "门岗测温登记，外来人员登记、测温、戴口罩"},
    {"人员防护", "员工每日健康打卡，异常情况按规定报告"},
    {"物资保障", "口罩、消毒液、测温枪储备不少于7天用量"},
    {"环境消杀", "办公、中控、食堂等区域每日两次消毒并记录"},
    {"生产保障", "关键岗位AB角配备，应急抢修队伍24小时待命"},
    {"重点用户", "定点医院、发热门诊等重点用户巡查记录完整"},
    {"食堂管理", "错峰分餐就餐，不聚集"},
};

struct Finding {
  int item;
  const char* severity;
  const char* text;
  const char* action;
  int deadline_days;  // after the round
  const char* end;    // closed, answered, open, overdue
};

struct RoundPlan {
  int team;           // index among the group's supervision teams, by order
  const char* unit;   // code
  int day;            // timeline day
  int hour;
  bool unannounced;
  std::vector<Finding> findings;
};

const std::vector<RoundPlan>& plans() {
  static const std::vector<RoundPlan> all = {
      {0, "cs-wp2", 6, 10, false, {{1, "minor", "门岗测温登记表缺夜班记录", "补齐登记并落实夜班测温专人负责", 3, "closed"}}},
      {0, "cs-wp8", 9, 15, true, {{4, "minor", "中控室消毒记录不全", "完善消毒记录，每日两次消毒后签字", 2, "closed"}}},
      {0, "cs-wp5", 15, 9, true,
       {{3, "major", "消毒液库存仅够4天用量", "立即补充消毒液至7天以上用量并建立库存台账", 2, "overdue"}}},
      {1, "cs-supply", 8, 14, false, {{6, "minor", "定点医院周边管网巡查记录缺2日", "补巡并完善巡查记录", 2, "answered"}}},
      {2, "cs-wwtp-hq", 10, 10, false, {}},
      {2, "cs-drain", 16, 16, true, {{0, "minor", "夜班值班人员未按时签到", "落实到岗签到制度，带班领导每日抽查", 3, "open"}}},
      {3, "cs-service", 12, 11, false, {{7, "minor", "热线大厅就餐未错峰", "调整就餐时间，分批错峰就餐", 2, "closed"}}},
      {4, "cs-quality", 13, 10, false, {}},
      {5, "cs-office", 14, 15, true, {{2, "minor", "2名员工健康打卡迟报", "督促按时打卡，纳入考核", 2, "closed"}}},
  };
  return all;
}

}  // namespace

Status seed_supervision(Platform& p) {
  Runtime& rt = p.runtime();
  const Actor system = Actor::system("demo");
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Instant now = rt.clock.now();
  const Timeline t(local, now);
  struct Known {
    int64_t group = 0;
    std::string path;
    std::vector<int64_t> teams;
    bool seeded = false;
  };
  LL_TRY(auto known, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<Known> {
    Known k;
    LL_TRY(auto group, tx.query_one("SELECT id, path FROM orgs WHERE code = 'csws'"));
    if (!group) return k;
    k.group = group->integer(0);
    k.path = group->text(1);
    LL_TRY(auto lists, tx.query_one("SELECT COUNT(*) FROM supervision_checklists WHERE org_id = ?", {k.group}));
    k.seeded = lists && lists->integer(0) > 0;
    LL_TRY(auto teams, tx.query("SELECT id FROM command_bodies WHERE org_id = ? AND kind = 'supervision_team'"
                                " ORDER BY sort_order, id",
                                {k.group}));
    for (const auto& r : teams) k.teams.push_back(r.integer(0));
    return k;
  }));
  if (!known.group || known.seeded || known.teams.size() < 6) return {};

  supervision::ChecklistInput list;
  list.org_id = known.group;
  list.name = "疫情防控督导检查表（2020年1月版）";
  list.items = std::vector<supervision::ChecklistItem>(std::begin(kItems), std::end(kItems));
  LL_TRY(auto checklist, p.supervision().checklists.create(system, list));

  struct Fix {
    int64_t id;
    const char* end;
    Instant round;
  };
  std::vector<Fix> fixes;
  for (const auto& plan : plans()) {
    LL_TRY(auto unit, rt.db.transact(TxMode::read, [&](Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one("SELECT id FROM orgs WHERE code = ?", {plan.unit}));
      if (!row) return Error::internal(std::string("demo unit missing: ") + plan.unit);
      return row->integer(0);
    }));
    const Instant made = t.at(plan.day, plan.hour, 30);
    supervision::NewRound r;
    r.team_id = known.teams[static_cast<size_t>(plan.team)];
    r.org_id = unit;
    r.checklist_id = checklist.id;
    r.kind = plan.unannounced ? "unannounced" : "planned";
    supervision::RoundRecord rec;
    rec.conducted_at = made;
    rec.inspectors = "督导小组成员2人";
    rec.summary = plan.findings.empty() ? "各项防控措施落实到位，未发现问题" : "抽查值班值守、门岗测温、物资储备、消杀记录等，发现问题已当场反馈";
    for (int i = 0; i < static_cast<int>(std::size(kItems)); ++i) {
      bool found = false;
      for (const auto& f : plan.findings) found = found || f.item == i;
      rec.items.push_back({i, found ? "finding" : "ok", std::nullopt});
    }
    for (const auto& f : plan.findings) {
      supervision::NewFinding nf;
      nf.item_position = f.item;
      nf.severity = f.severity;
      nf.text = f.text;
      nf.rectification = supervision::NewRectification{f.action, std::nullopt, "单位负责人", made + hours(24 * f.deadline_days)};
      rec.findings.push_back(std::move(nf));
    }
    r.record = std::move(rec);
    LL_TRY(auto round, p.supervision().rounds.create(system, r));
    for (const auto& f : round.findings)
      if (f.rectification)
        for (const auto& plan_f : plan.findings)
          if (plan_f.text == f.text) fixes.push_back({f.rectification->id, plan_f.end, made});
  }
  // A round planned for tomorrow.
  supervision::NewRound planned;
  planned.team_id = known.teams[1];
  LL_TRY(planned.org_id, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<int64_t> {
    LL_TRY(auto row, tx.query_one("SELECT id FROM orgs WHERE code = 'cs-repair1'"));
    return row ? row->integer(0) : int64_t{0};
  }));
  planned.checklist_id = checklist.id;
  planned.planned_for = t.date(t.today() + 1);
  if (planned.org_id) LL_CHECK(p.supervision().rounds.create(system, planned));

  // The units' answers and the teams' verification, on the days they happened.
  return rt.db.run(TxMode::write, [&](Tx& tx) -> Status {
    for (const auto& f : fixes) {
      const std::string end = f.end;
      if (end == "open" || end == "overdue") continue;
      LL_CHECK(tx.execute("UPDATE supervision_rectifications SET state = 'answered', response = ?, responded_at = ?,"
                          " responded_by_name = '单位负责人', version = version + 1 WHERE id = ?",
                          {"已按要求整改完毕，整改前后照片及台账已报督导小组", to_millis(f.round + hours(30)), f.id}));
      if (end == "closed")
        LL_CHECK(tx.execute("UPDATE supervision_rectifications SET state = 'closed', verified_at = ?,"
                            " verified_by_name = '督导小组', verification_note = '复查整改到位', version = version + 1"
                            " WHERE id = ?",
                            {to_millis(f.round + hours(50)), f.id}));
    }
    return audit::record(tx, Actor::system("demo"), now,
                         {"supervision.demo_seed", "supervision", "", known.group, known.path, nullptr,
                          {{"rounds", plans().size() + 1}, {"rectifications", fixes.size()}}});
  });
}

}  // namespace lifeline::app::demo
