// Long analyses as jobs. The all-bursts ranking of a city network runs for
// minutes to hours and holds hundreds of MB, so it never runs on a request
// worker and never more often than needed:
//
//  - one job per network model (network, version, valve layer, customers):
//    a second request for the same model joins the job that is queued,
//    running or done, and gets its id;
//  - at most `runners` jobs run at once (at most one per network), at most
//    `queue` wait; beyond that a request is refused (503, Retry-After);
//  - the runners run below the request workers' CPU priority (nice 10), so
//    logins and pages stay quick while a job runs;
//  - the last kKeepDone finished jobs keep their result for pollers and
//    later readers; a failed or cancelled job is replaced by the next request.
//
// Jobs live in the process: on several servers each keeps its own (the
// limits are per server), and the balancer sends one network's
// /networks/{id}/bursts requests to one server (deploy/haproxy). Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/network/model_cache.h"
#include "core/clock.h"
#include "core/result.h"

namespace lifeline::app::network {

enum class JobState { queued, running, done, failed };
const char* to_string(JobState s);

// What a finished all-bursts job keeps: the report and the engine objects it refers to.
struct BurstsResult {
  ModelPtr model;
  HydraulicPtr hydraulics;
  analysis::BurstReport report;
};

struct Job {
  int64_t id = 0;
  std::string kind;  // "bursts"
  ModelKey key;
  std::string requested_by;  // display name of whoever started it
  Instant created_at;
  std::atomic<JobState> state{JobState::queued};
  std::atomic<std::size_t> done{0}, total{0};
  std::atomic<bool> cancel{false};

  // Set once when the job finishes.
  std::optional<Instant> started_at, finished_at;  // under mutex
  std::shared_ptr<const BurstsResult> result;      // under mutex (done)
  std::optional<Error> error;                      // under mutex (failed)
  mutable std::mutex mutex;
};
using JobPtr = std::shared_ptr<Job>;

class JobQueue {
 public:
  static constexpr std::size_t kKeepDone = 4;

  // What a job does; runs on a runner thread (niced). Reports progress through the job.
  using Work = std::function<Result<std::shared_ptr<const BurstsResult>>(Job& job)>;

  JobQueue(int runners, int queue, const Clock& clock);
  ~JobQueue();  // cancels running jobs and joins the runners
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  struct Submitted {
    JobPtr job;
    bool joined = false;  // an existing job of the same key
  };
  // The job of `key` when one is queued, running or done; else a new one
  // (503 when `queue` jobs already wait).
  Result<Submitted> submit(const std::string& kind, const ModelKey& key, const std::string& requested_by, Work work);
  JobPtr find(int64_t id) const;
  JobPtr find(const std::string& kind, const ModelKey& key) const;
  // Jobs ahead of this one in the queue (0 when running or finished).
  std::size_t position(const Job& job) const;
  std::size_t running() const;
  std::size_t waiting() const;

 private:
  struct Entry {
    JobPtr job;
    Work work;
  };
  void run_loop();
  std::optional<Entry> next_locked();  // a queued job whose network runs nothing
  void finished_locked(const JobPtr& job);

  const int queue_limit_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int64_t next_id_ = 1;
  std::deque<Entry> queued_;
  std::set<int64_t> running_networks_;
  std::vector<JobPtr> running_jobs_;
  std::map<std::pair<std::string, ModelKey>, JobPtr> by_key_;
  std::map<int64_t, JobPtr> by_id_;
  std::deque<JobPtr> done_;  // finished, oldest first
  std::vector<std::thread> runners_;
};

}  // namespace lifeline::app::network
