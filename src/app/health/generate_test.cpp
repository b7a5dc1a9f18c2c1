#include "app/health/generate.h"

#include <gtest/gtest.h>

#include <set>

#include "app/platform.h"
#include "support/test_database.h"

namespace lifeline::app::health {
namespace {

int64_t scalar(store::Database& db, const std::string& sql, const store::Params& params = {}) {
  auto r = db.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<int64_t> {
    LL_TRY(auto row, tx.query_one(sql, params));
    if (!row) return Error::internal("no row");
    return row->integer(0);
  });
  EXPECT_TRUE(r) << (r ? "" : r.error().message);
  return r ? *r : -1;
}

TEST(HealthGenerate, NamesAndPhonesLookReal) {
  gen::Random r(7);
  std::set<std::string> names;
  for (int i = 0; i < 2000; ++i) {
    auto phone = gen::mobile_phone(r);
    ASSERT_EQ(phone.size(), 11u);
    EXPECT_EQ(phone[0], '1');
    EXPECT_GE(phone[1], '3');
    EXPECT_LE(phone[1], '9');
    auto name = gen::person_name(r);
    EXPECT_GE(name.size(), 6u);   // two or more CJK characters (3 bytes each)
    EXPECT_LE(name.size(), 12u);
    names.insert(name);
  }
  EXPECT_GT(names.size(), 1000u);  // varied
}

TEST(HealthGenerate, ReasonsFollowTheRules) {
  EXPECT_TRUE(gen::abnormal_reasons(36.6, 37.3, false, false, false, "none").empty());
  EXPECT_EQ(gen::abnormal_reasons(37.3, 37.3, false, false, false, "none"), std::vector<std::string>{"fever"});
  EXPECT_EQ(gen::abnormal_reasons(36.5, 37.3, true, true, true, "suspected"),
            (std::vector<std::string>{"symptoms", "risk_travel", "risk_area", "contact"}));
}

TEST(HealthGenerate, DataSetHasTheAskedSizesAndRates) {
  auto t = test::TestDatabase::create();
  if (!t) GTEST_SKIP() << "LIFELINE_TEST_PG_URL is not set";
  ASSERT_TRUE(Platform::prepare(t->db()));
  GenerateOptions o;
  o.utilities = 3;
  o.staff = 600;
  o.days = 30;
  o.end = "2020-02-10";  // the Spring Festival (2020-01-25) inside the range
  o.fast_password_hash = true;
  o.tokens = true;
  auto r = generate(t->db(), o);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->utilities.size(), 3u);
  EXPECT_EQ(r->first_day, "2020-01-12");
  EXPECT_EQ(r->last_day, "2020-02-10");
  EXPECT_EQ(r->staff, 600);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM staff"), 600);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM checkins"), r->checkins);
  // ≈97% of person-days checked in.
  const double rate = static_cast<double>(r->checkins) / (600.0 * 30);
  EXPECT_GT(rate, 0.95);
  EXPECT_LT(rate, 0.995);
  // Contiguous register ids per utility, all under that utility.
  int64_t total = 0;
  for (const auto& u : r->utilities) {
    EXPECT_EQ(u.last_staff_id - u.first_staff_id + 1, u.staff);
    EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM staff WHERE utility_id = ? AND id BETWEEN ? AND ?",
                     {u.id, u.first_staff_id, u.last_staff_id}),
              u.staff);
    EXPECT_FALSE(u.token.empty());
    total += u.staff;
  }
  EXPECT_EQ(total, 600);
  // Every check-in's path is its person's unit path.
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM checkins c JOIN staff s ON s.id = c.staff_id"
                            " WHERE c.org_path <> s.org_path OR c.org_id <> s.org_id"),
            0);
  // Fevers rare, derived flags consistent, some travel around the festival.
  const int64_t fever = scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE fever = 1");
  EXPECT_LT(fever, r->checkins / 50);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE (temperature >= 37.3) <> (fever = 1)"), 0);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE abnormal = 1 AND abnormal_reasons IS NULL"), 0);
  EXPECT_GT(scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE location <> 'in_town'"), 0);
  EXPECT_GT(scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE day = '2020-01-25' AND location = 'away'"),
            scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE day = '2020-01-12' AND location = 'away'"));
  EXPECT_GT(scalar(t->db(), "SELECT COUNT(*) FROM checkins WHERE work_status = 'on_duty'"), r->checkins / 2);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM outings"), r->outings);
  EXPECT_GT(r->entrance_checks, 0);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM entrance_checks WHERE alert = 1 AND temperature < 37.3"), 0);
  // Logins, settings, risk areas, the emergency.
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM users WHERE username IN ('g01_health', 'g03_commander')"), 2);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM api_tokens"), 3);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM health_settings"), 3);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM risk_areas WHERE name = '湖北省武汉市'"), 3);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM emergencies WHERE status = 'active' AND level = 'I'"), 1);
  // Generating twice with the same prefix is refused, not doubled.
  auto again = generate(t->db(), o);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(scalar(t->db(), "SELECT COUNT(*) FROM staff"), 600);
}

TEST(HealthGenerate, SameSeedSameData) {
  auto a = test::TestDatabase::create();
  auto b = test::TestDatabase::create();
  if (!a || !b) GTEST_SKIP() << "LIFELINE_TEST_PG_URL is not set";
  ASSERT_TRUE(Platform::prepare(a->db()));
  ASSERT_TRUE(Platform::prepare(b->db()));
  GenerateOptions o;
  o.utilities = 2;
  o.staff = 100;
  o.days = 5;
  o.end = "2020-03-01";
  o.fast_password_hash = true;
  ASSERT_TRUE(generate(a->db(), o));
  ASSERT_TRUE(generate(b->db(), o));
  EXPECT_EQ(scalar(a->db(), "SELECT COUNT(*) FROM checkins"), scalar(b->db(), "SELECT COUNT(*) FROM checkins"));
  EXPECT_EQ(scalar(a->db(), "SELECT SUM(LENGTH(name)) FROM staff"), scalar(b->db(), "SELECT SUM(LENGTH(name)) FROM staff"));
}

}  // namespace
}  // namespace lifeline::app::health
