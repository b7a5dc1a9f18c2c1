// The database schema of the business modules, as ordered migrations compiled
// from src/app/schema/NNNN_name.sql.
#pragma once

#include <vector>

#include "store/database.h"

namespace lifeline::app {

const std::vector<store::Migration>& migrations();

}  // namespace lifeline::app
