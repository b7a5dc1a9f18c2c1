// Presence, the duty log and hand-overs, calendar feeds and the weekly
// roster: the person on duty checks in from a phone (Idempotency-Key), writes
// the log (append-only, corrections, links within the utility), hands over;
// the incoming person acknowledges; the scheduled jobs remind and flag.
#include <thread>

#include "integration/duty_fixture.h"
#include "app/duty/jobs.h"
#include "sheets/table.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

class DutyLog : public DutyTest {
 protected:
  void SetUp() override {
    DutyTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto head = login("a_commander");
    post_ = plant_post(head);  // a_plant_staff (people_[0]) is on duty 08:00–20:00 today
  }
  int64_t post_ = 0;
};

TEST_F(DutyLog, ThePersonOnDutyChecksInOnceWithIdempotencyKey) {
  auto me = login("a_plant_staff");
  auto mine = call(me, "GET", "/api/v1/duty/my-shift");
  ASSERT_STATUS(mine, 200);
  EXPECT_EQ(mine.json()["post"]["id"], post_);
  EXPECT_EQ(mine.json()["now"], true);
  EXPECT_TRUE(mine.json()["checkin"].is_null());
  auto first = with_key(me, "POST", "/api/v1/duty/checkins", json::object(), "k-1");
  ASSERT_STATUS(first, 201);
  EXPECT_EQ(first.json()["late"], true);  // 08:30: half an hour into the shift
  EXPECT_EQ(first.json()["shift_from"], "2020-01-26T00:00:00Z");
  auto again = with_key(me, "POST", "/api/v1/duty/checkins", json::object(), "k-1");
  ASSERT_STATUS(again, 201);
  EXPECT_EQ(again.headers["idempotent-replayed"], "true");
  EXPECT_EQ(again.body, first.body);
  // A second check-in to the same shift (new key) answers the existing one.
  auto second = with_key(me, "POST", "/api/v1/duty/checkins", json::object(), "k-2");
  ASSERT_STATUS(second, 200);
  EXPECT_EQ(count("duty_shift_checkins"), 1);
  EXPECT_EQ(count("audit_log", "action = 'duty.shift.checkin'"), 1);
  // Someone not on duty now is told so, naming the post.
  auto other = login("a_staff");
  auto r = call(other, "POST", "/api/v1/duty/checkins", {{"post_id", post_}});
  EXPECT_STATUS(r, 403);  // a_staff is not on the register at all
  auto presence = call(me, "GET", "/api/v1/duty/presence?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
  ASSERT_STATUS(presence, 200);
  EXPECT_EQ(presence.json()["items"][0]["checked_in"], 1);
  EXPECT_EQ(presence.json()["items"][0]["late"], 1);
}

TEST_F(DutyLog, NotOnDutyNowMeansNoCheckIn) {
  at("2020-01-26T13:00:00Z");  // 21:00: the night shift (people_[1])
  auto me = login("a_plant_staff");
  auto r = call(me, "POST", "/api/v1/duty/checkins", {{"post_id", post_}});
  ASSERT_STATUS(r, 409);
  EXPECT_EQ(r.json()["errors"][0]["field"], "post_id");
  EXPECT_EQ(count("duty_shift_checkins"), 0);
}

TEST_F(DutyLog, TheLogIsAppendOnlyCorrectedByNewEntriesAndLinksStayInTheUtility) {
  auto me = login("a_plant_staff");
  auto entry = call(me, "POST", "/api/v1/duty/log",
                    {{"post_id", post_}, {"kind", "patrol"}, {"text", "交接班后巡检，加氯间运行正常"}});
  ASSERT_STATUS(entry, 201);
  const int64_t id = entry.json()["id"];
  EXPECT_EQ(entry.json()["person"]["id"], people_[0]);
  auto fix = call(me, "POST", "/api/v1/duty/log",
                  {{"post_id", post_}, {"kind", "other"}, {"text", "更正：加矾间"}, {"corrects", id}});
  ASSERT_STATUS(fix, 201);
  auto list = call(me, "GET", "/api/v1/duty/log?post=" + std::to_string(post_) + "&date=2020-01-26");
  ASSERT_STATUS(list, 200);
  ASSERT_EQ(list.json()["items"].size(), 2u);
  EXPECT_EQ(list.json()["items"][0]["corrected_by"], json::array({fix.json()["id"]}));
  EXPECT_EQ(list.json()["items"][1]["corrects"], id);
  // No route changes or deletes an entry.
  EXPECT_EQ(call(me, "PATCH", "/api/v1/duty/log/" + std::to_string(id), {{"text", "x"}}).status, 404);
  EXPECT_STATUS(call(me, "DELETE", "/api/v1/duty/log"), 405);
  // Bad input: every field named, nothing written.
  auto bad = call(me, "POST", "/api/v1/duty/log",
                  {{"post_id", post_}, {"kind", "gossip"}, {"text", ""}, {"incident_id", "x"}});
  ASSERT_STATUS(bad, 400);
  EXPECT_EQ(fields(bad), (std::vector<std::string>{"incident_id", "kind", "text"}));
  // A link to another utility's hotline call or an unknown incident is refused.
  auto call_b = database_->db().transact(store::TxMode::write, [&](store::Tx& tx) -> Result<int64_t> {
    return tx.insert("INSERT INTO hotline_calls (org_id, org_path, utility_id, day, seq, code, received_at,"
                     " caller_phone, caller_hash, category, address, summary, state, taken_by_name, created_at)"
                     " VALUES (?, (SELECT path FROM orgs WHERE id = ?), ?, '2020-01-26', 1, 'RX-B', 0, '1', 'h',"
                     " 'other', '', 'x', 'open', 'b', 0) RETURNING id",
                     {util_b_, util_b_, util_b_});
  });
  ASSERT_TRUE(call_b.ok());
  auto link = call(me, "POST", "/api/v1/duty/log",
                   {{"post_id", post_}, {"kind", "call_received"}, {"text", "x"}, {"hotline_call_id", *call_b}});
  ASSERT_STATUS(link, 400);
  EXPECT_EQ(fields(link), (std::vector<std::string>{"hotline_call_id"}));
  link = call(me, "POST", "/api/v1/duty/log",
              {{"post_id", post_}, {"kind", "call_received"}, {"text", "x"}, {"incident_id", 777}});
  ASSERT_STATUS(link, 400);
  EXPECT_EQ(fields(link), (std::vector<std::string>{"incident_id"}));
  EXPECT_EQ(count("duty_log_entries"), 2);
  // Not on duty: the night person may not write the day's log; B does not see the post.
  auto b = login("b_admin");
  EXPECT_STATUS(call(b, "GET", "/api/v1/duty/log?post=" + std::to_string(post_) + "&date=2020-01-26"), 404);
  EXPECT_STATUS(call(b, "POST", "/api/v1/duty/log", {{"post_id", post_}, {"kind", "other"}, {"text", "x"}}), 404);
  auto viewer = login("a_viewer");  // sees the post, is not on duty there
  EXPECT_STATUS(call(viewer, "POST", "/api/v1/duty/log", {{"post_id", post_}, {"kind", "other"}, {"text", "x"}}), 403);
  EXPECT_EQ(count("audit_log", "action = 'duty.log.correct'"), 1);
}

TEST_F(DutyLog, AHandOverGoesToTheNextPersonAndIsFlaggedUntilAcknowledged) {
  auto me = login("a_plant_staff");
  auto h = call(me, "POST", "/api/v1/duty/handovers",
                {{"post_id", post_}, {"note", "本班运行平稳"}, {"open_items", {"3号泵待机修复核"}}});
  ASSERT_STATUS(h, 201);
  EXPECT_EQ(h.json()["to"]["id"], people_[1]);
  EXPECT_EQ(h.json()["shift_start"], "2020-01-26T12:00:00Z");
  EXPECT_EQ(h.json()["overdue"], false);
  const std::string id = std::to_string(h.json()["id"].get<int64_t>());
  auto twice = call(me, "POST", "/api/v1/duty/handovers", {{"post_id", post_}, {"note", "再写一次"}});
  ASSERT_STATUS(twice, 409);
  // The incoming shift starts; nobody acknowledged: the job flags it once, with a notice.
  at("2020-01-26T12:20:00Z");
  auto& rt = platform_->runtime();
  auto flagged = app::duty::flag_handovers(rt, clock_.now());
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(*flagged, 1);
  EXPECT_EQ(*app::duty::flag_handovers(rt, clock_.now()), 0);
  EXPECT_EQ(count("notify_events", "event = 'duty.handover_unacknowledged'"), 1);
  auto overdue = call(me, "GET", "/api/v1/duty/handovers?post=" + std::to_string(post_) + "&date=2020-01-26&state=overdue");
  ASSERT_STATUS(overdue, 200);
  EXPECT_EQ(overdue.json()["items"].size(), 1u);
  // Only the incoming person (or the head) acknowledges.
  EXPECT_STATUS(call(me, "POST", "/api/v1/duty/handovers/" + id + "/acknowledge"), 403);
  auto head = login("a_commander");
  auto ack = call(head, "POST", "/api/v1/duty/handovers/" + id + "/acknowledge", {{"note", "接班"}});
  ASSERT_STATUS(ack, 200);
  EXPECT_FALSE(ack.json()["acknowledged_at"].is_null());
  EXPECT_EQ(ack.json()["overdue"], false);
  EXPECT_STATUS(call(head, "POST", "/api/v1/duty/handovers/" + id + "/acknowledge"), 409);
}

TEST_F(DutyLog, ShiftRemindersGoOutOnceBeforeEachShift) {
  at("2020-01-26T11:40:00Z");  // 19:40: people_[1] starts at 20:00
  auto& rt = platform_->runtime();
  auto sent = app::duty::remind_shifts(rt, clock_.now());
  ASSERT_TRUE(sent.ok());
  EXPECT_EQ(*sent, 1);
  EXPECT_EQ(*app::duty::remind_shifts(rt, clock_.now()), 0);
  EXPECT_EQ(count("notify_events", "event = 'duty.shift_reminder' AND body LIKE '%钱进%'"), 1);
}

TEST_F(DutyLog, ACalendarTokenOpensItsFeedAloneAndCanBeRevoked) {
  auto me = login("a_plant_staff");
  auto made = call(me, "POST", "/api/v1/duty/calendar-tokens", json::object());
  ASSERT_STATUS(made, 201);
  const std::string token = made.json()["token"];
  auto feed = anonymous()->request("GET", "/api/v1/duty/calendar.ics?token=" + token);
  ASSERT_TRUE(feed.ok());
  ASSERT_EQ(feed->status, 200);
  EXPECT_NE(feed->headers["content-type"].find("text/calendar"), std::string::npos);
  EXPECT_NE(feed->body.find("BEGIN:VEVENT"), std::string::npos);
  EXPECT_NE(feed->body.find("SUMMARY:值班：第八水厂值班长"), std::string::npos);
  EXPECT_EQ(feed->body.find("钱进"), std::string::npos);  // only the owner's shifts
  // The token is no login: not as a bearer, not as a query parameter elsewhere.
  auto bearer = anonymous()->request("GET", "/api/v1/duty/now", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(bearer->status, 401);
  EXPECT_EQ(anonymous()->request("GET", "/api/v1/duty/now?token=" + token)->status, 401);
  // Another user cannot revoke it; its owner can, and then it opens nothing.
  const std::string id = std::to_string(made.json()["id"].get<int64_t>());
  auto other = login("a_commander");
  EXPECT_STATUS(call(other, "DELETE", "/api/v1/duty/calendar-tokens/" + id), 404);
  EXPECT_STATUS(call(me, "DELETE", "/api/v1/duty/calendar-tokens/" + id), 204);
  EXPECT_EQ(anonymous()->request("GET", "/api/v1/duty/calendar.ics?token=" + token)->status, 404);
  EXPECT_EQ(anonymous()->request("GET", "/api/v1/duty/calendar.ics?token=llc_nonsense")->status, 404);
}

TEST_F(DutyLog, SpotChecksAndTheWeeklyRosterWorkbook) {
  auto head = login("a_commander");
  auto check = call(head, "POST", "/api/v1/duty/spot-checks",
                    {{"post_id", post_}, {"answered", false}, {"note", "值班电话无人接听"}});
  ASSERT_STATUS(check, 201);
  EXPECT_EQ(check.json()["on_duty"]["id"], people_[0]);
  auto staff = login("a_plant_staff");
  EXPECT_STATUS(call(staff, "POST", "/api/v1/duty/spot-checks", {{"post_id", post_}, {"answered", true}}), 403);
  auto rates = call(head, "GET", "/api/v1/duty/presence?org=" + std::to_string(plant_a_) + "&from=2020-01-26&to=2020-01-26");
  EXPECT_EQ(rates.json()["items"][0]["spot_checks"], 1);
  EXPECT_EQ(rates.json()["items"][0]["answered"], 0);
  auto xlsx = call(head, "GET", "/api/v1/duty/roster.xlsx?org=" + std::to_string(plant_a_) + "&week=2020-01-26");
  ASSERT_STATUS(xlsx, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  EXPECT_NE(xlsx.headers["content-disposition"].find("duty-roster-2020-01-20.xlsx"), std::string::npos);
  auto table = sheets::read_table(xlsx.body, "roster.xlsx");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->header.at(3), "周一 01-20");
  EXPECT_NE(table->rows.at(0).at(9).find("赵磊"), std::string::npos);  // Sunday the 26th
}

}  // namespace
}  // namespace lifeline::test
