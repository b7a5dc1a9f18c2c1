#include "http/metrics.h"

#include <unistd.h>

#include <array>
#include <fstream>
#include <iterator>
#include <locale>
#include <sstream>

namespace lifeline::http {
namespace {

constexpr std::array<double, 13> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                             0.25,  0.5,    1,     2.5,  5,     10};

// Unknown methods from the wire would otherwise each become a new series.
std::string_view known_method(std::string_view m) {
  for (std::string_view k : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (m == k) return k;
  }
  return "other";
}

std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string number(double v) {
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s.precision(15);
  s << v;
  return s.str();
}

double resident_memory_bytes() {
  std::ifstream statm("/proc/self/statm");
  long pages_total = 0, pages_resident = 0;
  if (!(statm >> pages_total >> pages_resident)) return 0;
  return static_cast<double>(pages_resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// Boot time plus the process's start tick (field 22 of /proc/self/stat).
double process_start_time_seconds() {
  std::ifstream stat_file("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(stat_file)), std::istreambuf_iterator<char>());
  size_t paren = stat.rfind(')');  // the command name may contain spaces
  std::ifstream boot_file("/proc/stat");
  std::string line;
  double boot = 0;
  while (std::getline(boot_file, line)) {
    if (line.rfind("btime ", 0) == 0) boot = std::stod(line.substr(6));
  }
  if (paren != std::string::npos && boot > 0) {
    std::istringstream fields(stat.substr(paren + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
      if (i == 22) return boot + std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
    }
  }
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

HttpMetrics::HttpMetrics() : start_time_seconds_(process_start_time_seconds()) {}

void HttpMetrics::observe(std::string_view method, std::string_view route, int status,
                          std::chrono::duration<double> elapsed) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(known_method(method)), std::string(route), status}];
  Histogram& h = durations_[std::string(route)];
  if (h.counts.empty()) h.counts.assign(kBuckets.size(), 0);
  double seconds = elapsed.count();
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string HttpMetrics::render() const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out += "# HELP lifeline_http_requests_total HTTP requests answered, by route pattern.\n";
    out += "# TYPE lifeline_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      out += "lifeline_http_requests_total{method=\"" + label(method) + "\",route=\"" + label(route) +
             "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }
    out += "# HELP lifeline_http_request_duration_seconds Time from request read to response written.\n";
    out += "# TYPE lifeline_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : durations_) {
      std::string r = "route=\"" + label(route) + "\"";
      uint64_t cumulative = 0;
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.counts[i];
        out += "lifeline_http_request_duration_seconds_bucket{" + r + ",le=\"" + number(kBuckets[i]) + "\"} " +
               std::to_string(cumulative) + "\n";
      }
      out += "lifeline_http_request_duration_seconds_bucket{" + r + ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
      out += "lifeline_http_request_duration_seconds_sum{" + r + "} " + number(h.sum) + "\n";
      out += "lifeline_http_request_duration_seconds_count{" + r + "} " + std::to_string(h.count) + "\n";
    }
  }
  out += "# HELP lifeline_http_in_flight_requests Requests being handled now.\n";
  out += "# TYPE lifeline_http_in_flight_requests gauge\n";
  out += "lifeline_http_in_flight_requests " + std::to_string(in_flight_.load()) + "\n";
  out += "# HELP lifeline_sse_clients Open live-feed (SSE) connections.\n";
  out += "# TYPE lifeline_sse_clients gauge\n";
  out += "lifeline_sse_clients " + std::to_string(sse_clients_.load()) + "\n";
  out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n";
  out += "# TYPE process_resident_memory_bytes gauge\n";
  out += "process_resident_memory_bytes " + number(resident_memory_bytes()) + "\n";
  out += "# HELP process_start_time_seconds Start time of the process since the Unix epoch in seconds.\n";
  out += "# TYPE process_start_time_seconds gauge\n";
  out += "process_start_time_seconds " + number(start_time_seconds_) + "\n";
  return out;
}

}  // namespace lifeline::http
