#include "store/placeholders.h"

#include <cctype>

namespace lifeline::store {

NumberedSql number_placeholders(std::string_view sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 8);
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    // Copies a quoted run verbatim; a doubled quote ('it''s') simply closes
    // and reopens it, which copies the same characters.
    auto copy_until = [&](std::string_view close, size_t open_length) {
      size_t end = sql.find(close, i + open_length);
      end = end == std::string_view::npos ? sql.size() : end + close.size();
      out.sql.append(sql.substr(i, end - i));
      i = end - 1;
    };
    if (c == '\'') copy_until("'", 1);
    else if (c == '"') copy_until("\"", 1);
    else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') copy_until("\n", 2);
    else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') copy_until("*/", 2);
    else if (c == '?') out.sql.append("$").append(std::to_string(++out.count));
    else out.sql.push_back(c);
  }
  return out;
}

}  // namespace lifeline::store

namespace lifeline::store {

namespace {
// True when `tail` is "[ OF t[, u]][ SKIP LOCKED| NOWAIT]" (what may follow the lock strength).
bool lock_options_only(std::string_view tail) {
  if (tail.starts_with(" OF ")) {
    tail.remove_prefix(4);
    size_t n = 0;
    while (n < tail.size() && (std::isalnum(static_cast<unsigned char>(tail[n])) || tail[n] == '_' ||
                               tail[n] == ',' || (tail[n] == ' ' && n > 0 && tail[n - 1] == ',')))
      ++n;
    if (n == 0) return false;
    tail.remove_prefix(n);
  }
  return tail.empty() || tail == " SKIP LOCKED" || tail == " NOWAIT";
}
}  // namespace

std::string_view without_row_lock(std::string_view sql) {
  while (!sql.empty() && (sql.back() == ' ' || sql.back() == '\n' || sql.back() == ';')) sql.remove_suffix(1);
  for (std::string_view clause : {" FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE", " FOR KEY SHARE"}) {
    // Only the last occurrence can end the statement.
    const size_t at = sql.rfind(clause);
    if (at != std::string_view::npos && lock_options_only(sql.substr(at + clause.size()))) return sql.substr(0, at);
  }
  return sql;
}

}  // namespace lifeline::store
