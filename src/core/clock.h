// Clock: the one way code asks "now". Production uses SystemClock; tests
// inject ManualClock so that expiry, SLA and business-date logic is exact.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace lifeline {

using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  }
};

// Thread-safe: tests advance it while server threads read it.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : ms_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant(std::chrono::milliseconds(ms_.load())); }
  void advance(std::chrono::milliseconds d) { ms_ += d.count(); }
  void set(Instant t) { ms_ = t.time_since_epoch().count(); }

 private:
  std::atomic<int64_t> ms_;
};

inline int64_t to_millis(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_millis(int64_t ms) { return Instant(std::chrono::milliseconds(ms)); }

}  // namespace lifeline
