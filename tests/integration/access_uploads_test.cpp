// Uploads are decided on their headers (issue 12: three anonymous 60 MB
// uploads were held for 30 s each before the 401): who is calling, may they,
// and does the declared length fit the route — before the body is read.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

class Uploads : public ApiTest {
 protected:
  // Sends the head of a 60 MB upload and nothing else; returns the status line the server answers with.
  std::string answer_to_head(const std::string& path, const std::string& extra_headers) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server_->port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{3, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::string head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                       "Content-Length: 62914560\r\nExpect: 100-continue\r\n" + extra_headers + "\r\n";
    std::string got;
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size())) {
      char chunk[4096];
      ssize_t n;
      while (got.find("\r\n") == std::string::npos && (n = ::recv(fd, chunk, sizeof chunk, 0)) > 0)
        got.append(chunk, static_cast<size_t>(n));
    }
    ::close(fd);
    return got.substr(0, got.find("\r\n"));
  }
};

TEST_F(Uploads, ARefusedUploadIsAnsweredOnItsHeaders) {
  // Anonymous: 401 at once, never "100 Continue".
  EXPECT_EQ(answer_to_head("/api/v1/networks", ""), "HTTP/1.1 401 Unauthorized");
  // A session without the permission: 403; a session without its CSRF token: 403.
  auto viewer = login("a_viewer");
  const std::string cookie = "Cookie: " + std::string(app::api::kSessionCookie) + "=" +
                             viewer.client->cookies()[app::api::kSessionCookie] + "\r\n";
  EXPECT_EQ(answer_to_head("/api/v1/networks", cookie + "X-CSRF-Token: " + viewer.csrf + "\r\n"),
            "HTTP/1.1 403 Forbidden");
  auto admin = login("a_admin");
  const std::string admin_cookie = "Cookie: " + std::string(app::api::kSessionCookie) + "=" +
                                   admin.client->cookies()[app::api::kSessionCookie] + "\r\n";
  EXPECT_EQ(answer_to_head("/api/v1/networks", admin_cookie), "HTTP/1.1 403 Forbidden");
  // Cross-origin: 403.
  EXPECT_EQ(answer_to_head("/api/v1/networks", admin_cookie + "X-CSRF-Token: " + admin.csrf +
                                                   "\r\nOrigin: http://evil.example\r\n"),
            "HTTP/1.1 403 Forbidden");
  // Every body-taking route of the API is decided the same way (the class).
  const auto router = platform_->router();  // a value: keep it while walking its routes
  for (const auto& route : router.routes()) {
    if (route.method == "GET" || route.stream) continue;
    EXPECT_TRUE(static_cast<bool>(route.admit)) << route.method << " " << route.pattern;
  }
  // Allowed: the server asks for the body (which this test never sends).
  EXPECT_EQ(answer_to_head("/api/v1/networks", admin_cookie + "X-CSRF-Token: " + admin.csrf + "\r\n"),
            "HTTP/1.1 100 Continue");
  // Nothing was written by any of it.
  EXPECT_EQ(count("networks"), 0);
}

}  // namespace
}  // namespace lifeline::test
