// Per-day numbers for codes people read out ("QX-20200125-003",
// "RX-20200125-0042"), race-free without a global lock: one row per
// sequence in code_sequences, advanced by one upsert whose row lock makes
// concurrent creators take consecutive numbers (the second waits for the
// first to commit, then takes the next).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/database.h"

namespace lifeline::app {

// The next number of sequence `name` ("incident:12:2020-01-25"). `at_least`
// is what the rows numbered so far imply (their count or maximum, plus one):
// a sequence whose row is new, or that fell behind rows numbered before it
// existed, continues from there.
Result<int64_t> next_in_sequence(store::Tx& tx, const std::string& name, int64_t at_least);

}  // namespace lifeline::app
