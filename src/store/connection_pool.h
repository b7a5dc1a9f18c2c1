// A fixed-capacity pool of database connections shared by both backends.
// Connections are opened lazily by a factory, handed out as a Lease that
// returns them on destruction, and a Lease can discard a connection that is
// no longer trustworthy (its slot is then reopened on demand). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace lifeline::store {

template <typename Conn>
class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Conn>>()>;

  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Conn> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->give_back(std::move(conn_));
    }
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_.get(); }
    // Closes the connection instead of returning it to the pool.
    void discard() {
      conn_.reset();
      pool_->forget();
    }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  ConnectionPool(size_t capacity, Factory factory) : capacity_(capacity < 1 ? 1 : capacity), factory_(std::move(factory)) {}

  // Waits up to `wait` for a free connection; unavailable when none frees up
  // (a pool this busy means the database is the bottleneck, not this caller).
  Result<Lease> acquire(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, wait, [&] { return !idle_.empty() || open_ < capacity_; }))
      return Error::unavailable("all " + std::to_string(capacity_) + " database connections are busy");
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(conn));
    }
    ++open_;
    lock.unlock();  // opening a connection can take a network round trip
    auto made = factory_();
    if (!made) {
      forget();
      return std::move(made).error();
    }
    return Lease(this, std::move(*made));
  }

 private:
  void give_back(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(mu_);
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }
  void forget() {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  size_t open_ = 0;  // connections in existence: idle or leased
  const size_t capacity_;
  const Factory factory_;
};

}  // namespace lifeline::store
