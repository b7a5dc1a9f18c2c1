// Group-robot messages through the outbox to a local stand-in (bench/notify_load.sh).
//
//   lifeline_bench_notify [--db PATH|postgres://…] [--notices N] [--robots K] [--rate PER_MIN]
//                         [--spread-s S] [--tick-ms MS]
//
// The whole platform over a fresh database with the real clock; K DingTalk
// robots (signed, a keyword) on the stand-in of tests/integration, each with
// a rule for every event, at most PER_MIN messages a minute; the scheduler's
// thread ticking every MS as the server's does. N notices are committed, one
// transaction each, either at once (spread 0) or evenly over S seconds. It
// reports how fast they were queued (commits/s), how fast they arrived
// (delivered/s, first commit to last arrival), and each message's latency
// from its commit to the stand-in receiving it (p50, p99). Before that, the
// baseline: signed POSTs straight to the stand-in, no database, per second.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "app/notify/outbox.h"
#include "app/notify/protocol.h"
#include "app/notify/transport.h"
#include "app/platform.h"
#include "integration/notify_standin.h"

namespace {

using namespace lifeline;
using WallClock = std::chrono::system_clock;

struct Options {
  std::string db;
  int notices = 1000, robots = 1, rate = 6000, spread_s = 0, tick_ms = 1000;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") o.db = v;
    else if (k == "--notices") o.notices = std::stoi(v);
    else if (k == "--robots") o.robots = std::stoi(v);
    else if (k == "--rate") o.rate = std::stoi(v);
    else if (k == "--spread-s") o.spread_s = std::stoi(v);
    else if (k == "--tick-ms") o.tick_ms = std::stoi(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      std::exit(2);
    }
  }
  return o;
}

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "notify bench: %s\n", what.c_str());
  std::exit(1);
}

double ms_between(WallClock::time_point a, WallClock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

// Signed POSTs straight to the stand-in: what one request costs without the outbox.
double baseline(test::RobotStandIn& standin, const std::string& secret, int n) {
  app::notify::Target target{app::notify::Kind::dingtalk, standin.dingtalk_url(), secret, {"供水"}};
  app::notify::Message m{"bench.baseline", app::notify::Priority::normal, "供水保障 基线", "直接发送", "", {}};
  const auto start = WallClock::now();
  for (int i = 0; i < n; ++i) {
    const auto request = app::notify::build_request(target, m, SystemClock().now());
    auto answer = app::notify::post_json(request.url, request.body, request.headers, {.allow_private = true});
    if (answer.status != 200) die("baseline POST failed: " + answer.error + answer.body);
  }
  return n / std::chrono::duration<double>(WallClock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::string secret = "SECbench-3f9a1c7e5b2d8046";
  std::string url = o.db;
  std::filesystem::path dir;
  if (url.empty()) {
    dir = std::filesystem::temp_directory_path() / ("lifeline-notify-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    url = (dir / "bench.db").string();
  }
  auto opened = store::Database::open(url, {.pool_size = 6});
  if (!opened) die(opened.error().message);
  auto& db = **opened;
  if (auto st = app::Platform::prepare(db); !st) die(st.error().message);

  Config config;
  config.notify_key = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  config.notify_allow_private = true;
  config.public_base_url = "https://lifeline.example.cn";
  SystemClock clock;
  EventBus events;
  app::Runtime rt{db, clock, events, config};
  app::Platform platform(rt);

  test::RobotStandIn standin([&clock] { return to_millis(clock.now()); });
  if (auto st = standin.start(); !st) die(st.error().message);
  standin.configure("dingtalk", {.secret = secret, .keywords = {"供水"}});
  const double raw = baseline(standin, secret, 200);
  const size_t before = standin.received().size();

  const auto system = app::Actor::system("bench");
  for (int r = 0; r < o.robots; ++r) {
    app::notify::NewRobot robot;
    robot.org_id = 1;
    robot.kind = app::notify::Kind::dingtalk;
    robot.name = "压测群 " + std::to_string(r + 1);
    robot.url = standin.dingtalk_url();
    robot.secret = secret;
    robot.keywords = {"供水"};
    robot.rate_per_minute = o.rate;
    robot.rules = std::vector<app::notify::RuleInput>{{std::nullopt, "*", app::notify::Priority::low, false}};
    if (auto made = platform.notify().robots.create(system, robot); !made) die(made.error().message);
  }

  platform.scheduler().start(std::chrono::milliseconds(o.tick_ms));
  std::map<std::string, WallClock::time_point> committed;
  const auto first = WallClock::now();
  for (int i = 0; i < o.notices; ++i) {
    if (o.spread_s > 0) std::this_thread::sleep_until(first + std::chrono::microseconds(
                                                                  int64_t{o.spread_s} * 1000000 * i / o.notices));
    app::notify::Notice n;
    n.org_id = 1;
    n.org_path = "/1/";
    n.event = "telemetry.alarm";
    n.title = "压测 #" + std::to_string(i);
    n.text = "第八水厂出厂压力低于 0.25 MPa。";
    n.link = "/repair/incidents/7";
    auto st = db.transact(store::TxMode::write,
                          [&](store::Tx& tx) { return app::notify::enqueue(tx, n, clock.now()); });
    if (!st) die(st.error().message);
    committed[n.title] = WallClock::now();
  }
  const auto queued_done = WallClock::now();
  const size_t expected = before + static_cast<size_t>(o.notices) * static_cast<size_t>(o.robots);
  const auto give_up = WallClock::now() + std::chrono::minutes(10);
  while (standin.received().size() < expected && WallClock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  platform.scheduler().stop();

  std::vector<double> latency;
  WallClock::time_point last = first;
  for (const auto& r : standin.received()) {
    const std::string text = r.body.dump();
    auto at = text.find("压测 #");
    if (at == std::string::npos) continue;
    size_t end = at + std::string("压测 #").size();
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
    auto it = committed.find(text.substr(at, end - at));
    if (it == committed.end()) continue;
    latency.push_back(ms_between(it->second, r.at));
    last = std::max(last, r.at);
  }
  const double delivered_s = ms_between(first, last) / 1000;
  std::printf("backend=%s robots=%d rate_per_min=%d notices=%d spread_s=%d tick_ms=%d\n",
              url.starts_with("postgres") ? "postgres" : "sqlite", o.robots, o.rate, o.notices, o.spread_s,
              o.tick_ms);
  std::printf("baseline_posts_per_s=%.1f\n", raw);
  std::printf("queued_per_s=%.1f\n", o.notices / std::chrono::duration<double>(queued_done - first).count());
  std::printf("delivered=%zu of %zu delivered_per_s=%.1f\n", latency.size(), expected - before,
              delivered_s > 0 ? static_cast<double>(latency.size()) / delivered_s : 0.0);
  std::printf("latency_ms_p50=%.0f latency_ms_p99=%.0f latency_ms_max=%.0f\n", percentile(latency, 0.5),
              percentile(latency, 0.99), percentile(latency, 1.0));
  if (!dir.empty()) std::filesystem::remove_all(dir);
  return latency.size() == expected - before ? 0 : 1;
}
