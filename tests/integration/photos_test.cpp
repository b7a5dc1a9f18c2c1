// Photos with captions on patrols: the round trip through base64, the
// decoding of every picture before it is stored, the limits, and the scope
// of GET /api/v1/photos/{id}.
#include "integration/harness.h"
#include "media/pictures_for_tests.h"

namespace lifeline::test {
namespace {

using json = nlohmann::json;

std::string base64(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += alphabet[(v >> s) & 63];
  }
  if (bytes.size() - i == 1) {
    uint32_t v = uint32_t(uint8_t(bytes[i])) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += "==";
  } else if (bytes.size() - i == 2) {
    uint32_t v = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

const std::string kPng = media::testing::png(40, 30);
const std::string kJpeg = media::testing::jpeg(40, 30);
const std::string kHtml = "<html><script>fetch('/api/v1/me')</script></html>";

class Photos : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto admin = login("a_admin");
    auto r = call(admin, "POST", "/api/v1/priority-customers",
                  {{"org_id", util_a_}, {"name", "长沙市疾控中心"}, {"category", "cdc"}, {"tier", 1}});
    ASSERT_STATUS(r, 201);
    patrols_ = "/api/v1/priority-customers/" + std::to_string(r.json()["id"].get<int64_t>()) + "/patrols";
  }

  static json photo(const std::string& mime, const std::string& data, const std::string& caption = "阀门井") {
    return {{"caption", caption}, {"mime", mime}, {"data", data}};
  }

  std::string first_field(const http::ClientResponse& r) {
    auto errors = r.json().value("errors", json::array());
    return errors.empty() ? "" : errors[0].value("field", "");
  }

  std::string patrols_;
};

TEST_F(Photos, RoundTripAndScope) {
  auto admin = login("a_admin");
  auto r = call(admin, "POST", patrols_,
                {{"ok", true}, {"findings", "二次供水泵房正常"},
                 {"photos", {photo("image/png", base64(kPng), "泵房"), photo("image/jpeg", base64(kJpeg))}}});
  ASSERT_STATUS(r, 201);
  const json photos = r.json()["photos"];
  ASSERT_EQ(photos.size(), 2u);
  EXPECT_EQ(photos[0]["caption"], "泵房");
  EXPECT_EQ(photos[0]["mime"], "image/png");

  auto png = admin.client->get(photos[0]["url"].get<std::string>());
  ASSERT_TRUE(png.ok());
  EXPECT_EQ(png->status, 200);
  EXPECT_EQ(png->body, kPng);
  EXPECT_EQ(png->headers["content-type"], "image/png");
  EXPECT_EQ(png->headers["x-content-type-options"], "nosniff");
  EXPECT_EQ(png->headers["content-security-policy"], "default-src 'none'; sandbox");
  auto jpeg = admin.client->get(photos[1]["url"].get<std::string>());
  ASSERT_TRUE(jpeg.ok());
  EXPECT_EQ(jpeg->body, kJpeg);

  // The patrol list carries them; the whole utility sees them, another utility does not.
  auto viewer = login("a_plant_staff");
  auto list = call(viewer, "GET", patrols_);
  ASSERT_STATUS(list, 200);
  EXPECT_EQ(list.json()["items"][0]["photos"], photos);
  EXPECT_EQ(viewer.client->get(photos[0]["url"].get<std::string>())->status, 200);
  auto other = login("b_admin");
  EXPECT_EQ(other.client->get(photos[0]["url"].get<std::string>())->status, 404);
  EXPECT_EQ(other.client->get("/api/v1/photos/999999")->status, 404);
  EXPECT_EQ(anonymous()->get(photos[0]["url"].get<std::string>())->status, 401);
}

TEST_F(Photos, BadPicturesAreRefusedNamingThePhoto) {
  auto admin = login("a_admin");
  auto post = [&](json list) { return call(admin, "POST", patrols_, {{"ok", true}, {"photos", std::move(list)}}); };

  auto bad = post({photo("image/png", "not*base64!")});
  ASSERT_STATUS(bad, 400);
  EXPECT_EQ(first_field(bad), "photos/0/data");

  auto mismatch = post({photo("image/png", base64(kPng)), photo("image/png", base64(kJpeg))});
  ASSERT_STATUS(mismatch, 400);
  EXPECT_EQ(first_field(mismatch), "photos/1/data");

  auto text = post({photo("image/jpeg", base64("<html>not a picture</html>"))});
  EXPECT_EQ(first_field(text), "photos/0/data");

  auto gif = post({photo("image/gif", base64(kPng))});
  EXPECT_EQ(first_field(gif), "photos/0/mime");

  json ten = json::array();
  for (int i = 0; i < 10; ++i) ten.push_back(photo("image/png", base64(kPng)));
  auto many = post(ten);
  ASSERT_STATUS(many, 400);
  EXPECT_EQ(first_field(many), "photos");

  auto big = post({photo("image/png", base64(kPng + std::string(2 * 1024 * 1024, 'x')))});
  ASSERT_STATUS(big, 400);
  EXPECT_EQ(first_field(big), "photos/0/data");

  EXPECT_STATUS(post(json::object()), 400);
  EXPECT_EQ(count("photos"), 0);
  EXPECT_EQ(count("patrols"), 0);
}

TEST_F(Photos, OnlyWholeDecodablePicturesAreStored) {
  auto admin = login("a_admin");
  auto post = [&](json list) { return call(admin, "POST", patrols_, {{"ok", true}, {"photos", std::move(list)}}); };
  // The finding: a PNG signature followed by HTML used to be stored.
  auto polyglot = post({photo("image/png", base64(std::string("\x89PNG\r\n\x1A\n", 8) + kHtml))});
  ASSERT_STATUS(polyglot, 400);
  EXPECT_EQ(first_field(polyglot), "photos/0/data");
  // A real header (or more) cut short and followed by HTML.
  for (const auto& picture : {kPng, kJpeg, media::testing::webp(40, 30)}) {
    auto cut = post({photo(picture == kPng ? "image/png" : picture == kJpeg ? "image/jpeg" : "image/webp",
                           base64(picture.substr(0, picture.size() / 2) + kHtml))});
    EXPECT_STATUS(cut, 400);
    EXPECT_EQ(first_field(cut), "photos/0/data");
  }
  // A JPEG declared as a PNG.
  auto mislabelled = post({photo("image/png", base64(kJpeg))});
  ASSERT_STATUS(mislabelled, 400);
  EXPECT_NE(mislabelled.body.find("is a picture of type image/jpeg, not image/png"), std::string::npos);
  // A header claiming 16000×16000 pixels.
  std::string huge = media::testing::jpeg(16, 16);
  size_t sof = huge.find("\xFF\xC0");
  huge[sof + 5] = huge[sof + 7] = static_cast<char>(0x3E);
  huge[sof + 6] = huge[sof + 8] = static_cast<char>(0x80);
  auto oversized = post({photo("image/jpeg", base64(huge))});
  ASSERT_STATUS(oversized, 400);
  EXPECT_NE(oversized.body.find("16000×16000 pixels"), std::string::npos);
  EXPECT_EQ(count("photos"), 0);
  EXPECT_EQ(count("patrols"), 0);

  // A whole picture with a page appended: the picture is stored, the page is not.
  auto appended = post({photo("image/jpeg", base64(kJpeg + kHtml)), photo("image/webp", base64(media::testing::webp(40, 30)))});
  ASSERT_STATUS(appended, 201);
  auto served = admin.client->get(appended.json()["photos"][0]["url"].get<std::string>());
  ASSERT_TRUE(served.ok());
  EXPECT_EQ(served->body, kJpeg);
  EXPECT_EQ(appended.json()["photos"][1]["mime"], "image/webp");
  EXPECT_EQ(count("patrols"), 1);
  EXPECT_EQ(count("photos"), 2);
}

}  // namespace
}  // namespace lifeline::test
