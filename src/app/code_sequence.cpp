#include "app/code_sequence.h"

namespace lifeline::app {

Result<int64_t> next_in_sequence(store::Tx& tx, const std::string& name, int64_t at_least) {
  LL_TRY(auto row, tx.query_one("INSERT INTO code_sequences (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE"
                                " SET value = CASE WHEN code_sequences.value + 1 > excluded.value"
                                " THEN code_sequences.value + 1 ELSE excluded.value END RETURNING value",
                                {name, at_least}));
  if (!row) return Error::internal("the sequence " + name + " returned no number");
  return row->integer(0);
}

}  // namespace lifeline::app
