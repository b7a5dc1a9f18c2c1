// The PostgreSQL backend (scale-out), over libpq.
//
// Transactions keep the SQLite backend's semantics so services behave the
// same on both: write transactions are serialised across every lifeline
// process by a transaction-scoped advisory lock (a read-check-write never
// loses an update), and read transactions are REPEATABLE READ READ ONLY (one
// consistent snapshot). Serialisation failures and deadlocks (40001, 40P01)
// re-run the whole transaction up to 3 times; a dropped connection is
// reconnected once. A failed statement aborts the transaction, so run()
// returns that first error even if the body ignored it. Parameters are sent
// as text (integers typed int8, reals float8, strings and null untyped): a NUL
// byte ends a string, and `? IS NULL` needs a cast when the value is null.
#pragma once

#include <memory>
#include <string>

#include "store/database.h"

namespace lifeline::store {

Result<std::unique_ptr<Database>> open_postgres(const std::string& url, const OpenOptions& options);

// pg_restore --clean --if-exists --single-transaction of a pg_dump custom archive into `url`.
Status restore_postgres(const std::string& url, const std::string& source);

}  // namespace lifeline::store
