// Serves the built web UI from one directory: safe path resolution (no "..",
// no dot-files, no symlink leading outside the root), content types by
// extension, ETag / If-None-Match, long caching for fingerprinted /assets/,
// and the single-page-app fallback to index.html. Reads files synchronously,
// so the server calls it on a worker thread.
#pragma once

#include <filesystem>

#include "http/message.h"

namespace lifeline::http {

class StaticFiles {
 public:
  explicit StaticFiles(const std::filesystem::path& root);

  // Answers a GET or HEAD for a non-API path that no route matched.
  Response serve(const Request& request) const;

 private:
  std::filesystem::path root_;  // canonical
};

}  // namespace lifeline::http
