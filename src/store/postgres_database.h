// The PostgreSQL backend (scale-out), over libpq.
//
// Write transactions run at READ COMMITTED beside each other, from every
// lifeline process at once, with no global lock: each module keeps its
// invariants with unique keys, row locks (SELECT ... FOR UPDATE) and
// conditional updates (docs/concurrency.md). Read transactions are
// REPEATABLE READ READ ONLY (one consistent snapshot). Serialisation
// failures and deadlocks (40001, 40P01) re-run the whole transaction up to
// 10 times after a jittered pause; a dropped connection is reconnected once. A failed statement aborts the transaction, so run()
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
