// The shared scheduler: a job runs once per period however many servers
// tick, never twice at once, and moves to another server when its holder dies.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/schedule/scheduler.h"
#include "harness.h"

namespace lifeline::test {
namespace {

using namespace std::chrono_literals;
using app::schedule::Job;
using app::schedule::Scheduler;

class ScheduleTest : public ApiTest {
 protected:
  Job counting(std::atomic<int>& runs) {
    return Job{.name = "test.count", .every = 1min, .lease = 5min, .run = [&runs](Instant) -> Status {
                 ++runs;
                 return {};
               }};
  }
};

TEST_F(ScheduleTest, TwoServersRunADueJobOnce) {
  std::atomic<int> runs{0};
  Scheduler a(database_->db(), clock_, "a"), b(database_->db(), clock_, "b");
  a.add(counting(runs));
  b.add(counting(runs));
  EXPECT_EQ(a.tick().size() + b.tick().size(), 1u);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_TRUE(a.tick().empty());  // not due again yet
  clock_.advance(61s);
  EXPECT_EQ(b.tick().size() + a.tick().size(), 1u);
  EXPECT_EQ(runs.load(), 2);
}

TEST_F(ScheduleTest, RacingServersNeverRunOnePeriodTwice) {
  std::atomic<int> runs{0};
  std::vector<std::unique_ptr<Scheduler>> servers;
  for (int i = 0; i < 6; ++i) {
    servers.push_back(std::make_unique<Scheduler>(database_->db(), clock_, "s" + std::to_string(i)));
    servers.back()->add(counting(runs));
  }
  for (int period = 0; period < 5; ++period) {
    std::vector<std::thread> threads;
    for (auto& s : servers) threads.emplace_back([&s] { s->tick(); });
    for (auto& t : threads) t.join();
    EXPECT_EQ(runs.load(), period + 1);
    clock_.advance(61s);
  }
}

TEST_F(ScheduleTest, ADeadHoldersJobMovesOnAfterItsLease) {
  std::atomic<int> runs{0};
  Scheduler survivor(database_->db(), clock_, "survivor");
  survivor.add(counting(runs));
  ASSERT_EQ(survivor.tick().size(), 1u);
  // Another server claimed the next run and died before finishing it.
  clock_.advance(61s);
  auto now = to_millis(clock_.now());
  ASSERT_TRUE(database_->db().run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    return tx.execute("UPDATE schedule_jobs SET holder = 'dead', lease_until_ms = ?, next_due_ms = ? WHERE name = ?",
                      {now + 300000, now + 60000, "test.count"});
  }));
  clock_.advance(2min);
  EXPECT_TRUE(survivor.tick().empty());  // the dead holder's lease still runs
  clock_.advance(4min);
  EXPECT_EQ(survivor.tick().size(), 1u);
  EXPECT_EQ(runs.load(), 2);
}

TEST_F(ScheduleTest, AFailedRunIsRecordedAndTheJobRunsNextPeriod) {
  int calls = 0;
  Scheduler s(database_->db(), clock_, "a");
  s.add(Job{.name = "test.fails", .every = 1min, .run = [&](Instant) -> Status {
              ++calls;
              if (calls == 1) return Error::unavailable("webhook down");
              return {};
            }});
  s.tick();
  auto states = s.states();
  ASSERT_TRUE(states) << states.error().message;
  ASSERT_EQ(states->size(), 1u);
  EXPECT_EQ((*states)[0].failures, 1);
  EXPECT_EQ((*states)[0].last_error, "webhook down");
  clock_.advance(61s);
  s.tick();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ((*s.states())[0].last_error, "");
}

}  // namespace
}  // namespace lifeline::test
