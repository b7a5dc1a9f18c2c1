#include "media/picture.h"

#include <gtest/gtest.h>

#include "media/pictures_for_tests.h"

namespace lifeline::media {
namespace {

namespace t = testing;

std::string problem(const std::string& bytes) {
  auto r = check_picture(bytes, "photos/0/data");
  EXPECT_FALSE(r.ok());
  if (r.ok()) return {};
  EXPECT_EQ(r.error().fields.at(0).field, "photos/0/data");
  return r.error().fields.at(0).message;
}

uint32_t crc32(const std::string& bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

void put_be32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + static_cast<size_t>(i)] = static_cast<char>(v >> (24 - 8 * i));
}

TEST(Picture, DecodesEachFormatWhole) {
  struct Case {
    std::string bytes;
    PictureFormat format;
  };
  for (const auto& [bytes, format] :
       {Case{t::jpeg(64, 48), PictureFormat::jpeg}, Case{t::jpeg(64, 48, 1), PictureFormat::jpeg},
        Case{t::png(64, 48), PictureFormat::png}, Case{t::png_interlaced(64, 48), PictureFormat::png},
        Case{t::webp(64, 48), PictureFormat::webp}, Case{t::webp(64, 48, true), PictureFormat::webp}}) {
    auto p = check_picture(bytes, "data");
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->format, format);
    EXPECT_EQ(p->width, 64);
    EXPECT_EQ(p->height, 48);
    EXPECT_EQ(p->size, bytes.size());
  }
  EXPECT_STREQ(mime_type(PictureFormat::webp), "image/webp");
}

TEST(Picture, AHeaderFollowedByHtmlIsRefused) {
  // The polyglot: the first bytes of a PNG, then a page.
  const std::string html = "<html><script>alert(document.cookie)</script></html>";
  EXPECT_NE(problem(std::string("\x89PNG\r\n\x1A\n", 8) + html).find("is not a readable image/png picture"),
            std::string::npos);
  EXPECT_NE(problem("\xFF\xD8\xFF\xE0" + html).find("image/jpeg"), std::string::npos);
  EXPECT_NE(problem(std::string("RIFF\x40\0\0\0WEBP", 12) + html).find("image/webp"), std::string::npos);
  // A whole header and then HTML is no better.
  for (const auto& image : {t::jpeg(64, 48), t::png(64, 48), t::webp(64, 48)})
    problem(image.substr(0, 40) + html);
}

TEST(Picture, ACutShortOrDamagedPictureIsRefused) {
  for (const auto& image : {t::jpeg(64, 48), t::jpeg(64, 48, 1), t::png(64, 48), t::png_interlaced(64, 48),
                            t::webp(64, 48), t::webp(64, 48, true)})
    problem(image.substr(0, image.size() * 2 / 3));
  std::string png = t::png(64, 48);
  png[png.size() - 20] ^= 0x55;  // in the compressed image data
  EXPECT_EQ(problem(png), "is not a readable image/png picture (IDAT: incorrect data check)");
}

TEST(Picture, WhatFollowsThePictureIsNotPartOfIt) {
  const std::string trailer = "<html>a page appended to the picture</html>";
  for (const auto& image : {t::jpeg(64, 48), t::png(64, 48), t::webp(64, 48)}) {
    auto p = check_picture(image + trailer, "data");
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->size, image.size());
  }
}

TEST(Picture, PicturesLargerThanTheLimitsAreRefusedBeforeDecoding) {
  // Headers that claim 16000×16000 pixels over a few bytes of data.
  std::string jpeg = t::jpeg(16, 16);
  size_t sof = jpeg.find("\xFF\xC0");
  ASSERT_NE(sof, std::string::npos);
  jpeg[sof + 5] = jpeg[sof + 7] = static_cast<char>(0x3E);  // height, width: 0x3E80 = 16000
  jpeg[sof + 6] = jpeg[sof + 8] = static_cast<char>(0x80);
  EXPECT_EQ(problem(jpeg), "is 16000×16000 pixels; at most 12000 on a side and 24 megapixels");

  std::string png = t::png(16, 16);
  put_be32(png, 16, 5000);  // IHDR width and height: 25 megapixels
  put_be32(png, 20, 5000);
  put_be32(png, 29, crc32(png.substr(12, 17)));
  EXPECT_EQ(problem(png), "is 5000×5000 pixels; at most 12000 on a side and 24 megapixels");

  std::string webp = t::webp(16, 16);
  size_t start = webp.find("\x9D\x01\x2A");  // the VP8 key frame's start code, then 14-bit sizes
  ASSERT_NE(start, std::string::npos);
  webp[start + 3] = webp[start + 5] = static_cast<char>(0xFF);
  webp[start + 4] = webp[start + 6] = static_cast<char>(0x3F);
  EXPECT_EQ(problem(webp), "is 16383×16383 pixels; at most 12000 on a side and 24 megapixels");
}

TEST(Picture, AJpegWithHundredsOfProgressiveScansIsRefused) {
  const std::string many = t::jpeg(32, 32, 190);
  EXPECT_NE(problem(many).find("too many progressive scans"), std::string::npos);
}

TEST(Picture, OtherBytesAreNoPicture) {
  EXPECT_EQ(problem(""), "is not a JPEG, PNG or WebP picture");
  EXPECT_EQ(problem("GIF89a\x01\x00\x01\x00"), "is not a JPEG, PNG or WebP picture");
  EXPECT_EQ(problem("<svg xmlns='http://www.w3.org/2000/svg'/>"), "is not a JPEG, PNG or WebP picture");
}


// Found by tests/fuzz/picture_fuzz: a lossless WebP whose RIFF length ends
// before the data libwebp would read; it decoded whole but not as kept.
TEST(Picture, WhatIsKeptIsWhatWasDecoded) {
  const std::string bytes("\x52\x49\x46\x46\x32\x00\x00\x00\x57\x45\x42\x50\x56\x50\x38\x4c\x25\x00\x00\x00\x2f\x0f\xc0\x02\x00\x99\x8c\xe8\x7f\x6c\x22\xa2\xff\x01\xa5\x6d\x1b\x30\x9d\xff\x9f\x5d\x56\x3c\x07\x0a\x01\x04\x40\x41\x13\x13\x00\xe0\x6b\x7d\x0e\x00\x00\x00\x00\x00\x00\x00\x17\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 89);
  auto whole = check_picture(bytes, "data");
  if (whole.ok()) {
    auto kept = check_picture(bytes.substr(0, whole->size), "data");
    ASSERT_TRUE(kept.ok()) << kept.error().message;
    EXPECT_EQ(kept->size, whole->size);
  }
  // A RIFF length beyond the bytes is a picture cut short.
  std::string cut = t::webp(16, 16);
  EXPECT_NE(problem(cut.substr(0, cut.size() - 1)).find("is cut short"), std::string::npos);
}

}  // namespace
}  // namespace lifeline::media
