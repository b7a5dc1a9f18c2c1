// The bytes of request bodies the server holds at once, over all connections
// together. A body is admitted only when the budget can hold it: a declared
// Content-Length is taken whole before the first byte is read, a chunked
// body grows its share as it arrives. Beyond the budget the server answers
// 503 with Retry-After instead of holding more. Thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>

namespace lifeline::http {

class BodyBudget {
 public:
  explicit BodyBudget(size_t capacity) : capacity_(capacity) {}
  BodyBudget(const BodyBudget&) = delete;
  BodyBudget& operator=(const BodyBudget&) = delete;

  // One body's share; given back when the last holder lets go.
  class Lease {
   public:
    Lease(BodyBudget& budget, size_t bytes) : budget_(budget), bytes_(bytes) {}
    ~Lease() { budget_.give_back(bytes_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    // Grows the share to `bytes` (a chunked body that arrived further); false when the budget is spent.
    bool grow_to(size_t bytes);
    size_t bytes() const { return bytes_; }

   private:
    BodyBudget& budget_;
    size_t bytes_;
  };

  // A share of `bytes`, or null when the budget cannot hold them now.
  std::shared_ptr<Lease> acquire(size_t bytes);
  size_t in_use() const { return used_.load(); }
  size_t capacity() const { return capacity_; }

 private:
  bool take(size_t bytes);
  void give_back(size_t bytes) { used_.fetch_sub(bytes); }

  const size_t capacity_;
  std::atomic<size_t> used_{0};
};

}  // namespace lifeline::http
