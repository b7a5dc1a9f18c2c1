#include "app/demo/notify_seed.h"

#include "app/demo/timeline.h"
#include "core/local_time.h"

namespace lifeline::app::demo {

namespace {

using store::Tx;
using store::TxMode;
using notify::Priority;

// The demo robots' addresses and secrets are made up, and their hosts are
// under the reserved .invalid name, which the transport never resolves: a
// demo's messages never leave the machine (they wait, retried as network
// errors, in the delivery log).
struct DemoRobot {
  notify::Kind kind;
  const char* name;
  const char* url;
  const char* secret;  // "" none
  std::vector<std::string> keywords;
  std::optional<int> quiet_start, quiet_end;
  std::vector<notify::RuleInput> rules;
};

std::vector<DemoRobot> robots() {
  using R = notify::RuleInput;
  return {
      {notify::Kind::dingtalk, "集团指挥部钉钉群",
       "https://oapi.dingtalk.demo.invalid/robot/send?access_token=5f0c3a9e1d7b42c6a8e3f1d09b7c2e4a6d8f0b1c3e5a7d9f1b3c5e7a9d0f2b4c",
       "SEC7d2f1e9c4b8a6035d1e7f3a9c2b8d4e6f0a1c3e5b7d9f2a4c6e8b0d3f5a7c9", {"长沙水业"}, std::nullopt, std::nullopt,
       {R{std::nullopt, "work_order.*", Priority::high, true}, R{std::nullopt, "telemetry.alarm", Priority::high, true},
        R{std::nullopt, "quality.exceedance", Priority::normal, true}, R{std::nullopt, "duty.gap", Priority::normal, true},
        R{std::nullopt, "briefing.submitted", Priority::low, false}}},
      {notify::Kind::wecom, "防疫工作企业微信群",
       "https://qyapi.weixin.demo.invalid/cgi-bin/webhook/send?key=3b6e2f0a-7c91-4d58-a2e6-9f1c0b8d4e57", "", {}, 22 * 60, 7 * 60,
       {R{std::nullopt, "health.*", Priority::low, true}}},
      {notify::Kind::feishu, "调度中心飞书群",
       "https://open.feishu.demo.invalid/open-apis/bot/v2/hook/8e4d1c7a-2b9f-4e30-b5d6-1a7c3e9f0d28",
       "kQ3v8XyP2mLw9RtN6bHs4J", {}, std::nullopt, std::nullopt,
       {R{std::nullopt, "work_order.sla_warning", Priority::normal, true},
        R{std::nullopt, "supplies.stock_alert", Priority::normal, false},
        R{std::nullopt, "telemetry.alarm", Priority::normal, false}}},
  };
}

// One notice of the past, already delivered (or refused) to a robot.
struct Past {
  int day, hour, minute;
  const char* event;
  Priority priority;
  const char* title;
  std::string text;
  std::string link;
  size_t robot;            // index into robots()
  bool refused = false;    // DingTalk refused the signature (the secret was being rotated)
};

std::vector<Past> history(int64_t utility) {
  const std::string census = "/health/census?org=" + std::to_string(utility);
  std::vector<Past> out;
  // The seed's check-in drive: fewer stragglers every day.
  const int missing[] = {412, 236, 151, 97, 64, 41, 28, 19};
  for (int i = 0; i < 8; ++i) {
    const int day = 10 + i;
    out.push_back({day, 9, 30, "health.reminder", Priority::normal, "健康打卡提醒",
                   "长沙水业集团：尚有 " + std::to_string(missing[i]) + " 人未完成健康打卡（截止 10:00），请尽快打卡。",
                   census, 1});
    out.push_back({day, 10, 5, "health.missing", Priority::normal, "未打卡名单",
                   "长沙水业集团 截至 10:00：" + std::to_string(missing[i] / 3) + " 人未完成健康打卡，请各部门督促。",
                   census, 1});
  }
  out.push_back({3, 2, 40, "work_order.sla_breach", Priority::high, "DN600 爆管抢修超时",
                 "芙蓉中路 DN600 输水干管爆管，抢修已超过 4 小时时限，请指挥部协调增援。", "/repair/incidents", 0});
  out.push_back({3, 1, 55, "work_order.sla_warning", Priority::normal, "抢修工单即将超时",
                 "芙蓉中路 DN600 爆管：管网抢修一队到场已 90 分钟，距修复时限还有 30 分钟。", "/repair/incidents", 2});
  out.push_back({12, 15, 10, "telemetry.alarm", Priority::high, "第八水厂出厂压力偏低",
                 "第八水厂出厂压力 0.21 MPa，低于 0.25 MPa 下限，请调度中心核实。", "/repair/incidents", 0, true});
  out.push_back({12, 15, 10, "telemetry.alarm", Priority::normal, "第八水厂出厂压力偏低",
                 "第八水厂出厂压力 0.21 MPa，低于 0.25 MPa 下限，请调度中心核实。", "/repair/incidents", 2});
  out.push_back({15, 17, 0, "supplies.stock_alert", Priority::normal, "次氯酸钠库存告警",
                 "第五水厂次氯酸钠库存 6.2 吨，低于 3 天用量，请物资组调拨。", "", 2});
  out.push_back({17, 20, 30, "briefing.submitted", Priority::low, "防控简报已报送",
                 "长沙水业集团第 17 期疫情防控工作简报已报送协会。", "", 0});
  return out;
}

Status seed_history(Tx& tx, int64_t utility, const std::string& path, const std::vector<int64_t>& robot_ids,
                    const Timeline& timeline) {
  for (const auto& p : history(utility)) {
    const int64_t at = to_millis(timeline.at(p.day, p.hour, p.minute));
    LL_TRY(int64_t event, tx.insert("INSERT INTO notify_events (org_id, org_path, event, priority, title, body, link,"
                                    " mentions, created_at, routed_at) VALUES (?,?,?,?,?,?,?,'',?,?) RETURNING id",
                                    {utility, path, p.event, notify::to_string(p.priority), p.title, p.text, p.link, at,
                                     at}));
    const int64_t robot = robot_ids.at(p.robot);
    const int64_t sent = at + 1200;
    LL_TRY(int64_t delivery,
           tx.insert("INSERT INTO notify_deliveries (event_id, robot_id, org_path, priority_rank, mention, state,"
                     " attempts, next_attempt_at, last_attempt_at, sent_at, http_status, errcode, reason, error,"
                     " created_at) VALUES (?,?,?,?,0,?,1,?,?,?,200,?,?,?,?) RETURNING id",
                     {event, robot, path, notify::rank(p.priority), p.refused ? "failed" : "sent", at, at,
                      p.refused ? store::Value() : store::Value(sent), p.refused ? 310000 : 0,
                      p.refused ? store::Value("signature_refused") : store::Value(),
                      p.refused ? store::Value("sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]")
                                : store::Value(),
                      at}));
    LL_CHECK(tx.execute("INSERT INTO notify_attempts (robot_id, delivery_id, at, outcome, http_status, errcode, reason,"
                        " message, duration_ms) VALUES (?,?,?,?,200,?,?,?,?)",
                        {robot, delivery, at, p.refused ? "failed" : "sent", p.refused ? 310000 : 0,
                         p.refused ? store::Value("signature_refused") : store::Value(),
                         p.refused ? "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]" : "ok",
                         180 + (at / 1000) % 240}));
  }
  return {};
}

}  // namespace

Status seed_notify(Platform& p) {
  Runtime& rt = p.runtime();
  LL_TRY(auto local, LocalTime::load(rt.config.time_zone));
  const Timeline timeline(local, rt.clock.now());
  LL_TRY(auto cs, rt.db.transact(TxMode::read, [](Tx& tx) -> Result<std::optional<store::Row>> {
    LL_TRY(auto row, tx.query_one("SELECT id, path FROM orgs WHERE code = 'csws'"));
    if (!row) return row;
    LL_TRY(auto has, tx.query_one("SELECT COUNT(*) FROM notify_robots WHERE org_id = ?", {row->integer(0)}));
    if (has && has->integer(0) > 0) return std::optional<store::Row>();
    return row;
  }));
  if (!cs) return {};  // no demo utility, or its robots are there already
  const int64_t utility = cs->integer(0);
  const std::string path = cs->text(1);

  const Actor system = Actor::system("demo");
  std::vector<int64_t> ids;
  for (const auto& r : robots()) {
    notify::NewRobot n;
    n.org_id = utility;
    n.kind = r.kind;
    n.name = r.name;
    n.url = r.url;
    // Without a notify_key the secret cannot be sealed: the robot is kept unsigned.
    if (*r.secret && p.notify().box.has_key()) n.secret = r.secret;
    n.keywords = r.keywords;
    n.quiet_start = r.quiet_start;
    n.quiet_end = r.quiet_end;
    n.rules = r.rules;
    LL_TRY(auto robot, p.notify().robots.create(system, n));
    ids.push_back(robot.id);
  }
  return rt.db.run(TxMode::write, [&](Tx& tx) { return seed_history(tx, utility, path, ids, timeline); });
}

}  // namespace lifeline::app::demo
