// Status of priority customers: open incidents from repair's tables
// (inserted with SQL here), supply security, and the care plan's patrols
// (overdue, pressure, problems) on the manual clock.
#include <mutex>

#include "integration/harness.h"
#include "integration/line_network.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class AssuranceStatus : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto admin = login("a_admin");
    auto created = call(admin, "POST", "/api/v1/networks",
                        {{"org_id", util_a_}, {"name", "线网"}, {"inp", kLineInp}, {"file_name", "line.inp"}});
    ASSERT_STATUS(created, 201);
    net_ = created.json()["id"];
    ASSERT_STATUS(call(admin, "PUT", "/api/v1/networks/" + std::to_string(net_) + "/valves",
                       {{"csv", kLineValves}}),
                  200);
    clinic_ = add(admin, "湘雅医院发热门诊", "fever_clinic", "J1");
    hospital_ = add(admin, "长沙市公共卫生救治中心", "designated_hospital", "J4");
  }

  int64_t add(Session& s, const std::string& name, const std::string& category, const std::string& node) {
    auto r = call(s, "POST", "/api/v1/priority-customers",
                  {{"org_id", util_a_}, {"name", name}, {"category", category}, {"tier", 1},
                   {"network_id", net_}, {"nodes", {node}}, {"min_pressure_m", 20}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", 0);
  }

  json customer(int64_t id) {
    auto s = login("a_viewer");
    auto r = call(s, "GET", "/api/v1/priority-customers/" + std::to_string(id));
    EXPECT_STATUS(r, 200);
    return r.json();
  }

  static std::vector<std::string> reasons(const json& c) {
    std::vector<std::string> out;
    for (const auto& r : c["status_reasons"]) out.push_back(r["code"]);
    return out;
  }

  // An open incident affecting `customer`, with its work order in `state`; returns the order's id.
  int64_t incident(int64_t customer, const std::string& state, const std::string& code) {
    auto r = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<int64_t> {
      LL_TRY(auto org, tx.query_one("SELECT path FROM orgs WHERE id = ?", {util_a_}));
      if (!org) return Error::not_found("no utility");
      const int64_t now = to_millis(clock_.now());
      LL_TRY(int64_t id, tx.insert("INSERT INTO incidents (org_id, org_path, code, type, source, network_id, link,"
                                   " priority, reported_at, reported_by_name, created_at)"
                                   " VALUES (?,?,?,'burst','staff',?,'P2',1,?,'调度员',?) RETURNING id",
                                   {util_a_, org->text(0), code, net_, now, now}));
      LL_TRY(int64_t order, tx.insert("INSERT INTO work_orders (org_id, org_path, kind, incident_id, state, priority,"
                                      " sla, created_at, updated_at) VALUES (?,?,'repair',?,?,1,'{}',?,?) RETURNING id",
                                      {util_a_, org->text(0), id, state, now, now}));
      LL_CHECK(tx.execute("INSERT INTO incident_customers (incident_id, customer_id, impact) VALUES (?,?,'cut_off')",
                          {id, customer}));
      return order;
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : 0;
  }

  void sql(const std::string& statement, const store::Params& params) {
    auto r = database_->db().transact(store::TxMode::write,
                                      [&](store::Tx& tx) -> Result<bool> {
                                        LL_CHECK(tx.execute(statement, params));
                                        return true;
                                      });
    EXPECT_TRUE(r.ok());
  }

  int64_t net_ = 0, clinic_ = 0, hospital_ = 0;
};

TEST_F(AssuranceStatus, FromOpenIncidentsAndTheirWorkOrders) {
  EXPECT_EQ(customer(clinic_)["status"], "normal");
  auto hospital = customer(hospital_);
  EXPECT_EQ(hospital["status"], "at_risk");
  EXPECT_EQ(reasons(hospital), std::vector<std::string>{"not_n1_secure"});

  const int64_t order = incident(clinic_, "dispatched", "QX-20200125-001");
  auto c = customer(clinic_);
  EXPECT_EQ(c["status"], "affected");
  ASSERT_EQ(c["incidents"].size(), 1u);
  EXPECT_EQ(c["incidents"][0]["code"], "QX-20200125-001");
  EXPECT_EQ(c["incidents"][0]["state"], "dispatched");
  EXPECT_EQ(c["incidents"][0]["impact"], "cut_off");

  for (const char* off : {"isolated", "repaired"}) {
    sql("UPDATE work_orders SET state = ? WHERE id = ?", {off, order});
    EXPECT_EQ(customer(clinic_)["status"], "interrupted") << off;
  }
  sql("UPDATE work_orders SET state = 'under_pressure' WHERE id = ?", {order});
  EXPECT_EQ(customer(clinic_)["status"], "affected");  // repair under pressure: the water stays on
  sql("UPDATE work_orders SET state = 'restored' WHERE id = ?", {order});
  EXPECT_EQ(customer(clinic_)["status"], "affected");

  auto viewer = login("a_viewer");
  auto list = call(viewer, "GET", "/api/v1/priority-customers");
  EXPECT_EQ(list.json()["counts"], json({{"normal", 0}, {"at_risk", 1}, {"affected", 1}, {"interrupted", 0}}));
  auto affected = call(viewer, "GET", "/api/v1/priority-customers?status=affected").json()["items"];
  ASSERT_EQ(affected.size(), 1u);
  EXPECT_EQ(affected[0]["id"], clinic_);
  EXPECT_STATUS(call(viewer, "GET", "/api/v1/priority-customers?status=dry"), 400);

  sql("UPDATE incidents SET closed_at = ?", {to_millis(clock_.now())});
  EXPECT_EQ(customer(clinic_)["status"], "normal");
  EXPECT_EQ(customer(clinic_)["incidents"].size(), 0u);
}

TEST_F(AssuranceStatus, CarePlanPatrolsOverdueAndPressure) {
  std::mutex mutex;
  int recorded = 0;
  auto subscription = events_.subscribe([&](const Event& e) {
    std::lock_guard lock(mutex);
    if (e.type == "patrol.recorded" && e.data.value("customer_id", int64_t{0}) == clinic_) ++recorded;
  });
  auto admin = login("a_admin");
  const std::string path = "/api/v1/priority-customers/" + std::to_string(clinic_);
  auto plan = call(admin, "PUT", path + "/care-plan",
                   {{"patrols_per_day", 2}, {"pressure_check", true}, {"contact_on_call", "李工"},
                    {"measures", "抢修队24小时待命"}});
  ASSERT_STATUS(plan, 200);
  EXPECT_EQ(plan.json()["patrols_per_day"], 2);
  EXPECT_STATUS(call(admin, "PUT", path + "/care-plan", {{"patrols_per_day", 25}}), 400);

  clock_.advance(std::chrono::hours(11));
  auto c = customer(clinic_);
  EXPECT_FALSE(c["patrol_overdue"].get<bool>());
  EXPECT_EQ(c["status"], "normal");
  clock_.advance(std::chrono::hours(2));  // 13 h since the plan: a patrol every 12 h is overdue
  c = customer(clinic_);
  EXPECT_TRUE(c["patrol_overdue"].get<bool>());
  EXPECT_EQ(c["status"], "at_risk");
  EXPECT_EQ(reasons(c), std::vector<std::string>{"patrol_overdue"});

  admin = login("a_admin");
  auto no_pressure = call(admin, "POST", path + "/patrols", {{"ok", true}});
  ASSERT_STATUS(no_pressure, 400);
  EXPECT_EQ(no_pressure.json()["errors"][0]["field"], "pressure_m");
  EXPECT_STATUS(call(admin, "POST", path + "/patrols", {{"ok", false}, {"pressure_m", 30}}), 400);  // findings
  EXPECT_STATUS(call(admin, "POST", path + "/patrols",
                     {{"ok", true}, {"pressure_m", 30}, {"done_at", "2020-01-27T08:00:00Z"}}),
                400);  // in the future

  ASSERT_STATUS(call(admin, "POST", path + "/patrols", {{"ok", true}, {"pressure_m", 32.5}, {"findings", "正常"}}),
                201);
  c = customer(clinic_);
  EXPECT_FALSE(c["patrol_overdue"].get<bool>());
  EXPECT_EQ(c["status"], "normal");
  EXPECT_EQ(c["last_patrol_at"], "2020-01-25T21:00:00Z");

  clock_.advance(std::chrono::hours(1));
  ASSERT_STATUS(call(admin, "POST", path + "/patrols", {{"ok", true}, {"pressure_m", 12}}), 201);
  c = customer(clinic_);
  EXPECT_EQ(c["status"], "at_risk");
  EXPECT_EQ(reasons(c), std::vector<std::string>{"low_pressure"});

  clock_.advance(std::chrono::hours(1));
  ASSERT_STATUS(call(admin, "POST", path + "/patrols", {{"ok", false}, {"pressure_m", 25}, {"findings", "阀门井渗水"}}),
                201);
  c = customer(clinic_);
  EXPECT_EQ(reasons(c), std::vector<std::string>{"patrol_problem"});
  ASSERT_EQ(c["patrols"].size(), 3u);
  EXPECT_EQ(c["patrols"][0]["findings"], "阀门井渗水");  // latest first
  EXPECT_EQ(c["patrols"][2]["pressure_m"], 32.5);

  clock_.advance(std::chrono::hours(13));
  admin = login("a_admin");
  auto list = call(admin, "GET", "/api/v1/priority-customers?status=at_risk").json()["items"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(call(admin, "GET", path + "/patrols").json()["items"].size(), 3u);

  EXPECT_EQ(count("audit_log", "action = 'assurance.care_plan'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'assurance.patrol'"), 3);
  EXPECT_EQ(count("patrols"), 3);
  std::lock_guard lock(mutex);
  EXPECT_EQ(recorded, 3);
}

}  // namespace
}  // namespace lifeline::test
