#include "http/metrics.h"

#include <gtest/gtest.h>

namespace lifeline::http {
namespace {

using std::chrono::milliseconds;

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos || text.rfind(line + "\n", 0) == 0;
}

TEST(HttpMetrics, CountsRequestsByMethodRouteAndStatus) {
  HttpMetrics m;
  m.observe("GET", "/api/v1/orgs/{id}", 200, milliseconds(3));
  m.observe("GET", "/api/v1/orgs/{id}", 200, milliseconds(4));
  m.observe("GET", "/api/v1/orgs/{id}", 404, milliseconds(1));
  m.observe("BREW", "unmatched", 404, milliseconds(1));
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE lifeline_http_requests_total counter"));
  EXPECT_TRUE(has_line(text, "lifeline_http_requests_total{method=\"GET\",route=\"/api/v1/orgs/{id}\",status=\"200\"} 2"));
  EXPECT_TRUE(has_line(text, "lifeline_http_requests_total{method=\"GET\",route=\"/api/v1/orgs/{id}\",status=\"404\"} 1"));
  // Methods invented by clients do not create series of their own.
  EXPECT_TRUE(has_line(text, "lifeline_http_requests_total{method=\"other\",route=\"unmatched\",status=\"404\"} 1"));
}

TEST(HttpMetrics, LatencyHistogramIsCumulativePerRoute) {
  HttpMetrics m;
  m.observe("GET", "static", 200, milliseconds(2));     // <= 0.0025
  m.observe("GET", "static", 200, milliseconds(300));   // <= 0.5
  m.observe("GET", "static", 200, std::chrono::seconds(20));  // only +Inf
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "# TYPE lifeline_http_request_duration_seconds histogram"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_bucket{route=\"static\",le=\"0.001\"} 0"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_bucket{route=\"static\",le=\"0.0025\"} 1"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_bucket{route=\"static\",le=\"0.25\"} 1"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_bucket{route=\"static\",le=\"0.5\"} 2"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_bucket{route=\"static\",le=\"10\"} 2"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_bucket{route=\"static\",le=\"+Inf\"} 3"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_sum{route=\"static\"} 20.302"));
  EXPECT_TRUE(has_line(text, "lifeline_http_request_duration_seconds_count{route=\"static\"} 3"));
}

TEST(HttpMetrics, GaugesAndProcessMetrics) {
  HttpMetrics m;
  m.add_in_flight(2);
  m.add_in_flight(-1);
  m.add_sse_clients(3);
  auto text = m.render();
  EXPECT_TRUE(has_line(text, "lifeline_http_in_flight_requests 1"));
  EXPECT_TRUE(has_line(text, "lifeline_sse_clients 3"));
  EXPECT_TRUE(has_line(text, "# TYPE process_resident_memory_bytes gauge"));
  auto rss_at = text.find("\nprocess_resident_memory_bytes ");
  ASSERT_NE(rss_at, std::string::npos);
  EXPECT_GT(std::stod(text.substr(rss_at + 31)), 1e5);
  auto start_at = text.find("\nprocess_start_time_seconds ");
  ASSERT_NE(start_at, std::string::npos);
  double start = std::stod(text.substr(start_at + 28));
  double now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(start, now + 1);
  EXPECT_GT(start, now - 86400 * 365);
}

TEST(HttpMetrics, LabelValuesAreEscaped) {
  HttpMetrics m;
  m.observe("GET", "a\"b\\c\nd", 200, milliseconds(1));
  EXPECT_NE(m.render().find("route=\"a\\\"b\\\\c\\nd\""), std::string::npos);
}

}  // namespace
}  // namespace lifeline::http
