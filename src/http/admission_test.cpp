// What the server decides before it reads a body, the budget of body bytes,
// the heavy pool and readiness under saturation — over real loopback sockets.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>

#include "http/client.h"
#include "http/server.h"

namespace lifeline::http {
namespace {

using namespace std::chrono_literals;

ServerOptions options() {
  ServerOptions o;
  o.port = 0;
  o.worker_threads = 2;
  o.shutdown_grace = 5s;
  return o;
}

std::unique_ptr<Server> start(Router router, ServerOptions o = options()) {
  auto server = std::make_unique<Server>(std::move(o), std::move(router));
  EXPECT_TRUE(server->start().ok());
  return server;
}

// A raw connection: the test decides what it sends and when.
class Raw {
 public:
  explicit Raw(uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Raw() { ::close(fd_); }
  bool send(const std::string& bytes) {
    return connected_ && ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // Reads until the end of a response head (and its body when it says Content-Length), or 3 s.
  std::string response() {
    std::string got;
    char chunk[4096];
    while (true) {
      auto head_end = got.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        auto cl = got.find("Content-Length: ");
        size_t length = cl == std::string::npos || cl > head_end ? 0 : std::stoul(got.substr(cl + 16));
        if (got.size() >= head_end + 4 + length) return got;
      }
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return got;
      got.append(chunk, static_cast<size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

std::string post_head(const std::string& path, size_t length, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(length) + "\r\n" + extra +
         "\r\n";
}

// A route whose admission check wants "Authorization: yes" and counts how often it ran.
struct Guarded {
  std::atomic<int> admitted{0};
  std::atomic<int> handled{0};
  GuardedHandler handler() {
    GuardedHandler g;
    g.admit = [this](const Request& r) -> Result<std::shared_ptr<const void>> {
      ++admitted;
      if (r.header("authorization") != "yes") return Error::unauthenticated();
      return std::shared_ptr<const void>(std::make_shared<const std::string>("the caller"));
    };
    g.handler = [this](Request& r) {
      ++handled;
      auto who = r.admitted ? *std::static_pointer_cast<const std::string>(r.admitted) : std::string("nobody");
      return Response::text(200, who + " sent " + std::to_string(r.body.size()));
    };
    return g;
  }
};

TEST(Admission, AnUploadIsRefusedOnItsHeadersBeforeItsBodyIsRead) {
  Guarded route;
  Router router;
  router.add("POST", "/api/upload", route.handler(), 64u << 20);
  auto server = start(std::move(router));
  // 60 MB announced, not a byte of it sent: the answer comes anyway.
  Raw anonymous(server->port());
  ASSERT_TRUE(anonymous.send(post_head("/api/upload", 60u << 20, "Expect: 100-continue\r\n")));
  auto answer = anonymous.response();
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer;  // no "100 Continue" first
  EXPECT_EQ(route.handled.load(), 0);
  // Without Expect the client may already be sending: still answered, and the connection closes.
  Raw eager(server->port());
  ASSERT_TRUE(eager.send(post_head("/api/upload", 60u << 20) + std::string(100000, 'x')));
  EXPECT_EQ(eager.response().rfind("HTTP/1.1 401", 0), 0u);
  // An admitted caller's body is read and the handler gets the admission's decision.
  Client client("127.0.0.1", server->port());
  auto ok = client.request("POST", "/api/upload", std::string(5000, 'x'), {{"Authorization", "yes"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body, "the caller sent 5000");
  EXPECT_EQ(route.admitted.load(), 3);
  // A request without a body is not checked on its headers (its handler authenticates).
  auto empty = client.request("POST", "/api/upload", "", {});
  EXPECT_EQ(empty->body, "nobody sent 0");
  EXPECT_EQ(route.admitted.load(), 3);
}

TEST(Admission, ABodyNoRouteWouldTakeIsNotRead) {
  Router router;
  router.add("GET", "/api/thing", [](Request&) { return Response::text(200, "thing"); });
  auto server = start(std::move(router));
  Raw unknown(server->port());
  ASSERT_TRUE(unknown.send(post_head("/api/nothing", 1000000)));
  EXPECT_EQ(unknown.response().rfind("HTTP/1.1 404", 0), 0u);
  Raw wrong_method(server->port());
  ASSERT_TRUE(wrong_method.send(post_head("/api/thing", 1000000)));
  EXPECT_EQ(wrong_method.response().rfind("HTTP/1.1 405", 0), 0u);
}

TEST(BodyBudget, ConcurrentBodiesBeyondTheBudgetGet503WithRetryAfter) {
  Router router;
  router.add("POST", "/api/upload", [](Request& r) { return Response::text(200, std::to_string(r.body.size())); },
             size_t{1} << 20);
  auto o = options();
  o.body_budget_bytes = 100000;
  auto server = start(std::move(router), o);
  Raw first(server->port());
  ASSERT_TRUE(first.send(post_head("/api/upload", 60000) + std::string(1000, 'x')));  // holds 60,000 while it sends
  std::this_thread::sleep_for(100ms);
  Raw second(server->port());
  ASSERT_TRUE(second.send(post_head("/api/upload", 60000)));
  auto refused = second.response();
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused;
  EXPECT_NE(refused.find("Retry-After: 5"), std::string::npos) << refused;
  ASSERT_TRUE(first.send(std::string(59000, 'x')));
  auto done = first.response();
  EXPECT_NE(done.find("\r\n\r\n60000"), std::string::npos) << done.substr(0, 200);
  // Given back: the next body fits again.
  Client client("127.0.0.1", server->port());
  EXPECT_EQ(client.request("POST", "/api/upload", std::string(60000, 'y'))->body, "60000");
}

TEST(BodyBudget, AChunkedBodyCountsAsItArrives) {
  Router router;
  router.add("POST", "/api/upload", [](Request& r) { return Response::text(200, std::to_string(r.body.size())); },
             size_t{1} << 20);
  auto o = options();
  o.body_budget_bytes = 200000;
  auto server = start(std::move(router), o);
  auto chunked = [](size_t chunks, size_t size) {
    std::string s = "POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    char hex[16];
    std::snprintf(hex, sizeof hex, "%zx", size);
    for (size_t i = 0; i < chunks; ++i) s += std::string(hex) + "\r\n" + std::string(size, 'x') + "\r\n";
    return s + "0\r\n\r\n";
  };
  Raw small(server->port());
  ASSERT_TRUE(small.send(chunked(3, 10000)));
  EXPECT_NE(small.response().find("\r\n\r\n30000"), std::string::npos);
  Raw large(server->port());
  large.send(chunked(30, 10000));  // 300,000 bytes: past the budget on the way
  auto refused = large.response();
  EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0u) << refused.substr(0, 200);
  EXPECT_NE(refused.find("Retry-After:"), std::string::npos);
}

TEST(HeavyPool, HeavyRoutesNeverTakeTheRequestWorkersAndOverflowGets503) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> running{0};
  Router router;
  GuardedHandler heavy;
  heavy.handler = [&](Request&) {
    ++running;
    released.wait();
    return Response::text(200, "analysed");
  };
  router.add("POST", "/api/analyse", heavy, RouteOptions{0, Pool::heavy});
  router.add("GET", "/api/me", [](Request&) { return Response::text(200, "me"); });
  auto o = options();
  o.worker_threads = 1;
  o.heavy_threads = 2;
  o.heavy_queue = 1;
  auto server = start(std::move(router), o);
  std::vector<std::future<Result<ClientResponse>>> analyses;
  for (int i = 0; i < 3; ++i)
    analyses.push_back(std::async(std::launch::async, [&] {
      return Client("127.0.0.1", server->port()).request("POST", "/api/analyse", "");
    }));
  for (int i = 0; i < 300 && running < 2; ++i) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(running.load(), 2);
  // Two run, one waits: a fourth is refused at once, and the one request worker still answers.
  auto overflow = Client("127.0.0.1", server->port()).request("POST", "/api/analyse", "");
  ASSERT_TRUE(overflow);
  EXPECT_EQ(overflow->status, 503);
  EXPECT_EQ(overflow->headers["retry-after"], "5");
  auto start_me = std::chrono::steady_clock::now();
  EXPECT_EQ(Client("127.0.0.1", server->port()).get("/api/me")->body, "me");
  EXPECT_LT(std::chrono::steady_clock::now() - start_me, 1s);
  release.set_value();
  for (auto& a : analyses) EXPECT_EQ(a.get()->status, 200);
}

TEST(Readiness, SaturatedRequestWorkersMakeTheServerNotReady) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> running{0};
  Router router;
  router.add("GET", "/api/slow", [&](Request&) {
    ++running;
    released.wait();
    return Response::text(200, "slow");
  });
  auto o = options();
  o.worker_threads = 2;
  auto server = start(std::move(router), o);
  Client probe("127.0.0.1", server->port());
  EXPECT_EQ(probe.get("/readyz")->status, 200);
  std::vector<std::future<Result<ClientResponse>>> slow;
  for (int i = 0; i < 4; ++i)
    slow.push_back(std::async(std::launch::async, [&] { return Client("127.0.0.1", server->port()).get("/api/slow"); }));
  for (int i = 0; i < 300 && running < 2; ++i) std::this_thread::sleep_for(10ms);
  std::this_thread::sleep_for(100ms);  // the other two wait behind them
  auto saturated = probe.get("/readyz");
  ASSERT_TRUE(saturated);
  EXPECT_EQ(saturated->status, 503);
  EXPECT_NE(saturated->body.find("2 of 2 request workers busy"), std::string::npos) << saturated->body;
  EXPECT_FALSE(saturated->headers["retry-after"].empty());
  EXPECT_EQ(probe.get("/healthz")->status, 200);  // alive all the same
  release.set_value();
  for (auto& s : slow) EXPECT_EQ(s.get()->status, 200);
  EXPECT_EQ(probe.get("/readyz")->status, 200);
}

}  // namespace
}  // namespace lifeline::http
