#include "app/accounts/roles.h"

#include <gtest/gtest.h>

namespace lifeline::app {
namespace {

TEST(Roles, TheTenRolesOfTheIssueExist) {
  for (const char* id : {"association_admin", "utility_admin", "commander", "dispatcher", "repair_crew",
                         "health_officer", "lab_analyst", "storekeeper", "staff", "viewer"})
    EXPECT_NE(find_role(id), nullptr) << id;
  // … and the head of a water-quality level (水质主管), who approves what analysts enter.
  EXPECT_NE(find_role("quality_manager"), nullptr);
  EXPECT_EQ(roles().size(), 11u);
}

TEST(Roles, WaterQualityIsReviewedByAnotherAndApprovedByTheHead) {
  EXPECT_TRUE(role_has("lab_analyst", Permission::quality_enter));
  EXPECT_TRUE(role_has("lab_analyst", Permission::quality_check));
  EXPECT_FALSE(role_has("lab_analyst", Permission::quality_approve));
  EXPECT_TRUE(role_has("quality_manager", Permission::quality_approve));
  EXPECT_FALSE(role_has("viewer", Permission::quality_read));
  EXPECT_TRUE(may_grant("utility_admin", "quality_manager"));
  EXPECT_TRUE(may_grant("association_admin", "lab_analyst"));
  EXPECT_EQ(to_string(Permission::quality_approve), "quality.approve");
}

TEST(Roles, EveryoneReadsTheCommandStructureAndTheEmergencyLevel) {
  for (const auto& r : roles()) {
    EXPECT_TRUE(role_has(r.id, Permission::command_read)) << r.id;
    EXPECT_TRUE(role_has(r.id, Permission::emergency_read)) << r.id;
  }
  EXPECT_FALSE(role_has("staff", Permission::users_read));
  EXPECT_FALSE(role_has("viewer", Permission::org_write));
  EXPECT_TRUE(role_has("commander", Permission::emergency_declare));
}

TEST(Roles, EveryoneSeesTheNetworkAndTheCommandChainChangesIt) {
  for (const auto& r : roles()) EXPECT_TRUE(role_has(r.id, Permission::network_read)) << r.id;
  for (const char* id : {"association_admin", "utility_admin", "commander", "dispatcher"})
    EXPECT_TRUE(role_has(id, Permission::network_write)) << id;
  for (const char* id : {"repair_crew", "health_officer", "lab_analyst", "storekeeper", "staff", "viewer"})
    EXPECT_FALSE(role_has(id, Permission::network_write)) << id;
  EXPECT_EQ(to_string(Permission::network_write), "network.write");
}

// Hours of CPU on a city network: the people who plan with it, not every reader.
TEST(Roles, LongAnalysesAreForTheCommandChainAndDispatchNotForReaders) {
  for (const char* id : {"association_admin", "utility_admin", "commander", "dispatcher"})
    EXPECT_TRUE(role_has(id, Permission::network_analyse)) << id;
  for (const char* id : {"viewer", "staff", "repair_crew", "lab_analyst", "storekeeper", "health_officer"})
    EXPECT_FALSE(role_has(id, Permission::network_analyse)) << id;
  EXPECT_EQ(to_string(Permission::network_analyse), "network.analyse");
}

TEST(Roles, NobodyGrantsMoreThanTheyHold) {
  EXPECT_TRUE(may_grant("association_admin", "association_admin"));
  EXPECT_FALSE(may_grant("utility_admin", "association_admin"));
  EXPECT_TRUE(may_grant("utility_admin", "utility_admin"));
  EXPECT_TRUE(may_grant("utility_admin", "dispatcher"));
  EXPECT_FALSE(may_grant("commander", "utility_admin"));
  EXPECT_FALSE(may_grant("staff", "staff_plus"));
  // The association admin appoints the unit heads who approve outings (the demo seeds them so).
  EXPECT_TRUE(may_grant("association_admin", "utility_admin"));
  EXPECT_TRUE(may_grant("association_admin", "commander"));
  EXPECT_FALSE(role_has("association_admin", Permission::outings_approve));
  EXPECT_FALSE(may_grant("dispatcher", "commander"));
}

TEST(Roles, DispatchAndHotlineAreUtilityWork) {
  // The association staffs a utility's dispatch centre and crews without dispatching itself.
  for (const char* role : {"dispatcher", "repair_crew", "utility_admin"}) EXPECT_TRUE(may_grant("association_admin", role)) << role;
  EXPECT_FALSE(role_has("association_admin", Permission::repair_dispatch));
  EXPECT_FALSE(may_grant("repair_crew", "dispatcher"));
  // Everyone sees the boards; only the viewer reports nothing.
  for (const auto& r : roles()) {
    EXPECT_TRUE(role_has(r.id, Permission::supply_read)) << r.id;
    EXPECT_EQ(role_has(r.id, Permission::incident_report), r.id != "viewer" && r.id != "association_admin") << r.id;
  }
  EXPECT_TRUE(role_has("dispatcher", Permission::hotline_take));
  EXPECT_FALSE(role_has("commander", Permission::hotline_take));
  EXPECT_TRUE(role_has("commander", Permission::hotline_stats));
}

TEST(Roles, PersonalHealthRecordsAreForHealthOfficersAlone) {
  for (const auto& r : roles()) {
    EXPECT_TRUE(role_has(r.id, Permission::health_self)) << r.id;
    EXPECT_EQ(role_has(r.id, Permission::health_records), r.id == "health_officer") << r.id;
  }
  for (const char* id : {"association_admin", "utility_admin", "commander", "health_officer"})
    EXPECT_TRUE(role_has(id, Permission::health_census)) << id;
  EXPECT_FALSE(role_has("viewer", Permission::health_census));
  // Admins appoint health officers without holding their right to read records;
  // a commander (no users.write) cannot.
  EXPECT_TRUE(may_grant("utility_admin", "health_officer"));
  EXPECT_TRUE(may_grant("association_admin", "health_officer"));
  EXPECT_FALSE(may_grant("commander", "health_officer"));
  EXPECT_FALSE(role_has("utility_admin", Permission::health_records));
}

TEST(Roles, TheStorekeeperKeepsTheSuppliesAndEveryoneSeesThem) {
  for (auto p : {Permission::supplies_manage, Permission::supplies_approve, Permission::supplies_request,
                 Permission::disinfection_manage})
    EXPECT_TRUE(role_has("storekeeper", p)) << to_string(p);
  for (const auto& r : roles()) EXPECT_TRUE(role_has(r.id, Permission::supplies_read)) << r.id;
  EXPECT_TRUE(role_has("staff", Permission::supplies_request));
  EXPECT_TRUE(role_has("staff", Permission::disinfection_record));
  EXPECT_FALSE(role_has("staff", Permission::supplies_manage));
  EXPECT_TRUE(role_has("commander", Permission::supplies_approve));
  EXPECT_FALSE(role_has("viewer", Permission::supplies_request));
  EXPECT_TRUE(may_grant("utility_admin", "storekeeper"));
  EXPECT_EQ(to_string(Permission::disinfection_record), "disinfection.record");
}

}  // namespace
}  // namespace lifeline::app
