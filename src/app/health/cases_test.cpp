// Pure parts of households, cases and outings: masking in lists, the overdue rule.
#include <gtest/gtest.h>

#include "app/health/cases.h"
#include "app/health/outings.h"

namespace lifeline::app::health {
namespace {

Instant at(int64_t hours) { return from_millis(hours * 3600 * 1000); }

TEST(HealthCasesJson, ListsMaskTheMembersPhoneASingleRecordShowsIt) {
  HouseholdMember m;
  m.id = 3;
  m.name = "王芳";
  m.relation = "spouse";
  m.phone = "13612345678";
  m.risk_status = "normal";
  EXPECT_EQ(to_json(m, false)["phone"], "136****5678");
  EXPECT_EQ(to_json(m, true)["phone"], "13612345678");
  m.phone.reset();
  EXPECT_TRUE(to_json(m, false)["phone"].is_null());
}

TEST(HealthCasesJson, ACaseSaysWhoseItIsAndHowLong) {
  Observation o;
  o.subject_name = "张父";
  o.member_id = 4;
  o.kind = "home";
  o.start_on = "2020-01-25";
  o.planned_end_on = "2020-02-08";
  auto j = to_json(o);
  EXPECT_EQ(j["subject"], "member");
  EXPECT_EQ(j["days"], 14);
  EXPECT_EQ(j["status"], "active");
  EXPECT_TRUE(j["visits"].is_array());
  o.released_on = "2020-02-08";
  EXPECT_EQ(to_json(o, false)["status"], "released");
  EXPECT_FALSE(to_json(o, false).contains("visits"));
}

TEST(HealthOutingRule, OnlyAnApprovedOutingPastItsReturnIsOverdue) {
  Outing t;
  t.depart_at = at(0);
  t.planned_return_at = at(10);
  t.status = "approved";
  EXPECT_FALSE(t.overdue(at(10)));
  EXPECT_TRUE(t.overdue(at(11)));
  t.status = "requested";
  EXPECT_FALSE(t.overdue(at(11)));
  t.status = "returned";
  t.returned_at = at(12);
  EXPECT_FALSE(t.overdue(at(13)));
  EXPECT_FALSE(to_json(t, at(13))["overdue"].get<bool>());
}

}  // namespace
}  // namespace lifeline::app::health
