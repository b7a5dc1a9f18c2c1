#include "app/network/jobs.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>

namespace lifeline::app::network {
namespace {

using namespace std::chrono_literals;

// Work that runs until the test opens its gate (or the job is cancelled).
struct Gate {
  std::mutex mutex;
  std::condition_variable cv;
  bool open = false;
  std::atomic<int> started{0};

  JobQueue::Work work() {
    return [this](Job& job) -> Result<std::shared_ptr<const BurstsResult>> {
      ++started;
      std::unique_lock lock(mutex);
      while (!open && !job.cancel) cv.wait_for(lock, 5ms);  // cancel is not notified: poll it
      if (job.cancel) return Error::internal("cancelled");
      return std::make_shared<const BurstsResult>();
    };
  }
  void release() {
    {
      std::lock_guard lock(mutex);
      open = true;
    }
    cv.notify_all();
  }
};

template <typename Predicate>
bool eventually(Predicate done) {
  for (int i = 0; i < 500 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

ModelKey key(int64_t network, int64_t version = 1) { return {network, version, 0, 0}; }

SystemClock& clock() {
  static SystemClock c;
  return c;
}

TEST(JobQueue, ASecondRequestForTheSameModelJoinsTheJob) {
  Gate gate;
  JobQueue jobs(1, 4, clock());
  auto first = jobs.submit("bursts", key(1), "王敏", gate.work());
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->joined);
  auto second = jobs.submit("bursts", key(1), "李娜", gate.work());
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->joined);
  EXPECT_EQ(second->job, first->job);
  EXPECT_EQ(second->job->requested_by, "王敏");
  gate.release();
  ASSERT_TRUE(eventually([&] { return first->job->state == JobState::done; }));
  EXPECT_EQ(gate.started.load(), 1);  // one run, not two
  // Done is kept: a later request joins the finished job.
  auto later = jobs.submit("bursts", key(1), "张伟", gate.work());
  EXPECT_EQ(later->job, first->job);
  EXPECT_EQ(jobs.find(first->job->id), first->job);
  // Another version is another job.
  auto v2 = jobs.submit("bursts", key(1, 2), "张伟", gate.work());
  EXPECT_NE(v2->job, first->job);
}

TEST(JobQueue, AGlobalLimitOnRunningAndWaitingJobs) {
  Gate gate;
  JobQueue jobs(1, 2, clock());
  auto a = jobs.submit("bursts", key(1), "a", gate.work());
  ASSERT_TRUE(eventually([&] { return a->job->state == JobState::running; }));
  auto b = jobs.submit("bursts", key(2), "b", gate.work());
  auto c = jobs.submit("bursts", key(3), "c", gate.work());
  ASSERT_TRUE(b && c);
  EXPECT_EQ(jobs.running(), 1u);
  EXPECT_EQ(jobs.waiting(), 2u);
  EXPECT_EQ(jobs.position(*b->job), 1u);
  EXPECT_EQ(jobs.position(*c->job), 2u);
  auto d = jobs.submit("bursts", key(4), "d", gate.work());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::unavailable);
  EXPECT_GT(d.error().retry_after_s, 0);
  // Joining a waiting job is always possible.
  EXPECT_TRUE(jobs.submit("bursts", key(3), "e", gate.work()));
  gate.release();
  ASSERT_TRUE(eventually([&] { return c->job->state == JobState::done; }));
  EXPECT_EQ(gate.started.load(), 3);
}

TEST(JobQueue, OneJobOfANetworkRunsAtATime) {
  Gate gate;
  JobQueue jobs(2, 4, clock());
  auto v1 = jobs.submit("bursts", key(7, 1), "a", gate.work());
  auto v2 = jobs.submit("bursts", key(7, 2), "a", gate.work());
  auto other = jobs.submit("bursts", key(8, 1), "a", gate.work());
  ASSERT_TRUE(eventually([&] { return gate.started.load() == 2; }));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(gate.started.load(), 2);  // network 7's second version waits for its first
  EXPECT_EQ(v2->job->state.load(), JobState::queued);
  EXPECT_EQ(other->job->state.load(), JobState::running);
  gate.release();
  ASSERT_TRUE(eventually([&] { return v2->job->state == JobState::done; }));
}

TEST(JobQueue, AFailedJobIsReplacedByTheNextRequest) {
  JobQueue jobs(1, 4, clock());
  auto failing = [](Job&) -> Result<std::shared_ptr<const BurstsResult>> { return Error::invalid("inp", "unsolvable"); };
  auto first = jobs.submit("bursts", key(1), "a", failing);
  ASSERT_TRUE(eventually([&] { return first->job->state == JobState::failed; }));
  {
    std::lock_guard lock(first->job->mutex);
    ASSERT_TRUE(first->job->error);
    EXPECT_EQ(first->job->error->message, "inp: unsolvable");
  }
  auto retry = jobs.submit("bursts", key(1), "a", failing);
  EXPECT_FALSE(retry->joined);
  EXPECT_NE(retry->job, first->job);
}

TEST(JobQueue, FinishedJobsAreKeptForAWhileOnly) {
  JobQueue jobs(1, 16, clock());
  auto quick = [](Job&) -> Result<std::shared_ptr<const BurstsResult>> { return std::make_shared<const BurstsResult>(); };
  std::vector<JobPtr> done;
  for (int64_t n = 1; n <= static_cast<int64_t>(JobQueue::kKeepDone) + 2; ++n) {
    auto s = jobs.submit("bursts", key(n), "a", quick);
    ASSERT_TRUE(eventually([&] { return s->job->state == JobState::done; }));
    done.push_back(s->job);
  }
  EXPECT_EQ(jobs.find(done.front()->id), nullptr);
  EXPECT_EQ(jobs.find(done.back()->id), done.back());
}

TEST(JobQueue, StoppingCancelsTheRunningJob) {
  Gate gate;
  JobPtr job;
  {
    JobQueue jobs(1, 4, clock());
    job = jobs.submit("bursts", key(1), "a", gate.work())->job;
    ASSERT_TRUE(eventually([&] { return job->state == JobState::running; }));
  }  // joins without the gate being opened
  EXPECT_TRUE(job->cancel.load());
}

}  // namespace
}  // namespace lifeline::app::network
