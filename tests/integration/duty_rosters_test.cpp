// Duty posts, rosters and overrides through the API: who may change what,
// every bad-input rule of the issue (each a 4xx naming the field, nothing
// written), times that do not exist, and overrides that may never overlap —
// even when requests race.
#include <atomic>
#include <thread>

#include "integration/duty_fixture.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class DutyRosters : public DutyTest {};

TEST_F(DutyRosters, UnitHeadsKeepPostsEveryoneReadsThem) {
  auto head = login("a_commander");
  const int64_t post = make_post(head, "集团调度中心", {{"org_id", util_a_}, {"kind", "dispatch"}, {"red_phone", true}});
  auto staff = login("a_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/duty/posts", {{"name", "x"}, {"kind", "other"}}), 403);
  auto list = call(staff, "GET", "/api/v1/duty/posts?org=" + std::to_string(util_a_));
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 1u);
  EXPECT_EQ(list.json()["items"][0]["red_phone"], true);
  // Another utility's post does not exist for B.
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/duty/posts/" + std::to_string(post)), 404);
  EXPECT_STATUS(call(b, "PATCH", "/api/v1/duty/posts/" + std::to_string(post), {{"name", "x"}}), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/duty/posts?org=" + std::to_string(util_a_)), 404);
  EXPECT_EQ(count("audit_log", "action = 'duty.post.create'"), 1);
}

TEST_F(DutyRosters, APostsBadFieldsAreNamedAndNothingIsWritten) {
  auto head = login("a_commander");
  auto r = call(head, "POST", "/api/v1/duty/posts",
                {{"name", "值班"}, {"kind", "guard"}, {"red_phone", true}, {"coverage", {{"days", json::array()}}},
                 {"min_rest_minutes", 2000}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"kind"}));
  r = call(head, "POST", "/api/v1/duty/posts",
           {{"name", "值班"}, {"kind", "other"}, {"red_phone", true}, {"coverage", {{"days", json::array()}}},
            {"min_rest_minutes", 2000}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"coverage", "min_rest_minutes", "phone"}));
  r = call(head, "POST", "/api/v1/duty/posts",
           {{"name", "值班"}, {"kind", "other"}, {"coverage", {{"days", {0, 8}}, {"from", "25:00"}, {"colour", 1}}}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"coverage/colour", "coverage/days/0", "coverage/days/1", "coverage/from"}));
  r = call(head, "POST", "/api/v1/duty/posts", {{"name", std::string("值\0班", 7)}, {"kind", "other"}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"name"}));
  json deep = json::array();
  for (int i = 0; i < 200; ++i) deep = json::array({deep});
  r = call(head, "POST", "/api/v1/duty/posts", {{"name", "x"}, {"kind", "other"}, {"location", deep}});
  EXPECT_STATUS(r, 400);
  EXPECT_EQ(count("duty_posts"), 0);
}

TEST_F(DutyRosters, ARosterNeedsPeopleALengthAndSomethingLeftByItsRestriction) {
  auto head = login("a_commander");
  const int64_t post = make_post(head);
  auto bad = [&](json layers) {
    return call(head, "POST", "/api/v1/duty/rosters", {{"post_id", post}, {"kind", "normal"}, {"layers", layers}});
  };
  auto r = bad(json::array());
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers"}));
  r = bad(json::array({layer({})}));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers/0/members"}));
  json zero = layer({people_[0]}, "custom");
  zero["shift_minutes"] = 0;
  r = bad(json::array({zero}));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers/0/shift_minutes"}));
  json empty = layer({people_[0]});
  empty["restriction"] = {{"days", {1, 2}}, {"from", "08:00"}, {"to", "08:00"}};
  json no_days = layer({people_[1]});
  no_days["restriction"] = {{"days", json::array()}};
  r = bad(json::array({empty, no_days}));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers/0/restriction", "layers/1/restriction"}));
  // People of another utility are not on this post's register.
  r = bad(json::array({layer({people_[0], other_, 999999})}));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers/0/members/1", "layers/0/members/2"}));
  r = bad(json::array({layer({people_[0]}, "fortnightly")}));
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers/0/rotation"}));
  EXPECT_EQ(count("duty_rosters"), 0);
  EXPECT_EQ(count("duty_layers"), 0);
  // One normal roster per post.
  make_roster(head, post, "normal", json::array({layer({people_[0]})}));
  r = bad(json::array({layer({people_[1]})}));
  ASSERT_STATUS(r, 409);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"kind"}));
  EXPECT_EQ(count("duty_rosters"), 1);
}

TEST_F(DutyRosters, TimesThatDoNotExistAreRefusedInAZoneThatChangesItsClocks) {
  config_.time_zone = "America/New_York";
  at("2021-03-13T15:00:00Z");
  auto head = login("a_commander");
  const int64_t post = make_post(head);
  // 02:30 on 14 March 2021 does not exist in New York (02:00 → 03:00).
  auto r = call(head, "POST", "/api/v1/duty/rosters",
                {{"post_id", post}, {"kind", "normal"}, {"layers", json::array({layer({people_[0]}, "daily_24h", "02:30", "2021-03-14")})}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"layers/0/handoff"}));
  EXPECT_EQ(count("duty_rosters"), 0);
  make_roster(head, post, "normal", json::array({layer({people_[0], people_[1]}, "daily_24h", "02:30", "2021-03-10")}));
  r = call(head, "POST", "/api/v1/duty/overrides",
           {{"post_id", post}, {"kind", "cover"}, {"from", "2021-03-14T02:30"}, {"until", "2021-11-07T01:30"},
            {"person_id", people_[2]}, {"reason", "x"}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"from", "until"}));
  EXPECT_EQ(count("duty_overrides"), 0);
  r = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) + "&from=2021-03-14T02:15&to=2021-03-15");
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"from"}));
  // The day the clocks change: the rotation's hand-off at 02:30 happens at 03:00 EDT, the moment they jump.
  r = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) + "&from=2021-03-14&to=2021-03-14");
  ASSERT_STATUS(r, 200);
  ASSERT_EQ(r.json()["items"].size(), 2u);
  EXPECT_EQ(r.json()["items"][0]["until"], "2021-03-14T07:00:00Z");
  EXPECT_EQ(r.json()["items"][1]["from"], "2021-03-14T07:00:00Z");
}

TEST_F(DutyRosters, AnIntervalLongerThanAYearIsRefused) {
  auto head = login("a_commander");
  const int64_t post = plant_post(head);
  for (const char* what : {"schedule", "problems"}) {
    auto r = call(head, "GET", std::string("/api/v1/duty/") + what + "?org=" + std::to_string(plant_a_) +
                                   "&from=2020-01-01&to=2021-06-01");
    ASSERT_STATUS(r, 400);
    EXPECT_EQ(fields(r), (std::vector<std::string>{"to"})) << what;
  }
  auto r = call(head, "POST", "/api/v1/duty/overrides",
                {{"post_id", post}, {"kind", "cover"}, {"from", "2020-02-01"}, {"until", "2021-06-01"},
                 {"person_id", people_[2]}, {"reason", "长期代班"}});
  ASSERT_STATUS(r, 400);
  EXPECT_EQ(fields(r), (std::vector<std::string>{"until"}));
}

TEST_F(DutyRosters, OverlappingOverridesAreRefusedAndOnlyTheUnitHeadApproves) {
  auto head = login("a_commander");
  const int64_t post = plant_post(head);
  auto cover = [&](Session& s, const char* from, const char* until, int64_t person) {
    return call(s, "POST", "/api/v1/duty/overrides",
                {{"post_id", post}, {"kind", "cover"}, {"from", from}, {"until", until}, {"person_id", person},
                 {"reason", "家中有事，调班"}});
  };
  auto first = cover(head, "2020-01-27T08:00", "2020-01-27T20:00", people_[2]);
  ASSERT_STATUS(first, 201);
  EXPECT_EQ(first.json()["state"], "approved");
  auto clash = cover(head, "2020-01-27T19:00", "2020-01-28T08:00", people_[3]);
  ASSERT_STATUS(clash, 409);
  EXPECT_EQ(fields(clash), (std::vector<std::string>{"from"}));
  EXPECT_EQ(count("duty_overrides"), 1);
  // Touching is fine.
  EXPECT_STATUS(cover(head, "2020-01-27T20:00", "2020-01-28T08:00", people_[3]), 201);

  // a_plant_staff (people_[0]) asks to swap their own shift; a colleague may not set one for others.
  auto self = login("a_plant_staff");
  EXPECT_STATUS(cover(self, "2020-01-29T08:00", "2020-01-29T20:00", people_[2]), 403);
  auto request = call(self, "POST", "/api/v1/duty/overrides",
                      {{"post_id", post}, {"kind", "swap"}, {"from", "2020-01-30T08:00"}, {"until", "2020-01-30T20:00"},
                       {"person_id", people_[1]}, {"replaces_person_id", people_[0]}, {"reason", "孩子发烧需陪护"}});
  ASSERT_STATUS(request, 201);
  EXPECT_EQ(request.json()["state"], "requested");
  const std::string id = std::to_string(request.json()["id"].get<int64_t>());
  // Nobody but the unit head approves: not the requester, not a dispatcher-like staff member, not B.
  EXPECT_STATUS(call(self, "POST", "/api/v1/duty/overrides/" + id + "/approve"), 403);
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "POST", "/api/v1/duty/overrides/" + id + "/approve"), 404);
  auto approved = call(head, "POST", "/api/v1/duty/overrides/" + id + "/approve", {{"note", "同意"}});
  ASSERT_STATUS(approved, 200);
  EXPECT_EQ(approved.json()["state"], "approved");
  EXPECT_EQ(approved.json()["decided_by_name"], "a_commander");
  EXPECT_STATUS(call(head, "POST", "/api/v1/duty/overrides/" + id + "/approve"), 409);
  // The swap shows in the final schedule.
  auto s = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) +
                                 "&from=2020-01-30T08:00&to=2020-01-30T20:00");
  ASSERT_STATUS(s, 200);
  ASSERT_EQ(s.json()["items"].size(), 1u);
  EXPECT_EQ(s.json()["items"][0]["person"]["id"], people_[1]);
  EXPECT_EQ(s.json()["items"][0]["override"]["id"], request.json()["id"]);
  EXPECT_EQ(count("audit_log", "action LIKE 'duty.override.%'"), 4);
}

TEST_F(DutyRosters, RacingOverridesOfOnePostCannotBothPass) {
  auto head = login("a_commander");
  const int64_t post = plant_post(head);
  std::atomic<int> created{0}, refused{0};
  // One session per racer, opened before the race (logins are not what races).
  std::vector<Session> sessions;
  for (int i = 0; i < 6; ++i) sessions.push_back(login("a_commander"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      auto& s = sessions[static_cast<size_t>(i)];
      auto r = call(s, "POST", "/api/v1/duty/overrides",
                    {{"post_id", post}, {"kind", "cover"}, {"from", "2020-02-01T08:00"},
                     {"until", "2020-02-01T1" + std::to_string(4 + i) + ":00"}, {"person_id", people_[i % 4]},
                     {"reason", "代班"}});
      if (r.status == 201) ++created;
      else if (r.status == 409) ++refused;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(refused.load(), 5);
  EXPECT_EQ(count("duty_overrides"), 1);
}

TEST_F(DutyRosters, AChangedRosterKeepsThePastAndBIsNotFound) {
  auto head = login("a_commander");
  const int64_t post = plant_post(head);
  auto rosters = call(head, "GET", "/api/v1/duty/rosters?post=" + std::to_string(post));
  ASSERT_STATUS(rosters, 200);
  const int64_t roster = rosters.json()["items"][0]["id"];
  auto before = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) + "&from=2020-01-25&to=2020-01-25");
  auto changed = call(head, "PUT", "/api/v1/duty/rosters/" + std::to_string(roster),
                      {{"layers", json::array({layer({people_[3]}, "daily_24h", "08:00", "2020-01-26")})}});
  ASSERT_STATUS(changed, 200);
  EXPECT_EQ(changed.json()["version"], 2);
  auto after = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) + "&from=2020-01-25&to=2020-01-25");
  EXPECT_EQ(after.json()["items"], before.json()["items"]);
  auto today = call(head, "GET", "/api/v1/duty/schedule?post=" + std::to_string(post) +
                                     "&from=2020-01-26T09:00&to=2020-01-26T10:00");
  EXPECT_EQ(today.json()["items"][0]["person"]["id"], people_[3]);
  // A change of the past is refused.
  auto past = call(head, "PUT", "/api/v1/duty/rosters/" + std::to_string(roster),
                   {{"effective_from", "2020-01-20T00:00:00Z"}, {"layers", json::array({layer({people_[3]})})}});
  ASSERT_STATUS(past, 400);
  EXPECT_EQ(fields(past), (std::vector<std::string>{"effective_from"}));
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/duty/rosters/" + std::to_string(roster)), 404);
  EXPECT_STATUS(call(b, "GET", "/api/v1/duty/rosters?post=" + std::to_string(post)), 404);
  EXPECT_STATUS(call(b, "PUT", "/api/v1/duty/rosters/" + std::to_string(roster),
                     {{"layers", json::array({layer({other_})})}}),
                404);
}

}  // namespace
}  // namespace lifeline::test
