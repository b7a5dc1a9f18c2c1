// Every route the server registers is documented in docs/api/openapi.yaml.
#include <fstream>
#include <sstream>

#include "integration/harness.h"

namespace lifeline::test {
namespace {

class OpenApi : public ApiTest {};

TEST_F(OpenApi, EveryRegisteredRouteIsDocumented) {
  const char* root = std::getenv("LIFELINE_SOURCE_DIR");
  ASSERT_NE(root, nullptr) << "ctest sets LIFELINE_SOURCE_DIR";
  std::ifstream in(std::string(root) + "/docs/api/openapi.yaml");
  ASSERT_TRUE(in) << "docs/api/openapi.yaml is missing";
  std::stringstream ss;
  ss << in.rdbuf();
  std::string spec = ss.str();
  int checked = 0;
  auto router = platform_->router();
  for (const auto& route : router.routes()) {
    // Paths are keys ("  /api/v1/orgs/{id}:") and methods keys below them ("    get:").
    auto at = spec.find("\n  " + route.pattern + ":\n");
    ASSERT_NE(at, std::string::npos) << route.pattern << " is not in openapi.yaml";
    auto next_path = spec.find("\n  /", at + 1);
    std::string block = spec.substr(at, next_path == std::string::npos ? std::string::npos : next_path - at);
    std::string method = route.stream ? "get" : route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    EXPECT_NE(block.find("\n    " + method + ":"), std::string::npos)
        << route.method << " " << route.pattern << " is not documented";
    ++checked;
  }
  EXPECT_GT(checked, 25);
}

}  // namespace
}  // namespace lifeline::test
