// Runs a helper program (pg_dump, pg_restore) without a shell, so no
// argument is ever re-parsed, and collects what it printed.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace lifeline::store {

struct ProcessOutput {
  int exit_code = -1;   // -1 when killed by a signal
  std::string output;   // stdout and stderr together, the first 64 KiB
};

// argv[0] is looked up on PATH unless it contains '/'. `env` entries
// ("NAME=value") are added to this process's environment for the child.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv,
                                  const std::vector<std::string>& env = {});

}  // namespace lifeline::store
