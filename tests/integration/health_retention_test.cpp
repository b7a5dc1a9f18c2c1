// The retention purge: personal health data goes a retention period after the
// emergency ends, the census counts of those days are archived first, the
// purge is audited, a dry run writes nothing, and newer data or data under an
// active emergency stays.
#include "integration/harness.h"

#include "core/time.h"

#include "app/health/module.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class HealthRetention : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    person_ = add_staff(dept_a_, "A001", "张三", "a_staff");
    plant_person_ = add_staff(plant_a_, "P001", "李四", "a_plant_staff");
    b_person_ = add_staff(util_b_, "B001", "株洲职工");
  }

  Status exec(const std::string& sql, const store::Params& params) {
    return database_->db().transact(store::TxMode::write,
                                    [&](store::Tx& tx) -> Result<bool> {
                                      LL_CHECK(tx.execute(sql, params));
                                      return true;
                                    })
                   .ok()
               ? Status{}
               : Status{Error::internal(sql)};
  }
  std::string path_of(int64_t org) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::string> {
      LL_TRY(auto row, tx.query_one("SELECT path FROM orgs WHERE id = ?", {org}));
      if (!row) return Error::not_found("org");
      return row->text(0);
    });
    return r.ok() ? *r : "";
  }
  int64_t ms(const char* iso) { return to_millis(*parse_instant(iso, "t")); }

  // A day of personal data for one person.
  void checkin(int64_t staff, int64_t org, const std::string& day, double t, const char* location = "in_town",
               const char* work = "on_duty") {
    bool fever = t >= 37.3;
    ASSERT_TRUE(exec("INSERT INTO checkins (staff_id, org_id, org_path, day, submitted_at, channel, temperature,"
                     " symptoms, location, contact, work_status, fever, abnormal, abnormal_reasons)"
                     " VALUES (?,?,?,?,?,'self',?,'[]',?,'none',?,?,?,'[]')",
                     {staff, org, path_of(org), day, ms((day + "T00:30:00Z").c_str()), t, location, work, fever,
                      fever})
                    .ok());
  }
  void personal_records(int64_t staff, int64_t org, const std::string& day) {
    std::string path = path_of(org);
    int64_t at = ms((day + "T02:00:00Z").c_str());
    ASSERT_TRUE(exec("INSERT INTO household_members (staff_id, name, relation, risk_status, updated_at)"
                     " VALUES (?,'家属','spouse','normal',?)",
                     {staff, at})
                    .ok());
    ASSERT_TRUE(exec("INSERT INTO outings (staff_id, org_path, destination, purpose, depart_at, planned_return_at,"
                     " status, returned_at, created_at) VALUES (?,?,'岳阳','探亲',?,?,'returned',?,?)",
                     {staff, path, at, at + 3600000, at + 3600000, at})
                    .ok());
    ASSERT_TRUE(exec("INSERT INTO entrance_checks (org_id, org_path, at, staff_id, temperature, alert)"
                     " VALUES (?,?,?,?,36.5,0)",
                     {org, path, at, staff})
                    .ok());
    ASSERT_TRUE(exec("INSERT INTO health_notes (staff_id, at, author_name, text) VALUES (?,?,'t','随访')", {staff, at})
                    .ok());
    ASSERT_TRUE(exec("INSERT INTO checkin_links (staff_id, created_at) VALUES (?,?)", {staff, at}).ok());
    ASSERT_TRUE(exec("INSERT INTO idempotency_keys (principal, key, request_hash, status, response, created_at)"
                     " VALUES (?,?,'h',201,'{}',?)",
                     {"link:" + std::to_string(staff), "k-" + day, at})
                    .ok());
  }
  // A released home-observation case with one visit.
  void observation(int64_t staff, int64_t org, const std::string& start, const std::string& released,
                   const char* kind = "home") {
    ASSERT_TRUE(exec("INSERT INTO observations (staff_id, org_path, subject_name, kind, reason, start_on,"
                     " planned_end_on, released_on, created_at) VALUES (?,?,'x',?,'武汉返乡',?,?,?,?)",
                     {staff, path_of(org), kind, start, released, released, ms((start + "T01:00:00Z").c_str())})
                    .ok());
    ASSERT_TRUE(exec("INSERT INTO observation_visits (observation_id, day, visited_at, visitor, temperature)"
                     " SELECT id, start_on, created_at, '网格员', 36.6 FROM observations WHERE start_on = ? AND staff_id = ?",
                     {start, staff})
                    .ok());
  }

  int64_t declare(const char* who) {
    auto s = login(who);
    auto r = call(s, "POST", "/api/v1/emergencies", {{"name", "新冠肺炎疫情防控"}, {"level", "I"}});
    EXPECT_STATUS(r, 201);
    return r.json().value("id", int64_t{0});
  }
  void end(const char* who, int64_t id) {
    auto s = login(who);
    EXPECT_STATUS(call(s, "POST", "/api/v1/emergencies/" + std::to_string(id) + "/end", {{"reason", "解除响应"}}), 200);
  }
  std::vector<app::health::PurgeReport> purge(bool dry) {
    auto r = platform_->health().retention.purge(app::Actor::system("test"), dry);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : std::vector<app::health::PurgeReport>{};
  }
  static const app::health::PurgeReport* report_of(const std::vector<app::health::PurgeReport>& all, int64_t id) {
    for (const auto& r : all)
      if (r.utility_id == id) return &r;
    return nullptr;
  }
  int64_t personal_rows() {
    int64_t n = 0;
    for (const char* t : {"checkins", "idempotency_keys", "observation_visits", "observations", "household_members",
                          "outings", "entrance_checks", "health_notes", "checkin_links"})
      n += count(t);
    return n;
  }

  int64_t person_ = 0, plant_person_ = 0, b_person_ = 0;
};

TEST_F(HealthRetention, PersonalDataGoesAfterRetentionWithTheCensusArchived) {
  // Level I over 长沙 from 2020-01-25 to 2020-02-04; 株洲's response goes on.
  int64_t a = declare("a_commander");
  declare("b_admin");
  checkin(person_, dept_a_, "2020-01-25", 37.6, "away");
  checkin(plant_person_, plant_a_, "2020-01-25", 36.4, "in_town", "isolated");
  checkin(person_, dept_a_, "2020-01-26", 36.5);
  personal_records(person_, dept_a_, "2020-01-26");
  observation(plant_person_, plant_a_, "2020-01-25", "2020-01-27", "centralised");
  checkin(b_person_, util_b_, "2020-01-25", 36.5);
  personal_records(b_person_, util_b_, "2020-01-25");
  clock_.advance(std::chrono::hours(24 * 10));
  end("a_commander", a);
  const int64_t before = personal_rows();

  // Within the retention period (30 days by default) nothing goes.
  clock_.advance(std::chrono::hours(24 * 20));
  auto early = purge(false);
  auto* early_a = report_of(early, util_a_);
  ASSERT_NE(early_a, nullptr);
  EXPECT_EQ(early_a->status, "kept");
  EXPECT_EQ(early_a->cutoff.value_or(""), "2020-03-05");
  EXPECT_EQ(personal_rows(), before);

  // After it: data dated before the cutoff (2020-02-04 + 30 days) goes; a
  // check-in after the cutoff stays.
  clock_.advance(std::chrono::hours(24 * 15));  // 2020-03-11
  checkin(person_, dept_a_, "2020-03-06", 36.6);
  const int64_t with_new = personal_rows();
  auto dry = purge(true);
  auto* dry_a = report_of(dry, util_a_);
  ASSERT_NE(dry_a, nullptr);
  EXPECT_EQ(dry_a->status, "would_purge");
  EXPECT_EQ(dry_a->deleted.at("checkins"), 3);
  EXPECT_EQ(dry_a->deleted.at("observations"), 1);
  EXPECT_EQ(dry_a->deleted.at("observation_visits"), 1);
  EXPECT_EQ(dry_a->archived_days, 4);  // dept 01-25, 01-26; plant 01-25, 01-26
  EXPECT_EQ(personal_rows(), with_new);  // the dry run wrote nothing
  EXPECT_EQ(count("health_census_archive"), 0);
  EXPECT_EQ(count("audit_log", "action = 'health.purge'"), 0);

  auto done = purge(false);
  auto* rep = report_of(done, util_a_);
  ASSERT_NE(rep, nullptr);
  EXPECT_EQ(rep->status, "purged");
  EXPECT_EQ(rep->emergency_ended_on.value_or(""), "2020-02-04");
  EXPECT_EQ(rep->deleted, dry_a->deleted);
  const std::string a_people = "staff_id IN (SELECT id FROM staff WHERE utility_id = " + std::to_string(util_a_) + ")";
  EXPECT_EQ(count("checkins", a_people), 1);  // the one after the cutoff
  EXPECT_EQ(count("checkins", a_people + " AND day = '2020-03-06'"), 1);
  for (const char* t : {"observations", "household_members", "outings", "health_notes", "checkin_links"})
    EXPECT_EQ(count(t, a_people), 0) << t;
  EXPECT_EQ(count("observation_visits"), 0);
  EXPECT_EQ(count("idempotency_keys", "principal = 'link:" + std::to_string(person_) + "'"), 0);
  EXPECT_EQ(count("entrance_checks", "staff_id = " + std::to_string(person_)), 0);
  EXPECT_EQ(count("staff"), 3);  // the register is HR data and stays

  // 株洲 is still under its response: all kept.
  auto* rep_b = report_of(done, util_b_);
  ASSERT_NE(rep_b, nullptr);
  EXPECT_EQ(rep_b->status, "kept");
  EXPECT_EQ(count("checkins", "staff_id = " + std::to_string(b_person_)), 1);
  EXPECT_EQ(count("outings", "staff_id = " + std::to_string(b_person_)), 1);
  EXPECT_EQ(count("idempotency_keys", "principal = 'link:" + std::to_string(b_person_) + "'"), 1);

  // The census of the purged days is archived per unit and day.
  EXPECT_EQ(count("health_census_archive"), 4);
  auto counts = [&](int64_t org, const char* day) {
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) -> Result<json> {
      LL_TRY(auto row, tx.query_one("SELECT counts FROM health_census_archive WHERE org_id = ? AND day = ?",
                                    {org, std::string(day)}));
      if (!row) return Error::not_found(day);
      return json::parse(row->text(0));
    });
    EXPECT_TRUE(r.ok()) << org << " " << day;
    return r.ok() ? *r : json();
  };
  auto dept = counts(dept_a_, "2020-01-25");
  EXPECT_EQ(dept["checked_in"], 1);
  EXPECT_EQ(dept["fever"], 1);
  EXPECT_EQ(dept["abnormal"], 1);
  EXPECT_EQ(dept["away"], 1);
  EXPECT_EQ(dept["on_duty"], 1);
  EXPECT_EQ(dept["quarantine"], 0);
  EXPECT_FALSE(dept.contains("headcount"));
  EXPECT_FALSE(dept.contains("missing"));
  auto plant = counts(plant_a_, "2020-01-25");
  EXPECT_EQ(plant["checked_in"], 1);
  EXPECT_EQ(plant["isolated"], 1);
  EXPECT_EQ(plant["quarantine"], 1);
  EXPECT_EQ(plant["fever"], 0);
  auto plant_next = counts(plant_a_, "2020-01-26");  // still in quarantine, no check-in
  EXPECT_EQ(plant_next["quarantine"], 1);
  EXPECT_EQ(plant_next["checked_in"], 0);
  EXPECT_EQ(counts(dept_a_, "2020-01-26")["checked_in"], 1);

  // One audit entry per purged utility, with counts and no personal data.
  ASSERT_EQ(count("audit_log", "action = 'health.purge'"), 1);
  EXPECT_EQ(count("audit_log", "action = 'health.purge' AND entity_id = '" + std::to_string(util_a_) +
                                   "' AND after_json LIKE '%\"checkins\":3%'"),
            1);
  EXPECT_EQ(count("audit_log", "action = 'health.purge' AND after_json LIKE '%张三%'"), 0);

  // A second run finds nothing more to delete and keeps the archive.
  auto again = purge(false);
  auto* rep2 = report_of(again, util_a_);
  ASSERT_NE(rep2, nullptr);
  EXPECT_EQ(rep2->deleted.at("checkins"), 0);
  EXPECT_EQ(rep2->archived_days, 0);
  EXPECT_EQ(count("health_census_archive"), 4);
}

TEST_F(HealthRetention, AUtilityThatNeverEndedAResponseKeepsEverything) {
  checkin(person_, dept_a_, "2020-01-25", 36.5);
  personal_records(person_, dept_a_, "2020-01-25");
  clock_.advance(std::chrono::hours(24 * 400));
  const int64_t before = personal_rows();
  auto reports = purge(false);
  EXPECT_EQ(reports.size(), 2u);
  for (const auto& r : reports) EXPECT_EQ(r.status, "kept") << r.utility_name;
  EXPECT_EQ(personal_rows(), before);
  EXPECT_EQ(count("audit_log", "action = 'health.purge'"), 0);
  // Only the command line purges.
  auto as_user = app::Actor::system("x");
  as_user.user_id = user_id("assoc");
  EXPECT_FALSE(platform_->health().retention.purge(as_user, true).ok());
}

}  // namespace
}  // namespace lifeline::test
