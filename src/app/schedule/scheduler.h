// Scheduled work — reminders, deadlines, overdue flags, purges — that runs
// once however many servers there are.
//
// Each job has a row in schedule_jobs. A server runs a due job only after
// claiming it with one conditional UPDATE (due, and nobody's lease running);
// the database lets exactly one claimant through. The claim sets the next due
// time and a lease: how long a run may take. A server that dies mid-run
// leaves its lease to expire, and the next server to tick after that runs the
// job again — so a job must be idempotent (conditional updates, unique keys),
// never "do it because I was asked".
//
// Tests call tick() with a ManualClock; the server starts a thread that
// ticks every second.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace lifeline::app::schedule {

struct Job {
  std::string name;                                        // "health.reminders"
  std::chrono::milliseconds every{std::chrono::minutes(1)};  // between the starts of two runs
  std::chrono::milliseconds lease{std::chrono::minutes(5)};  // longest run; then another server may take over
  std::function<Status(Instant now)> run;
};

// A job as the database records it (for operators and tests).
struct JobState {
  std::string name, holder, last_error;
  Instant next_due, lease_until, last_finished;
  int64_t runs = 0, failures = 0;
};

class Scheduler {
 public:
  // `holder` names this server in the lease ("host:pid"); see default_holder().
  Scheduler(store::Database& db, const Clock& clock, std::string holder);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Adds a job (before start()). A name given twice is a programming error.
  void add(Job job);
  // Claims and runs every due job once, in the order added; returns the
  // names of the jobs this server ran. A failed run is logged and recorded.
  std::vector<std::string> tick();
  // A thread that ticks every `interval` until stop().
  void start(std::chrono::milliseconds interval = std::chrono::seconds(1));
  void stop();

  Result<std::vector<JobState>> states();
  const std::string& holder() const { return holder_; }
  static std::string default_holder();

 private:
  Result<bool> claim(const Job& job, Instant now);
  void finish(const Job& job, const Status& outcome);

  store::Database& db_;
  const Clock& clock_;
  const std::string holder_;
  std::vector<Job> jobs_;
  bool registered_ = false;  // rows exist for every job

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lifeline::app::schedule
