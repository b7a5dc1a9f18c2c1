// The SQLite backend (the embedded default). Every connection runs in WAL
// mode with foreign keys on. Write transactions are serialised in process
// (one writer at a time, BEGIN IMMEDIATE) so writers queue instead of
// spinning on SQLITE_BUSY, and concurrent writers share one COMMIT (group
// commit: each body in its own savepoint, all answered after the one fsync);
// read transactions run concurrently beside them.
// ":memory:" gives a private database on a single pooled connection (tests).
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace lifeline::store {

Result<std::unique_ptr<Database>> open_sqlite(const std::string& path, const OpenOptions& options);

// Copies the backup file `source` into the database at `path` with the
// online backup API (so a stale -wal beside `path` cannot corrupt it).
Status restore_sqlite(const std::string& path, const std::string& source);

}  // namespace lifeline::store
