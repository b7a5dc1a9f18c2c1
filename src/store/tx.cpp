#include <string>

#include "store/database.h"

namespace lifeline::store {

Result<std::optional<Row>> Tx::query_one(std::string_view sql, const Params& params) {
  LL_TRY(Rows rows, query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  // More than one row means the caller's WHERE clause is not what they think.
  if (rows.size() > 1)
    return Error::internal("query_one: expected at most one row, got " + std::to_string(rows.size()) +
                           " from: " + std::string(sql));
  return std::optional<Row>(std::move(rows.front()));
}

Status Tx::execute(std::string_view sql, const Params& params) {
  auto r = exec(sql, params);
  if (!r) return std::move(r).error();
  return {};
}

Result<int64_t> Tx::insert(std::string_view sql, const Params& params) {
  LL_TRY(std::optional<Row> row, query_one(sql, params));
  if (!row || row->size() == 0 || row->is_null(0))
    return Error::internal("insert: statement returned no id (missing RETURNING id?): " + std::string(sql));
  return row->integer(0);
}

}  // namespace lifeline::store
