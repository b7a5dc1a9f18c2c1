#include "store/placeholders.h"

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

std::string_view without_row_lock(std::string_view sql) {
  while (!sql.empty() && (sql.back() == ' ' || sql.back() == '\n' || sql.back() == ';')) sql.remove_suffix(1);
  for (std::string_view clause : {" FOR UPDATE SKIP LOCKED", " FOR UPDATE", " FOR NO KEY UPDATE", " FOR SHARE"}) {
    if (sql.ends_with(clause)) return sql.substr(0, sql.size() - clause.size());
  }
  return sql;
}

}  // namespace lifeline::store
