// Rewrites portable `?` placeholders into PostgreSQL's numbered `$1..$n`.
// A `?` inside a 'string literal', a "quoted identifier" or a comment is
// text, not a placeholder, and is left alone. (So PostgreSQL's jsonb `?`
// operators cannot be written in portable SQL; use jsonb_exists() instead.)
#pragma once

#include <string>
#include <string_view>

namespace lifeline::store {

struct NumberedSql {
  std::string sql;
  int count = 0;  // placeholders found
};

NumberedSql number_placeholders(std::string_view sql);

// Row locks are written as PostgreSQL spells them, at the end of a SELECT
// (optionally "OF table" to lock only some tables of a join):
// "... FOR UPDATE" (or "FOR UPDATE SKIP LOCKED", "FOR NO KEY UPDATE", "FOR
// SHARE"). SQLite has no row locks — a write transaction holds the whole
// database — so its backend drops the clause; this returns the statement
// without it (or unchanged when it has none).
std::string_view without_row_lock(std::string_view sql);

}  // namespace lifeline::store
