#include "store/database.h"

#include "store/postgres_database.h"
#include "store/sqlite_database.h"

namespace lifeline::store {
namespace {

bool is_postgres_url(const std::string& url) {
  return url.starts_with("postgres://") || url.starts_with("postgresql://");
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& url, const OpenOptions& options) {
  if (options.pool_size < 1) return Error::invalid("pool_size", "must be at least 1");
  if (url.empty()) return Error::invalid("url", "database URL is empty");
  if (is_postgres_url(url)) return open_postgres(url, options);
  return open_sqlite(url, options);
}

Status restore(const std::string& url, const std::string& source) {
  if (url.empty()) return Error::invalid("url", "database URL is empty");
  if (is_postgres_url(url)) return restore_postgres(url, source);
  return restore_sqlite(url, source);
}

}  // namespace lifeline::store
