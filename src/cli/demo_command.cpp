// lifeline demo: create the demo database (if absent) and serve it.
#include <iostream>

#include "app/demo/seed.h"
#include "cli/commands.h"
#include "cli/server_runner.h"

namespace lifeline::cli {

namespace {

// Where to start, one pillar a line. The demo replays the seed's response:
// day 1 (24 Jan 2020) was 17 days ago, today is its 10 Feb (README).
constexpr const char* kTour =
    "tour (day 1 = 17 days ago, today = day 18 / 导览：第1天为17天前，今天为第18天):\n"
    "  1 cs_commander  指挥调度 → 应急响应：一级响应自第0天 / Command → Emergency: level I since day 0\n"
    "  2 cs_health     信息报送 → 每日疫情防控统计 → 趋势 / Reporting → Daily health census → trend\n"
    "  3 cs_dispatcher 信息报送 → 热线统计 → 前十天 2696 件 / Reporting → Hotline statistics → first ten days: 2696\n"
    "  4 cs_repair     应急抢修 → 抢修事件：第3天 DN600 爆管 / Repair → Incidents: the DN600 burst on day 3\n"
    "  5 cs_commander  保供服务 → 重点用户保障：46 家发热门诊 / Supply → Priority customers: 46 fever clinics\n";

}  // namespace

void add_demo_command(CLI::App& app) {
  struct Options {
    CommonOptions common;
    int port = -1;
    std::string host, web_root;
    std::string password = "lifeline-demo";
    bool seed_only = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("demo", "Seed the demo data (once) and serve it");
  add_common_options(*cmd, o->common);
  cmd->add_option("--host", o->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", o->port, "Port (default 8080)");
  cmd->add_option("--web-root", o->web_root, "Folder of the built web UI (default web/dist)");
  cmd->add_option("--password", o->password, "Password of every demo account")->envname("LIFELINE_DEMO_PASSWORD");
  cmd->add_flag("--seed-only", o->seed_only, "Seed and exit without serving");
  cmd->callback([o] {
    auto config = resolve_config(o->common);
    if (!config) fail(config.error());
    if (!o->host.empty()) config->host = o->host;
    if (o->port >= 0) config->port = o->port;
    if (!o->web_root.empty()) config->web_root = o->web_root;
    // The demo's group robots have signing secrets, sealed with this key
    // unless one is configured.
    if (config->notify_key.empty()) config->notify_key = "6c6966656c696e652d64656d6f2d6e6f746966792d6b65792d6e6f742d736563";
    auto opened = open_platform(*config);
    auto seeded = app::demo::seed(*opened->platform, o->password);
    if (!seeded) fail(seeded.error());
    std::cout << (seeded->created ? "demo data created" : "demo data already present") << "\n"
              << "demo accounts (password: " << o->password << "):\n";
    auto pad = [](const std::string& s, size_t width) {
      return s + std::string(width - std::min(width - 1, s.size()), ' ');
    };
    for (const auto& a : seeded->accounts)
      std::cout << "  " << pad(a.username, 16) << pad(a.role, 19) << a.org_name << "\n";
    std::cout << kTour;
    std::cout.flush();
    if (o->seed_only) return;
    if (int code = serve(*opened); code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace lifeline::cli
