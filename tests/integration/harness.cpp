#include "integration/harness.h"

#include "core/time.h"

namespace lifeline::test {

std::optional<Instant> ApiTest::parse_instant_or_die(const char* iso) {
  auto r = parse_instant(iso, "fixture");
  if (!r) std::abort();
  return *r;
}

void ApiTest::SetUp() {
  database_ = TestDatabase::create();
  if (!database_) GTEST_SKIP() << "PostgreSQL run without LIFELINE_TEST_PG_URL (scripts/pg.sh start prints it)";
  config_.password_cost = "min";
  config_.login_max_failures = 3;
  ASSERT_TRUE(app::Platform::prepare(database_->db()).ok());
  runtime_ = std::make_unique<app::Runtime>(app::Runtime{database_->db(), clock_, events_, config_});
  platform_ = std::make_unique<app::Platform>(*runtime_);

  auto system = app::Actor::system("fixture");
  auto unit = [&](int64_t parent, const char* kind, const char* code, const char* name) {
    auto r = platform_->orgs().create(system, {parent, kind, code, name, std::nullopt, std::nullopt, std::nullopt});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r->id : 0;
  };
  util_a_ = unit(root_, "utility", "ua", "长沙水业集团");
  util_b_ = unit(root_, "utility", "ub", "株洲水务集团");
  dept_a_ = unit(util_a_, "department", "ua-hr", "人力资源部");
  plant_a_ = unit(util_a_, "water_plant", "ua-p8", "第八水厂");
  struct U {
    const char* name;
    const char* role;
    int64_t org;
  };
  for (const U& u : {U{"assoc", "association_admin", root_}, U{"a_admin", "utility_admin", util_a_},
                     U{"b_admin", "utility_admin", util_b_}, U{"a_commander", "commander", util_a_},
                     U{"a_staff", "staff", dept_a_}, U{"a_viewer", "viewer", util_a_},
                     // Health officers of a whole utility, of one department, of the other utility.
                     U{"a_health", "health_officer", util_a_}, U{"a_hr_health", "health_officer", dept_a_},
                     U{"b_health", "health_officer", util_b_}, U{"a_plant_staff", "staff", plant_a_}}) {
    auto r = platform_->accounts().create_user(system, {u.name, u.name, u.role, u.org, kPassword, "13800001111"});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  http::ServerOptions options;
  options.port = 0;
  options.worker_threads = 4;
  options.max_body_bytes = 64 * 1024;
  server_ = std::make_unique<http::Server>(options, platform_->router());
  ASSERT_TRUE(server_->start().ok());
}

int64_t ApiTest::user_id(const std::string& username) {
  auto id = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<int64_t> {
    LL_TRY(auto row, tx.query_one("SELECT id FROM users WHERE username = ?", {username}));
    if (!row) return Error::not_found("no user " + username);
    return row->integer(0);
  });
  EXPECT_TRUE(id.ok()) << username;
  return id.ok() ? *id : 0;
}

int64_t ApiTest::add_staff(int64_t org, const std::string& employee_no, const std::string& name,
                           const std::string& username, const std::string& phone) {
  std::optional<int64_t> user;
  if (!username.empty()) user = user_id(username);
  auto id = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<int64_t> {
    LL_TRY(auto unit, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org}));
    if (!unit) return Error::not_found("no org");
    std::string path = unit->text(0);
    LL_TRY(auto utility, tx.query_one("SELECT id FROM orgs WHERE kind = 'utility' AND ? LIKE (path || '%')", {path}));
    if (!utility) return Error::not_found("no utility above the org");
    return tx.insert("INSERT INTO staff (utility_id, org_id, org_path, employee_no, name, phone, user_id, joined_on,"
                     " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
                     {utility->integer(0), org, path, employee_no, name, phone, user, "2020-01-01",
                      to_millis(clock_.now()), to_millis(clock_.now())});
  });
  EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
  return id.ok() ? *id : 0;
}

void ApiTest::TearDown() {
  if (server_) server_->stop();
  server_.reset();
  platform_.reset();
  runtime_.reset();
  database_.reset();
}

std::unique_ptr<http::Client> ApiTest::anonymous() {
  return std::make_unique<http::Client>("127.0.0.1", server_->port());
}

ApiTest::Session ApiTest::login(const std::string& username) {
  Session s{anonymous(), ""};
  auto r = s.client->request("POST", "/api/v1/auth/login",
                             nlohmann::json{{"username", username}, {"password", kPassword}}.dump(),
                             {{"Content-Type", "application/json"}});
  EXPECT_TRUE(r.ok());
  if (r.ok()) {
    EXPECT_EQ(r->status, 200) << r->body;
    s.csrf = r->json().value("csrf_token", "");
  }
  return s;
}

http::ClientResponse ApiTest::call(Session& s, const std::string& method, const std::string& target,
                                   const nlohmann::json& body) {
  std::map<std::string, std::string> headers{{"X-CSRF-Token", s.csrf}};
  std::string text;
  if (!body.is_null()) {
    text = body.dump();
    headers["Content-Type"] = "application/json";
  }
  auto r = s.client->request(method, target, text, headers);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : http::ClientResponse{};
}

int64_t ApiTest::count(const std::string& table, const std::string& where) {
  auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<int64_t> {
    LL_TRY(auto row, tx.query_one("SELECT COUNT(*) FROM " + table + " WHERE " + where));
    if (!row) return Error::internal("COUNT(*) returned no row");
    return row->integer(0);
  });
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : -1;
}

}  // namespace lifeline::test
