// Pictures people upload (a crew's photo of a burst, a patrol's of a
// hospital's tank): decoded in full before anything is stored, so what the
// server keeps and serves is a picture, not bytes that start like one.
//
// Decoders: Debian's libjpeg-turbo, libpng and libwebp — maintained, fuzzed
// (OSS-Fuzz) and built for hostile input, unlike single-header decoders. Each
// picture is decoded row by row (JPEG at 1/8 scale, WebP scaled down), so the
// whole image is never held; the size is checked from the header first.
// Thread-safe; no global state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lifeline::media {

enum class PictureFormat { jpeg, png, webp };

struct Picture {
  PictureFormat format = PictureFormat::jpeg;
  int width = 0;
  int height = 0;
  // Bytes the picture occupies from the start; anything appended after its
  // end (a JPEG's EOI, a PNG's IEND, a WebP's RIFF length) is not part of it.
  size_t size = 0;
};

// A phone's 12-megapixel photo has 12 million pixels; 24 leaves room for
// larger cameras and panoramas and bounds decoding time and memory.
inline constexpr int64_t kMaxPixels = 24'000'000;
inline constexpr int kMaxSide = 12'000;

// Decodes `bytes` whole. Error::invalid naming `field` when the bytes are no
// JPEG, PNG or WebP picture, are damaged or cut short, are animated, or are
// larger than kMaxSide or kMaxPixels.
Result<Picture> check_picture(std::string_view bytes, std::string_view field);

// "image/jpeg", "image/png", "image/webp".
const char* mime_type(PictureFormat format);

}  // namespace lifeline::media
