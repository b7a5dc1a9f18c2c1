#include "http/static_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace lifeline::http {
namespace {
namespace fs = std::filesystem;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("lifeline-static-" + std::to_string(std::random_device{}()));
    root_ = base_ / "web";
    write(root_ / "index.html", "<!doctype html><title>lifeline</title>");
    write(root_ / "assets" / "app.3f2a.js", "console.log(1)");
    write(root_ / "assets" / "app.css", "body{}");
    write(root_ / "favicon.ico", "ico");
    write(root_ / "manifest.webmanifest", "{}");
    write(root_ / "docs" / "index.html", "<p>docs</p>");
    write(root_ / ".env", "SECRET=1");
    write(base_ / "secret.txt", "outside the root");
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    fs::create_directory_symlink(base_, root_ / "up");
  }
  void TearDown() override { fs::remove_all(base_); }

  Response get(const std::string& path, std::map<std::string, std::string> headers = {}) {
    Request r;
    r.method = "GET";
    r.path = path;
    r.headers = std::move(headers);
    r.request_id = "rid";
    return StaticFiles(root_).serve(r);
  }

  fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirContentType) {
  auto index = get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "<!doctype html><title>lifeline</title>");
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(get("/assets/app.3f2a.js").header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/assets/app.css").header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(get("/favicon.ico").header("content-type"), "image/x-icon");
  EXPECT_EQ(get("/manifest.webmanifest").header("content-type"), "application/manifest+json");
  EXPECT_EQ(get("/docs/").body, "<p>docs</p>");
}

TEST_F(StaticFilesTest, AssetsAreImmutableEverythingElseRevalidates) {
  EXPECT_EQ(get("/assets/app.3f2a.js").header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(get("/index.html").header("cache-control"), "no-cache");
  EXPECT_EQ(get("/favicon.ico").header("cache-control"), "no-cache");
}

TEST_F(StaticFilesTest, MatchingETagGives304WithoutBody) {
  auto first = get("/assets/app.3f2a.js");
  std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = get("/assets/app.3f2a.js", {{"if-none-match", "\"other\", W/" + etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  EXPECT_EQ(get("/assets/app.3f2a.js", {{"if-none-match", "\"other\""}}).status, 200);
}

TEST_F(StaticFilesTest, PathsWithoutExtensionFallBackToTheApp) {
  auto spa = get("/repair/orders/12");
  EXPECT_EQ(spa.status, 200);
  EXPECT_EQ(spa.body, "<!doctype html><title>lifeline</title>");
  EXPECT_EQ(spa.header("cache-control"), "no-cache");
  EXPECT_EQ(get("/missing.js").status, 404);
  EXPECT_EQ(get("/assets/missing.3f2a.js").status, 404);
}

TEST_F(StaticFilesTest, NothingOutsideTheRootNorHidden) {
  for (std::string path : {"/../secret.txt", "/assets/../../secret.txt", "/..", "/.env", "/a\\..\\secret.txt"}) {
    auto r = get(path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.body.find("outside the root"), std::string::npos) << path;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
  }
  // Symlinks may not lead out of the root, whether to a file or a directory.
  EXPECT_EQ(get("/escape.txt").status, 404);
  EXPECT_EQ(get("/up/secret.txt").status, 404);
  EXPECT_EQ(get("/up/secret.txt").body.find("outside the root"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::http
