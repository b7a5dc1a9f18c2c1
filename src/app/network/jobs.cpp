#include "app/network/jobs.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace lifeline::app::network {

namespace {

// Linux gives each thread its own nice value, and the threads a job starts
// inherit it: the whole analysis yields the CPU to the request workers.
void lower_priority() {
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  if (::setpriority(PRIO_PROCESS, tid, 10) != 0) spdlog::debug("analysis runner: could not lower its priority");
}

}  // namespace

const char* to_string(JobState s) {
  switch (s) {
    case JobState::queued: return "queued";
    case JobState::running: return "running";
    case JobState::done: return "done";
    case JobState::failed: return "failed";
  }
  return "failed";
}

JobQueue::JobQueue(int runners, int queue, const Clock& clock) : queue_limit_(std::max(0, queue)), clock_(clock) {
  for (int i = 0; i < std::max(1, runners); ++i) runners_.emplace_back([this] { run_loop(); });
}

JobQueue::~JobQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& job : running_jobs_) job->cancel = true;
  }
  wake_.notify_all();
  for (auto& t : runners_) t.join();
}

Result<JobQueue::Submitted> JobQueue::submit(const std::string& kind, const ModelKey& key,
                                             const std::string& requested_by, Work work) {
  std::lock_guard lock(mutex_);
  if (auto it = by_key_.find({kind, key}); it != by_key_.end() && it->second->state != JobState::failed)
    return Submitted{it->second, true};
  if (static_cast<int>(queued_.size()) >= queue_limit_)
    return Error::unavailable("the long-analysis queue is full (" + std::to_string(queue_limit_) +
                                  " jobs waiting); try again later",
                              60);
  auto job = std::make_shared<Job>();
  job->id = next_id_++;
  job->kind = kind;
  job->key = key;
  job->requested_by = requested_by;
  job->created_at = clock_.now();
  by_key_[{kind, key}] = job;
  by_id_[job->id] = job;
  queued_.push_back({job, std::move(work)});
  wake_.notify_one();
  return Submitted{job, false};
}

JobPtr JobQueue::find(int64_t id) const {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

JobPtr JobQueue::find(const std::string& kind, const ModelKey& key) const {
  std::lock_guard lock(mutex_);
  auto it = by_key_.find({kind, key});
  return it == by_key_.end() ? nullptr : it->second;
}

std::size_t JobQueue::position(const Job& job) const {
  std::lock_guard lock(mutex_);
  for (std::size_t i = 0; i < queued_.size(); ++i)
    if (queued_[i].job.get() == &job) return i + 1;
  return 0;
}

std::size_t JobQueue::running() const {
  std::lock_guard lock(mutex_);
  return running_jobs_.size();
}

std::size_t JobQueue::waiting() const {
  std::lock_guard lock(mutex_);
  return queued_.size();
}

std::optional<JobQueue::Entry> JobQueue::next_locked() {
  for (auto it = queued_.begin(); it != queued_.end(); ++it) {
    if (running_networks_.contains(it->job->key.network_id)) continue;
    Entry e = std::move(*it);
    queued_.erase(it);
    return e;
  }
  return std::nullopt;
}

void JobQueue::run_loop() {
  lower_priority();
  std::unique_lock lock(mutex_);
  while (true) {
    std::optional<Entry> entry;
    wake_.wait(lock, [&] { return stopping_ || (entry = next_locked()).has_value(); });
    if (stopping_) return;
    JobPtr job = entry->job;
    running_networks_.insert(job->key.network_id);
    running_jobs_.push_back(job);
    job->state = JobState::running;
    {
      std::lock_guard job_lock(job->mutex);
      job->started_at = clock_.now();
    }
    lock.unlock();

    Result<std::shared_ptr<const BurstsResult>> r = Error::internal("the analysis failed");
    try {
      r = entry->work(*job);
    } catch (const std::exception& e) {
      r = Error::internal(std::string("the analysis failed: ") + e.what());
    }
    entry.reset();  // the work's captures (models) go now, not with the next job

    lock.lock();
    {
      std::lock_guard job_lock(job->mutex);
      job->finished_at = clock_.now();
      if (r) job->result = std::move(*r);
      else job->error = r.error();
    }
    job->state = r ? JobState::done : JobState::failed;
    running_networks_.erase(job->key.network_id);
    std::erase(running_jobs_, job);
    finished_locked(job);
    wake_.notify_all();  // a job of the same network may run now
  }
}

void JobQueue::finished_locked(const JobPtr& job) {
  done_.push_back(job);
  while (done_.size() > kKeepDone) {
    JobPtr old = done_.front();
    done_.pop_front();
    by_id_.erase(old->id);
    if (auto it = by_key_.find({old->kind, old->key}); it != by_key_.end() && it->second == old) by_key_.erase(it);
  }
}

}  // namespace lifeline::app::network
