// What the subcommands that work on files share: unwrapping a Result (a
// failure ends the command through fail(), exit 2 for bad input, which names
// the option or file:line), a bad option, and comma-separated lists.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"

namespace lifeline::cli {

template <typename T>
T take(Result<T> result) {
  if (!result) fail(result.error());
  return std::move(result).value();
}

[[noreturn]] inline void bad_option(const std::string& option, const std::string& message) {
  fail(Error::invalid(option, message));
}

std::vector<std::string> split_list(const std::string& text);  // "a,b,,c" -> {a, b, c}

}  // namespace lifeline::cli
