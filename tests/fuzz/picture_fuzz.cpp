// libFuzzer target for the picture decoder: any bytes must give a Picture or
// an invalid-input error, never a crash, leak or sanitizer report. A picture
// that was read lies within the limits, its size within the bytes, and what
// is kept (its first `size` bytes) reads again as the same picture.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "media/picture.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace lifeline::media;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto picture = check_picture(bytes, "fuzz");
  if (!picture) {
    if (picture.error().code != lifeline::ErrorCode::invalid) std::abort();
    return 0;
  }
  if (picture->size == 0 || picture->size > size) std::abort();
  if (picture->width <= 0 || picture->height <= 0 || picture->width > kMaxSide || picture->height > kMaxSide ||
      int64_t{picture->width} * picture->height > kMaxPixels)
    std::abort();
  auto kept = check_picture(bytes.substr(0, picture->size), "fuzz");
  if (!kept || kept->format != picture->format || kept->width != picture->width || kept->height != picture->height ||
      kept->size != picture->size)
    std::abort();
  return 0;
}
