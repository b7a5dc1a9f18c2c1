// The census counts a day only when check-in was required for the unit that
// day (requirement.h): days before a response (or after it drops to a level
// without check-in) show "not required" and nobody on them is missing.
#include "app/health/census.h"

#include <gtest/gtest.h>

#include "app/health/checkin_counts.h"
#include "app/platform.h"
#include "core/events.h"
#include "core/time.h"
#include "support/test_database.h"

namespace lifeline::app::health {
namespace {

class CensusRequirement : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = test::TestDatabase::create();
    if (!database_) GTEST_SKIP() << "LIFELINE_TEST_PG_URL is not set";
    ASSERT_TRUE(Platform::prepare(database_->db()));
    run([&](store::Tx& tx) -> Status {
      a_ = unit(tx, "a", "甲水务");
      b_ = unit(tx, "b", "乙水务");
      a1_ = person(tx, a_, "A1");
      a2_ = person(tx, a_, "A2");
      person(tx, b_, "B1");
      // Level I over utility A from 10:00 on the 23rd (Shanghai), down to IV (no check-in) at noon on the 25th.
      LL_TRY(int64_t e, tx.insert("INSERT INTO emergencies (org_id, name, level, status, started_at)"
                                  " VALUES (?, '疫情防控', 'IV', 'active', ?) RETURNING id",
                                  {a_, ms("2020-01-23T02:00:00Z")}));
      LL_CHECK(tx.execute("INSERT INTO emergency_orgs (emergency_id, org_id) VALUES (?,?)", {e, a_}));
      LL_CHECK(tx.execute("INSERT INTO emergency_history (emergency_id, at, action, level) VALUES (?,?,?,?)",
                          {e, ms("2020-01-23T02:05:00Z"), "declared", "I"}));
      LL_CHECK(tx.execute("INSERT INTO emergency_history (emergency_id, at, action, level) VALUES (?,?,?,?)",
                          {e, ms("2020-01-25T04:00:00Z"), "level_changed", "IV"}));
      // A1 checks in every day from the 22nd (before anything was required), A2 only on the 24th.
      for (const char* day : {"2020-01-22", "2020-01-23", "2020-01-24", "2020-01-25", "2020-01-26"}) LL_CHECK(checkin(tx, a1_, day));
      LL_CHECK(checkin(tx, a2_, "2020-01-24"));
      return recount_checkins(tx, "/", "2020-01-22", "2020-01-26");
    });
  }

  void run(const std::function<Status(store::Tx&)>& body) {
    auto r = database_->db().run(store::TxMode::write, body);
    ASSERT_TRUE(r) << r.error().message;
  }
  static int64_t ms(const char* iso) { return to_millis(*parse_instant(iso, "test")); }
  std::string path(int64_t org) { return "/1/" + std::to_string(org) + "/"; }
  int64_t unit(store::Tx& tx, const char* code, const char* name) {
    auto id = tx.insert("INSERT INTO orgs (parent_id, kind, code, name, created_at) VALUES (1, 'utility', ?, ?, 0)"
                        " RETURNING id",
                        {code, name});
    EXPECT_TRUE(id);
    EXPECT_TRUE(tx.execute("UPDATE orgs SET path = ? WHERE id = ?", {path(*id), *id}));
    return *id;
  }
  int64_t person(store::Tx& tx, int64_t org, const char* no) {
    auto id = tx.insert("INSERT INTO staff (utility_id, org_id, org_path, employee_no, name, joined_on, created_at,"
                        " updated_at) VALUES (?,?,?,?,?, '2019-01-01', 0, 0) RETURNING id",
                        {org, org, path(org), no, no});
    EXPECT_TRUE(id);
    return *id;
  }
  Status checkin(store::Tx& tx, int64_t staff, const char* day) {
    const int64_t org = staff == a1_ || staff == a2_ ? a_ : b_;
    return tx.execute("INSERT INTO checkins (staff_id, org_id, org_path, day, submitted_at, channel, temperature,"
                      " symptoms, location, contact, work_status, fever, abnormal) VALUES (?,?,?,?,0,'self',36.5,"
                      "'[]','in_town','none','on_duty',0,0)",
                      {staff, org, path(org), day});
  }
  template <typename F>
  auto read(F&& f) {
    Runtime rt{database_->db(), clock_, events_, config_};
    Census census(rt);
    auto r = database_->db().transact(store::TxMode::read, [&](store::Tx& tx) { return f(census, tx); });
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }
  static int64_t count(const Counts& c, const char* key) { return c[count_index(key)]; }

  std::unique_ptr<test::TestDatabase> database_;
  ManualClock clock_{*parse_instant("2020-01-26T04:00:00Z", "test")};
  EventBus events_;
  Config config_;
  int64_t a_ = 0, b_ = 0, a1_ = 0, a2_ = 0;
};

TEST_F(CensusRequirement, DaysBeforeTheRequirementAreNotRequiredAndNobodyIsMissing) {
  auto trend = read([&](Census& c, store::Tx& tx) { return c.trend(tx, path(a_), "2020-01-22", "2020-01-26"); });
  ASSERT_EQ(trend.size(), 5u);
  // The 22nd: before the response. A1's check-in still counts; A2 is not missing.
  EXPECT_FALSE(trend[0].required);
  EXPECT_EQ(count(trend[0].totals, "headcount"), 2);
  EXPECT_EQ(count(trend[0].totals, "checked_in"), 1);
  EXPECT_EQ(count(trend[0].totals, "missing"), 0);
  // The 23rd: declared at 10:00, so the day counts.
  EXPECT_TRUE(trend[1].required);
  EXPECT_EQ(count(trend[1].totals, "missing"), 1);
  EXPECT_TRUE(trend[2].required);
  EXPECT_EQ(count(trend[2].totals, "missing"), 0);
  // The 25th: level IV from noon, still required that morning; the 26th no more.
  EXPECT_TRUE(trend[3].required);
  EXPECT_EQ(count(trend[3].totals, "missing"), 1);
  EXPECT_FALSE(trend[4].required);
  EXPECT_EQ(count(trend[4].totals, "missing"), 0);
}

TEST_F(CensusRequirement, OnlyUnitsUnderTheResponseCountMissing) {
  auto table = read([&](Census& c, store::Tx& tx) { return c.compute(tx, "/1/", "2020-01-23"); });
  EXPECT_TRUE(table.required);  // utility A's people had to check in
  ASSERT_GE(table.units.size(), 2u);
  EXPECT_TRUE(table.units[0].required);
  EXPECT_EQ(count(table.units[0].counts, "missing"), 1);  // A2
  EXPECT_FALSE(table.units[1].required);                   // utility B: no response covers it
  EXPECT_EQ(count(table.units[1].counts, "missing"), 0);
  EXPECT_EQ(count(table.totals, "headcount"), 3);
  EXPECT_EQ(count(table.totals, "missing"), 1);
  auto a = read([&](Census& c, store::Tx& tx) { return c.compute(tx, path(a_), "2020-01-22"); });
  EXPECT_FALSE(a.required);
  EXPECT_EQ(a.required_since, "2020-01-23");
}

}  // namespace
}  // namespace lifeline::app::health
