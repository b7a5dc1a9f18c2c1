#include "http/static_files.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <system_error>

namespace lifeline::http {
namespace fs = std::filesystem;
namespace {

const char* content_type(const fs::path& file) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
  };
  std::string ext = file.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

// The request path as a path relative to the root, or nothing when any
// segment is "..", ".", hidden (".env", ".git") or holds a backslash.
std::optional<fs::path> relative_path(std::string_view path, bool& has_extension) {
  fs::path out;
  has_extension = false;
  size_t start = 1;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    std::string_view segment = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!segment.empty()) {
      if (segment.front() == '.' || segment.find('\\') != std::string_view::npos) return std::nullopt;
      out /= std::string(segment);
    }
    has_extension = segment.find('.') != std::string_view::npos;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool inside(const fs::path& root, const fs::path& file) {
  auto [r, f] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return r == root.end();
}

std::string etag_for(const fs::path& file, std::error_code& ec) {
  auto size = fs::file_size(file, ec);
  if (ec) return {};
  auto mtime = fs::last_write_time(file, ec);
  if (ec) return {};
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime.time_since_epoch().count()));
  return buf;
}

// If-None-Match: "*" or a list of (possibly weak) tags.
bool etag_matches(std::string_view header, std::string_view etag) {
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view tag = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
    if (tag == "*" || tag == etag) return true;
  }
  return false;
}

Response not_found(const Request& request) {
  return Response::problem(Error::not_found("no such file: " + request.path), request);
}

}  // namespace

StaticFiles::StaticFiles(const fs::path& root) {
  std::error_code ec;
  root_ = fs::weakly_canonical(root, ec);
  if (ec) root_ = root;
}

Response StaticFiles::serve(const Request& request) const {
  bool has_extension = false;
  auto relative = relative_path(request.path, has_extension);
  if (!relative) return Response::problem(Error::invalid("path", "this path is not allowed"), request);

  std::error_code ec;
  fs::path file = root_ / *relative;
  if (fs::is_directory(file, ec)) file /= "index.html";
  // Client-side routes ("/repair/orders/12") have no extension: the app handles them.
  if (!fs::is_regular_file(file, ec)) {
    if (has_extension) return not_found(request);
    file = root_ / "index.html";
  }
  fs::path real = fs::canonical(file, ec);
  if (ec || !inside(root_, real) || !fs::is_regular_file(real, ec)) return not_found(request);

  std::string etag = etag_for(real, ec);
  if (ec) return not_found(request);
  const bool immutable = request.path.rfind("/assets/", 0) == 0 && file.filename() != "index.html";
  const char* cache = immutable ? "public, max-age=31536000, immutable" : "no-cache";

  if (etag_matches(request.header("if-none-match"), etag)) {
    Response r;
    r.status = 304;
    r.set_header("ETag", etag);
    r.set_header("Cache-Control", cache);
    return r;
  }
  std::ifstream in(real, std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) return Response::problem(Error::internal("cannot read " + real.string()), request);
  Response r = Response::text(200, std::move(body), content_type(real));
  r.set_header("ETag", etag);
  r.set_header("Cache-Control", cache);
  return r;
}

}  // namespace lifeline::http
