// The server over real loopback sockets, driven by the real client.
#include "http/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <thread>

#include <arpa/inet.h>
#include <signal.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/events.h"
#include "http/client.h"

namespace lifeline::http {
namespace {

using namespace std::chrono_literals;

const std::string kMetricsToken = "scrape-token-0123456789";
const std::map<std::string, std::string> kMetricsAuth = {{"Authorization", "Bearer " + kMetricsToken}};

ServerOptions test_options() {
  ServerOptions o;
  o.port = 0;
  o.metrics_token = kMetricsToken;
  o.io_threads = 1;
  o.worker_threads = 2;
  o.shutdown_grace = 5s;
  return o;
}

std::unique_ptr<Server> start(Router router, ServerOptions options = test_options()) {
  auto server = std::make_unique<Server>(std::move(options), std::move(router));
  auto started = server->start();
  EXPECT_TRUE(started) << (started ? "" : started.error().message);
  return server;
}

template <typename Predicate>
bool eventually(Predicate done, std::chrono::milliseconds within = 5s) {
  auto deadline = std::chrono::steady_clock::now() + within;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Sends raw bytes and reads until `until` appears, the peer closes, or 3 s pass.
std::string raw_exchange(uint16_t port, const std::string& bytes, const std::string& until = "\r\n\r\n",
                         const std::string& then_send = "") {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{3, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string received;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
    char chunk[4096];
    ssize_t n;
    while (received.find(until) == std::string::npos && (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0) {
      received.append(chunk, static_cast<size_t>(n));
    }
    if (!then_send.empty()) {
      ::send(fd, then_send.data(), then_send.size(), MSG_NOSIGNAL);
      while ((n = ::recv(fd, chunk, sizeof chunk, 0)) > 0) received.append(chunk, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return received;
}

TEST(Server, RoutesWithParamsAndAnswers404And405AsProblems) {
  Router router;
  router.add("GET", "/api/v1/orgs/{id}", [](Request& r) { return Response::json(200, {{"id", r.params.at("id")}}); });
  router.add("GET", "/api/v1/orgs/tree", [](Request&) { return Response::text(200, "tree"); });
  router.add("PUT", "/api/v1/orgs/{id}", [](Request& r) { return Response::text(200, r.body); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());

  auto org = client.get("/api/v1/orgs/42?x=1");
  ASSERT_TRUE(org);
  EXPECT_EQ(org->status, 200);
  EXPECT_EQ(org->json()["id"], "42");
  EXPECT_EQ(client.get("/api/v1/orgs/tree")->body, "tree");
  EXPECT_EQ(client.request("PUT", "/api/v1/orgs/1", "new name")->body, "new name");

  auto wrong_method = client.request("DELETE", "/api/v1/orgs/1");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->headers["allow"], "GET, HEAD, PUT");
  EXPECT_EQ(wrong_method->headers["content-type"], "application/problem+json");
  EXPECT_EQ(wrong_method->json()["status"], 405);

  auto missing = client.get("/api/v1/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->headers["content-type"], "application/problem+json");
  auto problem = missing->json();
  EXPECT_EQ(problem["code"], "not_found");
  EXPECT_EQ(problem["instance"], "/api/v1/nothing");
  EXPECT_EQ(problem["request_id"], missing->headers["x-request-id"]);
}

TEST(Server, HandlerErrorsBecomeProblemJson) {
  Router router;
  router.add("POST", "/api/v1/staff", [](Request& r) {
    return Response::problem(Error::invalid({{"name", "is required"}, {"phone", "is too short"}}), r);
  });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto r = client.request("POST", "/api/v1/staff", "{}");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  auto body = r->json();
  EXPECT_EQ(body["type"], "/problems/invalid");
  EXPECT_EQ(body["status"], 400);
  ASSERT_EQ(body["errors"].size(), 2u);
  EXPECT_EQ(body["errors"][0]["field"], "name");
  EXPECT_EQ(body["errors"][1]["message"], "is too short");
}

TEST(Server, SlowHandlersDoNotBlockTheIoThread) {
  std::atomic<bool> slow_started{false};
  Router router;
  router.add("GET", "/api/slow", [&](Request&) {
    slow_started = true;
    std::this_thread::sleep_for(1500ms);
    return Response::text(200, "slow");
  });
  router.add("GET", "/api/fast", [](Request&) { return Response::text(200, "fast"); });
  auto server = start(std::move(router));  // one I/O thread
  auto slow = std::async(std::launch::async, [&] { return Client("127.0.0.1", server->port()).get("/api/slow"); });
  ASSERT_TRUE(eventually([&] { return slow_started.load(); }));

  Client client("127.0.0.1", server->port());
  auto t0 = std::chrono::steady_clock::now();
  auto health = client.get("/healthz");
  auto fast = client.get("/api/fast");
  EXPECT_LT(since(t0), 0.5);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok");
  EXPECT_EQ(fast->body, "fast");
  auto slow_result = slow.get();
  ASSERT_TRUE(slow_result);
  EXPECT_EQ(slow_result->body, "slow");
}

TEST(Server, ManyClientsOnSeveralIoThreads) {
  Router router;
  router.add("POST", "/api/v1/echo/{n}", [](Request& r) { return Response::text(200, r.params.at("n") + ":" + r.body); });
  auto options = test_options();
  options.io_threads = 2;
  options.worker_threads = 3;
  auto server = start(std::move(router), options);
  std::vector<std::future<int>> clients;
  for (int c = 0; c < 6; ++c) {
    clients.push_back(std::async(std::launch::async, [&, c] {
      Client client("127.0.0.1", server->port());
      int ok = 0;
      for (int i = 0; i < 40; ++i) {
        std::string n = std::to_string(c * 100 + i);
        auto r = client.request("POST", "/api/v1/echo/" + n, "body" + n);
        ok += r && r->body == n + ":body" + n;
      }
      return ok;
    }));
  }
  for (auto& c : clients) EXPECT_EQ(c.get(), 40);
  // An exchange is counted once its write completes, which may be just after
  // the client has read the answer; so poll rather than read once.
  const std::string counted =
      "lifeline_http_requests_total{method=\"POST\",route=\"/api/v1/echo/{n}\",status=\"200\"} 240\n";
  EXPECT_TRUE(eventually([&] {
    auto metrics = Client("127.0.0.1", server->port()).get("/metrics", kMetricsAuth);
    return metrics && metrics->body.find(counted) != std::string::npos;
  }));
}

TEST(Server, ConnectionsAreKeptAlive) {
  Router router;
  router.add("GET", "/api/peer", [](Request& r) { return Response::text(200, r.remote_address); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto first = client.get("/api/peer");
  auto second = client.get("/api/peer");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(first->body.empty());
  EXPECT_EQ(first->body, second->body);  // same client port: same connection
}

TEST(Server, OversizedBodyGets413) {
  Router router;
  router.add("POST", "/api/upload", [](Request& r) { return Response::text(200, std::to_string(r.body.size())); });
  auto options = test_options();
  options.max_body_bytes = 1024;
  auto server = start(std::move(router), options);
  Client client("127.0.0.1", server->port());

  auto fits = client.request("POST", "/api/upload", std::string(1024, 'x'));
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->body, "1024");
  auto too_big = client.request("POST", "/api/upload", std::string(64 * 1024, 'x'));
  ASSERT_TRUE(too_big) << too_big.error().message;
  EXPECT_EQ(too_big->status, 413);
  EXPECT_EQ(too_big->headers["content-type"], "application/problem+json");
  auto problem = too_big->json();
  EXPECT_EQ(problem["code"], "payload_too_large");
  EXPECT_EQ(problem["errors"][0]["field"], "body");
  EXPECT_EQ(client.request("POST", "/api/upload", "small")->body, "5");  // the client reconnects
}

TEST(Server, ARouteMayAcceptLargerBodiesThanTheServer) {
  Router router;
  auto size = [](Request& r) { return Response::text(200, std::to_string(r.body.size())); };
  router.add("POST", "/api/upload/{id}", size, 16 * 1024);
  router.add("POST", "/api/small", size);
  auto options = test_options();
  options.max_body_bytes = 1024;
  auto server = start(std::move(router), options);
  Client client("127.0.0.1", server->port());

  EXPECT_EQ(client.request("POST", "/api/upload/7", std::string(8 * 1024, 'x'))->body, "8192");
  auto too_big = client.request("POST", "/api/upload/7", std::string(32 * 1024, 'x'));
  ASSERT_TRUE(too_big) << too_big.error().message;
  EXPECT_EQ(too_big->status, 413);
  EXPECT_NE(too_big->body.find("16384"), std::string::npos) << too_big->body;
  // Other routes keep the server's limit, though the parser allows the largest.
  auto small = client.request("POST", "/api/small", std::string(8 * 1024, 'x'));
  ASSERT_TRUE(small) << small.error().message;
  EXPECT_EQ(small->status, 413);
  EXPECT_EQ(client.request("POST", "/api/small", "ok")->body, "2");
}

TEST(Server, MalformedAndOversizedHeadersAreRefused) {
  auto server = start(Router{});
  auto garbage = raw_exchange(server->port(), "GET /a NOT-A-VERSION\r\n\r\n");
  EXPECT_EQ(garbage.rfind("HTTP/1.1 400", 0), 0u) << garbage;
  auto huge = raw_exchange(server->port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge.rfind("HTTP/1.1 431", 0), 0u) << huge.substr(0, 200);
  EXPECT_EQ(Client("127.0.0.1", server->port()).get("/healthz")->status, 200);
}

TEST(Server, ExpectContinueGetsAGoAhead) {
  Router router;
  router.add("POST", "/api/upload", [](Request& r) { return Response::text(200, "got " + r.body); });
  auto server = start(std::move(router));
  auto answer = raw_exchange(server->port(),
                             "POST /api/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                             "Expect: 100-continue\r\nConnection: close\r\n\r\n",
                             "\r\n\r\n", "hello");
  EXPECT_EQ(answer.rfind("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK", 0), 0u) << answer;
  EXPECT_NE(answer.find("got hello"), std::string::npos);
}

TEST(Server, SecurityHeadersOnEveryResponse) {
  Router router;
  router.add("GET", "/api/v1/list", [](Request&) { return Response::json(200, nlohmann::json::array()); });
  router.add("GET", "/api/v1/cached", [](Request&) {
    Response r = Response::json(200, nlohmann::json::object());
    r.set_header("Cache-Control", "private, max-age=60");
    return r;
  });
  router.add("GET", "/page", [](Request&) { return Response::text(200, "<p>hi</p>", "text/html; charset=utf-8"); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  for (std::string target : {"/api/v1/list", "/api/v1/cached", "/page", "/healthz", "/api/none"}) {
    auto r = client.get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_EQ(r->headers["x-content-type-options"], "nosniff") << target;
    EXPECT_EQ(r->headers["x-frame-options"], "DENY") << target;
    EXPECT_EQ(r->headers["referrer-policy"], "no-referrer") << target;
  }
  EXPECT_EQ(client.get("/api/v1/list")->headers["cache-control"], "no-store");
  EXPECT_EQ(client.get("/api/none")->headers["cache-control"], "no-store");
  EXPECT_EQ(client.get("/api/v1/cached")->headers["cache-control"], "private, max-age=60");
  EXPECT_EQ(client.get("/page")->headers["content-security-policy"],
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'");
  EXPECT_EQ(client.get("/api/v1/list")->headers.count("content-security-policy"), 0u);
}

TEST(Server, RequestIdIsEchoedWhenSaneAndGeneratedOtherwise) {
  Router router;
  router.add("GET", "/api/id", [](Request& r) { return Response::text(200, r.request_id); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());

  auto given = client.get("/api/id", {{"X-Request-Id", "trace-42_a"}});
  EXPECT_EQ(given->headers["x-request-id"], "trace-42_a");
  EXPECT_EQ(given->body, "trace-42_a");

  for (std::string bad : {std::string("has space"), std::string(65, 'a'), std::string("<script>")}) {
    auto r = client.get("/api/id", {{"X-Request-Id", bad}});
    EXPECT_NE(r->headers["x-request-id"], bad);
    EXPECT_EQ(r->headers["x-request-id"].size(), 32u);
    EXPECT_EQ(r->body, r->headers["x-request-id"]);
  }
  auto a = client.get("/api/id"), b = client.get("/api/id");
  EXPECT_EQ(a->headers["x-request-id"].size(), 32u);
  EXPECT_NE(a->headers["x-request-id"], b->headers["x-request-id"]);
}

TEST(Server, MetricsCountRequestsByRoutePattern) {
  Router router;
  router.add("GET", "/api/v1/orgs/{id}", [](Request&) { return Response::text(200, "org"); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  ASSERT_EQ(client.get("/api/v1/orgs/7")->status, 200);
  ASSERT_EQ(client.get("/api/v1/orgs/8")->status, 200);
  ASSERT_EQ(client.get("/api/v1/unknown/9")->status, 404);
  auto metrics = client.get("/metrics", kMetricsAuth);
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  const auto& text = metrics->body;
  EXPECT_NE(text.find("lifeline_http_requests_total{method=\"GET\",route=\"/api/v1/orgs/{id}\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("lifeline_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
            std::string::npos);
  EXPECT_EQ(text.find("/api/v1/orgs/7"), std::string::npos);
  EXPECT_NE(text.find("lifeline_http_request_duration_seconds_count{route=\"/api/v1/orgs/{id}\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("lifeline_http_in_flight_requests 1\n"), std::string::npos);  // the /metrics request itself
  EXPECT_NE(text.find("process_resident_memory_bytes "), std::string::npos);
}

TEST(Server, MetricsAreClosedToAnonymousCallersOnTheMainPort) {
  auto server = start(Router{});
  Client client("127.0.0.1", server->port());
  auto anonymous = client.get("/metrics");
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(anonymous->headers["www-authenticate"], "Bearer realm=\"metrics\"");
  EXPECT_EQ(anonymous->body.find("lifeline_http"), std::string::npos);
  EXPECT_EQ(client.get("/metrics", {{"Authorization", "Bearer " + kMetricsToken + "x"}})->status, 401);
  EXPECT_EQ(client.get("/metrics", {{"Authorization", "Basic " + kMetricsToken}})->status, 401);
  EXPECT_EQ(client.get("/metrics", {{"Authorization", "bearer " + kMetricsToken}})->status, 200);
  // Without a token the main port does not serve them at all.
  auto options = test_options();
  options.metrics_token.clear();
  auto closed = start(Router{}, options);
  EXPECT_EQ(Client("127.0.0.1", closed->port()).get("/metrics")->status, 404);
  EXPECT_EQ(closed->metrics_port(), 0);
}

TEST(Server, AMetricsPortServesMetricsAndNothingElse) {
  Router router;
  router.add("GET", "/api/secret", [](Request&) { return Response::text(200, "secret"); });
  auto options = test_options();
  options.metrics_token.clear();
  options.metrics_port = 0;
  auto server = start(std::move(router), options);
  ASSERT_NE(server->metrics_port(), 0);
  ASSERT_NE(server->metrics_port(), server->port());
  Client scraper("127.0.0.1", server->metrics_port());
  auto metrics = scraper.get("/metrics");
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("lifeline_http_in_flight_requests"), std::string::npos);
  EXPECT_EQ(scraper.get("/api/secret")->status, 404);
  EXPECT_EQ(scraper.get("/healthz")->status, 404);
  EXPECT_EQ(Client("127.0.0.1", server->port()).get("/metrics")->status, 404);
  EXPECT_EQ(Client("127.0.0.1", server->port()).get("/api/secret")->status, 200);
  // A token, when set, is wanted on the metrics port too.
  options.metrics_token = kMetricsToken;
  auto both = start(Router{}, options);
  EXPECT_EQ(Client("127.0.0.1", both->metrics_port()).get("/metrics")->status, 401);
  EXPECT_EQ(Client("127.0.0.1", both->metrics_port()).get("/metrics", kMetricsAuth)->status, 200);
}

TEST(Server, ReadinessFollowsTheCallback) {
  std::atomic<bool> ready{false};
  auto options = test_options();
  options.ready = [&] { return ready.load(); };
  auto server = start(Router{}, options);
  Client client("127.0.0.1", server->port());
  EXPECT_EQ(client.get("/readyz")->status, 503);
  ready = true;
  EXPECT_EQ(client.get("/readyz")->status, 200);
  auto without_callback = start(Router{});
  EXPECT_EQ(Client("127.0.0.1", without_callback->port()).get("/readyz")->status, 200);
}

TEST(Server, ThrowingHandlerGives500AndTheServerKeepsServing) {
  Router router;
  router.add("GET", "/api/boom", [](Request&) -> Response { throw std::runtime_error("db file /secret/path"); });
  router.add("GET", "/api/fine", [](Request&) { return Response::text(200, "fine"); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto boom = client.get("/api/boom");
  ASSERT_TRUE(boom);
  EXPECT_EQ(boom->status, 500);
  EXPECT_EQ(boom->headers["content-type"], "application/problem+json");
  EXPECT_EQ(boom->body.find("/secret/path"), std::string::npos);
  EXPECT_EQ(boom->json()["request_id"], boom->headers["x-request-id"]);
  auto fine = client.get("/api/fine");
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->body, "fine");
}

TEST(Server, BindFailureNamesTheAddress) {
  auto first = start(Router{});
  auto options = test_options();
  options.port = first->port();
  Server second(options, Router{});
  auto started = second.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, ErrorCode::unavailable);
  EXPECT_NE(started.error().message.find("127.0.0.1:" + std::to_string(first->port())), std::string::npos);
}

TEST(Server, CookiesSetByTheServerAreSentBack) {
  Router router;
  router.add("POST", "/api/login", [](Request&) {
    Response r = Response::no_content();
    r.headers.emplace_back("Set-Cookie", "session=abc123; Path=/; HttpOnly; SameSite=Strict");
    r.headers.emplace_back("Set-Cookie", "theme=dark; Path=/");
    return r;
  });
  router.add("GET", "/api/me", [](Request& r) { return Response::text(200, r.cookie("session").value_or("none")); });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  EXPECT_EQ(client.get("/api/me")->body, "none");
  auto login = client.request("POST", "/api/login");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 204);
  EXPECT_EQ(login->set_cookies.size(), 2u);
  EXPECT_EQ(client.cookies().at("session"), "abc123");
  EXPECT_EQ(client.get("/api/me")->body, "abc123");
  client.clear_cookies();
  EXPECT_EQ(client.get("/api/me")->body, "none");
}

TEST(Client, ReconnectsWhenTheServerClosedTheConnection) {
  auto first = start(Router{});
  uint16_t port = first->port();
  Client client("127.0.0.1", port);
  ASSERT_EQ(client.get("/healthz")->status, 200);
  first->stop();  // closes the client's idle connection
  auto options = test_options();
  options.port = port;
  auto second = start(Router{}, options);
  auto again = client.get("/healthz");
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, 200);
}

TEST(ServerShutdown, RunUntilSignalStopsOnSigterm) {
  auto server = start(Router{});
  std::thread sender([] {
    // Raise only once the server's handler is installed, else SIGTERM would end the test run.
    struct sigaction current {};
    while (sigaction(SIGTERM, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) std::this_thread::sleep_for(5ms);
    ::kill(::getpid(), SIGTERM);
  });
  server->run_until_signal();
  sender.join();
  EXPECT_FALSE(Client("127.0.0.1", server->port()).get("/healthz"));
}

// --- static files ---

class ServerStaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() / ("lifeline-web-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(root_ / "assets");
    std::ofstream(root_ / "index.html") << "<!doctype html><div id=app></div>";
    std::ofstream(root_ / "assets" / "main.77ab.js") << "export default 1;";
    auto options = test_options();
    options.web_root = root_.string();
    Router router;
    router.add("GET", "/api/v1/ping", [](Request&) { return Response::text(200, "pong"); });
    server_ = start(std::move(router), options);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(root_);
  }
  std::filesystem::path root_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerStaticFiles, ServesTheAppWithCachingAndFallback) {
  Client client("127.0.0.1", server_->port());
  auto index = client.get("/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_EQ(index->body, "<!doctype html><div id=app></div>");
  EXPECT_EQ(index->headers["cache-control"], "no-cache");
  EXPECT_FALSE(index->headers["content-security-policy"].empty());

  auto script = client.get("/assets/main.77ab.js");
  EXPECT_EQ(script->headers["content-type"], "text/javascript; charset=utf-8");
  EXPECT_EQ(script->headers["cache-control"], "public, max-age=31536000, immutable");
  auto revalidated = client.get("/assets/main.77ab.js", {{"If-None-Match", script->headers["etag"]}});
  EXPECT_EQ(revalidated->status, 304);
  EXPECT_TRUE(revalidated->body.empty());

  auto spa = client.get("/repair/orders/12");
  EXPECT_EQ(spa->status, 200);
  EXPECT_EQ(spa->body, index->body);
  EXPECT_EQ(client.get("/nope.png")->status, 404);
  EXPECT_EQ(client.get("/api/v1/ping")->body, "pong");
  auto api_missing = client.get("/api/v1/orders");
  EXPECT_EQ(api_missing->status, 404);  // no SPA fallback under /api/
  EXPECT_EQ(api_missing->headers["content-type"], "application/problem+json");

  auto head = client.request("HEAD", "/");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->headers["content-length"], std::to_string(index->body.size()));
  EXPECT_EQ(client.get("/healthz")->body, "ok");  // the connection survived the HEAD
}

TEST_F(ServerStaticFiles, TraversalAttemptsAreRefused) {
  Client client("127.0.0.1", server_->port());
  for (std::string target : {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2fetc/passwd",
                             "/%2E%2E/etc/hostname", "/..%5c..%5cetc/passwd"}) {
    auto r = client.get(target);
    ASSERT_TRUE(r) << target;
    EXPECT_TRUE(r->status == 400 || r->status == 404) << target << " gave " << r->status;
    EXPECT_EQ(r->body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r->body.find("<div id=app>"), std::string::npos) << target;
  }
}

// --- Server-Sent Events ---

// The subscription a stream handler hands out, with a flag for its release.
struct Feed {
  std::mutex mutex;
  Push push;
  std::atomic<bool> released{false};

  StreamHandler handler() {
    return [this](Request& r, Push p) -> Result<std::shared_ptr<void>> {
      if (r.cookie("session") != "ok") return Error::unauthenticated();
      p(sse_frame("hello", "{}"));
      {
        std::lock_guard lock(mutex);
        push = std::move(p);
      }
      return std::shared_ptr<void>(new int(0), [this](void* handle) {
        delete static_cast<int*>(handle);
        released = true;
      });
    };
  }
  void send(const std::string& frame) {
    std::lock_guard lock(mutex);
    if (push) push(frame);
  }
};

TEST(ServerEvents, FramesArriveInOrderAndClosingReleasesTheSubscription) {
  Feed feed;
  Router router;
  router.add_stream("/api/v1/events", feed.handler());
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto stream = client.open_events("/api/v1/events", {{"Cookie", "session=ok"}});
  ASSERT_TRUE(stream) << stream.error().message;

  auto hello = (*stream)->next(2s);
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->event, "hello");
  std::thread publisher([&] {
    for (int i = 0; i < 50; ++i) feed.send(sse_frame("tick", std::to_string(i), std::to_string(i)));
    feed.send(sse_frame("", "line one\nline two"));
  });
  for (int i = 0; i < 50; ++i) {
    auto frame = (*stream)->next(2s);
    ASSERT_TRUE(frame) << frame.error().message;
    EXPECT_EQ(frame->event, "tick");
    EXPECT_EQ(frame->data, std::to_string(i));
    EXPECT_EQ(frame->id, std::to_string(i));
  }
  auto multi = (*stream)->next(2s);
  ASSERT_TRUE(multi);
  EXPECT_EQ(multi->event, "message");
  EXPECT_EQ(multi->data, "line one\nline two");
  publisher.join();
  EXPECT_FALSE((*stream)->next(100ms));  // nothing more: a timeout, not a frame
  EXPECT_NE(client.get("/metrics", kMetricsAuth)->body.find("lifeline_sse_clients 1\n"), std::string::npos);

  EXPECT_FALSE(feed.released);
  stream->reset();  // the client goes away
  EXPECT_TRUE(eventually([&] { return feed.released.load(); }));
  feed.send(sse_frame("late", "{}"));  // a push after close is a no-op
  EXPECT_TRUE(eventually([&] { return client.get("/metrics", kMetricsAuth)->body.find("lifeline_sse_clients 0\n") != std::string::npos; }));
}

TEST(ServerEvents, AnEventBusSubscriptionLivesAsLongAsTheConnection) {
  EventBus bus;
  Router router;
  router.add_stream("/api/v1/feed", [&bus](Request&, Push push) -> Result<std::shared_ptr<void>> {
    return bus.subscribe([push](const Event& e) { push(sse_frame(e.type, e.data.dump())); });
  });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto stream = client.open_events("/api/v1/feed");
  ASSERT_TRUE(stream);
  ASSERT_TRUE(eventually([&] { return bus.subscriber_count() == 1; }));
  Event declared;
  declared.type = "emergency.declared";
  declared.org_id = 1;
  declared.data["level"] = "II";
  std::thread([&] { bus.publish(declared); }).join();
  auto frame = (*stream)->next(2s);
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->event, "emergency.declared");
  EXPECT_EQ(nlohmann::json::parse(frame->data)["level"], "II");
  stream->reset();
  EXPECT_TRUE(eventually([&] { return bus.subscriber_count() == 0; }));
}

TEST(ServerEvents, StreamResponseHeaders) {
  Feed feed;
  Router router;
  router.add_stream("/api/v1/events", feed.handler());
  auto server = start(std::move(router));
  auto head = raw_exchange(server->port(),
                           "GET /api/v1/events HTTP/1.1\r\nHost: x\r\nCookie: session=ok\r\n\r\n", "retry: 3000\n\n");
  EXPECT_EQ(head.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << head;
  for (std::string header : {"Content-Type: text/event-stream\r\n", "Cache-Control: no-cache\r\n",
                             "X-Accel-Buffering: no\r\n", "X-Content-Type-Options: nosniff\r\n", "X-Request-Id: "}) {
    EXPECT_NE(head.find(header), std::string::npos) << header;
  }
  EXPECT_NE(head.find("\r\n\r\nretry: 3000\n\n"), std::string::npos);
}

TEST(ServerEvents, AClientThatLagsTooFarIsDropped) {
  Feed feed;
  Router router;
  router.add_stream("/api/v1/events", feed.handler());
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  client.cookies()["session"] = "ok";
  auto stream = client.open_events("/api/v1/events");  // and never read
  ASSERT_TRUE(stream);
  const std::string frame = sse_frame("bulk", std::string(4096, 'x'));
  for (int i = 0; i < 100000 && !feed.released; ++i) feed.send(frame);
  EXPECT_TRUE(eventually([&] { return feed.released.load(); }));
}

TEST(ServerEvents, KeepalivesAreSkippedAndTheStreamStaysUsable) {
  Feed feed;
  Router router;
  router.add_stream("/api/v1/events", feed.handler());
  auto options = test_options();
  options.sse_keepalive = 1s;
  auto server = start(std::move(router), options);
  Client client("127.0.0.1", server->port());
  client.cookies()["session"] = "ok";
  auto stream = client.open_events("/api/v1/events");
  ASSERT_TRUE(stream);
  ASSERT_TRUE((*stream)->next(2s));  // hello
  // Keep-alive comments flow (and are skipped) while nothing happens; the stream stays usable.
  EXPECT_FALSE((*stream)->next(2500ms));
  feed.send(sse_frame("after", "quiet"));
  auto frame = (*stream)->next(2s);
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->data, "quiet");
}

TEST(ServerEvents, RefusedStreamIsAProblem) {
  Feed feed;
  Router router;
  router.add_stream("/api/v1/events", feed.handler());
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto stream = client.open_events("/api/v1/events");
  ASSERT_FALSE(stream);
  EXPECT_EQ(stream.error().code, ErrorCode::unauthenticated);
  EXPECT_NE(stream.error().message.find("401"), std::string::npos);
  EXPECT_NE(stream.error().message.find("unauthenticated"), std::string::npos);
}

TEST(ServerEvents, AThrowingStreamHandlerGives500) {
  Router router;
  router.add_stream("/api/v1/events", [](Request&, Push) -> Result<std::shared_ptr<void>> {
    throw std::runtime_error("subscription table missing");
  });
  auto server = start(std::move(router));
  Client client("127.0.0.1", server->port());
  auto stream = client.open_events("/api/v1/events");
  ASSERT_FALSE(stream);
  EXPECT_EQ(stream.error().code, ErrorCode::internal);
  EXPECT_NE(stream.error().message.find("500"), std::string::npos);
  EXPECT_EQ(stream.error().message.find("subscription table"), std::string::npos);
  EXPECT_EQ(client.get("/healthz")->status, 200);
}

// --- graceful shutdown ---

TEST(ServerShutdown, InFlightRequestsFinishAndStreamsClose) {
  Feed feed;
  std::atomic<bool> slow_started{false};
  Router router;
  router.add("POST", "/api/v1/reports", [&](Request&) {
    slow_started = true;
    std::this_thread::sleep_for(800ms);
    return Response::json(200, {{"saved", true}});
  });
  router.add_stream("/api/v1/events", feed.handler());
  auto server = start(std::move(router));
  uint16_t port = server->port();

  Client watcher("127.0.0.1", port);
  watcher.cookies()["session"] = "ok";
  auto stream = watcher.open_events("/api/v1/events");
  ASSERT_TRUE(stream);
  Client idle("127.0.0.1", port);
  ASSERT_EQ(idle.get("/healthz")->status, 200);  // an idle keep-alive connection

  auto slow = std::async(std::launch::async, [&] { return Client("127.0.0.1", port).request("POST", "/api/v1/reports", "{}"); });
  ASSERT_TRUE(eventually([&] { return slow_started.load(); }));
  auto t0 = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(since(t0), 4.0);

  auto result = slow.get();
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->status, 200);
  EXPECT_EQ(result->json()["saved"], true);
  EXPECT_EQ(result->headers["connection"], "close");
  EXPECT_TRUE(feed.released);
  ASSERT_TRUE(stream);
  (void)(*stream)->next(1s);  // drains the hello frame, then sees the close
  EXPECT_FALSE((*stream)->next(1s));
  EXPECT_FALSE(Client("127.0.0.1", port).get("/healthz"));  // no longer accepting
  server->stop();  // idempotent
}

}  // namespace
}  // namespace lifeline::http
