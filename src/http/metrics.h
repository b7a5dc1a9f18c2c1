// The server's Prometheus metrics: request counts and latency by route
// pattern (never the raw path, so label cardinality stays bounded), in-flight
// requests, SSE clients and process gauges. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace lifeline::http {

class HttpMetrics {
 public:
  HttpMetrics();

  // One answered request. `route` is a pattern, a built-in path, "static" or "unmatched".
  void observe(std::string_view method, std::string_view route, int status,
               std::chrono::duration<double> elapsed);
  void add_in_flight(int delta) { in_flight_ += delta; }
  void add_sse_clients(int delta) { sse_clients_ += delta; }

  // Prometheus text exposition format 0.0.4.
  std::string render() const;
  static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

 private:
  struct Histogram {
    std::vector<uint64_t> counts;  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // method, route, status
  std::map<std::string, Histogram> durations_;                               // by route
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> sse_clients_{0};
  double start_time_seconds_;
};

}  // namespace lifeline::http
