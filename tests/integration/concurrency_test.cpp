// Races through the API, on SQLite (group commit) and on PostgreSQL (write
// transactions at READ COMMITTED, no global lock): many clients at once on
// the same check-in, Idempotency-Key, work-order transition, hotline call,
// emergency, numbering and login. Every invariant holds, every acknowledged
// write is in the database, and no answer is a 5xx (no deadlock or
// serialisation failure is left unhandled). docs/concurrency.md lists what
// keeps each invariant.
#include <atomic>
#include <barrier>
#include <cmath>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/time.h"
#include "integration/harness.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

json checkin(double temperature, const std::string& location = "in_town") {
  json j = {{"temperature", temperature}, {"symptoms", json::array()}, {"location", location},
            {"risk_travel", false},       {"contact", "none"},         {"work_status", "on_duty"}};
  if (location != "in_town") j["city"] = "湖南省长沙市";
  return j;
}

class Concurrency : public ApiTest {
 protected:
  static constexpr int kClients = 8;

  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto t = parse_instant("2020-01-26T00:30:00Z", "test");  // 08:30 in Shanghai
    ASSERT_TRUE(t.ok());
    clock_.set(*t);
  }

  // Runs `request` on kClients threads at once, each with its own login of
  // `username`; returns every answer (status and body) by client.
  std::vector<http::ClientResponse> race(const std::string& username,
                                         const std::function<http::ClientResponse(int, Session&)>& request) {
    std::vector<Session> sessions;
    for (int i = 0; i < kClients; ++i) sessions.push_back(login(username));
    std::vector<http::ClientResponse> answers(kClients);
    std::barrier start(kClients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        answers[static_cast<size_t>(i)] = request(i, sessions[static_cast<size_t>(i)]);
      });
    for (auto& t : threads) t.join();
    for (const auto& a : answers) EXPECT_LT(a.status, 500) << a.body;  // nothing left unhandled
    return answers;
  }

  static int count_status(const std::vector<http::ClientResponse>& answers, int status) {
    int n = 0;
    for (const auto& a : answers) n += a.status == status;
    return n;
  }

  http::ClientResponse post(Session& s, const std::string& target, const json& body, const std::string& key = "") {
    std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}};
    if (!key.empty()) headers["Idempotency-Key"] = key;
    auto r = s.client->request("POST", target, body.dump(), headers);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : http::ClientResponse{};
  }

  int64_t scalar(const std::string& sql) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<int64_t> {
      LL_TRY(auto row, tx.query_one(sql));
      return row ? row->integer(0) : 0;
    });
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : -1;
  }
};

// One person, eight health officers' submissions at once: one row, one
// version per acknowledged submission, the last acknowledged content kept,
// one creation (201) and the rest updates (200), the census counts equal to the rows.
TEST_F(Concurrency, ManySubmissionsOfOneCheckinKeepOneRowAndEveryVersion) {
  const int64_t person = add_staff(plant_a_, "P100", "赵六");
  auto answers = race("a_health", [&](int i, Session& s) {
    json body = checkin(36.0 + i / 10.0, i % 2 ? "away" : "in_town");
    body["staff_id"] = person;
    return post(s, "/api/v1/health/checkins", body, "officer-" + std::to_string(i));
  });
  EXPECT_EQ(count_status(answers, 201), 1);
  EXPECT_EQ(count_status(answers, 200), kClients - 1);
  std::set<int64_t> versions;
  for (const auto& a : answers) versions.insert(a.json().value("version", int64_t{0}));
  EXPECT_EQ(versions.size(), static_cast<size_t>(kClients));  // each acknowledged write made its own version
  EXPECT_EQ(count("checkins"), 1);
  EXPECT_EQ(scalar("SELECT version FROM checkins"), kClients);
  EXPECT_EQ(count("audit_log", "action LIKE 'health.checkin.%'"), kClients);
  EXPECT_EQ(count("idempotency_keys"), kClients);
  // The stored content is that of the answer with the highest version.
  double last_temperature = 0;
  for (const auto& a : answers)
    if (a.json().value("version", int64_t{0}) == kClients) last_temperature = a.json()["temperature"];
  EXPECT_EQ(scalar("SELECT CAST(ROUND(temperature * 10) AS BIGINT) FROM checkins"),
            static_cast<int64_t>(std::lround(last_temperature * 10)));
  // The running census counts agree with the row.
  EXPECT_EQ(scalar("SELECT SUM(checked_in) FROM checkin_counts"), 1);
  EXPECT_EQ(scalar("SELECT SUM(away) FROM checkin_counts"), scalar("SELECT COUNT(*) FROM checkins WHERE location = 'away'"));
}

// The same request with the same Idempotency-Key from eight clients at once
// (a phone retrying over several connections): one change, and every client
// gets the first answer.
TEST_F(Concurrency, OneIdempotencyKeyFromManyClientsMakesOneChange) {
  const int64_t person = add_staff(plant_a_, "P101", "钱七");
  json body = checkin(36.6);
  body["staff_id"] = person;
  auto answers = race("a_health", [&](int, Session& s) { return post(s, "/api/v1/health/checkins", body, "same-key"); });
  EXPECT_EQ(count_status(answers, 201), kClients);
  for (const auto& a : answers) EXPECT_EQ(a.body, answers[0].body);
  EXPECT_EQ(count("checkins"), 1);
  EXPECT_EQ(scalar("SELECT version FROM checkins"), 1);
  EXPECT_EQ(count("audit_log", "action LIKE 'health.checkin.%'"), 1);
  EXPECT_EQ(count("idempotency_keys"), 1);
}

// Check-ins of many people at once: each acknowledged one is there, and the
// census answers exactly the counts of the rows.
TEST_F(Concurrency, ConcurrentCheckinsOfManyPeopleAreAllCountedByTheCensus) {
  std::vector<int64_t> people;
  for (int i = 0; i < 4 * kClients; ++i)
    people.push_back(add_staff(i % 2 ? plant_a_ : dept_a_, "M" + std::to_string(i), "职工" + std::to_string(i)));
  auto answers = race("a_health", [&](int i, Session& s) {
    http::ClientResponse last;
    for (int k = 0; k < 4; ++k) {
      json body = checkin(k == 3 ? 38.2 : 36.4, k == 2 ? "away" : "in_town");
      body["staff_id"] = people[static_cast<size_t>(i * 4 + k)];
      last = post(s, "/api/v1/health/checkins", body);
      EXPECT_EQ(last.status, 201) << last.body;
    }
    return last;
  });
  EXPECT_EQ(count("checkins"), 4 * kClients);
  auto admin = login("a_health");
  auto census = call(admin, "GET", "/api/v1/health/census?org=" + std::to_string(util_a_) + "&date=2020-01-26");
  ASSERT_STATUS(census, 200);
  const json totals = census.json()["totals"];
  EXPECT_EQ(totals["checked_in"], scalar("SELECT COUNT(*) FROM checkins"));
  EXPECT_EQ(totals["fever"], scalar("SELECT COUNT(*) FROM checkins WHERE fever = 1"));
  EXPECT_EQ(totals["abnormal"], scalar("SELECT COUNT(*) FROM checkins WHERE abnormal = 1"));
  EXPECT_EQ(totals["away"], scalar("SELECT COUNT(*) FROM checkins WHERE location = 'away'"));
  EXPECT_EQ(totals["fever"], kClients);
}

// Eight dispatchers send one reported work order to a team at once: one
// dispatch wins (the others find it dispatched to that team already: 400,
// "reassigning needs another team"); one step in the timeline, the team
// dispatched once. Then eight cancel it at once: one wins (409 for the rest,
// a cancelled order goes nowhere), and the team is back on standby.
TEST_F(Concurrency, OneWorkOrderTransitionWinsAmongConcurrentDispatches) {
  auto admin = login("a_admin");
  auto t = call(admin, "POST", "/api/v1/teams",
                {{"org_id", util_a_}, {"name", "抢修一队"}, {"kind", "repair"}, {"members", json::array({{{"name", "王强"}}})}});
  ASSERT_STATUS(t, 201);
  const int64_t team = t.json()["id"];
  auto incident = call(admin, "POST", "/api/v1/incidents",
                       {{"org_id", util_a_}, {"type", "leak"}, {"source", "staff"}, {"address", "五一大道389号"}});
  ASSERT_STATUS(incident, 201);
  const int64_t order = incident.json()["work_order"]["id"];
  const std::string target = "/api/v1/work-orders/" + std::to_string(order) + "/transitions";
  auto dispatched = race("a_admin", [&](int, Session& s) { return post(s, target, {{"to", "dispatched"}, {"team_id", team}}); });
  EXPECT_EQ(count_status(dispatched, 200), 1);
  EXPECT_EQ(count_status(dispatched, 400), kClients - 1);
  EXPECT_EQ(count("work_order_events", "to_state = 'dispatched'"), 1);
  EXPECT_EQ(count("teams", "status = 'dispatched'"), 1);

  auto cancelled = race("a_admin", [&](int, Session& s) { return post(s, target, {{"to", "cancelled"}, {"reason", "重复报修"}}); });
  EXPECT_EQ(count_status(cancelled, 200), 1);
  EXPECT_EQ(count_status(cancelled, 409), kClients - 1);
  EXPECT_EQ(count("work_order_events", "to_state = 'cancelled'"), 1);
  EXPECT_EQ(count("teams", "status = 'standby'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'work_order.transition'"), 2);
}

// Operators move one hotline call at once: one wins; one audit entry. Calls
// logged at once take distinct consecutive numbers.
TEST_F(Concurrency, OneHotlineCallMovesOnceAndConcurrentCallsGetDistinctNumbers) {
  auto system = app::Actor::system("fixture");
  ASSERT_TRUE(platform_->accounts().create_user(system, {"a_hotline", "a_hotline", "dispatcher", util_a_, kPassword,
                                                         "13800002222"}).ok());
  json a_call = {{"caller_phone", "13800138000"}, {"category", "no_water"}, {"address", "五一大道389号"},
                 {"summary", "家中停水两小时"}, {"org_id", util_a_}};
  auto logged = race("a_hotline", [&](int, Session& s) { return post(s, "/api/v1/hotline/calls", a_call); });
  EXPECT_EQ(count_status(logged, 201), kClients);
  std::set<std::string> codes;
  for (const auto& a : logged) codes.insert(a.json().value("code", ""));
  EXPECT_EQ(codes.size(), static_cast<size_t>(kClients));
  EXPECT_EQ(scalar("SELECT MAX(seq) FROM hotline_calls"), kClients);

  const int64_t id = logged[0].json()["id"];
  auto moved = race("a_hotline", [&](int i, Session& s) {
    json t = i % 2 ? json{{"to", "handled"}} : json{{"to", "transferred"}, {"transferred_to", "管网所"}};
    return post(s, "/api/v1/hotline/calls/" + std::to_string(id) + "/transitions", t);
  });
  EXPECT_EQ(count_status(moved, 200), 1);
  EXPECT_EQ(count_status(moved, 409), kClients - 1);
  EXPECT_EQ(count("audit_log", "entity = 'hotline_call' AND action IN ('hotline.call.handled',"
                               " 'hotline.call.transferred') AND entity_id = '" + std::to_string(id) + "'"),
            1);
}

// Commanders end one emergency response at once: it ends once, with one
// history entry; incidents reported at once take distinct codes.
TEST_F(Concurrency, AnEmergencyEndsOnceAndIncidentsGetDistinctCodes) {
  auto admin = login("a_admin");
  auto declared = call(admin, "POST", "/api/v1/emergencies", {{"name", "疫情应急响应"}, {"level", "II"}});
  ASSERT_STATUS(declared, 201);
  const int64_t id = declared.json()["id"];
  auto ended = race("a_admin", [&](int i, Session& s) {
    return i % 2 ? post(s, "/api/v1/emergencies/" + std::to_string(id) + "/end", {{"reason", "疫情平稳"}})
                 : [&] {
                     auto r = s.client->request("PATCH", "/api/v1/emergencies/" + std::to_string(id),
                                                json{{"level", "III"}}.dump(),
                                                {{"X-CSRF-Token", s.csrf}, {"Content-Type", "application/json"}});
                     return r.ok() ? *r : http::ClientResponse{};
                   }();
  });
  EXPECT_EQ(count("emergency_history", "action = 'ended'"), 1);
  EXPECT_EQ(count("emergencies", "status = 'ended'"), 1);
  // A change after the end was refused, not applied over it.
  for (const auto& a : ended) EXPECT_TRUE(a.status == 200 || a.status == 409) << a.body;

  auto reported = race("a_admin", [&](int, Session& s) {
    return post(s, "/api/v1/incidents",
                {{"org_id", util_a_}, {"type", "leak"}, {"source", "staff"}, {"address", "人民路"}});
  });
  EXPECT_EQ(count_status(reported, 201), kClients);
  std::set<std::string> codes;
  for (const auto& a : reported) codes.insert(a.json().value("code", ""));
  EXPECT_EQ(codes.size(), static_cast<size_t>(kClients));
}

// Guesses at one password from many clients at once: no more than the
// allowed number are checked (config: 3), the rest are throttled.
TEST_F(Concurrency, ConcurrentWrongPasswordsAreThrottledAtTheLimit) {
  std::vector<std::unique_ptr<http::Client>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(anonymous());
  std::vector<int> statuses(kClients);
  std::barrier start(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = clients[static_cast<size_t>(i)]->request(
          "POST", "/api/v1/auth/login", json{{"username", "a_staff"}, {"password", "wrong-guess-1"}}.dump(),
          {{"Content-Type", "application/json"}});
      statuses[static_cast<size_t>(i)] = r.ok() ? r->status : 0;
    });
  for (auto& t : threads) t.join();
  int checked = 0, throttled = 0;
  for (int s : statuses) {
    checked += s == 401;
    throttled += s == 429;
  }
  EXPECT_EQ(checked, config_.login_max_failures);
  EXPECT_EQ(throttled, kClients - config_.login_max_failures);
}

}  // namespace
}  // namespace lifeline::test
