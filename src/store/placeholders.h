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

}  // namespace lifeline::store
