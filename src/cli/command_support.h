// What the subcommands that work on files share: unwrapping a Result (a
// failure ends the command through fail(), exit 2 for bad input, which names
// the option or file:line), a bad option, and comma-separated lists.
#pragma once

#include <functional>
#include <iosfwd>
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

// Writes an output file ("-": stdout). A file is written beside its target
// and renamed into place, so a failed run leaves neither a half file nor the
// temporary one; a device or pipe (/dev/null) is written as it is. A path
// that cannot be written fails naming it (exit 2).
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);
// Text, ending with a newline.
void write_output(const std::string& path, const std::string& text);

}  // namespace lifeline::cli
