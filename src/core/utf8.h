// UTF-8 as PostgreSQL's text (and JSON) accepts it: well-formed, no
// surrogates, no overlong forms, nothing above U+10FFFF.
#pragma once

#include <string_view>

namespace lifeline {

bool valid_utf8(std::string_view s);

}  // namespace lifeline
