#include "store/file_commit.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace lifeline::store {
namespace {

Status fsync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Error::internal("cannot open " + path + " to sync it: " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Error::internal("cannot sync " + path + ": " + std::strerror(err));
  return {};
}

}  // namespace

Status commit_file(const std::string& tmp, const std::string& destination) {
  LL_CHECK(fsync_path(tmp, O_RDONLY));
  std::error_code ec;
  std::filesystem::rename(tmp, destination, ec);
  if (ec) return Error::internal("cannot move " + tmp + " to " + destination + ": " + ec.message());
  auto folder = std::filesystem::absolute(destination).parent_path();
  return fsync_path(folder.string(), O_RDONLY | O_DIRECTORY);
}

Status make_parent_folder(const std::string& path) {
  auto folder = std::filesystem::path(path).parent_path();
  if (folder.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) return Error::internal("cannot create folder " + folder.string() + ": " + ec.message());
  return {};
}

}  // namespace lifeline::store
