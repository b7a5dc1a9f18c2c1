#include "app/schedule/scheduler.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <random>

namespace lifeline::app::schedule {

Scheduler::Scheduler(store::Database& db, const Clock& clock, std::string holder)
    : db_(db), clock_(clock), holder_(std::move(holder)) {}

Scheduler::~Scheduler() { stop(); }

std::string Scheduler::default_holder() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  // The pid alone repeats after a restart in a container; a random tail tells two lives apart.
  std::random_device rd;
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + std::to_string(rd() % 100000);
}

void Scheduler::add(Job job) {
  for (const auto& j : jobs_)
    if (j.name == job.name) spdlog::critical("scheduler: job {} added twice", job.name);
  jobs_.push_back(std::move(job));
  registered_ = false;
}

Result<bool> Scheduler::claim(const Job& job, Instant now) {
  const int64_t t = to_millis(now);
  return db_.transact(store::TxMode::write, [&](store::Tx& tx) -> Result<bool> {
    LL_TRY(int64_t changed,
           tx.exec("UPDATE schedule_jobs SET holder = ?, lease_until_ms = ?, next_due_ms = ?, runs = runs + 1"
                   " WHERE name = ? AND next_due_ms <= ? AND lease_until_ms <= ?",
                   {holder_, t + job.lease.count(), t + job.every.count(), job.name, t, t}));
    return changed == 1;
  });
}

void Scheduler::finish(const Job& job, const Status& outcome) {
  const int64_t t = to_millis(clock_.now());
  std::string error = outcome ? "" : outcome.error().message;
  auto st = db_.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
    return tx.execute("UPDATE schedule_jobs SET lease_until_ms = 0, last_finished_ms = ?, last_error = ?,"
                      " failures = failures + ? WHERE name = ? AND holder = ?",
                      {t, error, outcome ? 0 : 1, job.name, holder_});
  });
  if (!st) spdlog::warn("scheduler: could not release {}: {}", job.name, st.error().message);
}

std::vector<std::string> Scheduler::tick() {
  std::vector<std::string> ran;
  const Instant now = clock_.now();
  if (!registered_) {
    auto st = db_.run(store::TxMode::write, [&](store::Tx& tx) -> Status {
      for (const auto& job : jobs_)
        LL_CHECK(tx.exec("INSERT INTO schedule_jobs (name, next_due_ms, holder, lease_until_ms) VALUES (?, ?, '', 0)"
                         " ON CONFLICT (name) DO NOTHING",
                         {job.name, to_millis(now)}));
      return {};
    });
    if (!st) {
      spdlog::warn("scheduler: cannot register jobs: {}", st.error().message);
      return ran;
    }
    registered_ = true;
  }
  // One read finds what is due, so an idle tick costs no write (no fsync on SQLite).
  auto due = db_.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::vector<std::string>> {
    LL_TRY(auto rows, tx.query("SELECT name FROM schedule_jobs WHERE next_due_ms <= ? AND lease_until_ms <= ?",
                               {to_millis(now), to_millis(now)}));
    std::vector<std::string> names;
    for (const auto& r : rows) names.push_back(r.text(0));
    return names;
  });
  if (!due) {
    spdlog::warn("scheduler: {}", due.error().message);
    return ran;
  }
  for (const auto& job : jobs_) {
    if (std::find(due->begin(), due->end(), job.name) == due->end()) continue;
    auto claimed = claim(job, now);
    if (!claimed || !*claimed) continue;  // another server took it, or the database is busy: next tick
    Status outcome;
    try {
      outcome = job.run(now);
    } catch (const std::exception& e) {
      outcome = Error::internal(std::string("job threw: ") + e.what());
    }
    if (!outcome) spdlog::warn("scheduler: job {} failed: {}", job.name, outcome.error().message);
    finish(job, outcome);
    ran.push_back(job.name);
  }
  return ran;
}

void Scheduler::start(std::chrono::milliseconds interval) {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      lock.unlock();
      tick();
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void Scheduler::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<std::vector<JobState>> Scheduler::states() {
  return db_.transact(store::TxMode::read, [&](store::Tx& tx) -> Result<std::vector<JobState>> {
    LL_TRY(auto rows, tx.query("SELECT name, holder, COALESCE(last_error, ''), next_due_ms, lease_until_ms,"
                               " COALESCE(last_finished_ms, 0), runs, failures FROM schedule_jobs ORDER BY name"));
    std::vector<JobState> out;
    for (const auto& r : rows)
      out.push_back({r.text(0), r.text(1), r.text(2), from_millis(r.integer(3)), from_millis(r.integer(4)),
                     from_millis(r.integer(5)), r.integer(6), r.integer(7)});
    return out;
  });
}

}  // namespace lifeline::app::schedule
