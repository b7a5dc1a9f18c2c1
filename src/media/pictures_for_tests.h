// Real pictures made in memory for tests (unit, API, fuzz seeds): a small
// gradient encoded with the same libraries that decode uploads.
#pragma once

#include <jpeglib.h>
#include <png.h>
#include <webp/encode.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace lifeline::media::testing {

inline std::vector<unsigned char> gradient(int width, int height) {
  std::vector<unsigned char> rgb(static_cast<size_t>(width) * static_cast<size_t>(height) * 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      unsigned char* p = &rgb[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * 3];
      p[0] = static_cast<unsigned char>(x * 7);
      p[1] = static_cast<unsigned char>(y * 5);
      p[2] = static_cast<unsigned char>((x + y) * 3);
    }
  return rgb;
}

// scans: 0 baseline; 1 libjpeg's progression (ten scans); more: one scan per
// AC coefficient and component (190 scans, valid and absurd).
inline std::string jpeg(int width, int height, int scans = 0) {
  auto rgb = gradient(width, height);
  jpeg_compress_struct c;
  jpeg_error_mgr err;
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buffer, &size);
  c.image_width = static_cast<JDIMENSION>(width);
  c.image_height = static_cast<JDIMENSION>(height);
  c.input_components = 3;
  c.in_color_space = JCS_RGB;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 85, TRUE);
  std::vector<jpeg_scan_info> script;
  if (scans == 1) jpeg_simple_progression(&c);
  if (scans > 1) {
    script.push_back({3, {0, 1, 2, 0}, 0, 0, 0, 0});
    for (int component = 0; component < 3; ++component)
      for (int k = 1; k < 64; ++k) script.push_back({1, {component, 0, 0, 0}, k, k, 0, 0});
    c.scan_info = script.data();
    c.num_scans = static_cast<int>(script.size());
  }
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = &rgb[static_cast<size_t>(c.next_scanline) * static_cast<size_t>(width) * 3];
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  std::free(buffer);
  return out;
}

inline std::string png(int width, int height) {
  auto rgb = gradient(width, height);
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGB;
  png_alloc_size_t size = 0;
  png_image_write_to_memory(&image, nullptr, &size, 0, rgb.data(), 0, nullptr);
  std::string out(size, '\0');
  if (!png_image_write_to_memory(&image, out.data(), &size, 0, rgb.data(), 0, nullptr)) return {};
  out.resize(size);
  return out;
}

// Adam7-interlaced, through the classic API (the simplified one writes no interlace).
inline std::string png_interlaced(int width, int height) {
  auto rgb = gradient(width, height);
  std::string out;
  png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(p);
  png_set_write_fn(
      p, &out,
      [](png_structp s, png_bytep data, size_t n) {
        static_cast<std::string*>(png_get_io_ptr(s))->append(reinterpret_cast<const char*>(data), n);
      },
      nullptr);
  png_set_IHDR(p, info, static_cast<png_uint_32>(width), static_cast<png_uint_32>(height), 8, PNG_COLOR_TYPE_RGB,
               PNG_INTERLACE_ADAM7, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(p, info);
  std::vector<png_bytep> rows(static_cast<size_t>(height));
  for (int y = 0; y < height; ++y) rows[static_cast<size_t>(y)] = &rgb[static_cast<size_t>(y) * static_cast<size_t>(width) * 3];
  png_write_image(p, rows.data());
  png_write_end(p, nullptr);
  png_destroy_write_struct(&p, &info);
  return out;
}

inline std::string webp(int width, int height, bool lossless = false) {
  auto rgb = gradient(width, height);
  uint8_t* buffer = nullptr;
  size_t size = lossless ? WebPEncodeLosslessRGB(rgb.data(), width, height, width * 3, &buffer)
                         : WebPEncodeRGB(rgb.data(), width, height, width * 3, 80, &buffer);
  std::string out(reinterpret_cast<const char*>(buffer), size);
  WebPFree(buffer);
  return out;
}

}  // namespace lifeline::media::testing
