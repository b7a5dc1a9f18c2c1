// Splits a request target ("/a%20b?x=1&y=") into its percent-decoded path and
// query parameters. Internal to the server; handlers see the result in Request.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.h"

namespace lifeline::http {

struct Target {
  std::string path;                          // decoded; '+' stays '+'
  std::map<std::string, std::string> query;  // decoded, '+' is a space; first value wins
};

// Rejects targets that are not origin-form ("/..."), bad %-escapes, NUL
// characters and bytes that are not UTF-8 (the database could not hold them):
// in the path or a parameter's name the error names "target", in a value it
// names the parameter ("q").
Result<Target> parse_target(std::string_view target);

}  // namespace lifeline::http
