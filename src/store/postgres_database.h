// The PostgreSQL backend (scale-out), over libpq.
//
// Transactions keep the SQLite backend's semantics so services behave the
// same on both: write transactions are serialised across every lifeline
// process by a transaction-scoped advisory lock (a read-check-write never
// loses an update), and read transactions are REPEATABLE READ READ ONLY (one
// consistent snapshot). Serialisation failures and deadlocks (40001, 40P01)
// re-run the whole transaction up to 3 times; a dropped connection is
// reconnected once. Parameters are sent as text: NUL bytes in a string end it.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace lifeline::store {

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const OpenOptions& options);

// pg_restore --clean --if-exists --single-transaction of a pg_dump custom archive into `url`.
Status restore_postgres(const std::string& url, const std::string& source);

}  // namespace lifeline::store
