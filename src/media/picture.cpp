#include "media/picture.h"

// libjpeg and libpng report errors by longjmp. Each decode_* function below
// keeps only plain C objects between its setjmp and the library calls, so a
// jump skips no destructor; what it finds goes into a Decoded.
#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <jpeglib.h>
#include <jerror.h>
#include <png.h>
#include <webp/decode.h>

namespace lifeline::media {
namespace {

struct Decoded {
  bool ok = false;
  int width = 0, height = 0;
  size_t size = 0;
  char problem[JMSG_LENGTH_MAX] = "";
};

void set_problem(Decoded* out, const char* text) { std::snprintf(out->problem, sizeof out->problem, "%s", text); }

bool too_large(int64_t width, int64_t height) {
  return width > kMaxSide || height > kMaxSide || width * height > kMaxPixels;
}

// ---------------------------------------------------------------- JPEG

// A progressive JPEG keeps every coefficient: 24 megapixels of 4:2:0 need
// about 72 MB. Past this, libjpeg-turbo fails (it has no backing store).
constexpr long kJpegMemory = 100L << 20;
// Thousands of tiny progressive scans cost minutes of CPU (a known attack);
// encoders write about ten.
constexpr int kMaxJpegScans = 100;

struct JpegErrors {
  jpeg_error_mgr mgr;
  jmp_buf jump;
  bool cut_short;
  bool too_many_scans;
  Decoded* out;
};

void jpeg_fail(j_common_ptr c) {
  auto* e = reinterpret_cast<JpegErrors*>(c->err);
  (*c->err->format_message)(c, e->out->problem);
  std::longjmp(e->jump, 1);
}

// Warnings (level -1) that mean the data ends early: libjpeg would fill the
// rest with grey and call it a picture.
void jpeg_message(j_common_ptr c, int level) {
  auto* e = reinterpret_cast<JpegErrors*>(c->err);
  if (level < 0 && (c->err->msg_code == JWRN_JPEG_EOF || c->err->msg_code == JWRN_HIT_MARKER)) e->cut_short = true;
}

void jpeg_scan_limit(j_common_ptr c) {
  auto* d = reinterpret_cast<j_decompress_ptr>(c);
  if (d->input_scan_number > kMaxJpegScans) {
    reinterpret_cast<JpegErrors*>(c->err)->too_many_scans = true;
    c->err->msg_code = JERR_BAD_PROGRESSION;
    (*c->err->error_exit)(c);
  }
}

void decode_jpeg(const unsigned char* data, size_t size, Decoded* out) {
  jpeg_decompress_struct cinfo;
  JpegErrors errors;
  jpeg_progress_mgr progress;
  cinfo.err = jpeg_std_error(&errors.mgr);
  errors.mgr.error_exit = jpeg_fail;
  errors.mgr.emit_message = jpeg_message;
  errors.cut_short = false;
  errors.too_many_scans = false;
  errors.out = out;
  if (setjmp(errors.jump)) {
    if (errors.too_many_scans) set_problem(out, "has too many progressive scans");
    jpeg_destroy_decompress(&cinfo);
    return;
  }
  jpeg_create_decompress(&cinfo);
  cinfo.mem->max_memory_to_use = kJpegMemory;
  progress.progress_monitor = jpeg_scan_limit;
  cinfo.progress = &progress;
  jpeg_mem_src(&cinfo, data, static_cast<unsigned long>(size));
  jpeg_read_header(&cinfo, TRUE);
  out->width = static_cast<int>(cinfo.image_width);
  out->height = static_cast<int>(cinfo.image_height);
  if (too_large(cinfo.image_width, cinfo.image_height)) {
    jpeg_destroy_decompress(&cinfo);
    return;
  }
  // Every coefficient is still entropy-decoded; only the output is small.
  cinfo.scale_num = 1;
  cinfo.scale_denom = 8;
  cinfo.dct_method = JDCT_IFAST;
  cinfo.do_fancy_upsampling = FALSE;
  jpeg_start_decompress(&cinfo);
  JSAMPARRAY row = (*cinfo.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&cinfo), JPOOL_IMAGE,
                                              cinfo.output_width * static_cast<JDIMENSION>(cinfo.output_components), 1);
  while (cinfo.output_scanline < cinfo.output_height) jpeg_read_scanlines(&cinfo, row, 1);
  jpeg_finish_decompress(&cinfo);
  if (errors.cut_short) {
    set_problem(out, "is cut short or damaged");
  } else {
    out->size = size - cinfo.src->bytes_in_buffer;
    out->ok = true;
  }
  jpeg_destroy_decompress(&cinfo);
}

// ---------------------------------------------------------------- PNG

struct PngSource {
  const unsigned char* data;
  size_t size;
  size_t offset;
  Decoded* out;
};

void png_read_memory(png_structp png, png_bytep to, size_t n) {
  auto* src = static_cast<PngSource*>(png_get_io_ptr(png));
  if (n > src->size - src->offset) png_error(png, "is cut short");
  std::memcpy(to, src->data + src->offset, n);
  src->offset += n;
}

void png_fail(png_structp png, png_const_charp message) {
  set_problem(static_cast<PngSource*>(png_get_error_ptr(png))->out, message);
  png_longjmp(png, 1);
}

void png_ignore(png_structp, png_const_charp) {}

void decode_png(const unsigned char* data, size_t size, Decoded* out) {
  PngSource src{data, size, 0, out};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src, png_fail, png_ignore);
  if (!png) return set_problem(out, "cannot be decoded (out of memory)");
  png_infop info = png_create_info_struct(png);
  png_bytep volatile row = nullptr;
  if (!info || setjmp(png_jmpbuf(png))) {
    png_free(png, row);
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    return;
  }
  // Text and ICC chunks are compressed: bound what one may unpack to and how many there are.
  png_set_chunk_malloc_max(png, 8u << 20);
  png_set_chunk_cache_max(png, 128);
  png_set_read_fn(png, &src, png_read_memory);
  png_read_info(png, info);
  out->width = static_cast<int>(png_get_image_width(png, info));
  out->height = static_cast<int>(png_get_image_height(png, info));
  if (too_large(out->width, out->height)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return;
  }
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);
  row = static_cast<png_bytep>(png_malloc(png, png_get_rowbytes(png, info)));
  for (int pass = 0; pass < passes; ++pass)
    for (int y = 0; y < out->height; ++y) png_read_row(png, row, nullptr);
  png_read_end(png, nullptr);
  out->size = src.offset;
  out->ok = true;
  png_free(png, row);
  png_destroy_read_struct(&png, &info, nullptr);
}

// ---------------------------------------------------------------- WebP

void decode_webp(const unsigned char* data, size_t size, Decoded* out) {
  // The RIFF header states the file's length (padded to even). libwebp would
  // read past it when more bytes follow, so it is given exactly that much:
  // what is decoded is what is kept (found by tests/fuzz/picture_fuzz).
  const uint32_t riff = static_cast<uint32_t>(data[4]) | static_cast<uint32_t>(data[5]) << 8 |
                        static_cast<uint32_t>(data[6]) << 16 | static_cast<uint32_t>(data[7]) << 24;
  const size_t extent = 8 + static_cast<size_t>(riff) + (riff & 1);
  if (extent > size) return set_problem(out, "is cut short");
  size = extent;
  WebPBitstreamFeatures features;
  if (WebPGetFeatures(data, size, &features) != VP8_STATUS_OK) return set_problem(out, "is not a WebP picture");
  out->width = features.width;
  out->height = features.height;
  if (features.has_animation) return set_problem(out, "is an animation, not a picture");
  if (too_large(features.width, features.height)) return;
  WebPDecoderConfig config;
  if (!WebPInitDecoderConfig(&config)) return set_problem(out, "cannot be decoded");
  // Every block is decoded; the output is an eighth of the size.
  config.options.use_scaling = 1;
  config.options.scaled_width = std::max(1, features.width / 8);
  config.options.scaled_height = std::max(1, features.height / 8);
  config.output.colorspace = MODE_RGB;
  const VP8StatusCode status = WebPDecode(data, size, &config);
  WebPFreeDecBuffer(&config.output);
  if (status == VP8_STATUS_NOT_ENOUGH_DATA) return set_problem(out, "is cut short");
  if (status != VP8_STATUS_OK) return set_problem(out, "is damaged");
  out->size = size;
  out->ok = true;
}

}  // namespace

const char* mime_type(PictureFormat format) {
  switch (format) {
    case PictureFormat::jpeg: return "image/jpeg";
    case PictureFormat::png: return "image/png";
    case PictureFormat::webp: return "image/webp";
  }
  return "application/octet-stream";
}

Result<Picture> check_picture(std::string_view bytes, std::string_view field) {
  const std::string where(field);
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  Picture p;
  Decoded d;
  if (bytes.starts_with("\xFF\xD8\xFF")) {
    p.format = PictureFormat::jpeg;
    decode_jpeg(data, bytes.size(), &d);
  } else if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1A\n", 8))) {
    p.format = PictureFormat::png;
    decode_png(data, bytes.size(), &d);
  } else if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") {
    p.format = PictureFormat::webp;
    decode_webp(data, bytes.size(), &d);
  } else {
    return Error::invalid(where, "is not a JPEG, PNG or WebP picture");
  }
  if (!d.ok && d.width > 0 && d.height > 0 && too_large(d.width, d.height))
    return Error::invalid(where, "is " + std::to_string(d.width) + "×" + std::to_string(d.height) +
                                     " pixels; at most " + std::to_string(kMaxSide) + " on a side and " +
                                     std::to_string(kMaxPixels / 1'000'000) + " megapixels");
  if (!d.ok) {
    std::string why = d.problem[0] ? d.problem : "cannot be decoded";
    return Error::invalid(where, std::string("is not a readable ") + mime_type(p.format) + " picture (" + why + ")");
  }
  p.width = d.width;
  p.height = d.height;
  p.size = d.size;
  return p;
}

}  // namespace lifeline::media
